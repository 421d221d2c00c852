import { describe, expect, it } from "vitest";
import { parseCalendarCsv } from "../attendance/calendarFile.ts";
import { parseMarksCsv } from "../attendance/marksCsv.ts";
import { parsePupilsCsv } from "../attendance/pupilsCsv.ts";
import { buildRegister } from "../attendance/register.ts";
import { upnProblem } from "../attendance/upn.ts";
import { calendarCsvLines, marksCsvLines, pupilsCsvLines } from "./cohortCsv.ts";
import { DEFAULT_YEAR_GROUPS, generateCompactCohort, generateRegister } from "./generateCohort.ts";

describe("the cohort as CSV files", () => {
  const options = { seed: 4, pupils: 60 };
  const cohort = generateCompactCohort(options);
  const text = (lines: Iterable<string>) => [...lines].join("\n") + "\n";

  it("pupils.csv reads back to the same pupils, with valid UPNs", () => {
    const read = parsePupilsCsv(text(pupilsCsvLines(cohort.pupils, DEFAULT_YEAR_GROUPS)), "pupils.csv", { validateUpn: upnProblem });
    expect(read.problems).toEqual([]);
    const byUpn = (a: { upn: string }, b: { upn: string }) => (a.upn < b.upn ? -1 : 1);
    expect([...read.pupils].sort(byUpn)).toEqual([...cohort.pupils].sort(byUpn));
  });

  it("marks.csv and calendar.csv read back to the same register", () => {
    const calendar = parseCalendarCsv(text(calendarCsvLines(cohort.schoolYear)), "calendar.csv");
    expect(calendar.problems).toEqual([]);
    expect(calendar.calendar!.days).toEqual(cohort.calendar.days);
    const marks = parseMarksCsv(text(marksCsvLines(cohort)), "marks.csv", { validateUpn: upnProblem });
    expect(marks.problems).toEqual([]);
    const rebuilt = buildRegister(marks.rows, calendar.calendar);
    const direct = generateRegister(options);
    expect(rebuilt.upns).toEqual(direct.upns);
    for (let p = 0; p < direct.upns.length; p++) expect([...rebuilt.marks[p]!]).toEqual([...direct.marks[p]!]);
  });

  it("a short range gives a calendar file of just those days", () => {
    const short = generateCompactCohort({ seed: 4, pupils: 5, days: 37 });
    const calendar = parseCalendarCsv(text(calendarCsvLines(short.schoolYear)), "calendar.csv");
    expect(calendar.calendar!.days).toEqual(short.calendar.days);
  });
});
