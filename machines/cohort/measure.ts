import type { SchoolCalendar } from "../attendance/calendar.ts";
import { REGISTER_CODES } from "../attendance/codes.ts";
import { computePupilSeries, metricsOnDay } from "../attendance/metrics.ts";

/** Whole-cohort figures, computed with the attendance metrics (the same arithmetic the engine uses). */
export interface CohortRates {
  /** Pupils with at least one possible session by the day measured. */
  readonly pupils: number;
  readonly possibleSessions: number;
  /** Absence sessions over possible sessions, as the DfE reports overall absence. */
  readonly overallAbsencePct: number;
  readonly authorisedAbsencePct: number;
  readonly unauthorisedAbsencePct: number;
  /** Mean of the pupils' own absence percentages. */
  readonly meanPupilAbsencePct: number;
  /** Pupils whose absence is 10% or more. */
  readonly persistentAbsencePct: number;
  /** Pupils whose absence is 50% or more. */
  readonly severeAbsencePct: number;
  readonly persistentAbsencePupils: number;
  readonly severeAbsencePupils: number;
  /** Pupils who met the penalty-notice threshold at some point up to the day measured. */
  readonly penaltyThresholdPupils: number;
  /** Sessions per code (only codes that occur). */
  readonly codeCounts: Readonly<Record<string, number>>;
}

/** Figures as of `dayIndex` (default: the last school day) for a register's marks. */
export function measureCohort(
  register: { readonly calendar: SchoolCalendar; readonly marks: readonly Uint8Array[] },
  dayIndex: number = register.calendar.days.length - 1,
): CohortRates {
  const { calendar } = register;
  let pupils = 0;
  let possible = 0;
  let authorised = 0;
  let unauthorised = 0;
  let pupilPctSum = 0;
  let pa = 0;
  let sa = 0;
  let penalty = 0;
  const counts = new Float64Array(REGISTER_CODES.length + 1);
  const lastSlot = 2 * (dayIndex + 1);
  for (const marks of register.marks) {
    for (let s = 0; s < lastSlot; s++) counts[marks[s]!]!++;
    const series = computePupilSeries(marks, calendar);
    const m = metricsOnDay(series, calendar, dayIndex);
    if (m.possibleSessions === 0) continue;
    pupils++;
    possible += m.possibleSessions;
    authorised += m.authorisedAbsenceSessions;
    unauthorised += m.unauthorisedAbsenceSessions;
    pupilPctSum += 100 - m.attendancePct!;
    if (m.persistentAbsence) pa++;
    if (m.severeAbsence) sa++;
    if (m.penaltyThresholdFirstMetOn !== null) penalty++;
  }
  const pct = (x: number, of: number) => (of === 0 ? Number.NaN : (100 * x) / of);
  const codeCounts: Record<string, number> = {};
  REGISTER_CODES.forEach((c, i) => {
    if (counts[i + 1]! > 0) codeCounts[c.code] = counts[i + 1]!;
  });
  return {
    pupils,
    possibleSessions: possible,
    overallAbsencePct: pct(authorised + unauthorised, possible),
    authorisedAbsencePct: pct(authorised, possible),
    unauthorisedAbsencePct: pct(unauthorised, possible),
    meanPupilAbsencePct: pupils === 0 ? Number.NaN : pupilPctSum / pupils,
    persistentAbsencePct: pct(pa, pupils),
    severeAbsencePct: pct(sa, pupils),
    persistentAbsencePupils: pa,
    severeAbsencePupils: sa,
    penaltyThresholdPupils: penalty,
    codeCounts,
  };
}
