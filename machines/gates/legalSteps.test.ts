import { describe, expect, it } from "vitest";
import { stepCase, statePath } from "../case/stepCase.ts";
import { compilePolicy } from "../policy/compilePolicy.ts";
import { PRESETS } from "../presets/index.ts";
import { PRESENT, patternRegister, weekdays } from "../../test/support/registerBuilder.ts";
import { caseIn, eventOn, legalStepRules, onlyRule, pupilBorn, SUPPORT } from "../../test/support/legalStep.ts";

/**
 * Every legal step of every preset, on its own (its own guard dropped, every other rule removed), so the
 * statutory gates alone decide: for each, cases that must not trigger and a control that must, so a gate that
 * blocks everything fails too. The registers: absent two days in five from the start of the year, 12 school weeks
 * in (36 sessions in the last 10 school weeks); the step is tried on school day 60.
 */
const DAYS = weekdays("2024-09-02", 70, [["2024-10-28", "2024-11-01"]]);
const D = 60;
const absentWith = (code: string) => (d: number): [string, string] => (d % 5 === 1 || d % 5 === 3 ? [code, code] : PRESENT);
const registerOf = (code: string) => patternRegister(DAYS, { A: absentWith(code) });

const YEAR_4 = pupilBorn("2015-03-02", "4");
/** Four in December 2024: of compulsory school age only from 31 March 2025. */
const FOUR_YEAR_OLD = pupilBorn("2020-03-02", "R");

type Outcome = "fires" | "held";

interface Scenario {
  readonly name: string;
  readonly code: string;
  readonly pupil: typeof YEAR_4;
  readonly support: boolean;
  /** What a legal intervention step does; a penalty notice (its own gates) is tested in noticeToImprove.test.ts. */
  readonly expected: Outcome;
}

const SCENARIOS: readonly Scenario[] = [
  { name: "control: unauthorised absence (O), support recorded, Year 4", code: "O", pupil: YEAR_4, support: true, expected: "fires" },
  { name: "illness only (I), support recorded", code: "I", pupil: YEAR_4, support: true, expected: "held" },
  { name: "medical appointments only (M), support recorded", code: "M", pupil: YEAR_4, support: true, expected: "held" },
  { name: "unauthorised absence, no support recorded by a person", code: "O", pupil: YEAR_4, support: false, expected: "held" },
  { name: "unauthorised absence and support, but four years old", code: "O", pupil: FOUR_YEAR_OLD, support: true, expected: "held" },
  { name: "control: an unauthorised holiday only (G) needs no support", code: "G", pupil: YEAR_4, support: false, expected: "fires" },
];

describe("statutory gates on every legal step of every preset", () => {
  for (const [id, preset] of Object.entries(PRESETS)) {
    const steps = legalStepRules(preset).filter((r) => r.on !== "penaltyNoticeIssued");
    it(`${id} has legal steps to test`, () => {
      expect(steps.length).toBeGreaterThan(0);
    });
    for (const step of steps) {
      const alone = compilePolicy(onlyRule(preset, step.id), `${id}:${step.id}`);
      const rule = alone.rulesById.get(step.id)!;
      for (const s of SCENARIOS) {
        it(`${id} ${step.id} (${step.from || "anywhere"} → ${step.to ?? "stays"} on ${step.on}): ${s.name} → ${s.expected}`, () => {
          const snapshot = caseIn(alone, step.from, s.pupil, s.support ? SUPPORT : []);
          const from = statePath(snapshot);
          const result = stepCase(alone, snapshot, eventOn(rule, registerOf(s.code), s.pupil, D));
          const fired = result.rulesFired.some((r) => r.rule === step.id);
          const legalTasks = result.tasks.filter((t) => t.rule === step.id);
          if (s.expected === "fires") {
            expect(fired).toBe(true);
            if (step.to !== undefined) expect(statePath(result.snapshot).startsWith(step.to)).toBe(true);
            return;
          }
          expect(fired).toBe(false);
          expect(legalTasks).toEqual([]);
          expect(statePath(result.snapshot)).toBe(from);
          if (step.on === "schoolDayClosed") {
            // Held back on a closed school day: one task for the lead, saying why.
            const held = result.tasks.filter((t) => t.rule === `statutory:held:${step.id}`);
            expect(held).toHaveLength(1);
            expect(held[0]!.title).toMatch(/Legal step held back/);
          } else {
            // A person's event is refused, naming the rule, and nothing is recorded.
            expect(result.accepted).toBe(false);
            expect(result.refused?.rule).toBe(step.id);
            expect(result.refused?.why.length).toBeGreaterThan(10);
          }
        });
      }
    }
  }
});

describe("what the held step and the legal step say", () => {
  const preset = PRESETS["all-saints"]!;
  const alone = compilePolicy(onlyRule(preset, "legal-intervention"));
  const rule = alone.rulesById.get("legal-intervention")!;

  it("illness: the held task says the absence is authorised and how to re-code a doubted illness", () => {
    const result = stepCase(alone, caseIn(alone, rule.from, YEAR_4, SUPPORT), eventOn(rule, registerOf("I"), YEAR_4, D));
    const held = result.tasks.find((t) => t.rule === "statutory:held:legal-intervention")!;
    expect(held.title).toContain("only 0 unauthorised sessions (G, N, O, U) of compulsory school age");
    expect(held.title).toContain("amend the register mark");
  });

  it("no support: the held task asks for the support or a decision that support is not appropriate", () => {
    const result = stepCase(alone, caseIn(alone, rule.from, YEAR_4), eventOn(rule, registerOf("O"), YEAR_4, D));
    const held = result.tasks.find((t) => t.rule === "statutory:held:legal-intervention")!;
    expect(held.title).toContain("no support has been recorded on this case by a person");
    expect(held.title).toContain("support is not appropriate");
  });

  it("the move into Enforce quotes the unauthorised sessions, the support events and the age basis", () => {
    const result = stepCase(alone, caseIn(alone, rule.from, YEAR_4, SUPPORT), eventOn(rule, registerOf("O"), YEAR_4, D));
    expect(result.transition!.to).toBe("enforce.legalIntervention");
    // Two days absent in each of the last nine full school weeks (the half-term week is none), Monday 2 December present.
    expect(result.transition!.reason).toContain("36 unauthorised sessions (G, N, O, U) of compulsory school age in 10 school weeks, 0 of them unauthorised holiday (G)");
    expect(result.transition!.reason).toContain("support recorded first: support offered: Early Help family support on 2024-09-20 by lead");
    expect(result.transition!.reason).toContain("of compulsory school age on 2024-12-02 (by date of birth)");
  });

  it("a held step is recorded once, not every day, and again when the failing gates change", () => {
    let snapshot = caseIn(alone, rule.from, YEAR_4);
    const heldOn: number[] = [];
    for (let d = 50; d < 60; d++) {
      const result = stepCase(alone, snapshot, eventOn(rule, registerOf("O"), YEAR_4, d));
      if (result.tasks.some((t) => t.rule === "statutory:held:legal-intervention")) heldOn.push(d);
      snapshot = result.snapshot;
    }
    expect(heldOn).toEqual([50]);
    // Support is recorded, but the absence is now authorised: a different gate fails, so it is recorded again.
    const next = stepCase(alone, { ...snapshot, context: { ...snapshot.context, supportEvents: SUPPORT } } as typeof snapshot, eventOn(rule, registerOf("I"), YEAR_4, 60));
    expect(next.tasks.filter((t) => t.rule === "statutory:held:legal-intervention")).toHaveLength(1);
  });
});
