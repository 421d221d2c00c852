import { createSchoolCalendar, type SchoolCalendar } from "./calendar.ts";
import { readCsvTable } from "./csvTable.ts";
import type { InputProblem } from "./inputProblem.ts";
import { fromEpochDay, parseIsoDate, weekdayOf } from "./schoolDate.ts";

export const CALENDAR_COLUMNS = ["start", "end", "type"] as const;

/** A term or closure longer than this is almost certainly a mistyped year. */
export const CALENDAR_MAX_RANGE_DAYS = 366;

export interface CalendarFile {
  /** Undefined when the file has problems. */
  readonly calendar?: SchoolCalendar;
  readonly problems: InputProblem[];
}

/**
 * Reads a school calendar file, `start,end,type[,description]`, one row per range of dates (inclusive):
 * `term` makes every Monday to Friday in the range a school day; `closure` removes every day in the range (INSET
 * days, bank holidays, half-terms written inside a term). Closures win over terms whatever the row order.
 */
export function parseCalendarCsv(text: string, file: string): CalendarFile {
  const table = readCsvTable(text, file, CALENDAR_COLUMNS);
  const problems = [...table.problems];
  const termDays = new Set<number>();
  const closedDays = new Set<number>();
  let terms = 0;
  for (const { line, values } of table.records) {
    const before = problems.length;
    const problem = (field: string, message: string) => problems.push({ file, line, field, message });
    const dateIn = (field: "start" | "end") => {
      const day = parseIsoDate(values[field]!);
      if (day === undefined) problem(field, `"${values[field]}" is not a date in the form YYYY-MM-DD`);
      return day;
    };
    const start = dateIn("start");
    const end = dateIn("end");
    const type = values.type!.toLowerCase();
    if (type !== "term" && type !== "closure") problem("type", `"${values.type}" is not a type; use term or closure`);
    if (start !== undefined && end !== undefined) {
      if (end < start) problem("end", `${values.end} is before the start, ${values.start}`);
      else if (end - start + 1 > CALENDAR_MAX_RANGE_DAYS) {
        problem("end", `${values.start} to ${values.end} is longer than a year; check the years`);
      }
    }
    if (problems.length > before) continue;
    if (type === "term") terms++;
    for (let day = start!; day <= end!; day++) {
      if (type === "closure") closedDays.add(day);
      else if (weekdayOf(day) < 5) termDays.add(day);
    }
  }
  if (problems.length > 0) return { problems };
  const schoolDays = [...termDays].filter((d) => !closedDays.has(d));
  if (schoolDays.length === 0) {
    problems.push({
      file,
      line: 1,
      field: "type",
      message: terms === 0 ? "the calendar has no term rows, so no school days" : "the closures remove every school day in the terms",
    });
    return { problems };
  }
  return { calendar: createSchoolCalendar(schoolDays.map(fromEpochDay)), problems };
}
