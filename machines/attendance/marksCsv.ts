import type { SchoolCalendar } from "./calendar.ts";
import { checkCode, lookupCode } from "./codes.ts";
import { readCsvTable } from "./csvTable.ts";
import type { InputProblem } from "./inputProblem.ts";
import { parseIsoDate, toEpochDay, weekdayOf } from "./schoolDate.ts";

export type Session = "AM" | "PM";

export interface MarkRow {
  readonly upn: string;
  readonly date: string;
  readonly session: Session;
  readonly mark: string;
  readonly line: number;
}

export interface MarksFile {
  readonly rows: MarkRow[];
  readonly problems: InputProblem[];
}

export const MARKS_COLUMNS = ["upn", "date", "session", "mark"] as const;

/**
 * Reads a marks file (`upn,date,session,mark`). A pupil-session repeated with the same mark is harmless and kept
 * once; repeated with a different mark it is an error naming both lines. UPNs are checked by `validateUpn` when
 * given (the CLI and the import pass it), so a register can also be read without UPN rules in the policy lab.
 */
export function parseMarksCsv(
  text: string,
  file: string,
  options: { validateUpn?: (upn: string) => string | undefined } = {},
): MarksFile {
  const table = readCsvTable(text, file, MARKS_COLUMNS);
  const problems = [...table.problems];
  const rows: MarkRow[] = [];
  const seen = new Map<string, { mark: string; line: number }>();
  // A register repeats each UPN and date hundreds of times; check each once.
  const upnChecked = new Map<string, string | undefined>();
  const checkUpn = (upn: string) => {
    if (!options.validateUpn) return undefined;
    if (!upnChecked.has(upn)) upnChecked.set(upn, options.validateUpn(upn));
    return upnChecked.get(upn);
  };
  const dateChecked = new Map<string, boolean>();
  const isDate = (date: string) => {
    let ok = dateChecked.get(date);
    if (ok === undefined) dateChecked.set(date, (ok = parseIsoDate(date) !== undefined));
    return ok;
  };
  for (const { line, values } of table.records) {
    const upn = values.upn!;
    const date = values.date!;
    const session = values.session!.toUpperCase();
    const mark = values.mark!;
    const before = problems.length;
    if (upn === "") problems.push({ file, line, field: "upn", message: "UPN is empty" });
    else {
      const upnProblem = checkUpn(upn);
      if (upnProblem) problems.push({ file, line, field: "upn", message: upnProblem });
    }
    if (!isDate(date)) {
      problems.push({ file, line, field: "date", message: `"${date}" is not a date in the form YYYY-MM-DD` });
    }
    if (session !== "AM" && session !== "PM") {
      problems.push({ file, line, field: "session", message: `"${values.session}" is not a session; use AM or PM` });
    }
    const code = checkCode(mark);
    if (!code.ok) problems.push({ file, line, field: "mark", message: code.message });
    if (problems.length > before) continue;

    const key = `${upn}|${date}|${session}`;
    const earlier = seen.get(key);
    if (earlier) {
      if (earlier.mark !== mark) {
        problems.push({
          file,
          line,
          field: "mark",
          message: `${upn} ${date} ${session} is marked "${mark}" here but "${earlier.mark}" on line ${earlier.line}`,
        });
      }
      continue;
    }
    seen.set(key, { mark, line });
    rows.push({ upn, date, session: session as Session, mark, line });
  }
  return { rows, problems };
}

const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const;

/**
 * With a school calendar, a mark that counts as a possible session (present, approved activity, any absence)
 * on a day that is not a school day is a problem: the school was closed, so the session cannot have been
 * possible. Marks that do not count (`#`, `X`, `Y1`…) are allowed on any day.
 */
export function checkMarksAgainstCalendar(
  rows: readonly MarkRow[],
  calendar: SchoolCalendar,
  file: string,
): InputProblem[] {
  const problems: InputProblem[] = [];
  for (const row of rows) {
    if (!lookupCode(row.mark)?.countsAsPossible || calendar.indexOf(row.date) >= 0) continue;
    problems.push({
      file,
      line: row.line,
      field: "date",
      message: `${row.date} (${WEEKDAYS[weekdayOf(toEpochDay(row.date))]}) is not a school day in the calendar, but "${row.mark}" counts as a possible session`,
    });
  }
  return problems;
}
