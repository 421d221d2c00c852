import type { SchoolCalendar } from "./calendar.ts";
import { checkCode, lookupCode } from "./codes.ts";
import { readCsvRows } from "./csvTable.ts";
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
 * What reading a marks file has learnt so far, for a file read a piece at a time (server/imports/readMarks.ts):
 * each UPN, date and code checked once for the whole file, and the row kept for each pupil-session, so a
 * session repeated in a later piece is found as in one read. Made by `startMarksFile`.
 */
export interface MarksFileSoFar {
  readonly upnIds: Map<string, { id: number; problem: string | undefined }>;
  /** -1: not a date. */
  readonly dateIds: Map<string, number>;
  readonly codeChecked: Map<string, string | undefined>;
  /** By 2 × date id + session: UPN id → index in rows. */
  readonly kept: Map<number, number>[];
  /** Every row kept so far, in file order. */
  readonly rows: MarkRow[];
}

export function startMarksFile(): MarksFileSoFar {
  return { upnIds: new Map(), dateIds: new Map(), codeChecked: new Map(), kept: [], rows: [] };
}

/**
 * Reads a marks file (`upn,date,session,mark`). A pupil-session repeated with the same mark is harmless and kept
 * once; repeated with a different mark it is an error naming both lines. UPNs are checked by `validateUpn` when
 * given (the CLI and the import pass it), so a register can also be read without UPN rules in the policy lab.
 *
 * A large file can be read a piece at a time: each piece as `header + lines`, with `soFar` (from
 * `startMarksFile`) carried from piece to piece and `lineShift` the number of the file's lines before the
 * piece's first, less one (the header). The rows returned are then every row kept so far; the problems, the
 * piece's own (lines numbered in the file).
 */
export function parseMarksCsv(
  text: string,
  file: string,
  options: { validateUpn?: (upn: string) => string | undefined; soFar?: MarksFileSoFar; lineShift?: number } = {},
): MarksFile {
  const table = readCsvRows(text, file, MARKS_COLUMNS);
  const shift = options.lineShift ?? 0;
  // The header is line 1 of every piece and of the file.
  const problems = shift === 0 ? [...table.problems] : table.problems.map((p) => (p.line <= 1 ? p : { ...p, line: p.line + shift }));
  const soFar = options.soFar ?? startMarksFile();
  const { upnIds, dateIds, codeChecked, kept, rows } = soFar;
  if (table.records.length === 0) return { rows, problems };
  // A column named twice: the last one counts (as in readCsvTable's records).
  const [upnAt, dateAt, sessionAt, markAt] = MARKS_COLUMNS.map((c) => table.header.lastIndexOf(c)) as [number, number, number, number];
  // A register repeats each UPN, date and code hundreds of times: check each once, and number UPNs and dates so
  // that a pupil-session is found by numbers (the row kept for it, by date and session, then by UPN).
  for (let r = 0; r < table.records.length; r++) {
    const record = table.records[r]!;
    const line = table.lines[r]! + shift;
    const upn = record[upnAt]!;
    const date = record[dateAt]!;
    const rawSession = record[sessionAt]!;
    const mark = record[markAt]!;
    const session = rawSession === "AM" || rawSession === "PM" ? rawSession : rawSession.toUpperCase();
    const before = problems.length;
    let upnId = upnIds.get(upn);
    if (upnId === undefined) {
      upnIds.set(upn, (upnId = { id: upnIds.size, problem: upn === "" ? "UPN is empty" : options.validateUpn?.(upn) }));
    }
    if (upnId.problem) problems.push({ file, line, field: "upn", message: upnId.problem });
    let dateId = dateIds.get(date);
    if (dateId === undefined) dateIds.set(date, (dateId = parseIsoDate(date) === undefined ? -1 : dateIds.size));
    if (dateId < 0) problems.push({ file, line, field: "date", message: `"${date}" is not a date in the form YYYY-MM-DD` });
    if (session !== "AM" && session !== "PM") {
      problems.push({ file, line, field: "session", message: `"${rawSession}" is not a session; use AM or PM` });
    }
    let codeProblem = codeChecked.get(mark);
    if (codeProblem === undefined && !codeChecked.has(mark)) {
      const code = checkCode(mark);
      codeChecked.set(mark, (codeProblem = code.ok ? undefined : code.message));
    }
    if (codeProblem !== undefined) problems.push({ file, line, field: "mark", message: codeProblem });
    if (problems.length > before) continue;

    const slot = 2 * dateId + (session === "AM" ? 0 : 1);
    let bySession = kept[slot];
    if (!bySession) kept[slot] = bySession = new Map();
    const earlierAt = bySession.get(upnId.id);
    if (earlierAt !== undefined) {
      const earlier = rows[earlierAt]!;
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
    bySession.set(upnId.id, rows.length);
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
