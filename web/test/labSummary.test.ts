import { describe, expect, it } from "vitest";
import { simulateCohort } from "../../machines/case/simulate.ts";
import { compilePolicy } from "../../machines/policy/compilePolicy.ts";
import { PRESETS } from "../../machines/presets/index.ts";
import { PRESENT, patternRegister, weekdays } from "../../test/support/registerBuilder.ts";
import { schoolDaysInStages, stagesOnDay, summarise } from "../src/lab/summary.ts";

const DAYS = weekdays("2024-09-02", 120, [["2024-10-28", "2024-11-01"], ["2024-12-23", "2025-01-03"]]);
const register = patternRegister(DAYS, {
  A: (d) => (d >= 20 && d % 2 === 0 ? ["I", "I"] : PRESENT),
  B: (d) => (d >= 30 && d % 5 === 0 ? ["O", "O"] : PRESENT),
  C: () => PRESENT,
  D: (d) => (d >= 19 && d < 21 ? ["I", "I"] : PRESENT),
});
const results = simulateCohort(compilePolicy(PRESETS["all-saints"]!), register);

describe("the policy lab's day-by-day figures", () => {
  it("on the last day, the cases by stage are where the simulation ended", () => {
    expect(stagesOnDay(results, DAYS.at(-1)!)).toEqual(summarise(results).byStage);
  });

  it("before the first move, every case is in Expect; after a move, the case is counted in its new stage", () => {
    expect(stagesOnDay(results, "2024-08-30").expect).toBe(4);
    const firstMove = results.flatMap((r) => r.transitions).sort((a, b) => a.date.localeCompare(b.date))[0]!;
    const on = stagesOnDay(results, firstMove.date);
    expect(on[firstMove.to.split(".")[0]!]).toBeGreaterThanOrEqual(1);
    expect(Object.values(on).reduce((a, b) => a + b, 0)).toBe(4);
  });

  it("counts every case's every school day in exactly one stage", () => {
    const days = schoolDaysInStages(results, DAYS);
    expect(Object.values(days).reduce((a, b) => a + b, 0)).toBe(4 * DAYS.length);
    expect(days.formalise).toBeGreaterThan(0);
    const steady = schoolDaysInStages(results.filter((r) => r.upn === "C"), DAYS);
    expect(steady.expect).toBe(DAYS.length);
  });
});
