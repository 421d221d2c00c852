import { describe, expect, it } from "vitest";
import { englishSchoolYear } from "../cohort/englishSchoolYear.ts";
import { createSchoolCalendar, END_OF_HALF_TERM, END_OF_SCHOOL_WEEK, END_OF_SCHOOL_YEAR, END_OF_TERM, type SchoolCalendar } from "./calendar.ts";

const YEAR = englishSchoolYear(2024);
const endsOf = (calendar: SchoolCalendar, bit: number) => calendar.days.filter((_, d) => (calendar.periodEnds[d]! & bit) !== 0);
const through = (date: string) => YEAR.days.filter((d) => d <= date);

describe("the school year's periods", () => {
  const calendar = createSchoolCalendar(YEAR.days);

  it("a half term ends on the last school day before each of the six breaks", () => {
    expect(endsOf(calendar, END_OF_HALF_TERM)).toEqual(["2024-10-25", "2024-12-20", "2025-02-14", "2025-04-11", "2025-05-23", "2025-07-18"]);
  });

  it("a term ends before Christmas, Easter and the summer, not at a one-week half term", () => {
    expect(endsOf(calendar, END_OF_TERM)).toEqual(["2024-12-20", "2025-04-11", "2025-07-18"]);
    expect(endsOf(calendar, END_OF_SCHOOL_YEAR)).toEqual(["2025-07-18"]);
  });

  it("every week ends on its last school day, whether a Friday or before a closure", () => {
    const weekEnds = endsOf(calendar, END_OF_SCHOOL_WEEK);
    expect(weekEnds).toHaveLength(calendar.weekFirstDay.length);
    // Good Friday 2025 is in the Easter holiday; the May bank holiday Monday closes a Monday, not a Friday.
    expect(weekEnds).toContain("2024-10-25");
    expect(weekEnds.every((d, i) => i === weekEnds.length - 1 || calendar.weekOfDay[calendar.indexOf(d)] !== calendar.weekOfDay[calendar.indexOf(d) + 1])).toBe(true);
  });

  it("knows the first school day of each day's half term and term", () => {
    const firstOf = (date: string, starts: Int32Array) => calendar.days[starts[calendar.indexOf(date)]!];
    expect(firstOf("2024-11-20", calendar.halfTermFirstDay)).toBe("2024-11-04");
    expect(firstOf("2024-11-20", calendar.termFirstDay)).toBe("2024-09-04");
    expect(firstOf("2025-03-12", calendar.halfTermFirstDay)).toBe("2025-02-24");
    expect(firstOf("2025-03-12", calendar.termFirstDay)).toBe("2025-01-07"); // 6 January is an INSET day
    expect(firstOf("2025-07-18", calendar.termFirstDay)).toBe("2025-04-29"); // 28 April is an INSET day
  });
});

describe("the register's last day", () => {
  const lastEnds = (calendar: SchoolCalendar) => calendar.periodEnds[calendar.days.length - 1]!;

  it("ends everything when the register is the whole story", () => {
    expect(lastEnds(createSchoolCalendar(through("2024-10-23")))).toBe(END_OF_SCHOOL_WEEK | END_OF_HALF_TERM | END_OF_TERM | END_OF_SCHOOL_YEAR);
  });

  it("follows the school's term dates when the next school day is known", () => {
    expect(lastEnds(createSchoolCalendar(through("2024-10-23"), { after: "2024-10-24" }))).toBe(0);
    expect(lastEnds(createSchoolCalendar(through("2024-10-18"), { after: "2024-10-21" }))).toBe(END_OF_SCHOOL_WEEK);
    expect(lastEnds(createSchoolCalendar(through("2024-10-25"), { after: "2024-11-04" }))).toBe(END_OF_SCHOOL_WEEK | END_OF_HALF_TERM);
    expect(lastEnds(createSchoolCalendar(through("2024-12-20"), { after: "2025-01-06" }))).toBe(END_OF_SCHOOL_WEEK | END_OF_HALF_TERM | END_OF_TERM);
    expect(lastEnds(createSchoolCalendar(YEAR.days, { after: "2025-09-03" }))).toBe(END_OF_SCHOOL_WEEK | END_OF_HALF_TERM | END_OF_TERM | END_OF_SCHOOL_YEAR);
  });

  it("without term dates, ends only the week, and only on a Friday", () => {
    expect(lastEnds(createSchoolCalendar(through("2024-10-24"), { after: "unknown" }))).toBe(0);
    expect(lastEnds(createSchoolCalendar(through("2024-10-25"), { after: "unknown" }))).toBe(END_OF_SCHOOL_WEEK);
  });

  it("refuses a next school day that is not after the last", () => {
    expect(() => createSchoolCalendar(through("2024-10-25"), { after: "2024-10-25" })).toThrow(/must be a date after 2024-10-25/);
  });

  it("a register running into a new school year ends the old one at its last day", () => {
    const next = englishSchoolYear(2025).days.slice(0, 5);
    const calendar = createSchoolCalendar([...YEAR.days, ...next]);
    expect(endsOf(calendar, END_OF_SCHOOL_YEAR)).toEqual(["2025-07-18", next.at(-1)]);
    expect(calendar.days[calendar.termFirstDay[calendar.days.length - 1]!]).toBe(next[0]);
    expect(calendar.days[calendar.schoolYearFirstDay[calendar.days.length - 1]!]).toBe(next[0]);
    expect(calendar.days[calendar.schoolYearFirstDay[calendar.indexOf("2025-07-18")]!]).toBe(YEAR.days[0]);
  });
});
