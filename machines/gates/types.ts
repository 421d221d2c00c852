import type { CaseContext, CaseEvent } from "../case/types.ts";

/** What a gate sees: the case, the event being decided and the state the rule is declared on. */
export interface GateInput {
  readonly context: CaseContext;
  readonly event: CaseEvent;
  readonly statePath: string;
}

/** A statutory gate after compilation, inside a rule's guard: `{ statutory: "unauthorisedAbsence", atLeast: 10 }`. */
export interface StatutoryGuard {
  readonly statutory: GateId;
  /** The gate's number where it has one (the unauthorised sessions a legal step needs); set by the compiler. */
  readonly atLeast?: number;
}

export const GATE_IDS = ["unauthorisedAbsence", "supportFirst", "compulsorySchoolAge", "noticeToImprove", "penaltyNoticeCap"] as const;
export type GateId = (typeof GATE_IDS)[number];

/**
 * A statutory gate: a rule of law every compiled policy passes through, whatever its data says (ADR 007). Each
 * lives in one module holding its behaviour and its words: the history quotes `figures` when a legal step is
 * taken and `blocked` when it is not; docs/policies.md is generated from `title`, `law` and `appliesTo`.
 */
export interface StatutoryGate {
  readonly id: GateId;
  /** Short name, for the chart and the docs. */
  readonly title: string;
  /** The rule of law, in plain words, with its source. */
  readonly law: string;
  /** Which steps it guards. */
  readonly appliesTo: string;
  /** How a policy can make it stricter (it can never make it weaker). */
  readonly stricter?: string;
  /** The guard in words, for the chart's arrows: "support recorded by a person first". */
  describe(guard: StatutoryGuard): string;
  holds(guard: StatutoryGuard, input: GateInput): boolean;
  /** What the gate saw, for the history: "14 unauthorised sessions (G, N, O, U) …". */
  figures(guard: StatutoryGuard, input: GateInput): string;
  /** Why it did not hold and what the lead can do: the words of the blocked move and of the lead's task. */
  blocked(guard: StatutoryGuard, input: GateInput): string;
}
