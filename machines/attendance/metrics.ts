import { CODE_FLAGS, CodeFlag } from "./codes.ts";
import type { SchoolCalendar } from "./calendar.ts";
import type { Register } from "./register.ts";

/** The national penalty-notice threshold: 10 unauthorised sessions within 10 school weeks (from 19 Aug 2024). */
export const PENALTY_THRESHOLD_SESSIONS = 10;
export const PENALTY_THRESHOLD_SCHOOL_WEEKS = 10;
/** An N must be replaced within 5 school days (otherwise it becomes O). */
export const N_CODE_RESOLUTION_SCHOOL_DAYS = 5;

/**
 * One pupil's register reduced to prefix sums and running counts over the school days, so that any figure
 * "as of" a day, or over a window of school weeks, is O(1). Prefix arrays have `days + 1` entries:
 * entry `i` is the total over school days `0 .. i-1`.
 */
export interface PupilSeries {
  readonly days: number;
  readonly possible: Int32Array;
  readonly attended: Int32Array;
  readonly authorised: Int32Array;
  readonly unauthorised: Int32Array;
  readonly late: Int32Array;
  readonly lateAfterClose: Int32Array;
  readonly holiday: Int32Array;
  readonly reasonNotYetKnown: Int32Array;
  readonly illness: Int32Array;
  /** Per day: the run of school days, ending that day, on which every possible session was unauthorised. */
  readonly consecutiveUnauthorisedDays: Int32Array;
  /** Per day: the run of school days, ending that day, on which every possible session was an absence. */
  readonly continuousAbsenceDays: Int32Array;
  /** Per day: the run of school days, ending that day, on which every possible session was illness (I). */
  readonly illnessSpellDays: Int32Array;
  /** Per day: 1 when the penalty threshold is met as of that day. */
  readonly penaltyThresholdMet: Uint8Array;
  /** Per day: unauthorised sessions in the trailing 10 school weeks. */
  readonly unauthorisedLast10Weeks: Int32Array;
  /** First school-day index on which the threshold was met, or -1. */
  readonly penaltyThresholdFirstMetDay: number;
}

/**
 * Days on which a pupil had no possible session (not on roll, dual registered, a closure for them only) neither
 * extend nor break a run of consecutive days: the runs count the days the pupil was expected in school.
 */
