import type { HeldLegalStepGuard } from "../gates/heldLegalStep.ts";
import type { StatutoryGuard } from "../gates/types.ts";
import type { Guard } from "./schema.ts";

export type { StatutoryGuard } from "../gates/types.ts";

/**
 * A guard after compilation: parameters resolved to numbers, and the statutory gates (machines/gates/) added to
 * every legal step, whatever the school wrote.
 */
export type CompiledGuard =
  | Exclude<Guard, { all: Guard[] } | { any: Guard[] } | { not: Guard }>
  | { all: CompiledGuard[] }
  | { any: CompiledGuard[] }
  | { not: CompiledGuard }
  | StatutoryGuard
  | HeldLegalStepGuard;
