import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { REGISTER_CODES } from "../attendance/codes.ts";
import { simulateCohort, type ScriptedEvent } from "../case/simulate.ts";
import type { CasePupil } from "../case/types.ts";
import { compilePolicy } from "../policy/compilePolicy.ts";
import { PRESETS } from "../presets/index.ts";
import { patternRegister, weekdays } from "../../test/support/registerBuilder.ts";
import { SAMPLE_PAYLOADS } from "../../test/support/legalStep.ts";

/**
 * The property of issue 12: a pupil whose absence is all authorised (illness, appointments, leave the school
 * granted…) never reaches Enforce, a penalty-notice or legal-referral task, or a legal warning letter, under any
 * preset, whatever people record on the case (support, meetings, contracts, notices) and whatever the pupil's age
 * and flags.
 */
const DAYS = weekdays("2024-09-02", 120, [["2024-10-28", "2024-11-01"], ["2024-12-23", "2025-01-03"]]);
const ALLOWED = REGISTER_CODES.filter((c) => c.category !== "unauthorised-absence").map((c) => c.code);
const AUTHORISED = REGISTER_CODES.filter((c) => c.category === "authorised-absence").map((c) => c.code);
const PRESENT: [string, string] = ["/", "\\"];
const EVENT_TYPES = ["supportOffered", "sapMeetingHeld", "contractSigned", "parentDidNotAttend", "supportDeclined", "referralMade", "noticeToImproveIssued", "penaltyNoticeIssued", "supportNotAppropriate"] as const;

/** A pupil's year: mostly present, with spells of authorised absence (any code but G, N, O, U). */
const year = fc.record({
  rate: fc.integer({ min: 5, max: 60 }),
  spells: fc.array(fc.record({ start: fc.integer({ min: 0, max: DAYS.length - 1 }), length: fc.integer({ min: 1, max: 15 }), code: fc.constantFrom(...AUTHORISED) }), { maxLength: 4 }),
  seed: fc.integer({ min: 1, max: 1_000_000 }),
});
const pupil = fc.record({
  dateOfBirth: fc.constantFrom("2019-10-01", "2017-05-05", "2014-01-20", "2009-09-09"),
  yearGroup: fc.constantFrom("R", "2", "5", "10"),
  lookedAfter: fc.boolean(),
  socialWorker: fc.boolean(),
});
const events = fc.array(fc.record({ day: fc.integer({ min: 1, max: DAYS.length - 1 }), type: fc.constantFrom(...EVENT_TYPES) }), { maxLength: 12 });

/** The year's marks: a seeded draw of authorised or present marks, with the spells laid over them. */
function marksOf(y: { rate: number; spells: { start: number; length: number; code: string }[]; seed: number }) {
  let state = y.seed;
  const random = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
  const day: [string, string][] = DAYS.map(() => {
    if (random() * 100 >= y.rate) return PRESENT;
    const code = ALLOWED[Math.floor(random() * ALLOWED.length)]!;
    return random() < 0.5 ? [code, code] : [code, "\\"];
  });
  for (const s of y.spells) for (let d = s.start; d < Math.min(DAYS.length, s.start + s.length); d++) day[d] = [s.code, s.code];
  return (d: number) => day[d]!;
}

describe("authorised absence never leads to a legal step, under any preset (property)", () => {
  for (const [id, preset] of Object.entries(PRESETS)) {
    const compiled = compilePolicy(preset, id);
    const legalLetters = new Set([...compiled.letterKinds].filter(([, k]) => k === "legal-warning").map(([t]) => t));
    it(`${id}`, () => {
      fc.assert(
        fc.property(year, pupil, events, (y, p, evs) => {
          const register = patternRegister(DAYS, { A: marksOf(y) });
          const casePupil: CasePupil = { upn: "A", ...p, send: false, pupilPremium: false, youngCarer: false, eal: false };
          const scripted: ScriptedEvent[] = evs.map((e) => ({ upn: "A", date: DAYS[e.day]!, type: e.type, payload: SAMPLE_PAYLOADS[e.type] }));
          const [r] = simulateCohort(compiled, register, { pupils: new Map([["A", casePupil]]), events: scripted });
          expect(r!.transitions.filter((t) => t.to.startsWith("enforce"))).toEqual([]);
          expect(r!.tasks.filter((t) => t.kind === "penalty-notice" || t.kind === "legal-referral")).toEqual([]);
          expect(r!.tasks.filter((t) => t.kind === "letter" && legalLetters.has(t.template!))).toEqual([]);
          expect(r!.rejectedEvents.filter((e) => e.event === "penaltyNoticeIssued").length).toBe(evs.filter((e) => e.type === "penaltyNoticeIssued").length);
        }),
        { numRuns: 40, seed: 20261203 },
      );
    });
  }

  it("control: the same generator with unauthorised absence (O) does reach legal steps, so the property is not vacuous", () => {
    let legal = 0;
    for (const [id, preset] of Object.entries(PRESETS)) {
      const compiled = compilePolicy(preset, id);
      const register = patternRegister(DAYS, { A: (d) => (d % 5 === 1 || d % 5 === 3 ? ["O", "O"] : PRESENT) });
      const support: ScriptedEvent = { upn: "A", date: DAYS[3]!, type: "supportOffered", payload: SAMPLE_PAYLOADS.supportOffered };
      const [r] = simulateCohort(compiled, register, { pupils: new Map([["A", { upn: "A", dateOfBirth: "2015-03-02", yearGroup: "4", lookedAfter: false, socialWorker: false, send: false, pupilPremium: false, youngCarer: false, eal: false }]]), events: [support] });
      legal += r!.tasks.filter((t) => t.kind === "penalty-notice" || t.kind === "legal-referral").length;
    }
    expect(legal).toBeGreaterThan(0);
  });
});
