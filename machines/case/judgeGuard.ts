import { GATES, type GateId, type StatutoryGuard } from "../gates/index.ts";
import type { Comparison } from "../guards/comparison.ts";
import { describeGuard, evaluateGuard, guardFigures, guardKindOf, guardMeasure, type GuardInput } from "../guards/index.ts";
import type { CompiledGuard } from "../policy/compiledGuard.ts";
import type { CompiledPolicy, CompiledRule } from "../policy/compilePolicy.ts";
import type { CaseContext, CaseEvent } from "./types.ts";

/**
 * A rule's guard judged on a case's figures, leaf by leaf, for the chart's inspector on a case page: "attendance
 * 88.4% < 90%: true; school days in this state (since 2025-10-01) 12 ≥ 10: true". Each leaf is judged by the
 * registry (machines/guards/): its `evaluate` (the engine's own definition), its words, the figures the history
 * quotes (`explainRule` quotes the same) and, for a kind that compares one figure, its `measure`.
 */

export type Operator = "<" | "≤" | "≥" | ">" | "=";

/** One condition of a guard, judged. */
export interface JudgedLeaf {
  /** The guard kind's key: `attendance`, `schoolDaysInState`, `flag`… */
  readonly kind: string;
  /** The condition as data (the compiled guard). */
  readonly guard: CompiledGuard;
  /** The condition in the school's words: "attendance below 90%". */
  readonly words: string;
  /** The figure compared, for a kind that compares one: its name, value today (null: unknown) and unit. */
  readonly left: { readonly figure: string; readonly value: number | null; readonly unit: string } | null;
  readonly operator: Operator | null;
  readonly right: number | null;
  /** The figures the history would quote beside the words. */
  readonly figures: readonly string[];
  /** Null when it cannot be judged before the event is recorded (what is recorded with it). */
  readonly holds: boolean | null;
  /** The whole of it in words: "attendance 88.4% < 90%: true". */
  readonly text: string;
}

/** `all`, `any` or `not` over judged parts. */
export interface JudgedCombination {
  readonly kind: "all" | "any" | "not";
  readonly words: string;
  readonly parts: readonly Judged[];
  readonly holds: boolean | null;
}

export type Judged = JudgedLeaf | JudgedCombination;

/** A statutory gate of a legal step, judged on the case (machines/gates/). */
export interface JudgedGate {
  readonly gate: GateId;
  readonly title: string;
  /** The rule of law in plain words, with its source. */
  readonly law: string;
  readonly words: string;
  /** What the gate saw: "14 unauthorised sessions (G, N, O, U) …". */
  readonly figures: string;
  readonly holds: boolean;
}

/** A rule judged on a case today. */
export interface JudgedRule {
  readonly rule: string;
  readonly on: string;
  readonly from: string;
  readonly to: string | null;
  /** The policy's own guard (the school's), judged; null when it has none (always). */
  readonly guard: Judged | null;
  /** The statutory gates of a legal step (empty otherwise), each judged. */
  readonly gates: readonly JudgedGate[];
  /** The policy's guard and every gate: null when a part cannot be judged before the event is recorded. */
  readonly holds: boolean | null;
  /** The case is in the state the rule is declared on (or the rule applies anywhere): otherwise "if it were". */
  readonly applies: boolean;
}

const OPERATORS: readonly [keyof Comparison, Operator][] = [
  ["below", "<"],
  ["atMost", "≤"],
  ["atLeast", "≥"],
  ["above", ">"],
  ["reaches", "="],
];

function operatorOf(c: Comparison): { operator: Operator; right: number } | null {
  for (const [key, operator] of OPERATORS) if (c[key] !== undefined) return { operator, right: c[key] as number };
  return null;
}

/** A figure as the inspector shows it: a percentage or points with one decimal (as the history quotes it), a count whole. */
function figureText(value: number | null, unit: string): string {
  if (value === null) return "unknown";
  return `${unit === "" && Number.isInteger(value) ? String(value) : value.toFixed(1)}${unit}`;
}

/** A bound as the policy wrote it: "90%", "10". */
const boundText = (value: number, unit: string) => `${value}${unit}`;

export function verdictWords(holds: boolean | null): string {
  return holds === null ? "decided when the event is recorded" : String(holds);
}

/** Three-valued `and`: false if any part is, unknown if any part is and none is false. */
function allOf(values: readonly (boolean | null)[]): boolean | null {
  return values.includes(false) ? false : values.includes(null) ? null : true;
}

function anyOf(values: readonly (boolean | null)[]): boolean | null {
  return values.includes(true) ? true : values.includes(null) ? null : false;
}