export function computePupilSeries(marks: Uint8Array, calendar: SchoolCalendar): PupilSeries {
  const days = calendar.days.length;
  const prefix = () => new Int32Array(days + 1);
  const possible = prefix();
  const attended = prefix();
  const authorised = prefix();
  const unauthorised = prefix();
  const late = prefix();
  const lateAfterClose = prefix();
  const holiday = prefix();
  const reasonNotYetKnown = prefix();
  const illness = prefix();
  const consecutiveUnauthorisedDays = new Int32Array(days);
  const continuousAbsenceDays = new Int32Array(days);
  const illnessSpellDays = new Int32Array(days);
  const unauthorisedLast10Weeks = new Int32Array(days);
  const penaltyThresholdMet = new Uint8Array(days);
  let firstMet = -1;
  let unauthRun = 0;
  let absenceRun = 0;
  let illnessRun = 0;

  for (let d = 0; d < days; d++) {
    let dayPossible = 0;
    let dayAttended = 0;
    let dayAuth = 0;
    let dayUnauth = 0;
    let dayIllness = 0;
    let dayLate = 0;
    let dayLateAfter = 0;
    let dayHoliday = 0;
    let dayN = 0;
    for (let s = 0; s < 2; s++) {
      const f = CODE_FLAGS[marks[2 * d + s]!]!;
      if (!(f & CodeFlag.Possible)) continue;
      dayPossible++;
      if (f & CodeFlag.Attended) dayAttended++;
      if (f & CodeFlag.Authorised) dayAuth++;
      if (f & CodeFlag.Unauthorised) dayUnauth++;
      if (f & CodeFlag.Illness) dayIllness++;
      if (f & CodeFlag.Late) dayLate++;
      if (f & CodeFlag.LateAfterClose) dayLateAfter++;
      if (f & CodeFlag.Holiday) dayHoliday++;
      if (f & CodeFlag.ReasonNotYetKnown) dayN++;
    }
    possible[d + 1] = possible[d]! + dayPossible;
    attended[d + 1] = attended[d]! + dayAttended;
    authorised[d + 1] = authorised[d]! + dayAuth;
    unauthorised[d + 1] = unauthorised[d]! + dayUnauth;
    late[d + 1] = late[d]! + dayLate;
    lateAfterClose[d + 1] = lateAfterClose[d]! + dayLateAfter;
    holiday[d + 1] = holiday[d]! + dayHoliday;
    reasonNotYetKnown[d + 1] = reasonNotYetKnown[d]! + dayN;
    illness[d + 1] = illness[d]! + dayIllness;
    if (dayPossible > 0) {
      unauthRun = dayUnauth === dayPossible ? unauthRun + 1 : 0;
      absenceRun = dayAuth + dayUnauth === dayPossible ? absenceRun + 1 : 0;
      illnessRun = dayIllness === dayPossible ? illnessRun + 1 : 0;
    }
    consecutiveUnauthorisedDays[d] = unauthRun;
    continuousAbsenceDays[d] = absenceRun;
    illnessSpellDays[d] = illnessRun;
    const windowStart = calendar.windowStart(d, PENALTY_THRESHOLD_SCHOOL_WEEKS);
    const inWindow = unauthorised[d + 1]! - unauthorised[windowStart]!;
    unauthorisedLast10Weeks[d] = inWindow;
    if (inWindow >= PENALTY_THRESHOLD_SESSIONS) {
      penaltyThresholdMet[d] = 1;
      if (firstMet < 0) firstMet = d;
    }
  }
  return {
    days,
    possible,
    attended,
    authorised,
    unauthorised,
    late,
    lateAfterClose,
    holiday,
    reasonNotYetKnown,
    illness,
    consecutiveUnauthorisedDays,
    continuousAbsenceDays,
    illnessSpellDays,
    penaltyThresholdMet,
    unauthorisedLast10Weeks,
    penaltyThresholdFirstMetDay: firstMet,
  };
}

/** A pupil's figures as of the end of one school day. Percentages are unrounded; null when nothing was possible. */
export interface PupilMetrics {
  /** The school day these figures are as of, or null before the first school day. */
  readonly asOf: string | null;
  readonly dayIndex: number;
  readonly possibleSessions: number;
  readonly attendedSessions: number;
  readonly authorisedAbsenceSessions: number;
  readonly unauthorisedAbsenceSessions: number;
  readonly attendancePct: number | null;
  /** Absence is 10% or more of possible sessions. */
  readonly persistentAbsence: boolean;
  /** Absence is 50% or more of possible sessions. */
  readonly severeAbsence: boolean;
  readonly unauthorisedSessionsLast10SchoolWeeks: number;
  readonly penaltyThresholdMet: boolean;
  readonly penaltyThresholdFirstMetOn: string | null;
  /** Met today, and not met on the previous school day (first time, or again after falling below). */
  readonly penaltyThresholdMetAfresh: boolean;
  /** G sessions in the trailing 10 school weeks (an unauthorised holiday, where support may be inappropriate). */
  readonly unauthorisedHolidaySessionsLast10SchoolWeeks: number;
  readonly consecutiveUnauthorisedDays: number;
  readonly continuousAbsenceDays: number;
  readonly illnessSpellDays: number;
  readonly illnessSessions: number;
  /** N sessions 5 or more school days old, still unresolved. */
  readonly unresolvedNOlderThan5SchoolDays: number;
  /** L: late before the register closed (present). */
  readonly lateBeforeRegisterClosedSessions: number;
  /** U: late after the register closed (unauthorised absence). */
  readonly lateAfterRegisterClosedSessions: number;
}

export function percentage(part: number, whole: number): number | null {
  return whole === 0 ? null : (part / whole) * 100;
}

