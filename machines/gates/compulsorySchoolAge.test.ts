import { describe, expect, it } from "vitest";
import { createSchoolCalendar } from "../attendance/calendar.ts";
import { simulateCohort } from "../case/simulate.ts";
import { compilePolicy } from "../policy/compilePolicy.ts";
import { PRESETS } from "../presets/index.ts";
import { PRESENT, patternRegister, weekdays } from "../../test/support/registerBuilder.ts";
import { pupilBorn } from "../../test/support/legalStep.ts";
import { compulsoryAgeDays, compulsoryAgePeriod, isCompulsorySchoolAge } from "./compulsorySchoolAge.ts";

describe("compulsory school age (Education Act 1996 s8)", () => {
  it.each([
    // date of birth, first day of compulsory school age (the prescribed day on or after the fifth birthday)
    ["2019-09-01", "2024-12-31"],
    ["2019-12-31", "2024-12-31"], // the fifth birthday is itself a prescribed day
    ["2020-01-01", "2025-03-31"],
    ["2020-03-31", "2025-03-31"],
    ["2020-04-01", "2025-08-31"],
    ["2020-08-31", "2025-08-31"],
    ["2016-02-29", "2021-03-31"],
  ])("born %s: from %s", (dateOfBirth, from) => {
    expect(compulsoryAgePeriod({ dateOfBirth }, "2024-09-02").from).toBe(from);
  });

  it.each([
    // date of birth, last day: the last Friday in June of the school year in which they turn 16
    ["2009-09-01", "2026-06-26"], // turns 16 on 1 September 2025: school year 2025-26
    ["2010-08-31", "2026-06-26"], // turns 16 on 31 August 2026: the same school year
    ["2010-01-15", "2026-06-26"],
    ["2008-12-25", "2025-06-27"],
  ])("born %s: until %s", (dateOfBirth, to) => {
    expect(compulsoryAgePeriod({ dateOfBirth }, "2024-09-02").to).toBe(to);
  });

  it("without a date of birth the year group decides, and without either it is not known", () => {
    expect(isCompulsorySchoolAge("2025-01-10", { yearGroup: "R" })).toBe(false);
    expect(isCompulsorySchoolAge("2025-01-10", { yearGroup: "1" })).toBe(true);
    expect(isCompulsorySchoolAge("2025-06-27", { yearGroup: "11" })).toBe(true);
    expect(isCompulsorySchoolAge("2025-06-30", { yearGroup: "11" })).toBe(false);
    expect(isCompulsorySchoolAge("2025-01-10", { yearGroup: "12" })).toBe(false);
    expect(isCompulsorySchoolAge("2025-01-10", {})).toBeNull();
  });

  it("counts the school days from the first school day on or after the prescribed day", () => {
    const days = weekdays("2024-12-16", 15, [["2024-12-21", "2025-01-05"]]);
    const calendar = createSchoolCalendar(days);
    const age = compulsoryAgeDays({ dateOfBirth: "2019-10-10" }, calendar);
    expect(days[age.from]).toBe("2025-01-06");
    expect(age.to).toBe(days.length - 1);
  });
});

/**
 * Under every preset: only sessions on days of compulsory school age count toward the penalty-notice threshold.
 * The register: 8 unauthorised sessions (O) in the last weeks before Christmas, 4 more in January: the national
 * threshold (10 in 10 school weeks) is met on 13 January counting every day, never counting only January.
 */
const DAYS = weekdays("2024-11-04", 60, [["2024-12-21", "2025-01-05"], ["2025-02-17", "2025-02-21"]]);
const JAN_6 = DAYS.indexOf("2025-01-06");
const pattern = (d: number): [string, string] =>
  (d >= JAN_6 - 10 && d < JAN_6 - 6) || (d >= JAN_6 + 5 && d < JAN_6 + 7) ? ["O", "O"] : PRESENT;

describe("the 'consider a penalty notice' task counts only days of compulsory school age, under every preset", () => {
  for (const [id, preset] of Object.entries(PRESETS)) {
    const compiled = compilePolicy(preset, id);
    const penaltyTasks = (dateOfBirth: string, yearGroup: string) =>
      simulateCohort(compiled, patternRegister(DAYS, { A: pattern }), { pupils: new Map([["A", { ...pupilBorn(dateOfBirth, yearGroup), upn: "A" }]]) })[0]!.tasks.filter(
        (t) => t.kind === "penalty-notice",
      );

    it(`${id}: a child of compulsory school age since 31 December is not flagged in January for sessions missed in December`, () => {
      expect(penaltyTasks("2019-11-20", "R")).toEqual([]);
    });
    it(`${id}: a four-year-old in Reception gets no penalty-notice task`, () => {
      expect(penaltyTasks("2020-06-01", "R")).toEqual([]);
    });
    it(`${id}: control: a Year 4 pupil with the same register is flagged on the day the threshold is met (13 January)`, () => {
      const tasks = penaltyTasks("2015-06-01", "4");
      expect(tasks.map((t) => t.date)).toEqual(["2025-01-13"]);
      expect(tasks[0]!.title).toMatch(/^Consider a penalty notice: 10 unauthorised sessions of compulsory school age in 10 school weeks/);
    });
  }
});
