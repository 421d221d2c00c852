import { describe, expect, it } from "vitest";
import { compilePolicy } from "../policy/compilePolicy.ts";
import type { PolicyInput } from "../policy/schema.ts";
import { PRESETS } from "../presets/index.ts";
import { PRESENT, patternRegister, weekdays } from "../../test/support/registerBuilder.ts";
import { simulateCohort, type ScriptedEvent } from "./simulate.ts";
import type { CasePupil } from "./types.ts";

const DAYS = weekdays("2024-09-02", 100, [["2024-10-28", "2024-11-01"]]);
const pupil = (upn: string, extra: Partial<CasePupil> = {}): CasePupil => ({
  upn, yearGroup: "4", socialWorker: false, lookedAfter: false, send: false, pupilPremium: false, youngCarer: false, eal: false, ...extra,
});

/** A policy that tries to go straight from Expect to Enforce: the statutory gates must hold it back. */
const straightToEnforce: PolicyInput = {
  id: "straight-to-enforce",
  name: "Test: straight to enforce",
  version: 1,
  source: { school: "Test", document: "test" },
  bands: [{ id: "all", label: "All", colour: "#888", min: 0, max: 100 }],
  stages: {
    expect: { rules: [
      { id: "enforce-now", on: "schoolDayClosed", to: "enforce", when: { penaltyThreshold: "met" }, reason: "threshold", seed: "test" },
      { id: "support", on: "supportOffered", to: "facilitate", reason: "support", seed: "test" },
    ] },
    monitor: {},
    listen: {},
    facilitate: { rules: [{ id: "facilitate-enforce", on: "schoolDayClosed", to: "enforce", when: { penaltyThreshold: "met" }, reason: "threshold", seed: "test" }] },
    formalise: {},
    enforce: { rules: [{ id: "back", on: "schoolDayClosed", to: "expect", when: { attendance: { atLeast: 99 } }, reason: "back", seed: "test" }] },
  },
};

describe("statutory baselines, in every preset", () => {
  for (const [id, preset] of Object.entries(PRESETS)) {
    const compiled = compilePolicy(preset, id);
    it(`${id}: a first-day call on the date of any N session`, () => {
      const register = patternRegister(DAYS, { A: (d) => (d === 30 ? ["N", "\\"] : d === 31 ? ["/", "N"] : PRESENT) });
      const [r] = simulateCohort(compiled, register);
      expect(r!.tasks.filter((t) => t.kind === "first-day-call" && t.rule === "statutory:first-day-call").map((t) => t.date)).toEqual([DAYS[30], DAYS[31]]);
    });
    it(`${id}: tell the social worker on the date of any N or O (any unexplained or unauthorised absence), only for a pupil with one`, () => {
      const register = patternRegister(DAYS, { A: (d) => (d === 40 ? ["O", "O"] : d === 41 ? ["N", "\\"] : PRESENT), B: (d) => (d === 40 ? ["O", "O"] : PRESENT) });
      const [a, b] = simulateCohort(compiled, register, { pupils: new Map([["A", pupil("A", { socialWorker: true })], ["B", pupil("B")]]) });
      expect(a!.tasks.filter((t) => t.rule === "statutory:social-worker").map((t) => t.date)).toEqual([DAYS[40], DAYS[41]]);
      expect(b!.tasks.filter((t) => t.rule === "statutory:social-worker")).toEqual([]);
    });
    it(`${id}: a looked-after child's unexplained or unauthorised absence: the Virtual School and the social worker the same day; not for other pupils`, () => {
      const register = patternRegister(DAYS, { A: (d) => (d === 40 ? ["N", "N"] : d === 45 ? ["/", "G"] : d === 50 ? ["I", "I"] : PRESENT), B: (d) => (d === 40 ? ["N", "N"] : PRESENT) });
      const [a, b] = simulateCohort(compiled, register, { pupils: new Map([["A", pupil("A", { lookedAfter: true })], ["B", pupil("B")]]) });
      const told = a!.tasks.filter((t) => t.rule === "statutory:looked-after");
      expect(told.map((t) => [t.date, t.title, t.dueInSchoolDays])).toEqual([
        [DAYS[40], "Tell the Virtual School and the social worker today: unexplained absence (N)", 0],
        [DAYS[45], "Tell the Virtual School and the social worker today: unauthorised absence (G)", 0],
      ]);
      expect(b!.tasks.filter((t) => t.kind === "notification")).toEqual([]);
    });
    it(`${id}: consider a penalty notice when the threshold is first met, and again when met afresh`, () => {
      // 10 unauthorised sessions on days 10..14, then good attendance for over 10 school weeks, then 10 more.
      const register = patternRegister(DAYS, { A: (d) => ((d >= 10 && d < 15) || (d >= 80 && d < 85) ? ["O", "O"] : PRESENT) });
      const [r] = simulateCohort(compiled, register);
      expect(r!.tasks.filter((t) => t.kind === "penalty-notice" && t.rule === "statutory:penalty-threshold").map((t) => t.date)).toEqual([DAYS[14], DAYS[84]]);
    });
  }
});

