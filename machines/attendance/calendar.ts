import { fromEpochDay, mondayOf, toEpochDay } from "./schoolDate.ts";

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

export function createSchoolCalendar(dates: Iterable<string>): SchoolCalendar {
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
    indexOf: (date) => indexByDate.get(date) ?? -1,
    lastDayOnOrBefore: (date) => lastDayOnOrBeforeEpoch(toEpochDay(date)),
    windowStart(dayIndex, weeks) {
      const week = weekOfDay[dayIndex]!;
      const firstWeek = Math.max(0, week - weeks + 1);
      return weekFirstDay[firstWeek]!;
    },
  };
}
