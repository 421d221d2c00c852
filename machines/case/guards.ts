import type { Comparison } from "../policy/schema.ts";
import type { CompiledGuard } from "../policy/compiledGuard.ts";
import { gateHolds } from "../gates/index.ts";
import { heldLegalStepIsNew } from "../gates/heldLegalStep.ts";
import type { CaseContext, CaseEvent, CaseMetrics, EntryStamp } from "./types.ts";

export interface GuardInput {
  readonly context: CaseContext;
  readonly event: CaseEvent;
  /** Dotted path of the state the rule is declared on ("" for rules that apply anywhere). */
  readonly statePath: string;
}

export function evaluateGuard(guard: CompiledGuard, input: GuardInput): boolean {
  if ("all" in guard) return guard.all.every((g) => evaluateGuard(g, input));
  if ("any" in guard) return guard.any.some((g) => evaluateGuard(g, input));
  if ("not" in guard) return !evaluateGuard(guard.not, input);
  const { context, event } = input;
  const m = event.metrics;
  if ("attendance" in guard) {
    const pct = guard.attendance.overSchoolWeeks
      ? (m.windows[guard.attendance.overSchoolWeeks as number]?.attendancePct ?? null)
      : m.attendancePct;
    return compare(pct, guard.attendance);
  }
  if ("periodAttendance" in guard) {
    return compare(m[PERIOD_METRIC[guard.periodAttendance.period]], guard.periodAttendance);
  }
  if ("attendanceGain" in guard) return compare(attendanceGain(m, guard.attendanceGain.overSchoolWeeks as number), guard.attendanceGain);
  if ("possibleSessions" in guard) return compare(m.possibleSessions, guard.possibleSessions);
  if ("attendanceSinceEntry" in guard) return compare(attendanceSince(entryOf(input), event), guard.attendanceSinceEntry);
  if ("unauthorisedSessionsSinceEntry" in guard) return compare(unauthorisedSince(entryOf(input), event), guard.unauthorisedSessionsSinceEntry);
  if ("unauthorisedSessions" in guard) {
    const w = m.windows[guard.unauthorisedSessions.inSchoolWeeks as number];
    return compare(w ? w.unauthorisedSessions : null, guard.unauthorisedSessions);
  }
  if ("consecutiveUnauthorisedDays" in guard) return compare(m.consecutiveUnauthorisedDays, guard.consecutiveUnauthorisedDays);
  if ("continuousAbsenceWithoutMedicalEvidence" in guard) {
    return compare(absenceWithoutEvidence(context, event), guard.continuousAbsenceWithoutMedicalEvidence);
  }
  if ("illnessSpellDays" in guard) return compare(m.illnessSpellDays, guard.illnessSpellDays);
  if ("lateAfterRegisterClosedSessions" in guard) return compare(m.lateAfterRegisterClosedSessions, guard.lateAfterRegisterClosedSessions);
  if ("schoolDaysInState" in guard) return compare(event.dayIndex - entryOf(input).dayIndex, guard.schoolDaysInState);
  if ("improvementSinceEntry" in guard) return compare(improvement(entryOf(input), event), guard.improvementSinceEntry);
  if ("flag" in guard) return context.pupil[guard.flag] === true;
  if ("penaltyThreshold" in guard) {
    return guard.penaltyThreshold === "met" ? m.penaltyThresholdMet : m.penaltyThresholdMetAfresh;
  }
  if ("target" in guard) {
    const t = context.target;
    if (!t) return false;
    if (guard.target === "reviewDue") {
      return (t.reviewOnDay !== null && event.dayIndex >= t.reviewOnDay) || (t.reviewOn !== null && event.date >= t.reviewOn);
    }
    const met = targetMet(context, event);
    return guard.target === "met" ? met : !met;
  }
  if ("reviewDate" in guard) return context.reviewDate !== null && event.date >= context.reviewDate;
  if ("calendar" in guard) return m[guard.calendar];
  if ("payload" in guard) {
    const payload = "payload" in event ? event.payload : {};
    return Object.entries(guard.payload).every(([k, v]) => payload[k] === v);
  }
  if ("statutory" in guard) return gateHolds(guard, input);
  if ("heldLegalStep" in guard) return heldLegalStepIsNew(guard, input);
  throw new Error(`unknown guard ${JSON.stringify(guard)}`);
}

export function compare(value: number | null, c: Comparison): boolean {
  if (value === null) return false;
  if (c.below !== undefined) return value < (c.below as number);
  if (c.atMost !== undefined) return value <= (c.atMost as number);
  if (c.atLeast !== undefined) return value >= (c.atLeast as number);
  if (c.above !== undefined) return value > (c.above as number);
  if (c.reaches !== undefined) return value === (c.reaches as number);
  return false;
}

/** The metric each `periodAttendance` period reads. */
export const PERIOD_METRIC = { halfTerm: "halfTermAttendancePct", term: "termAttendancePct", schoolYear: "schoolYearAttendancePct" } as const;

/**
 * Points of year-to-date attendance gained over the last N school weeks: today's figure less the figure as it
 * stood before the window. Null (the guard fails) when either is unknown.
 */
export function attendanceGain(m: CaseMetrics, weeks: number): number | null {
  const before = m.windows[weeks]?.attendancePctBefore ?? null;
  return before === null || m.attendancePct === null ? null : m.attendancePct - before;
}

function entryOf(input: GuardInput): EntryStamp {
  return input.context.entered[input.statePath] ?? input.context.entered[""]!;
}

export function attendanceSince(stamp: { possibleSessions: number; attendedSessions: number } | { possibleAtSet: number; attendedAtSet: number }, event: CaseEvent): number | null {
  const possibleBefore = "possibleSessions" in stamp ? stamp.possibleSessions : stamp.possibleAtSet;
  const attendedBefore = "attendedSessions" in stamp ? stamp.attendedSessions : stamp.attendedAtSet;
  const possible = event.metrics.possibleSessions - possibleBefore;
  return possible > 0 ? ((event.metrics.attendedSessions - attendedBefore) / possible) * 100 : null;
}

/** Unauthorised absence sessions after the stamp was taken (a formal warning's "further unauthorised absences"). */
export function unauthorisedSince(stamp: EntryStamp, event: CaseEvent): number | null {
  return stamp.unauthorisedSessions === undefined ? null : event.metrics.unauthorisedAbsenceSessions - stamp.unauthorisedSessions;
}

function improvement(stamp: EntryStamp, event: CaseEvent): number {
  const now = event.metrics.attendancePct;
  if (now === null || stamp.attendancePct === null) return 0;
  return now - stamp.attendancePct;
}

/** Whole days of the current continuous absence since medical evidence was last received. */
export function absenceWithoutEvidence(context: CaseContext, event: CaseEvent): number {
  const run = event.metrics.continuousAbsenceDays;
  const evidence = context.medicalEvidenceDayIndex;
  if (evidence === null || evidence <= event.dayIndex - run) return run;
  return Math.max(0, event.dayIndex - evidence);
}

/** A target with no possible session since it was set is not (yet) missed. */
export function targetMet(context: CaseContext, event: CaseEvent): boolean {
  const t = context.target;
  if (!t) return false;
  const since = attendanceSince(t, event);
  return since === null || since >= t.attendancePct;
}
