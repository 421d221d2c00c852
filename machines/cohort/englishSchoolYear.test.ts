import { describe, expect, it } from "vitest";
import { createSchoolCalendar } from "../attendance/calendar.ts";
import { parseCalendarCsv } from "../attendance/calendarFile.ts";
import { toEpochDay, weekdayOf } from "../attendance/schoolDate.ts";
import { easterSunday, englandBankHolidays, englishSchoolYear } from "./englishSchoolYear.ts";

describe("englishSchoolYear", () => {
  const year = englishSchoolYear(2024);

  it("has 190 school days from early September to late July, weekdays only", () => {
    expect(year.label).toBe("2024-25");
    expect(year.days).toHaveLength(190);
    expect(year.days[0]).toBe("2024-09-04"); // after two INSET days
    expect(year.days.at(-1)).toBe("2025-07-18");
    for (const d of year.days) expect(weekdayOf(toEpochDay(d))).toBeLessThan(5);
    expect([...year.days].sort()).toEqual(year.days);
  });

  it("has six half-terms with the usual holidays between them", () => {
    expect(year.terms.map((t) => [t.name, t.start, t.end])).toEqual([
      ["Autumn 1", "2024-09-02", "2024-10-25"],
      ["Autumn 2", "2024-11-04", "2024-12-20"],
      ["Spring 1", "2025-01-06", "2025-02-14"],
      ["Spring 2", "2025-02-24", "2025-04-11"],
      ["Summer 1", "2025-04-28", "2025-05-23"],
      ["Summer 2", "2025-06-02", "2025-07-21"],
    ]);
  });

  it("closes for five INSET days and the bank holidays that fall in term", () => {
    expect(year.closures.filter((c) => c.kind === "inset")).toHaveLength(5);
    expect(year.closures.filter((c) => c.kind === "bank-holiday").map((c) => c.date)).toEqual(["2025-05-05"]);
    for (const c of year.closures) expect(year.days).not.toContain(c.date);
  });

  it("works with createSchoolCalendar: half-terms and holidays are not school weeks", () => {
    const cal = createSchoolCalendar(year.days);
    expect(cal.days).toEqual(year.days);
    expect(cal.indexOf("2024-10-28")).toBe(-1); // half term
    expect(cal.weekMonday.length).toBe(39);
  });

  it("reads back from a calendar file of its terms and closures", () => {
    const csv = [
      "start,end,type,description",
      ...year.terms.map((t) => `${t.start},${t.end},term,${t.name}`),
      ...year.closures.map((c) => `${c.date},${c.date},closure,${c.description}`),
    ].join("\n");
    const read = parseCalendarCsv(csv, "calendar.csv");
    expect(read.problems).toEqual([]);
    expect(read.calendar!.days).toEqual(year.days);
  });

  it("gives about 190 days and sensible dates for other years", () => {
    for (let y = 2015; y <= 2035; y++) {
      const sy = englishSchoolYear(y);
      expect(sy.days).toHaveLength(190);
      expect(sy.days[0]! >= `${y}-09-01` && sy.days[0]! <= `${y}-09-08`).toBe(true);
      expect(sy.days.at(-1)! >= `${y + 1}-07-14` && sy.days.at(-1)! <= `${y + 1}-07-25`).toBe(true);
      expect(sy.terms).toHaveLength(6);
    }
  });

  it("keeps only the first N days when asked", () => {
    const short = englishSchoolYear(2024, { days: 45 });
    expect(short.days).toEqual(year.days.slice(0, 45));
    expect(short.terms.map((t) => t.name)).toEqual(["Autumn 1", "Autumn 2"]);
    expect(short.terms.at(-1)!.end).toBe(short.days.at(-1));
    expect(() => englishSchoolYear(2024, { days: 0 })).toThrow(RangeError);
    expect(() => englishSchoolYear(2024, { days: 191 })).toThrow(RangeError);
  });

  it("knows Easter and the bank holidays", () => {
    expect(easterSunday(2025)).toBe(toEpochDay("2025-04-20"));
    expect(easterSunday(2024)).toBe(toEpochDay("2024-03-31"));
    expect(easterSunday(2038)).toBe(toEpochDay("2038-04-25"));
    const names = (y: number) => [...englandBankHolidays(y).keys()].sort((a, b) => a - b).length;
    expect(names(2025)).toBe(8);
    expect(englandBankHolidays(2023).get(toEpochDay("2023-05-08"))).toMatch(/Coronation/);
    expect(englandBankHolidays(2022).has(toEpochDay("2022-12-27"))).toBe(true); // Christmas on a Sunday
  });
});
