import { describe, expect, it } from "vitest";
import { simulateCohort, type ScriptedEvent } from "../case/simulate.ts";
import { compilePolicy } from "../policy/compilePolicy.ts";
import { PRESENT, patternRegister, weekdays } from "../../test/support/registerBuilder.ts";
import { allSaints } from "./allSaints.ts";

const compiled = compilePolicy(allSaints);
const DAYS = weekdays("2024-09-02", 180, [["2024-10-28", "2024-11-01"], ["2024-12-23", "2025-01-03"], ["2025-02-17", "2025-02-21"]]);
const sap = (d: number): ScriptedEvent => ({ upn: "A", date: DAYS[d]!, type: "sapMeetingHeld", payload: { attendees: ["AL", "AHT"], barriers: [], targets: "", reviewDate: DAYS[d + 15]!, outcome: "plan-agreed" } });
/** The ladder's letters: every letter but the half-termly award and praise (recognition.test.ts). */
const letters = (tasks: { kind: string; template?: string }[]) =>
  tasks.filter((t) => t.kind === "letter" && t.template !== "award-100" && t.template !== "half-term-praise").map((t) => t.template);

describe("all-saints: the ladder as the school wrote it", () => {
  it("Letter 1 → two weeks → Letter 2 → SAP with a 3-week target → SAP review → final SAP → legal intervention", () => {
    // Authorised illness every other day from day 20: attendance sinks steadily below 95, 92, 90.
    const register = patternRegister(DAYS, { A: (d) => (d >= 20 && d % 2 === 0 ? ["I", "I"] : PRESENT) });
    const firstSap = 40;
    const [pass] = simulateCohort(compiled, register);
    const invitedOn = pass!.transitions.find((t) => t.to === "formalise.sapInvited")!.date;
    expect(DAYS.indexOf(invitedOn)).toBeLessThan(firstSap);
    const events = [sap(firstSap), sap(firstSap + 25), sap(firstSap + 50)];
    const [r] = simulateCohort(compiled, register, { events });
    expect(r!.transitions.map((t) => t.to)).toEqual([
      "listen.letter1Monitoring",
      "facilitate.letter2",
      "formalise.sapInvited",
      "formalise.sapTarget",
      "formalise.sapReviewInvited",
      "formalise.sapReviewTarget",
      "formalise.finalSapInvited",
      "formalise.finalSapTarget",
      "enforce.legalIntervention",
    ]);
    expect(letters(r!.tasks)).toEqual(["letter-1", "letter-2", "letter-3", "letter-4", "letter-5"]);
    const letter1 = DAYS.indexOf(r!.transitions[0]!.date);
    expect(DAYS.indexOf(r!.transitions[1]!.date) - letter1).toBe(10); // the two-week monitoring period
    expect(DAYS.indexOf(r!.transitions[4]!.date) - firstSap).toBe(15); // the 3-week SAP target
    expect(r!.tasks.some((t) => t.kind === "referral" && t.rule === "legal-intervention")).toBe(true);
  });

  it("Fast Track on 10 unauthorised absences in 12 weeks: FT1 → FT2 after 20 days without improvement → FT3 → penalty notice", () => {
    const register = patternRegister(DAYS, { A: (d) => (d >= 30 && d % 5 === 0 ? ["O", "O"] : PRESENT) });
    const ft2Meeting = (date: number): ScriptedEvent => ({ ...sap(date), payload: { ...sap(date).payload, outcome: "final-warning" } });
    const [plain] = simulateCohort(compiled, register);
    const ft2Day = DAYS.indexOf(plain!.transitions.find((t) => t.to === "formalise.fastTrack2")!.date);
    const [r] = simulateCohort(compiled, register, { events: [ft2Meeting(ft2Day + 2)] });
    const path = r!.transitions.map((t) => t.to);
    expect(path.slice(path.indexOf("formalise.fastTrack1"))).toEqual([
      "formalise.fastTrack1",
      "formalise.fastTrack2",
      "formalise.fastTrack3",
      "enforce.penaltyNoticeRequested",
    ]);
    const ft1 = r!.transitions.find((t) => t.to === "formalise.fastTrack1")!;
    expect(ft1.reason).toContain("10 unauthorised sessions in 12 school weeks");
    expect(DAYS.indexOf(r!.transitions.find((t) => t.to === "formalise.fastTrack2")!.date) - DAYS.indexOf(ft1.date)).toBe(20);
    expect(letters(r!.tasks)).toEqual(expect.arrayContaining(["letter-6", "letter-7", "letter-8"]));
    expect(r!.tasks.some((t) => t.kind === "penalty-notice" && t.rule === "fast-track-penalty-notice")).toBe(true);
  });

  it("a home visit on the 3rd consecutive school day of unauthorised absence, and on the 5th of absence without medical proof", () => {
    const register = patternRegister(DAYS, { A: (d) => (d >= 50 && d < 53 ? ["O", "O"] : d >= 80 && d < 85 ? ["I", "I"] : PRESENT) });
    const [r] = simulateCohort(compiled, register);
    expect(r!.tasks.filter((t) => t.kind === "home-visit").map((t) => [t.date, t.rule])).toEqual([
      [DAYS[52], "home-visit-unauthorised"],
      [DAYS[84], "home-visit-no-medical-proof"],
    ]);
  });

  it("no home visit for continuous absence when medical evidence was received", () => {
    const register = patternRegister(DAYS, { A: (d) => (d >= 80 && d < 85 ? ["I", "I"] : PRESENT) });
    const events: ScriptedEvent[] = [{ upn: "A", date: DAYS[81]!, type: "medicalEvidenceReceived", payload: {} }];
    const [r] = simulateCohort(compiled, register, { events });
    expect(r!.tasks.filter((t) => t.kind === "home-visit")).toEqual([]);
  });

  it("back down the ladder when attendance recovers: Letter 1 → back at target → Monitor → Expect", () => {
    // Two days of illness (days 19-20) put attendance at 90.5% on day 20; full attendance afterwards.
    const register = patternRegister(DAYS, { A: (d) => (d >= 19 && d < 21 ? ["I", "I"] : PRESENT) });
    const [r] = simulateCohort(compiled, register);
    expect(r!.transitions.map((t) => t.to)).toEqual(["listen.letter1Monitoring", "listen.letter1Monitoring", "monitor.steppedDown", "expect"]);
    expect(r!.transitions.map((t) => DAYS.indexOf(t.date))).toEqual([20, 30, 40, 70]);
    expect(letters(r!.tasks)).toEqual(["letter-1"]);
    expect(r!.stage).toBe("expect");
  });
});
