import { type Completion, type CompletionContext, type CompletionResult, snippet } from "@codemirror/autocomplete";
import { ensureSyntaxTree, syntaxTree } from "@codemirror/language";
import type { EditorView } from "@codemirror/view";
import type { SyntaxNode } from "@lezer/common";
import type { JsonSchema } from "./policyJsonSchema.ts";

type Schema = JsonSchema & {
  $ref?: string;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  type?: string | string[];
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
  description?: string;
};

/** A schema with its `$ref`s followed and its `anyOf`/`oneOf`/`allOf` spread into the schemas it may be. */
function expand(root: Schema, schema: Schema | undefined, seen = new Set<Schema>()): Schema[] {
  if (!schema || typeof schema !== "object" || seen.has(schema)) return [];
  seen.add(schema);
  if (schema.$ref) {
    const name = /^#\/(?:definitions|\$defs)\/(.+)$/.exec(schema.$ref)?.[1];
    const target = name ? ((root.definitions ?? root.$defs) as Record<string, Schema> | undefined)?.[name] : schema.$ref === "#" ? root : undefined;
    return expand(root, target, seen);
  }
  const parts = [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])];
  return parts.length > 0 ? parts.flatMap((p) => expand(root, p, seen)) : [schema];
}

/** The schemas a value at `path` (property names and array indexes) may be described by. */
export function schemasAt(root: Schema, path: readonly (string | number)[]): Schema[] {
  let current = expand(root, root);
  for (const step of path) {
    current = current.flatMap((s) => {
      if (typeof step === "number") return expand(root, s.items);
      const named = s.properties?.[step];
      if (named) return expand(root, named);
      return typeof s.additionalProperties === "object" ? expand(root, s.additionalProperties) : [];
    });
  }
  return current;
}

const typeOf = (s: Schema) => (Array.isArray(s.type) ? s.type[0] : s.type);

/** The fields an object at `path` may have, with their schemas, in the schema's order, none repeated. */
export function fieldsAt(root: Schema, path: readonly (string | number)[]): { name: string; schemas: Schema[] }[] {
  const out = new Map<string, Schema[]>();
  for (const s of schemasAt(root, path)) {
    for (const [name, field] of Object.entries(s.properties ?? {})) out.set(name, [...(out.get(name) ?? []), ...expand(root, field)]);
  }
  return [...out].map(([name, schemas]) => ({ name, schemas }));
}

/** The values (as JSON) a value at `path` may take from a fixed list: enums, constants, true and false. */
export function valuesAt(root: Schema, path: readonly (string | number)[]): string[] {
  const out = new Set<string>();
  for (const s of schemasAt(root, path)) {
    for (const v of s.enum ?? []) out.add(JSON.stringify(v));
    if ("const" in s) out.add(JSON.stringify(s.const));
    if (typeOf(s) === "boolean") ["true", "false"].forEach((b) => out.add(b));
  }
  return [...out];
}

/** What to write after a field's name: an object's braces, an array's brackets, a string's quotes, or nothing. */
function template(name: string, schemas: Schema[]): string {
  const types = new Set(schemas.map(typeOf));
  const value = types.size !== 1 ? "${}" : types.has("object") ? "{${}}" : types.has("array") ? "[${}]" : types.has("string") ? '"${}"' : "${}";
  return `${JSON.stringify(name)}: ${value}`;
}

/** The path (field names and array indexes) of the value `node` is, or is inside of. */
function pathOf(doc: string, node: SyntaxNode | null): (string | number)[] {
  const out: (string | number)[] = [];
  for (let n = node; n && n.parent; n = n.parent) {
    const parent = n.parent;
    if (parent.name === "Property" && n.name !== "PropertyName") {
      const key = parent.getChild("PropertyName");
      if (key) {
        try {
          out.unshift(JSON.parse(doc.slice(key.from, key.to)) as string);
        } catch {
          out.unshift(doc.slice(key.from + 1, key.to - 1));
        }
      }
    } else if (parent.name === "Array") {
      let i = 0;
      for (let c = parent.firstChild; c && c.from < n.from; c = c.nextSibling) if (c.name === ",") i++;
      out.unshift(i);
    }
  }
  return out;
}

