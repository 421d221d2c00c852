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
  return fillPupilSeries(allocatePupilSeries(calendar.days.length), marks, calendar);
}

/** Room for one pupil's series over `days` school days, to be filled, and filled again, by `fillPupilSeries`. */
export interface PupilSeriesStorage extends PupilSeries {
  penaltyThresholdFirstMetDay: number;
}

/**
 * One buffer per pupil, cut into the arrays: fourteen separate ones cost fourteen backing stores, and over a
 * cohort the allocator and garbage collector, not the arithmetic, set the pace.
 */
export function allocatePupilSeries(days: number): PupilSeriesStorage {
  const n = days + 1;
  const buffer = new Int32Array(9 * n + 4 * days + Math.ceil(days / 4));
  let offset = 0;
  const take = (length: number) => buffer.subarray(offset, (offset += length));
  return {
    days,
    possible: take(n),
    attended: take(n),
    authorised: take(n),
    unauthorised: take(n),
    late: take(n),
    lateAfterClose: take(n),
    holiday: take(n),
    reasonNotYetKnown: take(n),
    illness: take(n),
    consecutiveUnauthorisedDays: take(days),
    continuousAbsenceDays: take(days),
    illnessSpellDays: take(days),
    unauthorisedLast10Weeks: take(days),
    penaltyThresholdMet: new Uint8Array(buffer.buffer, offset * 4, days),
    penaltyThresholdFirstMetDay: -1,
  };
}

/**
 * Per code index, the session's counts packed two bits apiece (a day's two sessions add up to at most 2 in each,
 * so a day is `PACKED[am] + PACKED[pm]` with no carry): possible, attended, authorised, unauthorised, late,
 * late after close, holiday, N, illness.
 */
const PACKED_COUNTS: Uint32Array = (() => {
  const fields = [
    CodeFlag.Possible,
    CodeFlag.Attended,
    CodeFlag.Authorised,
    CodeFlag.Unauthorised,
    CodeFlag.Late,
    CodeFlag.LateAfterClose,
    CodeFlag.Holiday,
    CodeFlag.ReasonNotYetKnown,
    CodeFlag.Illness,
  ];
  const packed = new Uint32Array(256);
  for (let code = 0; code < CODE_FLAGS.length; code++) {
    const f = CODE_FLAGS[code]!;
    if (!(f & CodeFlag.Possible)) continue;
    fields.forEach((flag, i) => {
      if (f & flag) packed[code] |= 1 << (2 * i);
    });
  }
  return packed;
})();

/** Computes a pupil's series into `storage` (sized for the calendar), overwriting every entry; returns it. */
export function fillPupilSeries(storage: PupilSeriesStorage, marks: Uint8Array, calendar: SchoolCalendar): PupilSeriesStorage {
  const days = calendar.days.length;
  if (storage.days !== days) throw new RangeError(`series storage is for ${storage.days} school days, the calendar has ${days}`);
  const {
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
    unauthorisedLast10Weeks,
    penaltyThresholdMet,
  } = storage;
  const windowStarts = penaltyWindowStarts(calendar);
  let firstMet = -1;
  let unauthRun = 0;
  let absenceRun = 0;
  let illnessRun = 0;
  let cPossible = 0;
  let cAttended = 0;
  let cAuth = 0;
  let cUnauth = 0;
  let cLate = 0;
  let cLateAfter = 0;
  let cHoliday = 0;
  let cN = 0;
  let cIllness = 0;

  for (let d = 0; d < days; d++) {
    const day = PACKED_COUNTS[marks[2 * d]!]! + PACKED_COUNTS[marks[2 * d + 1]!]!;
    const dayPossible = day & 3;
    const dayAuth = (day >>> 4) & 3;
    const dayUnauth = (day >>> 6) & 3;
    const dayIllness = (day >>> 16) & 3;
    possible[d + 1] = cPossible += dayPossible;
    attended[d + 1] = cAttended += (day >>> 2) & 3;
    authorised[d + 1] = cAuth += dayAuth;
    unauthorised[d + 1] = cUnauth += dayUnauth;
    late[d + 1] = cLate += (day >>> 8) & 3;
    lateAfterClose[d + 1] = cLateAfter += (day >>> 10) & 3;
    holiday[d + 1] = cHoliday += (day >>> 12) & 3;
    reasonNotYetKnown[d + 1] = cN += (day >>> 14) & 3;
    illness[d + 1] = cIllness += dayIllness;
    if (dayPossible > 0) {
      unauthRun = dayUnauth === dayPossible ? unauthRun + 1 : 0;
      absenceRun = dayAuth + dayUnauth === dayPossible ? absenceRun + 1 : 0;
      illnessRun = dayIllness === dayPossible ? illnessRun + 1 : 0;
    }
    consecutiveUnauthorisedDays[d] = unauthRun;
    continuousAbsenceDays[d] = absenceRun;
    illnessSpellDays[d] = illnessRun;
    const inWindow = cUnauth - unauthorised[windowStarts[d]!]!;
    unauthorisedLast10Weeks[d] = inWindow;
    if (inWindow >= PENALTY_THRESHOLD_SESSIONS) {
      penaltyThresholdMet[d] = 1;
      if (firstMet < 0) firstMet = d;
    } else penaltyThresholdMet[d] = 0;
  }
  storage.penaltyThresholdFirstMetDay = firstMet;
  return storage;
}

const penaltyWindows = new WeakMap<SchoolCalendar, Int32Array>();

/** `calendar.windowStart(d, 10)` for every school day, computed once per calendar. */
function penaltyWindowStarts(calendar: SchoolCalendar): Int32Array {
  let starts = penaltyWindows.get(calendar);
  if (!starts || starts.length !== calendar.days.length) {
    starts = new Int32Array(calendar.days.length);
    for (let d = 0; d < starts.length; d++) starts[d] = calendar.windowStart(d, PENALTY_THRESHOLD_SCHOOL_WEEKS);
    penaltyWindows.set(calendar, starts);
  }
  return starts;
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
  /** The year-to-date attendance % as it stood before the window began (null when nothing was possible then). */
  readonly attendancePctBefore: number | null;
}

export function windowFigures(series: PupilSeries, calendar: SchoolCalendar, d: number, weeks: number): WindowFigures {
  if (d < 0) return { weeks, possibleSessions: 0, attendancePct: null, unauthorisedSessions: 0, attendancePctBefore: null };
  const start = calendar.windowStart(d, weeks);
  const possible = series.possible[d + 1]! - series.possible[start]!;
  return {
    weeks,
    possibleSessions: possible,
    attendancePct: percentage(series.attended[d + 1]! - series.attended[start]!, possible),
    unauthorisedSessions: series.unauthorised[d + 1]! - series.unauthorised[start]!,
    attendancePctBefore: percentage(series.attended[start]!, series.possible[start]!),
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
