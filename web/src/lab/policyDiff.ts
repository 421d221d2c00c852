import { Policy, type PolicyInput, type PolicyState } from "../../../machines/policy/schema.ts";
import { resolveParameters } from "../../../machines/policy/resolveParameters.ts";

/** One thing edited between two policies, in words, with what it is about (for grouping and tests). */
export interface PolicyChange {
  readonly about: "parameter" | "rule" | "state" | "band" | "letter" | "setting";
  /** The parameter name, rule id, state path, band or letter id, or setting name. */
  readonly key: string;
  readonly change: "added" | "removed" | "changed";
  readonly words: string;
}

type AnyRule = { id: string; [field: string]: unknown };
type Placed = { where: string; rule: AnyRule };

const json = (v: unknown) => (v === undefined ? "(none)" : typeof v === "string" ? v : JSON.stringify(v));
/** JSON with object keys sorted: the same data written in another order is the same. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v && typeof v === "object") {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(v);
}
const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);

/**
 * A policy as written, with the schema's defaults filled in (so a published document, stored parsed, matches its
 * preset), and the same with every `$parameter` replaced by its value; the document as it is when it does not parse.
 */
function readPolicy(input: PolicyInput): { written: PolicyInput; resolved: PolicyInput } {
  const parsed = Policy.safeParse(input);
  if (!parsed.success) return { written: input, resolved: input };
  return { written: parsed.data, resolved: resolveParameters(parsed.data, []) };
}

/** Every rule of a policy by id, with where it is declared: a state's path, "anywhere" or "daily". */
function rulesOf(policy: PolicyInput): Map<string, Placed> {
  const out = new Map<string, Placed>();
  const walk = (path: string, state: PolicyState | undefined) => {
    if (!state) return;
    for (const rule of state.rules ?? []) out.set(rule.id, { where: path, rule: rule as unknown as AnyRule });
    for (const [key, sub] of Object.entries(state.states ?? {})) walk(`${path}.${key}`, sub);
  };
  for (const [stage, state] of Object.entries(policy.stages ?? {})) walk(stage, state as PolicyState);
  for (const rule of policy.anywhere ?? []) out.set(rule.id, { where: "anywhere", rule: rule as unknown as AnyRule });
  for (const rule of policy.daily ?? []) out.set(rule.id, { where: "daily", rule: rule as unknown as AnyRule });
  return out;
}

function statesOf(policy: PolicyInput): Set<string> {
  const out = new Set<string>();
  const walk = (path: string, state: PolicyState | undefined) => {
    if (!state) return;
    out.add(path);
    for (const [key, sub] of Object.entries(state.states ?? {})) walk(`${path}.${key}`, sub);
  };
  for (const [stage, state] of Object.entries(policy.stages ?? {})) walk(stage, state as PolicyState);
  return out;
}

const WHERE_WORDS = (where: string) => (where === "anywhere" ? "in several stages" : where === "daily" ? "every school day" : `on ${where}`);

/** The fields of a rule, in the order a reader cares about, and their names in words. */
const RULE_FIELDS: readonly [string, string][] = [
  ["on", "trigger"],
  ["to", "target state"],
  ["when", "guard"],
  ["in", "states it applies in"],
  ["actions", "actions"],
  ["reason", "reason"],
  ["seed", "seed quote"],
  ["choice", "choice"],
];

function keyed<T extends { id: string }>(list: readonly T[] | undefined): Map<string, T> {
  return new Map((list ?? []).map((x) => [x.id, x]));
}

/**
 * What was edited between two policy documents, by rule id and parameter name: "Parameter letter1Below (Letter 1
 * when attendance falls below this target): 95 → 94", rules and states added or removed, a rule's guard changed.
 * `from` is the policy compared with; `to` the one being tried.
 */
