import {
  END_OF_HALF_TERM,
  END_OF_SCHOOL_WEEK,
  END_OF_SCHOOL_YEAR,
  END_OF_TERM,
  type SchoolCalendar,
} from "../attendance/calendar.ts";
import { codeAt } from "../attendance/codes.ts";
import { metricsOnDay, type PupilSeries, windowFigures, type WindowFigures } from "../attendance/metrics.ts";
import { compulsoryAgeThresholdMetAfresh, type CompulsoryAgeDays, compulsoryAgeWindow } from "../gates/compulsorySchoolAge.ts";
import type { CaseMetrics } from "./types.ts";

/**
 * The figures a case's guards see at the close of school day `d`. `age` is the pupil's school days of compulsory
 * school age (`compulsoryAgeDays` of machines/gates/compulsorySchoolAge.ts): the legal figures count only those.
 */
export function caseMetricsOnDay(
  series: PupilSeries,
  marks: Uint8Array,
  calendar: SchoolCalendar,
  d: number,
  windows: readonly number[],
  age: CompulsoryAgeDays,
): CaseMetrics {
  const base = metricsOnDay(series, calendar, d);
  const windowMap: Record<string, WindowFigures> = {};
  for (const w of windows) windowMap[w] = windowFigures(series, calendar, d, w);
  const ends = d >= 0 ? calendar.periodEnds[d]! : 0;
  const am = d >= 0 ? marks[2 * d]! : 0;
  const pm = d >= 0 ? marks[2 * d + 1]! : 0;
  const legal = compulsoryAgeWindow(series, calendar, d, age);
  // Written out rather than spread (`{ ...base, … }`): a spread of this many properties made each call about
  // 40 times slower than the figures themselves. Same keys, same order.
  return {
    asOf: base.asOf,
    dayIndex: base.dayIndex,
    possibleSessions: base.possibleSessions,
    attendedSessions: base.attendedSessions,
    authorisedAbsenceSessions: base.authorisedAbsenceSessions,
    unauthorisedAbsenceSessions: base.unauthorisedAbsenceSessions,
    attendancePct: base.attendancePct,
    persistentAbsence: base.persistentAbsence,
    severeAbsence: base.severeAbsence,
    unauthorisedSessionsLast10SchoolWeeks: base.unauthorisedSessionsLast10SchoolWeeks,
    penaltyThresholdMet: base.penaltyThresholdMet,
    penaltyThresholdFirstMetOn: base.penaltyThresholdFirstMetOn,
    penaltyThresholdMetAfresh: base.penaltyThresholdMetAfresh,
    unauthorisedHolidaySessionsLast10SchoolWeeks: base.unauthorisedHolidaySessionsLast10SchoolWeeks,
    consecutiveUnauthorisedDays: base.consecutiveUnauthorisedDays,
    continuousAbsenceDays: base.continuousAbsenceDays,
    illnessSpellDays: base.illnessSpellDays,
    illnessSessions: base.illnessSessions,
    unresolvedNOlderThan5SchoolDays: base.unresolvedNOlderThan5SchoolDays,
    lateBeforeRegisterClosedSessions: base.lateBeforeRegisterClosedSessions,
    lateAfterRegisterClosedSessions: base.lateAfterRegisterClosedSessions,
    windows: windowMap,
    todayMarks: [am ? codeAt(am).code : null, pm ? codeAt(pm).code : null],
    halfTermAttendancePct: d >= 0 ? periodAttendancePct(series, calendar.halfTermFirstDay[d]!, d) : null,
    termAttendancePct: d >= 0 ? periodAttendancePct(series, calendar.termFirstDay[d]!, d) : null,
    schoolYearAttendancePct: d >= 0 ? periodAttendancePct(series, calendar.schoolYearFirstDay[d]!, d) : null,
    endOfSchoolWeek: (ends & END_OF_SCHOOL_WEEK) !== 0,
    endOfHalfTerm: (ends & END_OF_HALF_TERM) !== 0,
    endOfTerm: (ends & END_OF_TERM) !== 0,
    endOfSchoolYear: (ends & END_OF_SCHOOL_YEAR) !== 0,
    compulsoryAgeUnauthorisedLast10SchoolWeeks: legal.unauthorised,
    compulsoryAgeHolidayLast10SchoolWeeks: legal.holiday,
    compulsoryAgePenaltyThresholdMetAfresh: d >= 0 && compulsoryAgeThresholdMetAfresh(series, calendar, d, age),
  };
}


/**
 * Attendance % over a period so far (this half term, this term): null, so no rule judges it, unless the pupil was
 * expected in school for at least half of the period's sessions so far. A pupil who joined on the last day of a
 * half term has not had "100% this half term" by attending its last two sessions (the certificates' rule too:
 * machines/celebrate/certificates.ts).
 */
export function periodAttendancePct(series: PupilSeries, from: number, d: number): number | null {
  const possible = series.possible[d + 1]! - series.possible[from]!;
  return possible === 0 || possible < d - from + 1 ? null : ((series.attended[d + 1]! - series.attended[from]!) / possible) * 100;
}
