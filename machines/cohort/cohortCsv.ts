import type { Pupil } from "../attendance/pupilsCsv.ts";
import type { SchoolYear } from "./englishSchoolYear.ts";
import { cohortMarkRows, type CompactCohort } from "./generateCohort.ts";

/**
 * The cohort as the three CSV files the import reads (pupils, marks, calendar), line by line so that a large
 * cohort can be streamed to disk. Pure: the script in scripts/generateCohort.ts does the writing.
 */

export const PUPILS_CSV_HEADER =
  "upn,forename,surname,year_group,date_of_birth,sex,pupil_premium,send,eal,social_worker,looked_after,young_carer,class";
export const MARKS_CSV_HEADER = "upn,date,session,mark";
export const CALENDAR_CSV_HEADER = "start,end,type,description";

export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

const flag = (b: boolean) => (b ? "Y" : "N");

export function pupilCsvRow(p: Pupil): string {
  return [
    p.upn,
    p.forename,
    p.surname,
    p.yearGroup,
    p.dateOfBirth ?? "",
    p.sex ?? "",
    flag(p.pupilPremium),
    flag(p.send),
    flag(p.eal),
    flag(p.socialWorker),
    flag(p.lookedAfter),
    flag(p.youngCarer),
    p.class ?? "",
  ]
    .map(csvField)
    .join(",");
}

/** Header then one line per pupil, by year group (in `yearGroups` order), class, surname, forename, UPN. */
export function* pupilsCsvLines(pupils: readonly Pupil[], yearGroups?: readonly string[]): Generator<string> {
  const groups = yearGroups ?? [...new Set(pupils.map((p) => p.yearGroup))];
  const rank = (p: Pupil) => groups.indexOf(p.yearGroup);
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const sorted = [...pupils].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      cmp(a.class ?? "", b.class ?? "") ||
      cmp(a.surname, b.surname) ||
      cmp(a.forename, b.forename) ||
      cmp(a.upn, b.upn),
  );
  yield PUPILS_CSV_HEADER;
  for (const p of sorted) yield pupilCsvRow(p);
}

/** Header then one line per mark, sorted by date, session, UPN. */
export function* marksCsvLines(cohort: Pick<CompactCohort, "pupils" | "calendar" | "marksByPupil">): Generator<string> {
  yield MARKS_CSV_HEADER;
  for (const m of cohortMarkRows(cohort)) yield `${m.upn},${m.date},${m.session},${m.mark}`;
}

/**
 * Header then the half-terms as `term` rows (every Monday to Friday from start to end) and the bank holidays and
 * INSET days inside them as one-day `closure` rows, by date. Read back, they give exactly the school days.
 */
export function* calendarCsvLines(year: Pick<SchoolYear, "terms" | "closures">): Generator<string> {
  const rows = [
    ...year.terms.map((t) => ({ start: t.start, end: t.end, type: "term", description: t.name })),
    ...year.closures.map((c) => ({ start: c.date, end: c.date, type: "closure", description: c.description })),
  ].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.type === b.type ? 0 : a.type === "term" ? -1 : 1));
  yield CALENDAR_CSV_HEADER;
  for (const r of rows) yield [r.start, r.end, r.type, r.description].map(csvField).join(",");
}