describe("statutory gates added by the compiler", () => {
  const compiled = compilePolicy(straightToEnforce);
  const threshold = (d: number): [string, string] => (d >= 20 && d < 25 ? ["O", "O"] : PRESENT);

  it("never enters Enforce without a recorded support stage", () => {
    const [r] = simulateCohort(compiled, patternRegister(DAYS, { A: threshold }), { pupils: new Map([["A", pupil("A")]]) });
    expect(r!.stage).toBe("expect");
  });

  it("enters Enforce once support has been recorded", () => {
    const events: ScriptedEvent[] = [{ upn: "A", date: DAYS[5]!, type: "supportOffered", payload: { support: "Early Help" } }];
    const [r] = simulateCohort(compiled, patternRegister(DAYS, { A: threshold }), { pupils: new Map([["A", pupil("A")]]), events });
    expect(r!.transitions.map((t) => t.to)).toEqual(["facilitate", "enforce"]);
    expect(r!.transitions[1]!.date).toBe(DAYS[24]);
  });

  it("allows Enforce without support when the absence is an unauthorised holiday (G)", () => {
    const register = patternRegister(DAYS, { A: (d) => (d >= 20 && d < 25 ? ["G", "G"] : PRESENT) });
    const [r] = simulateCohort(compiled, register, { pupils: new Map([["A", pupil("A")]]) });
    expect(r!.transitions.map((t) => t.to)).toEqual(["enforce"]);
  });

  it("keeps a pupil below compulsory school age out of Enforce", () => {
    const register = patternRegister(DAYS, { A: (d) => (d >= 20 && d < 25 ? ["G", "G"] : PRESENT) });
    const [r] = simulateCohort(compiled, register, { pupils: new Map([["A", pupil("A", { yearGroup: "R", dateOfBirth: "2020-06-01" })]]) });
    expect(r!.stage).toBe("expect");
  });

  it("accepts at most two penalty notices per parent per child in three years", () => {
    const events: ScriptedEvent[] = [5, 10, 15].map((d) => ({ upn: "A", date: DAYS[d]!, type: "penaltyNoticeIssued", payload: { parent: "Parent 1" } }));
    events.push({ upn: "A", date: DAYS[20]!, type: "penaltyNoticeIssued", payload: { parent: "Parent 2" } });
    // An unauthorised holiday only (10 G sessions): no notice to improve is needed first, so only the cap refuses.
    const holiday = (d: number): [string, string] => (d < 5 ? ["G", "G"] : PRESENT);
    const [r] = simulateCohort(compiled, patternRegister(DAYS, { A: holiday }), { pupils: new Map([["A", pupil("A")]]), events });
    expect(r!.rejectedEvents.map(({ date, event }) => ({ date, event }))).toEqual([{ date: DAYS[15], event: "penaltyNoticeIssued" }]);
  });
});
