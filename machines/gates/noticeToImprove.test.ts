import { describe, expect, it } from "vitest";
import { simulateCohort, type ScriptedEvent } from "../case/simulate.ts";
import { compilePolicy } from "../policy/compilePolicy.ts";
import { PRESETS } from "../presets/index.ts";
import { PRESENT, patternRegister, weekdays } from "../../test/support/registerBuilder.ts";
import { pupilBorn } from "../../test/support/legalStep.ts";

/**
 * "Notice to improve first" and "no third penalty notice in three years", under every preset: a penalty notice for
 * ordinary unauthorised absence is refused unless a notice to improve to that parent for that pupil has ended its
 * improvement period; for an unauthorised holiday only it is accepted without one. The notice to improve is itself
 * a legal step (unauthorised absence, support first, compulsory school age).
 */
const DAYS = weekdays("2024-09-02", 90, [["2024-10-28", "2024-11-01"]]);
const at = (d: number) => DAYS[d]!;
const YEAR_4 = pupilBorn("2015-03-02", "4");
const pupils = new Map([["A", { ...YEAR_4, upn: "A" }]]);
/** Absent (O) two days in five all year: well over the national threshold in any 10 school weeks. */
const truant = patternRegister(DAYS, { A: (d) => (d % 5 === 1 || d % 5 === 3 ? ["O", "O"] : PRESENT) });
/** Ill (I) on the same days. */
const ill = patternRegister(DAYS, { A: (d) => (d % 5 === 1 || d % 5 === 3 ? ["I", "I"] : PRESENT) });
/** A week's unauthorised holiday (G, 10 sessions) in October, present otherwise. */
const holiday = patternRegister(DAYS, { A: (d) => (d >= 30 && d < 35 ? ["G", "G"] : PRESENT) });

const ev = (d: number, type: ScriptedEvent["type"], payload: Record<string, unknown>): ScriptedEvent => ({ upn: "A", date: at(d), type, payload });
const support = ev(2, "supportOffered", { support: "Attendance mentor" });
const nti = (d: number, parent = "Parent 1") => ev(d, "noticeToImproveIssued", { parent, improvementPeriodSchoolDays: 15 });
const pn = (d: number, parent = "Parent 1") => ev(d, "penaltyNoticeIssued", { parent });

describe("notice to improve first, under every preset", () => {
  for (const [id, preset] of Object.entries(PRESETS)) {
    const compiled = compilePolicy(preset, id);
    const rejected = (register: typeof truant, events: ScriptedEvent[]) =>
      simulateCohort(compiled, register, { pupils, events })[0]!.rejectedEvents.map((e) => `${e.event} ${DAYS.indexOf(e.date)}`);

    it(`${id}: no notice to improve → the penalty notice is refused`, () => {
      expect(rejected(truant, [support, pn(50)])).toEqual(["penaltyNoticeIssued 50"]);
    });
    it(`${id}: a notice to improve still in its improvement period → refused; once it has ended → accepted (control)`, () => {
      expect(rejected(truant, [support, nti(30), pn(40), pn(50)])).toEqual(["penaltyNoticeIssued 40"]);
    });
    it(`${id}: a notice to improve to another parent does not count`, () => {
      expect(rejected(truant, [support, nti(30, "Parent 2"), pn(50, "Parent 1")])).toEqual(["penaltyNoticeIssued 50"]);
    });
    it(`${id}: an unauthorised holiday only → accepted without a notice to improve (control); the third in three years is refused`, () => {
      expect(rejected(holiday, [pn(36), pn(40), pn(44), pn(45, "Parent 2")])).toEqual(["penaltyNoticeIssued 44"]);
    });
    it(`${id}: the notice to improve is itself gated: refused for illness, and without support recorded first`, () => {
      expect(rejected(ill, [support, nti(30)])).toEqual(["noticeToImproveIssued 30"]);
      expect(rejected(truant, [nti(30)])).toEqual(["noticeToImproveIssued 30"]);
      expect(rejected(truant, [support, nti(30)])).toEqual([]);
    });
  }
});
