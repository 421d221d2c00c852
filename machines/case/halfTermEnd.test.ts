import { describe, expect, it } from "vitest";
import { computePupilSeries } from "../attendance/metrics.ts";
import { PRESENT, patternRegister, weekdays } from "../../test/support/registerBuilder.ts";
import { everyDay } from "../gates/compulsorySchoolAge.ts";
import { caseMetricsOnDay } from "./dayMetrics.ts";

// Autumn 2024 with October half term, and the early-May style long weekend: Monday 30 Sept closed.
const DAYS = weekdays("2024-09-02", 45, [["2024-09-30", "2024-09-30"], ["2024-10-28", "2024-11-01"]]);

describe("the end of a half term", () => {
  it("is the last school day before a half term or holiday, not before a long weekend", () => {
    const register = patternRegister(DAYS, { A: () => PRESENT });
    const series = computePupilSeries(register.marks[0]!, register.calendar);
    const endOfHalfTerm = (date: string) => caseMetricsOnDay(series, register.marks[0]!, register.calendar, DAYS.indexOf(date), [], everyDay(register.calendar)).endOfHalfTerm;
    expect(endOfHalfTerm("2024-09-27")).toBe(false); // Friday before the closed Monday: a long weekend
    expect(endOfHalfTerm("2024-10-25")).toBe(true); // Friday before October half term
    expect(endOfHalfTerm("2024-10-24")).toBe(false);
    expect(endOfHalfTerm(DAYS.at(-1)!)).toBe(true); // the last school day known
  });
});
