import { jsonLanguage } from "@codemirror/lang-json";
import type { SyntaxNode } from "@lezer/common";
import { checkPolicy } from "../../../machines/policy/checkPolicy.ts";
import type { CompiledPolicy } from "../../../machines/policy/compilePolicy.ts";

/** A problem in the policy text, placed on the characters it is about. */
export interface TextProblem {
  /** Where the engine says it is: `parameters.letter1Below.value`, `rule letter-1`, `state listen.x`, or "" for the whole policy. */
  readonly path: string;
  readonly message: string;
  /** The words shown: "parameters.letter1Below.value: Invalid input: expected number, received string". */
  readonly words: string;
  readonly from: number;
  readonly to: number;
}

export type PolicyTextCheck =
  | { readonly ok: true; readonly document: unknown; readonly compiled: CompiledPolicy; readonly problems: readonly [] }
  | { readonly ok: false; readonly problems: readonly TextProblem[] };

interface Place {
  readonly from: number;
  readonly to: number;
  /** The property's name, when the value is an object's property. */
  readonly keyFrom?: number;
  readonly keyTo?: number;
}

/** Where every value of a JSON text is, by dotted path (`stages.expect.rules.0.when`; "" for the whole document). */
export function placesOf(text: string): Map<string, Place> {
  const out = new Map<string, Place>();
  const tree = jsonLanguage.parser.parse(text);
  const children = (node: SyntaxNode) => {
    const list: SyntaxNode[] = [];
    for (let c = node.firstChild; c; c = c.nextSibling) list.push(c);
    return list;
  };
  const isValue = (n: SyntaxNode) => ["Object", "Array", "String", "Number", "True", "False", "Null"].includes(n.name);
  const walk = (node: SyntaxNode, path: string, key?: SyntaxNode) => {
    out.set(path, { from: node.from, to: node.to, ...(key ? { keyFrom: key.from, keyTo: key.to } : {}) });
    const at = (p: string) => (path === "" ? p : `${path}.${p}`);
    if (node.name === "Object") {
      for (const prop of children(node).filter((c) => c.name === "Property")) {
        const name = prop.getChild("PropertyName");
        const value = children(prop).find(isValue);
        if (!name) continue;
        let key: string;
        try {
          key = JSON.parse(text.slice(name.from, name.to)) as string;
        } catch {
          continue;
        }
        if (value) walk(value, at(key), name);
        else out.set(at(key), { from: name.from, to: name.to, keyFrom: name.from, keyTo: name.to });
      }
    } else if (node.name === "Array") {
      children(node)
        .filter(isValue)
        .forEach((value, i) => walk(value, at(String(i))));
    }
  };
  const root = children(tree.topNode).find(isValue);
  if (root) walk(root, "");
  return out;
}

/** The characters a problem is about: the field named by its path (or the nearest enclosing one that exists). */
function placeProblem(text: string, places: Map<string, Place>, path: string, message: string): { from: number; to: number } {
  const mark = (p: Place) => (p.keyFrom !== undefined ? { from: p.keyFrom, to: p.keyTo! } : { from: p.from, to: Math.min(p.to, p.from + 1) });
  // An unknown field: the field itself.
  const unknown = /Unrecognized keys?: "([^"]+)"/.exec(message);
  if (unknown) {
    const p = places.get(path === "" ? unknown[1]! : `${path}.${unknown[1]}`);
    if (p) return mark(p);
  }
  // `rule letter-1`: the rule whose id it is; `state listen.x`: that state.
  const rule = /^rule (.+)$/.exec(path);
  if (rule) {
    for (const [p, place] of places) {
      if (p.endsWith(".id") && text.slice(place.from, place.to) === JSON.stringify(rule[1])) return mark(place);
    }
  }
  const state = /^state (.+)$/.exec(path);
  if (state) {
    const [stage, ...subs] = state[1]!.split(".");
    const p = places.get(["stages", stage, ...subs.flatMap((s) => ["states", s])].join("."));
    if (p) return mark(p);
  }
  const parts = path.split(".");
  for (let n = parts.length; n > 0; n--) {
    const p = places.get(parts.slice(0, n).join("."));
    if (p) return mark(p);
  }
  const firstLine = text.indexOf("\n");
  return { from: 0, to: firstLine < 0 ? text.length : firstLine };
}

/**
 * Where the JSON goes wrong: from JSON.parse's message when it says ("at position N", "line L column C"); V8 does
 * not for every error ("Unexpected token '}', …"), so otherwise the first error in lang-json's parse of the text.
 */
function parseErrorAt(text: string, message: string): number {
  const position = /position (\d+)/.exec(message);
  if (position) return Math.min(text.length, Number(position[1]));
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineColumn) {
    const lines = text.split("\n");
    const before = lines.slice(0, Number(lineColumn[1]) - 1).reduce((n, l) => n + l.length + 1, 0);
    return Math.min(text.length, before + Number(lineColumn[2]) - 1);
  }
  let at = -1;
  jsonLanguage.parser.parse(text).iterate({
    enter: (node) => {
      if (at >= 0) return false;
      if (node.type.isError) at = node.from;
      return undefined;
    },
  });
  return at >= 0 ? at : text.length;
}

/**
 * Checks a policy as the editor holds it: the JSON, then the engine's own check (schema, references, reachable
 * states, guards that can hold), with each problem placed on the characters it names, in the same words as
 * the check gives ("parameters.letter1Below.value: Invalid input: expected number, received string").
 */
export function checkPolicyText(text: string): PolicyTextCheck {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const at = parseErrorAt(text, message);
    const line = text.slice(0, at).split("\n").length;
    return { ok: false, problems: [{ path: "", message, words: `The JSON is not valid near line ${line}: ${message}`, from: at, to: Math.min(text.length, at + 1) }] };
  }
  const check = checkPolicy(document, "edited policy");
  if (check.ok && check.compiled) return { ok: true, document, compiled: check.compiled, problems: [] };
  const places = placesOf(text);
  return {
    ok: false,
    problems: check.problems.map((p) => ({ path: p.path, message: p.message, words: `${p.path || "(policy)"}: ${p.message}`, ...placeProblem(text, places, p.path, p.message) })),
  };
}
