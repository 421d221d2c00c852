import { describe, expect, it } from "vitest";
import { parseCalendarCsv } from "./calendarFile.ts";
import { formatProblem } from "./inputProblem.ts";

const AUTUMN = `start,end,type,description
2024-09-02,2024-12-20,term,Autumn term
2024-09-02,2024-09-03,closure,INSET days
2024-10-28,2024-11-01,closure,Half-term
`;

describe("reading a school calendar file", () => {
  it("makes every Monday to Friday of a term a school day, less the closures", () => {
    const { calendar, problems } = parseCalendarCsv(AUTUMN, "calendar.csv");
    expect(problems).toEqual([]);
    // 16 weeks × 5 days = 80, less 2 INSET days and 5 half-term days.
    expect(calendar!.days).toHaveLength(73);
    expect(calendar!.days[0]).toBe("2024-09-04");
    expect(calendar!.days.at(-1)).toBe("2024-12-20");
    expect(calendar!.indexOf("2024-09-07")).toBe(-1); // a Saturday
    expect(calendar!.indexOf("2024-10-30")).toBe(-1); // half-term
    expect(calendar!.weekMonday).toHaveLength(15); // the half-term week is not a school week
  });

  it("applies closures whatever the row order, and closures outside a term are harmless", () => {
    const reordered = `start,end,type\n2024-12-25,2024-12-26,closure\n2024-10-28,2024-11-01,Closure\n2024-09-02,2024-12-20,TERM\n2024-09-02,2024-09-03,closure\n`;
    const { calendar, problems } = parseCalendarCsv(reordered, "calendar.csv");
    expect(problems).toEqual([]);
    expect(calendar!.days).toEqual(parseCalendarCsv(AUTUMN, "c").calendar!.days);
  });

  it("joins several terms", () => {
    const { calendar } = parseCalendarCsv(`start,end,type\n2025-01-06,2025-01-10,term\n2024-12-16,2024-12-20,term\n`, "c.csv");
    expect(calendar!.days).toHaveLength(10);
    expect(calendar!.weekMonday).toHaveLength(2); // the two Christmas weeks are not school weeks
  });

  it("reports bad dates, an end before the start, and an unknown type: every problem", () => {
    const { calendar, problems } = parseCalendarCsv(
      [
        "start,end,type,description",
        "2024-09-02,2024-31-12,term,",
        "2024-10-28,2024-10-21,closure,half-term typed backwards",
        "2024-12-25,2024-12-25,holiday,",
        "2024-09-02,2042-07-20,term,year typed wrong",
      ].join("\n"),
      "calendar.csv",
    );
    expect(calendar).toBeUndefined();
    expect(problems.map(formatProblem)).toEqual([
      'calendar.csv:2: end: "2024-31-12" is not a date in the form YYYY-MM-DD',
      "calendar.csv:3: end: 2024-10-21 is before the start, 2024-10-28",
      'calendar.csv:4: type: "holiday" is not a type; use term or closure',
      "calendar.csv:5: end: 2024-09-02 to 2042-07-20 is longer than a year; check the years",
    ]);
  });

  it("reports a calendar with no school days", () => {
    expect(parseCalendarCsv(`start,end,type\n2024-12-23,2024-12-27,closure\n`, "c.csv").problems.map(formatProblem)).toEqual([
      "c.csv:1: type: the calendar has no term rows, so no school days",
    ]);
  });

  it("reports a missing column", () => {
    expect(parseCalendarCsv(`from,to,type\n`, "c.csv").problems[0]!.message).toMatch(/missing columns start, end/);
  });
});
