import type { PupilCaseResult } from "../../../machines/case/simulate.ts";

/**
 * The difference between the policy being tried (the first column) and the one it is compared with (the second):
 * 181 letters against 191 is −10, the policy being tried sends 10 fewer.
 */
export function difference(tried: number, against: number): number {
  return tried - against;
}

/** A signed difference in figures: "+3", "−10" (a minus sign, not a hyphen), "0". */
export function signed(n: number): string {
  if (n > 0) return `+${n}`;
  if (n < 0) return `\u2212${-n}`;
  return "0";
}

/** What a policy did for one pupil over the register: what a family would notice. */
export interface PupilOutcome {
  /** Stage at the end of the register. */
  readonly stage: string;
  /** Dotted state at the end. */
  readonly state: string;
  /** Times the case moved into Enforce from another stage. */
  readonly enforceMoves: number;
  readonly letters: number;
  readonly penaltyNoticeDecisions: number;
}

const stageOf = (state: string) => state.split(".")[0]!;

export function outcomeOf(r: PupilCaseResult): PupilOutcome {
  let enforceMoves = 0;
  for (const t of r.transitions) if (stageOf(t.to) === "enforce" && stageOf(t.from) !== "enforce") enforceMoves++;
  let letters = 0;
  let penaltyNoticeDecisions = 0;
  for (const t of r.tasks) {
    if (t.kind === "letter") letters++;
    else if (t.kind === "penalty-notice") penaltyNoticeDecisions++;
  }
  return { stage: r.stage, state: r.state, enforceMoves, letters, penaltyNoticeDecisions };
}

export type OutcomeField = "stage" | "enforceMoves" | "letters" | "penaltyNoticeDecisions";

export interface ChangedPupil {
  readonly upn: string;
  /** Under the policy being tried; null when the pupil is not in its run. */
  readonly tried: PupilOutcome | null;
  /** Under the policy it is compared with. */
  readonly against: PupilOutcome | null;
  /** Which outcomes differ, in a fixed order. */
  readonly changed: readonly OutcomeField[];
}

const FIELDS: readonly OutcomeField[] = ["stage", "enforceMoves", "letters", "penaltyNoticeDecisions"];

/**
 * The pupils whose outcome differs between two runs over the same register, pupil by pupil (by UPN, sorted):
 * the stage at the end, moves into Enforce, letters, penalty-notice decisions.
 */
export function changedPupils(tried: readonly PupilCaseResult[], against: readonly PupilCaseResult[]): ChangedPupil[] {
  const a = new Map(tried.map((r) => [r.upn, outcomeOf(r)]));
  const b = new Map(against.map((r) => [r.upn, outcomeOf(r)]));
  const upns = [...new Set([...a.keys(), ...b.keys()])].sort();
  const out: ChangedPupil[] = [];
  for (const upn of upns) {
    const x = a.get(upn) ?? null;
    const y = b.get(upn) ?? null;
    const changed = x && y ? FIELDS.filter((f) => x[f] !== y[f]) : FIELDS;
    if (changed.length > 0) out.push({ upn, tried: x, against: y, changed });
  }
  return out;
}

/** One row of the per-case table: the pupil under both policies. */
export interface SideBySideRow {
  readonly upn: string;
  readonly tried: PupilCaseResult | null;
  readonly against: PupilCaseResult | null;
  readonly differs: boolean;
}

/** Every pupil under both policies, side by side (by UPN), with whether their outcome differs. */
export function sideBySide(tried: readonly PupilCaseResult[], against: readonly PupilCaseResult[] | null): SideBySideRow[] {
  const b = new Map((against ?? []).map((r) => [r.upn, r]));
  const changed = against ? new Set(changedPupils(tried, against).map((c) => c.upn)) : new Set<string>();
  const upns = [...new Set([...tried.map((r) => r.upn), ...b.keys()])].sort();
  const a = new Map(tried.map((r) => [r.upn, r]));
  return upns.map((upn) => ({ upn, tried: a.get(upn) ?? null, against: b.get(upn) ?? null, differs: changed.has(upn) }));
}
