import { buildRegister, type Register } from "../../machines/attendance/register.ts";
import { createSchoolCalendar } from "../../machines/attendance/calendar.ts";
import { addDays, toEpochDay, weekdayOf } from "../../machines/attendance/schoolDate.ts";

/** Weekdays from `start`, skipping the given closed ranges: a small school calendar for scenario tests. */
export function weekdays(start: string, count: number, closed: [string, string][] = []): string[] {
  const out: string[] = [];
  let date = start;
  while (out.length < count) {
    const day = toEpochDay(date);
    const isClosed = closed.some(([a, b]) => date >= a && date <= b);
    if (weekdayOf(day) < 5 && !isClosed) out.push(date);
    date = addDays(date, 1);
  }
  return out;
}

/**
 * Builds a register from a per-day pattern: for each pupil, a function from school-day index to the day's
 * [AM, PM] marks. Everything is synthetic.
 */
export function patternRegister(days: string[], pupils: Record<string, (d: number) => [string, string]>): Register {
  const marks = Object.entries(pupils).flatMap(([upn, pattern]) =>
    days.flatMap((date, d) => {
      const [am, pm] = pattern(d);
      return [
        { upn, date, session: "AM" as const, mark: am },
        { upn, date, session: "PM" as const, mark: pm },
      ];
    }),
  );
  return buildRegister(marks, createSchoolCalendar(days));
}

export const PRESENT: [string, string] = ["/", "\\"];
