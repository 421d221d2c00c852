import { describe, expect, it } from "vitest";
import { simulateCohort } from "../case/simulate.ts";
import { PRESENT, patternRegister, weekdays } from "../../test/support/registerBuilder.ts";
import { compilePolicy } from "./compilePolicy.ts";

const DAYS = weekdays("2024-09-02", 20);

/** A policy whose only rule is a daily rule reading a window of school weeks. */
const policy = {
  id: "daily-window",
  name: "Daily rule on a window",
  version: 1,
  source: { school: "Test", document: "test" },
  bands: [{ id: "all", label: "All", colour: "#888", min: 0, max: 100 }],
  stages: { expect: {}, monitor: {}, listen: {}, facilitate: {}, formalise: {}, enforce: {} },
  // Recognition: not held back by the repeat period of concern letters.
  letters: [{ id: "well-done", kind: "recognition" as const, title: "A full week in school", body: "Well done." }],
  daily: [
    {
      id: "full-week",
      when: { all: [{ calendar: "endOfSchoolWeek" }, { attendance: { atLeast: 100, overSchoolWeeks: 1 } }] },
      actions: [{ letter: "well-done", title: "A full week in school" }],
      reason: "r",
      seed: "s",
    },
    { id: "unauthorised-window", when: { unauthorisedSessions: { reaches: 2, inSchoolWeeks: 2 } }, actions: [{ task: "review", title: "2 unauthorised sessions in 2 weeks" }], reason: "r", seed: "s" },
  ],
};

describe("daily rules that read a window of school weeks", () => {
  it("have their windows computed: the rule can hold", () => {
    const compiled = compilePolicy(policy);
    expect(compiled.windows).toEqual([1, 2]);
    const register = patternRegister(DAYS, { A: (d) => (d === 7 ? ["O", "O"] : PRESENT) });
    for (const mode of ["sparse", "dense"] as const) {
      const [r] = simulateCohort(compiled, register, { mode });
      const days = (rule: string) => r!.tasks.filter((t) => t.rule === rule).map((t) => DAYS.indexOf(t.date));
      expect(days("full-week")).toEqual([4, 14, 19]); // not the Friday of the week with the absence
      expect(days("unauthorised-window")).toEqual([7, 8, 9, 10, 11, 12, 13, 14]); // until that week leaves the 2-week window
    }
  });
});
