import { z } from "zod";
import { Policy } from "../../../machines/policy/schema.ts";

/** A JSON Schema (draft 7) as plain data. */
export type JsonSchema = Record<string, unknown>;

let cached: JsonSchema | null = null;

/**
 * The policy document's JSON Schema, generated from the zod schema the engine checks policies with
 * (machines/policy/schema.ts), so the editor's completion knows exactly the fields the engine accepts. Draft 7,
 * the dialect the editor's completion (json-schema-library) reads; the input side, so fields with defaults are
 * optional as they are in a written policy.
 */
export function policyJsonSchema(): JsonSchema {
  cached ??= z.toJSONSchema(Policy, { target: "draft-7", io: "input", unrepresentable: "any" }) as JsonSchema;
  return cached;
}
