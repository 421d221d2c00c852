import type { CompiledGuard } from "../policy/compiledGuard.ts";
import { all } from "./all.ts";
import { any } from "./any.ts";
import { attendance } from "./attendance.ts";
import { attendanceGain } from "./attendanceGain.ts";
import { attendanceSinceEntry } from "./attendanceSinceEntry.ts";
import { calendar } from "./calendar.ts";
import { consecutiveUnauthorisedDays } from "./consecutiveUnauthorisedDays.ts";
import { continuousAbsenceWithoutMedicalEvidence } from "./continuousAbsenceWithoutMedicalEvidence.ts";
import { flag } from "./flag.ts";
import { heldLegalStep } from "./heldLegalStep.ts";
import { illnessSpellDays } from "./illnessSpellDays.ts";
import { improvementSinceEntry } from "./improvementSinceEntry.ts";
import { lateAfterRegisterClosedSessions } from "./lateAfterRegisterClosedSessions.ts";
import { not } from "./not.ts";
import { payload } from "./payload.ts";
import { penaltyThreshold } from "./penaltyThreshold.ts";
import { periodAttendance } from "./periodAttendance.ts";
import { possibleSessions } from "./possibleSessions.ts";
import { reviewDate } from "./reviewDate.ts";
import { schoolDaysInState } from "./schoolDaysInState.ts";
import { statutory } from "./statutory.ts";
import { target } from "./target.ts";
import type { DayPredicate, GuardBehaviour, GuardInput, GuardOps, Measure } from "./types.ts";
import { unauthorisedSessions } from "./unauthorisedSessions.ts";
import { unauthorisedSessionsSinceEntry } from "./unauthorisedSessionsSinceEntry.ts";

export type { CombinatorKind, DayPredicate, GuardBehaviour, GuardInput, GuardKind, GuardOf, GuardOps, Measure } from "./types.ts";

/**
 * Every kind of guard, each in its own module holding its schema, evaluation, words, figures and look-ahead.
 * Adding a guard kind is its module and a line here. The order of `GUARD_KINDS` is the order of the policy
 * schema's union (machines/policy/schema.ts assembles it from here).
 */

/** The combinators, around the whole Guard schema. */
export const COMBINATORS = [all, any, not] as const;

/** The guard kinds a policy writes, in the schema's order. */
export const GUARD_KINDS = [
  attendance,
  attendanceSinceEntry,
  periodAttendance,
  attendanceGain,
  unauthorisedSessionsSinceEntry,
  possibleSessions,
  unauthorisedSessions,
  consecutiveUnauthorisedDays,
  continuousAbsenceWithoutMedicalEvidence,
  illnessSpellDays,
  lateAfterRegisterClosedSessions,
  schoolDaysInState,
  improvementSinceEntry,
  flag,
  penaltyThreshold,
  target,
  reviewDate,
  calendar,
  payload,
] as const;

/** The guards only the compiler adds, delegating to machines/gates/: no policy writes them. */
export const INTERNAL_GUARDS = [statutory, heldLegalStep] as const;

// Each kind reads only guards of its own shape; the registry hands it only those (by key), so it is typed loosely here.
type AnyKind = GuardBehaviour<never>;
const BY_KEY: Readonly<Record<string, AnyKind>> = (() => {
  const byKey: Record<string, AnyKind> = Object.create(null);
  for (const kind of [...COMBINATORS, ...GUARD_KINDS, ...INTERNAL_GUARDS] as readonly AnyKind[]) {
    if (byKey[kind.key]) throw new Error(`two guard kinds named ${kind.key}`);
    byKey[kind.key] = kind;
  }
  return byKey;
})();

/** The kind of a guard (`{ attendance: … }` is `attendance`), or undefined for an object that is no guard. */
export function guardKindOf(guard: CompiledGuard): GuardBehaviour<CompiledGuard> | undefined {
  for (const key in guard) {
    const kind = BY_KEY[key];
    if (kind !== undefined) return kind as GuardBehaviour<CompiledGuard>;
  }
  return undefined;
}

/** Does the guard hold? The definition every other reading (the look-ahead's included) agrees with. */
export function evaluateGuard(guard: CompiledGuard, input: GuardInput): boolean {
  const kind = guardKindOf(guard);
  if (kind === undefined) throw new Error(`unknown guard ${JSON.stringify(guard)}`);
  return kind.evaluate(guard, input, OPS);
}

/** A guard in the words a school uses, for the chart's arrows and the history: "attendance below 95%". */
export function describeGuard(guard: CompiledGuard | undefined): string {
  if (!guard) return "always";
  const kind = guardKindOf(guard);
  return kind === undefined ? JSON.stringify(guard) : kind.describe(guard, OPS);
}

function describeNested(guard: CompiledGuard): string {
  const text = describeGuard(guard);
  return "all" in guard || "any" in guard ? `(${text})` : text;
}

/** The figures a guard saw, for the history: "attendance 93.2%". */
export function guardFigures(guard: CompiledGuard, input: GuardInput): string[] {
  const kind = guardKindOf(guard);
  return kind === undefined ? [] : kind.figures(guard, input, OPS);
}

/** The figure a comparison guard compares, its value for the case and the comparison; undefined for other kinds. */
export function guardMeasure(guard: CompiledGuard, input: GuardInput): Measure | undefined {
  return guardKindOf(guard)?.measure?.(guard, input, OPS);
}

/**
 * A guard compiled once for the look-ahead (lookAhead.ts), with the semantics of `evaluateGuard`. A kind without a
 * fast predicate is read generically, on the day's view (so it cannot disagree).
 */
export function compileDayGuard(guard: CompiledGuard): DayPredicate {
  const kind = guardKindOf(guard);
  if (kind === undefined) return (context, day, statePath) => evaluateGuard(guard, { context, event: day.event, statePath });
  if (kind.dayPredicate) return kind.dayPredicate(guard, OPS);
  return (context, day, statePath) => kind.evaluate(guard, { context, event: day.event, statePath }, OPS);
}

/** Adds the windows of school weeks the guard reads. */
export function guardWindows(guard: CompiledGuard, add: (weeks: number) => void): void {
  guardKindOf(guard)?.windows?.(guard, add, OPS);
}

/** The guard with each year-to-date attendance-% test waiting for `minimum` possible sessions. */
export function guardWithMinimumSessions(guard: CompiledGuard, minimum: number): CompiledGuard {
  const kind = guardKindOf(guard);
  return kind?.withMinimumSessions ? kind.withMinimumSessions(guard, minimum, OPS) : guard;
}

/** Why a guard can never hold (`policy check`), or undefined. */
export function impossibleGuard(guard: CompiledGuard | undefined): string | undefined {
  if (!guard) return undefined;
  return guardKindOf(guard)?.impossible?.(guard, OPS);
}

const OPS: GuardOps = {
  evaluate: evaluateGuard,
  describe: describeGuard,
  describeNested,
  figures: guardFigures,
  dayPredicate: compileDayGuard,
  windows: guardWindows,
  withMinimumSessions: guardWithMinimumSessions,
  impossible: impossibleGuard,
};
