import { describe, expect, it } from "vitest";
import { compilePolicy } from "../policy/compilePolicy.ts";
import { computePupilSeries, metricsOnDay } from "../attendance/metrics.ts";
import { PRESENT, patternRegister, weekdays } from "../../test/support/registerBuilder.ts";
import { hoverAt, movesInto, simulateBothWays } from "../../test/support/presetScenario.ts";
import { dfe2024 } from "./dfe2024.ts";

const compiled = compilePolicy(dfe2024);
const DAYS = weekdays("2024-09-02", 120, [["2024-10-28", "2024-11-01"], ["2024-12-23", "2025-01-03"]]);

describe("dfe-2024: the national framework as the guidance defines it", () => {
  it('"Persistent absence: missing 10% or more of possible sessions": a pupil at exactly 90% is listened to, as the metrics count PA', () => {
    // Absent (unauthorised) one day in ten: 90% exactly on days 9 and 19, a little over 90% in between.
    const register = patternRegister(DAYS, { A: (d) => (d % 10 === 9 ? ["O", "O"] : PRESENT) });
    const [r] = simulateBothWays(compiled, register);
    const listen = r!.transitions.find((t) => t.to === "listen")!;
    expect(listen.rule).toBe("listen-persistent");
    expect(listen.date).toBe(DAYS[19]);
    const metrics = metricsOnDay(computePupilSeries(register.marks[0]!, register.calendar), register.calendar, 19);
    expect(metrics.attendancePct).toBe(90);
    expect(metrics.persistentAbsence).toBe(true);
    // The band the chart shows agrees: 90% is in the persistent-absence band.
    expect(compiled.policy.bands.find((b) => 90 >= b.min && 90 <= b.max)!.id).toBe("persistent");
  });

  it("a pupil hovering at the 95% watch line is not moved up and down by each day's wobble ($recoveredAtLeast: 95% + a one-point margin)", () => {
    const register = patternRegister(DAYS, { A: hoverAt(95, DAYS.length, { from: 10 }) });
    const [r] = simulateBothWays(compiled, register);
    expect(movesInto(r!.transitions, "monitor")).toBe(1);
    expect(r!.stage).toBe("monitor");
    // The control: without the margin (step down at 95%), the same pupil goes back and forth.
    const noMargin = compilePolicy({ ...dfe2024, parameters: { ...dfe2024.parameters, recoveredAtLeast: { ...dfe2024.parameters.recoveredAtLeast, value: 95 } } });
    const [wobbly] = simulateBothWays(noMargin, register);
    expect(movesInto(wobbly!.transitions, "monitor")).toBeGreaterThan(3);
  });

  it("a pupil who recovers past the margin steps back to Expect after the minimum stay in Monitor", () => {
    // One day off on day 10 (90.9%), then present: 96% on day 24.
    const register = patternRegister(DAYS, { A: (d) => (d === 10 ? ["I", "I"] : PRESENT) });
    const [r] = simulateBothWays(compiled, register);
    expect(r!.transitions.map((t) => t.to)).toEqual(["monitor", "expect"]);
    expect(r!.transitions.map((t) => DAYS.indexOf(t.date))).toEqual([10, 24]);
  });
});
