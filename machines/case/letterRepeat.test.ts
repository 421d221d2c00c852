import { describe, expect, it } from "vitest";
import { compilePolicy } from "../policy/compilePolicy.ts";
import type { PolicyInput } from "../policy/schema.ts";
import { PRESETS } from "../presets/index.ts";
import { hoverAt, simulateBothWays } from "../../test/support/presetScenario.ts";
import { patternRegister, weekdays } from "../../test/support/registerBuilder.ts";

/**
 * No nagging (issue 12): the same concern letter is not raised for the same pupil again within the policy's
 * repeat period (20 school days unless it says otherwise), whatever the bands do. Pupils hover at each preset's
 * band edges, so the ladder moves them up and down; the control turns the repeat period off and finds the letters
 * the rule holds back.
 */
const DAYS = weekdays("2024-09-02", 190, [["2024-10-28", "2024-11-01"], ["2024-12-23", "2025-01-03"], ["2025-02-17", "2025-02-21"]]);
const EDGES = [97, 96, 95, 94, 92, 91, 90, 88, 85, 80];
const register = patternRegister(
  DAYS,
  Object.fromEntries(EDGES.map((pct) => [`H${pct}`, hoverAt(pct, DAYS.length, { from: 15 })])),
);

/** The shortest gap, in school days, between two raisings of the same concern letter for the same pupil. */
function shortestRepeat(policy: PolicyInput): number {
  const compiled = compilePolicy(policy);
  const concern = new Set([...compiled.letterKinds].filter(([, kind]) => kind === "concern" || kind === "legal-warning").map(([id]) => id));
  let shortest = Infinity;
  for (const r of simulateBothWays(compiled, register)) {
    const last = new Map<string, number>();
    for (const t of r.tasks) {
      if (t.kind !== "letter" || !concern.has(t.template!)) continue;
      const d = DAYS.indexOf(t.date);
      const before = last.get(t.template!);
      if (before !== undefined) shortest = Math.min(shortest, d - before);
      last.set(t.template!, d);
    }
  }
  return shortest;
}

describe("a concern letter is not raised again within the repeat period, under every preset", () => {
  let heldSomewhere = false;
  for (const [id, preset] of Object.entries(PRESETS)) {
    it(`${id}: never the same concern letter within 20 school days`, () => {
      expect(shortestRepeat(preset)).toBeGreaterThanOrEqual(20);
      if (shortestRepeat({ ...preset, letterRepeatSchoolDays: 0 }) < 20) heldSomewhere = true;
    });
  }
  it("control: with the repeat period off, some preset does write again within 20 school days (the rule is not vacuous)", () => {
    expect(heldSomewhere).toBe(true);
  });

  it("a policy can lengthen the period", () => {
    expect(shortestRepeat({ ...PRESETS.halsnead!, letterRepeatSchoolDays: 40 })).toBeGreaterThanOrEqual(40);
  });
});