export function policyDiff(fromInput: PolicyInput, toInput: PolicyInput): PolicyChange[] {
  const out: PolicyChange[] = [];
  const a0 = readPolicy(fromInput);
  const b0 = readPolicy(toInput);
  const from = a0.written;
  const to = b0.written;

  const settings: readonly (keyof PolicyInput)[] = ["name", "version", "initial", "minimumPossibleSessions", "letterRepeatSchoolDays", "gates"];
  for (const s of settings) {
    if (!same(from[s], to[s])) out.push({ about: "setting", key: String(s), change: "changed", words: `Setting ${String(s)}: ${json(from[s])} → ${json(to[s])}` });
  }

  const pa = from.parameters ?? {};
  const pb = to.parameters ?? {};
  for (const name of [...new Set([...Object.keys(pa), ...Object.keys(pb)])].sort()) {
    const a = pa[name];
    const b = pb[name];
    const what = `Parameter ${name} (${(b ?? a)!.description})`;
    if (!a) out.push({ about: "parameter", key: name, change: "added", words: `${what} added: ${b!.value}` });
    else if (!b) out.push({ about: "parameter", key: name, change: "removed", words: `${what} removed (was ${a.value})` });
    else if (a.value !== b.value) out.push({ about: "parameter", key: name, change: "changed", words: `${what}: ${a.value} → ${b.value}` });
    else if (!same(a, b)) out.push({ about: "parameter", key: name, change: "changed", words: `${what}: its words changed (value ${a.value})` });
  }

  const sa = statesOf(from);
  const sb = statesOf(to);
  for (const path of [...sb].filter((p) => !sa.has(p)).sort()) out.push({ about: "state", key: path, change: "added", words: `State ${path} added` });
  for (const path of [...sa].filter((p) => !sb.has(p)).sort()) out.push({ about: "state", key: path, change: "removed", words: `State ${path} removed` });

  const ra = rulesOf(from);
  const rb = rulesOf(to);
  // A rule's field changed when it differs as written and with the parameters' values in: a `$parameter` written
  // out as its value is no change, and a parameter's new value is said once, as the parameter's change.
  const resolvedA = rulesOf(a0.resolved);
  const resolvedB = rulesOf(b0.resolved);
  for (const id of [...new Set([...ra.keys(), ...rb.keys()])].sort()) {
    const a = ra.get(id);
    const b = rb.get(id);
    if (!a) {
      out.push({ about: "rule", key: id, change: "added", words: `Rule ${id} added ${WHERE_WORDS(b!.where)}${b!.rule.to ? ` (to ${String(b!.rule.to)})` : ""}` });
      continue;
    }
    if (!b) {
      out.push({ about: "rule", key: id, change: "removed", words: `Rule ${id} removed (was ${WHERE_WORDS(a.where)})` });
      continue;
    }
    const parts: string[] = [];
    if (a.where !== b.where) parts.push(`moved from ${a.where} to ${b.where}`);
    for (const [field, name] of RULE_FIELDS) {
      const x = a.rule[field];
      const y = b.rule[field];
      if (same(x, y) || same(resolvedA.get(id)?.rule[field], resolvedB.get(id)?.rule[field])) continue;
      // Long texts are named, not quoted; short values are shown before and after.
      if (field === "seed" || field === "choice" || field === "reason" || field === "actions") parts.push(`${name} changed`);
      else parts.push(`${name} ${json(x)} → ${json(y)}`);
    }
    if (parts.length > 0) out.push({ about: "rule", key: id, change: "changed", words: `Rule ${id}: ${parts.join("; ")}` });
  }

  for (const [about, label, a, b] of [
    ["band", "Band", keyed(from.bands), keyed(to.bands)],
    ["letter", "Letter template", keyed(from.letters), keyed(to.letters)],
  ] as const) {
    for (const id of [...new Set([...a.keys(), ...b.keys()])].sort()) {
      const x = a.get(id);
      const y = b.get(id);
      if (!x) out.push({ about, key: id, change: "added", words: `${label} ${id} added` });
      else if (!y) out.push({ about, key: id, change: "removed", words: `${label} ${id} removed` });
      else if (!same(x, y)) {
        const fields = [...new Set([...Object.keys(x), ...Object.keys(y)])].filter((f) => !same((x as Record<string, unknown>)[f], (y as Record<string, unknown>)[f]));
        out.push({ about, key: id, change: "changed", words: `${label} ${id}: ${fields.join(", ")} changed` });
      }
    }
  }
  return out;
}