const isString = (n: SyntaxNode) => n.name === "String" || n.name === "PropertyName";

/**
 * A completion that writes `text` (a snippet) in place of what was typed: when typed inside quotes, the quotes go
 * too (the opening one before `from`, a closing one right after the cursor), so `"bel|"` becomes `"below": |`.
 */
function replacing(label: string, detail: string | undefined, text: string, quoted: boolean, type: string): Completion {
  const apply = snippet(text);
  return {
    label,
    ...(detail ? { detail } : {}),
    type,
    apply: (view: EditorView, completion: Completion, from: number, to: number) => {
      const start = quoted ? from - 1 : from;
      const end = quoted && view.state.doc.sliceString(to, to + 1) === '"' ? to + 1 : to;
      apply(view, completion, start, end);
    },
  };
}

/**
 * Completion from a JSON Schema over @codemirror/lang-json's syntax tree: the fields an object may have (those not
 * written yet), with their value's braces, brackets or quotes ready; and the values a field may take from a
 * fixed list (an event type, a task kind, a letter kind). The schema is the policy's, generated from the engine's
 * zod schema, so what is offered is what the check accepts.
 */
export function schemaCompletion(schema: JsonSchema) {
  const root = schema as Schema;
  return (context: CompletionContext): CompletionResult | null => {
    const doc = context.state.doc.toString();
    // The tree as far as the cursor: CodeMirror parses a long document in the background, and the parse up to
    // here takes milliseconds (the 5 s is a bound for a busy machine, not the expected time).
    const tree = ensureSyntaxTree(context.state, context.pos, 5000) ?? syntaxTree(context.state);
    const node = tree.resolveInner(context.pos, -1);
    // Inside a string being typed: after its opening quote, before (or without) its closing one.
    const closed = node.to - node.from > 1 && doc[node.to - 1] === '"';
    const inString = isString(node) && context.pos > node.from && (!closed || context.pos < node.to);
    if (!inString && !context.explicit) return null;

    // Is this a field's name or a value? A name: a PropertyName, a string standing alone in an object, or the
    // cursor between an object's fields.
    const holder = inString ? node.parent : node;
    const isName = (inString && (node.name === "PropertyName" || holder?.name === "Object" || holder?.name === "⚠")) || (!inString && node.name === "Object");
    if (isName) {
      const object = inString ? (node.name === "PropertyName" ? node.parent?.parent : holder?.name === "⚠" ? holder.parent : holder) : node;
      if (!object || object.name !== "Object") return null;
      const path = pathOf(doc, object);
      const present = new Set<string>();
      for (let c = object.firstChild; c; c = c.nextSibling) {
        if (c.name !== "Property") continue;
        // A field's name; and one the parser could not place (`"gat"` typed before `"id": …` swallows it).
        for (let k = c.firstChild; k; k = k.nextSibling) {
          if (k.name !== "PropertyName" && !(k.name === "⚠" && doc[k.from] === '"')) continue;
          if (k.from <= context.pos && context.pos <= k.to) continue;
          const text = doc.slice(k.from, k.to);
          present.add(text.replace(/^"|"$/g, ""));
        }
      }
      const options = fieldsAt(root, path)
        .filter((f) => !present.has(f.name))
        .map((f) => replacing(f.name, f.schemas.find((s) => s.description)?.description, template(f.name, f.schemas), inString, "property"));
      return options.length ? { from: inString ? node.from + 1 : context.pos, options, validFor: /^[\w$-]*$/ } : null;
    }
    // A value: the field it is the value of.
    const property = node.parent?.name === "Property" ? node.parent : null;
    const arrayItem = node.parent?.name === "Array" ? node : null;
    const at = property ? pathOf(doc, node) : arrayItem ? pathOf(doc, node) : null;
    if (!at) return null;
    const values = valuesAt(root, at);
    if (values.length === 0) return null;
    return {
      from: inString ? node.from + 1 : context.pos,
      options: values.map((v) => replacing(v.startsWith('"') ? (JSON.parse(v) as string) : v, undefined, v.replace(/[{}]/g, (c) => `\\${c}`), inString, "enum")),
      validFor: /^[\w$-]*$/,
    };
  };
}
