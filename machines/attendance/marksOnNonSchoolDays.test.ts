import { describe, expect, it } from "vitest";
import { parseCalendarCsv } from "./calendarFile.ts";
import { formatProblem } from "./inputProblem.ts";
import { checkMarksAgainstCalendar, parseMarksCsv } from "./marksCsv.ts";
import { buildRegister } from "./register.ts";

const calendar = parseCalendarCsv(
  "start,end,type\n2024-09-02,2024-12-20,term\n2024-10-28,2024-11-01,closure\n",
  "calendar.csv",
).calendar!;

describe("marks against the school calendar", () => {
  const { rows } = parseMarksCsv(
    [
      "upn,date,session,mark",
      "A123456789012,2024-10-25,AM,/", // Friday, a school day
      "A123456789012,2024-10-28,AM,O", // half-term
      "A123456789012,2024-10-28,PM,#", // half-term, not a possible session: fine
      "A123456789012,2024-10-26,AM,/", // Saturday
      "A123456789012,2024-10-29,AM,Y4", // not counted: fine on any day
    ].join("\n"),
    "marks.csv",
  );

  it("rejects a possible-session mark on a day that is not a school day, naming the line", () => {
    expect(checkMarksAgainstCalendar(rows, calendar, "marks.csv").map(formatProblem)).toEqual([
      'marks.csv:3: date: 2024-10-28 (Monday) is not a school day in the calendar, but "O" counts as a possible session',
      'marks.csv:5: date: 2024-10-26 (Saturday) is not a school day in the calendar, but "/" counts as a possible session',
    ]);
  });

  it("finds nothing to report when every possible session is on a school day", () => {
    expect(checkMarksAgainstCalendar(rows.filter((r) => r.line === 2 || r.line === 4), calendar, "marks.csv")).toEqual([]);
  });

  it("lets the register count the calendar's school days, not the days with marks", () => {
    const register = buildRegister(rows.filter((r) => r.line === 2), calendar);
    expect(register.calendar.days).toHaveLength(calendar.days.length);
  });
});
