import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { REGISTER_CODES } from "../attendance/codes.ts";
import { compilePolicy } from "../policy/compilePolicy.ts";
import { PRESETS } from "../presets/index.ts";
import { patternRegister, weekdays } from "../../test/support/registerBuilder.ts";
import { simulateCohort, type ScriptedEvent } from "./simulate.ts";
import type { CasePupil } from "./types.ts";

const DAYS = weekdays("2024-09-02", 110, [["2024-10-28", "2024-11-01"], ["2024-12-23", "2025-01-03"]]);
const ABSENCE_CODES = ["I", "M", "O", "N", "G", "U", "C", "E"];
const PRESENT_CODES = ["/", "L", "V", "P", "B", "D", "#", "Y1"];

/**
 * A pupil's register as runs: mostly present, with spells of one absence code, so guards on consecutive days,
 * continuous absence, rolling windows and percentage bands are all exercised.
 */
const pupilPattern = fc.record({
  absenceRate: fc.double({ min: 0, max: 0.6, noNaN: true }),
  spells: fc.array(fc.record({ start: fc.integer({ min: 0, max: DAYS.length - 1 }), length: fc.integer({ min: 1, max: 12 }), code: fc.constantFrom(...ABSENCE_CODES) }), { maxLength: 6 }),
  noise: fc.array(fc.tuple(fc.integer({ min: 0, max: 2 * DAYS.length - 1 }), fc.constantFrom(...REGISTER_CODES.map((c) => c.code))), { maxLength: 25 }),
  seed: fc.integer(),
  socialWorker: fc.boolean(),
  yearGroup: fc.constantFrom("R", "2", "6", "11"),
});

type PupilPattern = typeof pupilPattern extends fc.Arbitrary<infer T> ? T : never;

function marksFor(p: PupilPattern): (d: number) => [string, string] {
  const slots: string[] = [];
  let s = p.seed | 0;
  const rand = () => ((s = (Math.imul(s ^ (s >>> 15), 2246822507) + 0x6d2b79f5) | 0) >>> 0) / 2 ** 32;
  for (let i = 0; i < 2 * DAYS.length; i++) slots.push(rand() < p.absenceRate ? ABSENCE_CODES[Math.floor(rand() * ABSENCE_CODES.length)]! : i % 2 ? "\\" : PRESENT_CODES[Math.floor(rand() * 2)]!);
  for (const spell of p.spells) for (let d = spell.start; d < Math.min(DAYS.length, spell.start + spell.length); d++) slots[2 * d] = slots[2 * d + 1] = spell.code;
  for (const [slot, code] of p.noise) slots[slot] = code;
  return (d) => [slots[2 * d]!, slots[2 * d + 1]!];
}

const manualEvent = fc.record({
  pupil: fc.integer({ min: 0, max: 4 }),
  day: fc.integer({ min: 0, max: DAYS.length - 1 }),
  type: fc.constantFrom("sapMeetingHeld", "contractSigned", "supportOffered", "supportDeclined", "parentDidNotAttend", "medicalEvidenceReceived", "penaltyNoticeIssued", "referralMade"),
});

function payloadFor(type: string, day: number): Record<string, unknown> {
  const reviewDate = DAYS[Math.min(DAYS.length - 1, day + 15)]!;
  switch (type) {
    case "sapMeetingHeld":
      return { attendees: ["AL"], barriers: [], targets: "", reviewDate, outcome: "plan-agreed", targetAttendancePct: 95 };
    case "contractSigned":
      return { signedBy: ["Parent", "AL"], targets: "95%", reviewDate, targetAttendancePct: 95 };
    case "supportOffered":
    case "supportDeclined":
      return { support: "Early Help" };
    case "parentDidNotAttend":
      return { meeting: "SAP" };
    case "penaltyNoticeIssued":
      return { parent: "Parent 1" };
    case "referralMade":
      return { to: "EWS" };
    default:
      return {};
  }
}

describe("sparse stepping", () => {
  for (const [id, preset] of Object.entries(PRESETS)) {
    it(`gives exactly the transitions and tasks of stepping every day: ${id}`, () => {
      const compiled = compilePolicy(preset, id);
      fc.assert(
        fc.property(fc.array(pupilPattern, { minLength: 5, maxLength: 5 }), fc.array(manualEvent, { maxLength: 12 }), (patterns, manual) => {
          const upns = patterns.map((_, i) => `P${i}`);
          const register = patternRegister(DAYS, Object.fromEntries(patterns.map((p, i) => [upns[i]!, marksFor(p)])));
          const pupils = new Map<string, CasePupil>(
            patterns.map((p, i) => [upns[i]!, { upn: upns[i]!, yearGroup: p.yearGroup, socialWorker: p.socialWorker, lookedAfter: false, send: false, pupilPremium: false, youngCarer: false, eal: false }]),
          );
          const events: ScriptedEvent[] = manual.map((m) => ({ upn: upns[m.pupil]!, date: DAYS[m.day]!, type: m.type as ScriptedEvent["type"], payload: payloadFor(m.type, m.day) }));
          const dense = simulateCohort(compiled, register, { mode: "dense", pupils, events });
          const sparse = simulateCohort(compiled, register, { mode: "sparse", pupils, events });
          expect(sparse).toEqual(dense);
        }),
        { numRuns: 12, seed: 20241122 },
      );
    });
  }

  it("does step and record something on a register with absence (the comparison is not vacuous)", () => {
    const compiled = compilePolicy(PRESETS["all-saints"]!);
    const register = patternRegister(DAYS, { A: (d) => (d % 3 === 0 ? ["O", "O"] : ["/", "\\"]) });
    const [result] = simulateCohort(compiled, register, { mode: "sparse" });
    expect(result!.transitions.length).toBeGreaterThan(0);
    expect(result!.tasks.some((t) => t.kind === "penalty-notice")).toBe(true);
  });
});