/** Figures as of the end of school day `d` (-1 = before the first school day: all zeros). */
export function metricsOnDay(series: PupilSeries, calendar: SchoolCalendar, d: number): PupilMetrics {
  if (d < 0) {
    return {
      asOf: null,
      dayIndex: -1,
      possibleSessions: 0,
      attendedSessions: 0,
      authorisedAbsenceSessions: 0,
      unauthorisedAbsenceSessions: 0,
      attendancePct: null,
      persistentAbsence: false,
      severeAbsence: false,
      unauthorisedSessionsLast10SchoolWeeks: 0,
      penaltyThresholdMet: false,
      penaltyThresholdFirstMetOn: null,
      penaltyThresholdMetAfresh: false,
      unauthorisedHolidaySessionsLast10SchoolWeeks: 0,
      consecutiveUnauthorisedDays: 0,
      continuousAbsenceDays: 0,
      illnessSpellDays: 0,
      illnessSessions: 0,
      unresolvedNOlderThan5SchoolDays: 0,
      lateBeforeRegisterClosedSessions: 0,
      lateAfterRegisterClosedSessions: 0,
    };
  }
  const possible = series.possible[d + 1]!;
  const attended = series.attended[d + 1]!;
  const authorised = series.authorised[d + 1]!;
  const unauthorised = series.unauthorised[d + 1]!;
  const absent = authorised + unauthorised;
  const windowStart = calendar.windowStart(d, PENALTY_THRESHOLD_SCHOOL_WEEKS);
  const met = series.penaltyThresholdMet[d] === 1;
  const nCutoff = d - N_CODE_RESOLUTION_SCHOOL_DAYS + 1; // days 0 .. d-5
  return {
    asOf: calendar.days[d]!,
    dayIndex: d,
    possibleSessions: possible,
    attendedSessions: attended,
    authorisedAbsenceSessions: authorised,
    unauthorisedAbsenceSessions: unauthorised,
    attendancePct: percentage(attended, possible),
    persistentAbsence: possible > 0 && absent * 10 >= possible,
    severeAbsence: possible > 0 && absent * 2 >= possible,
    unauthorisedSessionsLast10SchoolWeeks: series.unauthorisedLast10Weeks[d]!,
    penaltyThresholdMet: met,
    penaltyThresholdFirstMetOn:
      series.penaltyThresholdFirstMetDay >= 0 && series.penaltyThresholdFirstMetDay <= d
        ? calendar.days[series.penaltyThresholdFirstMetDay]!
        : null,
    penaltyThresholdMetAfresh: met && (d === 0 || series.penaltyThresholdMet[d - 1] === 0),
    unauthorisedHolidaySessionsLast10SchoolWeeks: series.holiday[d + 1]! - series.holiday[windowStart]!,
    consecutiveUnauthorisedDays: series.consecutiveUnauthorisedDays[d]!,
    continuousAbsenceDays: series.continuousAbsenceDays[d]!,
    illnessSpellDays: series.illnessSpellDays[d]!,
    illnessSessions: series.illness[d + 1]!,
    unresolvedNOlderThan5SchoolDays: nCutoff > 0 ? series.reasonNotYetKnown[nCutoff]! : 0,
    lateBeforeRegisterClosedSessions: series.late[d + 1]!,
    lateAfterRegisterClosedSessions: series.lateAfterClose[d + 1]!,
  };
}

/** Attendance and unauthorised absence over the last `weeks` school weeks ending with day `d`'s week. */
export interface WindowFigures {
  readonly weeks: number;
  readonly possibleSessions: number;
  readonly attendancePct: number | null;
  readonly unauthorisedSessions: number;
}

export function windowFigures(series: PupilSeries, calendar: SchoolCalendar, d: number, weeks: number): WindowFigures {
  if (d < 0) return { weeks, possibleSessions: 0, attendancePct: null, unauthorisedSessions: 0 };
  const start = calendar.windowStart(d, weeks);
  const possible = series.possible[d + 1]! - series.possible[start]!;
  return {
    weeks,
    possibleSessions: possible,
    attendancePct: percentage(series.attended[d + 1]! - series.attended[start]!, possible),
    unauthorisedSessions: series.unauthorised[d + 1]! - series.unauthorised[start]!,
  };
}

/** Every pupil's figures as of a date (the last school day on or before it), sorted by UPN. */
export function registerMetricsAsOf(register: Register, asOf: string): (PupilMetrics & { upn: string })[] {
  const d = register.calendar.lastDayOnOrBefore(asOf);
  return register.upns.map((upn, p) => ({
    upn,
    ...metricsOnDay(computePupilSeries(register.marks[p]!, register.calendar), register.calendar, d),
  }));
}
