import { createHash } from "node:crypto";
import { createSchoolCalendar } from "../../machines/attendance/calendar.ts";
import { lookupCode } from "../../machines/attendance/codes.ts";
import type { InputProblem } from "../../machines/attendance/inputProblem.ts";
import { type MarkRow, parseMarksCsv, startMarksFile } from "../../machines/attendance/marksCsv.ts";
import { toEpochDay, weekdayOf } from "../../machines/attendance/schoolDate.ts";
import { upnProblem } from "../../machines/attendance/upn.ts";
import { schoolYearOf } from "../../db/register.ts";
import { giveWayIfDue } from "./progress.ts";

/**
 * A marks file is parsed in pieces of about this much (well under a millisecond's work on a quiet machine);
 * the request loop is given back between pieces once a slice of time has run (`giveWayIfDue`).
 */
const CHUNK_BYTES = 32 * 1024;

/**
 * Reads a marks file as `parseMarksCsv` does (the same rows, the same problems with the same line numbers), a
 * piece at a time, giving the request loop back between pieces every few milliseconds of work: a school year's
 * file (550,000 rows, 17 MB) took the loop for most of a second in one go. Each piece is the header and a run of whole lines; a
 * pupil-session repeated across pieces is caught here as within one. A file with a quote character (a quoted
 * field may hold a line break) or a blank first line is read whole.
 */
export async function readMarksFile(text: string, file: string): Promise<{ rows: MarkRow[]; problems: InputProblem[] }> {
  const headerEnd = text.indexOf("\n");
  if (text.length <= 2 * CHUNK_BYTES || headerEnd <= 0 || text.includes('"') || text.slice(0, headerEnd).trim() === "") {
    return parseMarksCsv(text, file, { validateUpn: upnProblem });
  }
  const header = text.slice(0, headerEnd + 1);
  // Every UPN, date and code checked once for the file, and each pupil-session kept once across the pieces.
  const soFar = startMarksFile();
  const problems: InputProblem[] = [];
  const reported = new Set<string>();
  let start = headerEnd + 1;
  // The file's line number of the piece's first line (the header is line 1).
  let firstLine = 2;
  while (start < text.length) {
    let end = text.indexOf("\n", Math.min(text.length, start + CHUNK_BYTES));
    end = end < 0 ? text.length : end + 1;
    const piece = text.slice(start, end);
    // The piece's line n is the file's line firstLine + n - 2 (its line 1 is the header).
    const parsed = parseMarksCsv(header + piece, file, { validateUpn: upnProblem, soFar, lineShift: firstLine - 2 });
    for (const p of parsed.problems) {
      if (p.line <= 1) {
        const key = `${p.field}\u0000${p.message}`;
        if (reported.has(key)) continue; // a problem with the header comes with every piece
        reported.add(key);
      }
      problems.push(p);
    }
    for (let at = piece.indexOf("\n"); at >= 0; at = piece.indexOf("\n", at + 1)) firstLine++;
    start = end;
    await giveWayIfDue();
  }
  problems.sort((a, b) => a.line - b.line);
  return { rows: soFar.rows, problems };
}

/** SHA-256 (hex) of a text's UTF-8, in pieces of 256 KB, giving the request loop back every few milliseconds. */
export async function sha256OfText(text: string): Promise<string> {
  const hash = createHash("sha256");
  const step = 256 * 1024;
  for (let at = 0; at < text.length; ) {
    // Cutting between the halves of a surrogate pair would hash two replacement characters instead of the pair.
    let end = Math.min(text.length, at + step);
    if (end < text.length && /[\uD800-\uDBFF]/.test(text[end - 1]!)) end++;
    hash.update(text.slice(at, end));
    at = end;
    await giveWayIfDue();
  }
  return hash.digest("hex");
}

const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const;

/** What a marks file's dates are checked against (see `checkMarkDates`). */
export interface DateRules {
  /** Today (YYYY-MM-DD): no register is taken for a later day. */
  readonly today: string;
  /** The school days of the term dates in force, ascending; undefined when the school has uploaded none. */
  readonly termDays: readonly string[] | undefined;
  /** The school years (1 September's calendar year) the register already holds school days in. */
  readonly registerYears: readonly number[];
}

/**
 * Dates a marks file may not hold, each refused with its line (docs/register-files.md, *Dates the import
 * refuses*). A mark on the wrong day would otherwise become a school day and take every case's day close to
 * it, where nothing earlier could reach them again.
 *
 * - A mark that counts as a possible session (present, approved activity, any absence) dated after today.
 * - With term dates in force: any mark outside the school years they cover, and a possible mark on a day they
 *   do not plan as a school day (a weekend, a holiday, a closure).
 * - Without term dates: a possible mark on a Saturday or Sunday, and any mark outside the school years the
 *   register already holds, the one after its last, and today's and the one before it.
 *
 * Marks that do not count as possible sessions (`#`, `X`, `Y1`…) may be on any day within those years.
 */
export async function checkMarkDates(rows: readonly MarkRow[], file: string, rules: DateRules): Promise<InputProblem[]> {
  // Each date is judged once (a year's file has 190 dates and 550,000 rows); the rows then only look it up.
  type Verdict = { always?: string; possible?: string };
  const verdicts = new Map<string, Verdict>();
  const plan = rules.termDays && rules.termDays.length > 0 ? createSchoolCalendar(rules.termDays) : undefined;
  let years: { from: number; to: number; why: string };
  if (plan) {
    const first = plan.days[0]!;
    const last = plan.days[plan.days.length - 1]!;
    years = { from: schoolYearOf(first), to: schoolYearOf(last), why: `the term dates in force cover ${first} to ${last}; upload the term dates for that school year first` };
  } else {
    const known = [...rules.registerYears, schoolYearOf(rules.today), schoolYearOf(rules.today) - 1];
    const latestRegister = rules.registerYears.length > 0 ? Math.max(...rules.registerYears) + 1 : undefined;
    if (latestRegister !== undefined) known.push(latestRegister);
    years = { from: Math.min(...known), to: Math.max(...known), why: "no term dates are uploaded, and it is far from the register's school years and today's; upload the term dates for that school year first" };
  }
  const verdictOf = (date: string): Verdict => {
    let v = verdicts.get(date);
    if (v) return v;
    v = {};
    const year = schoolYearOf(date);
    const weekday = WEEKDAYS[weekdayOf(toEpochDay(date))]!;
    if (year < years.from || year > years.to) {
      v.always = `${date} is outside the school years this register can take: ${years.why}`;
    } else if (date > rules.today) {
      v.possible = `${date} has not come yet (today is ${rules.today}): a register cannot be taken for it`;
    } else if (plan) {
      if (plan.indexOf(date) < 0) v.possible = `${date} (${weekday}) is not a school day in the term dates in force`;
    } else if (weekday === "Saturday" || weekday === "Sunday") {
      v.possible = `${date} is a ${weekday}: not a school day (upload term dates to say which days are)`;
    }
    verdicts.set(date, v);
    return v;
  };
  const problems: InputProblem[] = [];
  const possible = new Map<string, boolean>();
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const v = verdictOf(row.date);
    if (v.always) problems.push({ file, line: row.line, field: "date", message: v.always });
    else if (v.possible) {
      let counts = possible.get(row.mark);
      if (counts === undefined) possible.set(row.mark, (counts = lookupCode(row.mark)?.countsAsPossible ?? false));
      if (counts) problems.push({ file, line: row.line, field: "date", message: `${v.possible}, but "${row.mark}" counts as a possible session` });
    }
    if ((i & 1023) === 1023) await giveWayIfDue();
  }
  return problems;
}
