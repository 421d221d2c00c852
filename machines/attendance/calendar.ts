import { fromEpochDay, mondayOf, parseIsoDate, toEpochDay, weekdayOf } from "./schoolDate.ts";

/**
 * A school's calendar: the school days in order, each with its index, and the school weeks they fall in.
 *
 * A school day is a day on which the school held at least one session. A school week is a Monday-to-Sunday
 * calendar week with at least one school day, so half-terms and holidays are not school weeks and a
 * "10 school weeks" window reaches back across them.
 */
/**
 * Two school days further apart than this (in calendar days) have a half term or holiday between them. A long
 * weekend (a bank holiday Friday or Monday: 4 days) is not a break; a half-term week (9 days) is.
 */
export const HOLIDAY_GAP_DAYS = 6;

/**
 * A break of more than this many calendar days ends a term, not only a half term: Christmas and Easter (two
 * weeks: 16 or 17 days between the school days either side) and the summer. A one-week half term is 9 days. A
 * school with a two-week October half term would see a term end there too.
 */
export const TERM_GAP_DAYS = 13;

/** Bits of `SchoolCalendar.periodEnds`. */
export const END_OF_SCHOOL_WEEK = 1;
export const END_OF_HALF_TERM = 2;
export const END_OF_TERM = 4;
export const END_OF_SCHOOL_YEAR = 8;

export interface CalendarOptions {
  /**
   * What follows the last school day of the register.
   * - omitted: nothing; the register is the whole story (a simulation over a year's file), so its last day ends
   *   the school week, the half term, the term and the school year;
   * - a date (`YYYY-MM-DD`): the next school day in the school's term dates (a live school), so the day close
   *   knows whether a weekend, a half term or a holiday follows;
   * - `"unknown"`: the register goes on but no term dates say how. The last day ends its school week only if it
   *   is a Friday, and ends no half term, term or year (those need the school's term dates).
   */
  readonly after?: string;
}

export interface SchoolCalendar {
  /** School days as `YYYY-MM-DD`, ascending. Index in this array is the school-day index. */
  readonly days: readonly string[];
  readonly epochDays: Int32Array;
  /** School-week index of each school day. */
  readonly weekOfDay: Int32Array;
  /** First school-day index of each school week. */
  readonly weekFirstDay: Int32Array;
  /** Monday (epoch day) of each school week. */
  readonly weekMonday: Int32Array;
  /** First school-day index of the half term each school day falls in (a half term: school days between breaks). */
  readonly halfTermFirstDay: Int32Array;
  /** First school-day index of the term each school day falls in (terms end at breaks of over `TERM_GAP_DAYS`). */
  readonly termFirstDay: Int32Array;
  /** First school-day index of the school year each school day falls in (a school year starts on 1 August). */
  readonly schoolYearFirstDay: Int32Array;
  /** For each school day, which periods it is the last school day of: `END_OF_SCHOOL_WEEK` | `END_OF_HALF_TERM`… */
  readonly periodEnds: Uint8Array;
  /** School-day index of `date`, or -1 when it is not a school day. */
  indexOf(date: string): number;
  /** Index of the last school day on or before `date`, or -1 when there is none. */
  lastDayOnOrBefore(date: string): number;
  /**
   * First school-day index of the window of the last `weeks` school weeks ending with the school week of
   * day `dayIndex` (that week, even when partial, counts as one).
   */
  windowStart(dayIndex: number, weeks: number): number;
}

