/**
 * Small helpers for the attendance tests: school days from a date range, and one pupil's marks from a compact
 * string of day tokens.
 */
import { createSchoolCalendar, type SchoolCalendar } from "../../machines/attendance/calendar.ts";
import { computePupilSeries, metricsOnDay, type PupilMetrics } from "../../machines/attendance/metrics.ts";
import { buildRegister, type RegisterMark } from "../../machines/attendance/register.ts";
import { fromEpochDay, toEpochDay, weekdayOf } from "../../machines/attendance/schoolDate.ts";

/** Mondays to Fridays from `start` to `end` inclusive, leaving out any date inside the `except` ranges. */
export function weekdaysBetween(start: string, end: string, except: readonly [string, string][] = []): string[] {
  const out: string[] = [];
  for (let d = toEpochDay(start); d <= toEpochDay(end); d++) {
    if (weekdayOf(d) > 4) continue;
    if (except.some(([a, b]) => d >= toEpochDay(a) && d <= toEpochDay(b))) continue;
    out.push(fromEpochDay(d));
  }
  return out;
}

/**
 * One pupil's marks on consecutive school days: `tokens` is space-separated, one token per day, either
 * `AM,PM` (`I,/`) or a single code for both sessions (`O`); `-` leaves the day unmarked.
 */
export function tokenMarks(upn: string, days: readonly string[], tokens: string): RegisterMark[] {
  const list = tokens.trim().split(/\s+/);
  if (list.length > days.length) throw new RangeError(`${list.length} day tokens but only ${days.length} days`);
  const marks: RegisterMark[] = [];
  list.forEach((token, i) => {
    if (token === "-") return;
    const [am, pm = am] = token.split(",");
    marks.push({ upn, date: days[i]!, session: "AM", mark: am! });
    marks.push({ upn, date: days[i]!, session: "PM", mark: pm! });
  });
  return marks;
}

/** One pupil's figures as of every school day, on a calendar of the given days. */
export function dailyMetrics(days: readonly string[], tokens: string): { calendar: SchoolCalendar; byDay: PupilMetrics[] } {
  const calendar = createSchoolCalendar(days);
  const register = buildRegister(tokenMarks("P", days, tokens), calendar);
  // A pupil with no marks at all is not in the register: all sessions unmarked.
  const series = computePupilSeries(register.marks[0] ?? new Uint8Array(2 * calendar.days.length), calendar);
  return { calendar, byDay: calendar.days.map((_, d) => metricsOnDay(series, calendar, d)) };
}

/** One pupil's figures as of the last of the given school days. */
export function finalMetrics(days: readonly string[], tokens: string): PupilMetrics {
  const { byDay } = dailyMetrics(days, tokens);
  return byDay[byDay.length - 1]!;
}

/** `n` copies of a token, space-separated. */
export function repeat(token: string, n: number): string {
  return Array.from({ length: n }, () => token).join(" ");
}
