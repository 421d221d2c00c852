import { describe, expect, it } from "vitest";
import { createSchoolCalendar } from "./calendar.ts";
import { weekdaysBetween } from "../../test/support/dayTokens.ts";

// Autumn 2024: term from Monday 2 September, half-term 28 October to 1 November, term again to 20 December.
const autumn = createSchoolCalendar(weekdaysBetween("2024-09-02", "2024-12-20", [["2024-10-28", "2024-11-01"]]));

describe("school calendar", () => {
  it("has the school days in order, de-duplicated, whatever order they were given in", () => {
    const cal = createSchoolCalendar(["2024-09-04", "2024-09-02", "2024-09-03", "2024-09-02"]);
    expect(cal.days).toEqual(["2024-09-02", "2024-09-03", "2024-09-04"]);
    expect(cal.indexOf("2024-09-03")).toBe(1);
    expect(cal.indexOf("2024-09-07")).toBe(-1);
  });

  it("does not count a half-term week as a school week", () => {
    // 8 weeks before half-term (2 Sep .. 25 Oct), then 7 weeks after (4 Nov .. 20 Dec): 15 school weeks
    // across 16 calendar weeks.
    expect(autumn.weekMonday.length).toBe(15);
    const lastBefore = autumn.indexOf("2024-10-25");
    const firstAfter = autumn.indexOf("2024-11-04");
    expect(firstAfter).toBe(lastBefore + 1);
    expect(autumn.weekOfDay[firstAfter]).toBe(autumn.weekOfDay[lastBefore]! + 1);
    expect(autumn.indexOf("2024-10-30")).toBe(-1);
  });

  it("indexes school weeks from 0, Monday to Sunday", () => {
    expect(autumn.weekOfDay[autumn.indexOf("2024-09-02")]).toBe(0);
    expect(autumn.weekOfDay[autumn.indexOf("2024-09-06")]).toBe(0);
    expect(autumn.weekOfDay[autumn.indexOf("2024-09-09")]).toBe(1);
    expect(autumn.weekOfDay[autumn.indexOf("2024-10-25")]).toBe(7);
    expect(autumn.weekOfDay[autumn.indexOf("2024-11-04")]).toBe(8);
    expect(autumn.weekOfDay[autumn.indexOf("2024-12-20")]).toBe(14);
    expect(autumn.weekFirstDay[8]).toBe(autumn.indexOf("2024-11-04"));
  });

  it("starts a week on the first school day in it, even when that is not a Monday", () => {
    const cal = createSchoolCalendar(weekdaysBetween("2024-09-04", "2024-09-13"));
    expect(cal.weekFirstDay[0]).toBe(0); // Wednesday 4 September
    expect(cal.days[cal.weekFirstDay[1]!]).toBe("2024-09-09");
  });

  it("finds the last school day on or before a date", () => {
    expect(autumn.days[autumn.lastDayOnOrBefore("2024-10-25")]).toBe("2024-10-25");
    expect(autumn.days[autumn.lastDayOnOrBefore("2024-09-08")]).toBe("2024-09-06"); // a Sunday
    expect(autumn.days[autumn.lastDayOnOrBefore("2024-10-31")]).toBe("2024-10-25"); // in half-term
    expect(autumn.days[autumn.lastDayOnOrBefore("2025-03-01")]).toBe("2024-12-20"); // after the last day
    expect(autumn.lastDayOnOrBefore("2024-09-01")).toBe(-1); // before the first
  });

  it("starts a window of school weeks on the first day of the earliest week in it", () => {
    const friday = autumn.indexOf("2024-11-08"); // school week 8
    expect(autumn.days[autumn.windowStart(friday, 1)]).toBe("2024-11-04");
    expect(autumn.days[autumn.windowStart(friday, 2)]).toBe("2024-10-21"); // back over half-term
    expect(autumn.days[autumn.windowStart(friday, 9)]).toBe("2024-09-02");
    expect(autumn.days[autumn.windowStart(friday, 10)]).toBe("2024-09-02"); // clamped to the first week
    const wednesday = autumn.indexOf("2024-11-13"); // school week 9, part-way through
    expect(autumn.days[autumn.windowStart(wednesday, 2)]).toBe("2024-11-04");
  });
});