export function createSchoolCalendar(dates: Iterable<string>, options: CalendarOptions = {}): SchoolCalendar {
  const unique = [...new Set(dates)].map(toEpochDay).sort((a, b) => a - b);
  const epochDays = Int32Array.from(unique);
  const days = unique.map(fromEpochDay);
  const weekOfDay = new Int32Array(epochDays.length);
  const weekFirst: number[] = [];
  const weekMondays: number[] = [];
  let lastMonday = Number.NaN;
  for (let i = 0; i < epochDays.length; i++) {
    const monday = mondayOf(epochDays[i]!);
    if (monday !== lastMonday) {
      weekFirst.push(i);
      weekMondays.push(monday);
      lastMonday = monday;
    }
    weekOfDay[i] = weekFirst.length - 1;
  }
  const weekFirstDay = Int32Array.from(weekFirst);
  const weekMonday = Int32Array.from(weekMondays);
  const indexByDate = new Map(days.map((d, i) => [d, i]));
  const { halfTermFirstDay, termFirstDay, schoolYearFirstDay, periodEnds } = periodsOf(epochDays, days, options);

  function lastDayOnOrBeforeEpoch(epochDay: number): number {
    let lo = 0;
    let hi = epochDays.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (epochDays[mid]! <= epochDay) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  return {
    days,
    epochDays,
    weekOfDay,
    weekFirstDay,
    weekMonday,
    halfTermFirstDay,
    termFirstDay,
    schoolYearFirstDay,
    periodEnds,
    indexOf: (date) => indexByDate.get(date) ?? -1,
    lastDayOnOrBefore: (date) => lastDayOnOrBeforeEpoch(toEpochDay(date)),
    windowStart(dayIndex, weeks) {
      const week = weekOfDay[dayIndex]!;
      const firstWeek = Math.max(0, week - weeks + 1);
      return weekFirstDay[firstWeek]!;
    },
  };
}

/** 1 August starts a school year: the school year (its first calendar year) of an ISO date. */
function schoolYearOfDate(isoDate: string): number {
  const year = Number(isoDate.slice(0, 4));
  return Number(isoDate.slice(5, 7)) >= 8 ? year : year - 1;
}

function periodsOf(epochDays: Int32Array, days: readonly string[], options: CalendarOptions) {
  const n = epochDays.length;
  const halfTermFirstDay = new Int32Array(n);
  const termFirstDay = new Int32Array(n);
  const schoolYearFirstDay = new Int32Array(n);
  const periodEnds = new Uint8Array(n);
  /** Which periods end between a school day and the next one (`next` an epoch day). */
  const endsBetween = (d: number, next: number, nextDate: string): number => {
    const gap = next - epochDays[d]!;
    let ends = mondayOf(next) !== mondayOf(epochDays[d]!) ? END_OF_SCHOOL_WEEK : 0;
    const newYear = schoolYearOfDate(nextDate) !== schoolYearOfDate(days[d]!);
    if (gap > HOLIDAY_GAP_DAYS || newYear) ends |= END_OF_HALF_TERM;
    if (gap > TERM_GAP_DAYS || newYear) ends |= END_OF_TERM;
    if (newYear) ends |= END_OF_SCHOOL_YEAR;
    return ends;
  };
  for (let d = 0; d < n; d++) {
    if (d + 1 < n) periodEnds[d] = endsBetween(d, epochDays[d + 1]!, days[d + 1]!);
    const endedBefore = d === 0 ? END_OF_HALF_TERM | END_OF_TERM : periodEnds[d - 1]!;
    halfTermFirstDay[d] = endedBefore & END_OF_HALF_TERM ? d : halfTermFirstDay[d - 1]!;
    termFirstDay[d] = endedBefore & END_OF_TERM ? d : termFirstDay[d - 1]!;
    const newYear = d === 0 || schoolYearOfDate(days[d]!) !== schoolYearOfDate(days[d - 1]!);
    schoolYearFirstDay[d] = newYear ? d : schoolYearFirstDay[d - 1]!;
  }
  if (n > 0) {
    const last = n - 1;
    const after = options.after;
    if (after === undefined) periodEnds[last] = END_OF_SCHOOL_WEEK | END_OF_HALF_TERM | END_OF_TERM | END_OF_SCHOOL_YEAR;
    else if (after === "unknown") periodEnds[last] = weekdayOf(epochDays[last]!) >= 4 ? END_OF_SCHOOL_WEEK : 0;
    else {
      const next = parseIsoDate(after);
      if (next === undefined || next <= epochDays[last]!) throw new Error(`the next school day (${after}) must be a date after ${days[last]}`);
      periodEnds[last] = endsBetween(last, next, after);
    }
  }
  return { halfTermFirstDay, termFirstDay, schoolYearFirstDay, periodEnds };
}