function judgeLeaf(guard: CompiledGuard, input: GuardInput): JudgedLeaf {
  const kind = guardKindOf(guard)?.key ?? "unknown";
  const words = describeGuard(guard);
  const figures = [...new Set(guardFigures(guard, input))];
  // What a person records with the event (a meeting's outcome) is not known on a school day.
  const holds = kind === "payload" && input.event.type === "schoolDayClosed" ? null : evaluateGuard(guard, input);
  const measure = guardMeasure(guard, input);
  const compared = measure ? operatorOf(measure.comparison) : null;
  if (measure && compared) {
    const text = `${measure.figure} ${figureText(measure.value, measure.unit)} ${compared.operator} ${boundText(compared.right, measure.unit)}: ${verdictWords(holds)}`;
    return { kind, guard, words, left: { figure: measure.figure, value: measure.value, unit: measure.unit }, operator: compared.operator, right: compared.right, figures, holds, text };
  }
  const text = `${words}${figures.length ? ` (${figures.join("; ")})` : ""}: ${verdictWords(holds)}`;
  return { kind, guard, words, left: null, operator: null, right: null, figures, holds, text };
}

/**
 * A guard judged on the case, leaf by leaf; `all`, `any` and `not` combine their parts. Without an unknown part
 * the result is `evaluateGuard`'s (a test holds it to that).
 */
export function judgeGuard(guard: CompiledGuard, input: GuardInput): Judged {
  const kind = guardKindOf(guard)?.key;
  if (kind === "all" || kind === "any") {
    const list = (guard as { all?: CompiledGuard[]; any?: CompiledGuard[] })[kind]!;
    const parts = list.map((g) => judgeGuard(g, input));
    const values = parts.map((p) => p.holds);
    return { kind, words: describeGuard(guard), parts, holds: kind === "all" ? allOf(values) : anyOf(values) };
  }
  if (kind === "not") {
    const part = judgeGuard((guard as { not: CompiledGuard }).not, input);
    return { kind, words: describeGuard(guard), parts: [part], holds: part.holds === null ? null : !part.holds };
  }
  return judgeLeaf(guard, input);
}

/** The leaves of a judged guard, in order. */
export function judgedLeaves(judged: Judged | null): JudgedLeaf[] {
  if (!judged) return [];
  return "parts" in judged ? judged.parts.flatMap(judgedLeaves) : [judged];
}

/** The leaves in words, as the inspector says them: "attendance 88.4% < 90%: true; …". */
export function judgedWords(judged: Judged | null): string {
  return judgedLeaves(judged)
    .map((l) => l.text)
    .join("; ");
}

const isGate = (g: CompiledGuard): g is StatutoryGuard => "statutory" in g;

/**
 * A compiled guard split into the policy's own guard and the statutory gates the compiler put inside it (`{
 * statutory: … }` entries of its top-level `all`): the school wrote the first, the law the second.
 */
export function splitGates(guard: CompiledGuard | undefined): { policy: CompiledGuard | undefined; gates: StatutoryGuard[] } {
  if (!guard) return { policy: undefined, gates: [] };
  if (isGate(guard)) return { policy: undefined, gates: [guard] };
  if ("all" in guard) {
    const gates = guard.all.filter(isGate);
    if (gates.length === 0) return { policy: guard, gates: [] };
    const rest = guard.all.filter((g) => !isGate(g));
    return { policy: rest.length === 0 ? undefined : rest.length === 1 ? rest[0] : { all: rest }, gates };
  }
  return { policy: guard, gates: [] };
}

/** Is a case in `statePath` inside the state `from` (or does a rule declared on `from` apply anywhere)? */
export function isWithin(statePath: string, from: string): boolean {
  return from === "" || statePath === from || statePath.startsWith(`${from}.`);
}

/**
 * A rule judged on a case as it stands on the day of `event` (usually the last school day closed): its policy
 * guard leaf by leaf, and its statutory gates, each with the figures it read. A rule declared on a state the case
 * is not in is judged as if the case were there (its stamps of that state, or of the case's opening).
 */
export function judgeRule(rule: CompiledRule, context: CaseContext, event: CaseEvent): JudgedRule {
  const input: GuardInput = { context, event, statePath: rule.from };
  const split = splitGates(rule.guard);
  const gates = rule.gates && rule.gates.length > 0 ? rule.gates : split.gates;
  const guard = split.policy ? judgeGuard(split.policy, input) : null;
  const judgedGates: JudgedGate[] = gates.map((g) => {
    const gate = GATES[g.statutory];
    return { gate: g.statutory, title: gate.title, law: gate.law, words: gate.describe(g), figures: gate.figures(g, input), holds: gate.holds(g, input) };
  });
  return {
    rule: rule.id,
    on: rule.on,
    from: rule.from,
    to: rule.to ?? null,
    guard,
    gates: judgedGates,
    holds: allOf([guard ? guard.holds : true, ...judgedGates.map((g) => g.holds)]),
    applies: isWithin(context.statePath, rule.from),
  };
}

/**
 * Every rule of the policy that moves a case, judged on the case as it stands on the day of `event`: what the
 * case page's chart shows (the server's GET /api/cases/{upn}/guards; a sandbox in the browser can call it too).
 */
export function judgeRules(compiled: CompiledPolicy, context: CaseContext, event: CaseEvent): JudgedRule[] {
  return compiled.rules.filter((r) => r.to !== undefined).map((r) => judgeRule(r, context, event));
}
