import { describe, expect, it } from "vitest";
import { simulateCohort, type ScriptedEvent } from "../case/simulate.ts";
import { compilePolicy } from "../policy/compilePolicy.ts";
import { PRESENT, patternRegister, weekdays } from "../../test/support/registerBuilder.ts";
import { absentOn, hoverAt, simulateBothWays } from "../../test/support/presetScenario.ts";
import { allSaints } from "./allSaints.ts";

const compiled = compilePolicy(allSaints);
const DAYS = weekdays("2024-09-02", 180, [["2024-10-28", "2024-11-01"], ["2024-12-23", "2025-01-03"], ["2025-02-17", "2025-02-21"]]);
const sap = (d: number): ScriptedEvent => ({ upn: "A", date: DAYS[d]!, type: "sapMeetingHeld", payload: { attendees: ["AL", "AHT"], barriers: [], targets: "", reviewDate: DAYS[d + 15]!, outcome: "plan-agreed" } });
/** The ladder's letters: every letter but the half-termly award and praise (recognition.test.ts). */
const letters = (tasks: { kind: string; template?: string }[]) =>
  tasks.filter((t) => t.kind === "letter" && t.template !== "award-100" && t.template !== "half-term-praise").map((t) => t.template);

describe("all-saints: the ladder as the school wrote it", () => {
  it("Letter 1 → two weeks → below 90%: SAP with a 3-week target → SAP review → final SAP", () => {
    // Authorised illness every other day from day 20: attendance sinks steadily below 95, 92, 90.
    const register = patternRegister(DAYS, { A: (d) => (d >= 20 && d % 2 === 0 ? ["I", "I"] : PRESENT) });
    const firstSap = 40;
    const [pass] = simulateCohort(compiled, register);
    const invitedOn = pass!.transitions.find((t) => t.to === "formalise.sapInvited")!.date;
    expect(DAYS.indexOf(invitedOn)).toBeLessThan(firstSap);
    const events = [sap(firstSap), sap(firstSap + 25), sap(firstSap + 50)];
    const [r] = simulateCohort(compiled, register, { events });
    // What follows the final SAP is legal intervention, behind the statutory gates (illness alone is no offence).
    expect(r!.transitions.map((t) => t.to).slice(0, 7)).toEqual([
      "listen.letter1Monitoring",
      // 78.8% when the two-week monitoring period ends: the summary's band (<90%) sends Letter 3, not Letter 2.
      "formalise.sapInvited",
      "formalise.sapTarget",
      "formalise.sapReviewInvited",
      "formalise.sapReviewTarget",
      "formalise.finalSapInvited",
      "formalise.finalSapTarget",
    ]);
    expect(letters(r!.tasks)).toEqual(["letter-1", "letter-3", "letter-4", "letter-5"]);
    const letter1 = DAYS.indexOf(r!.transitions[0]!.date);
    expect(DAYS.indexOf(r!.transitions[1]!.date) - letter1).toBe(10); // the two-week monitoring period
    expect(DAYS.indexOf(r!.transitions[3]!.date) - firstSap).toBe(15); // the 3-week SAP target
  });

  it("Fast Track on 10 unauthorised absences in 12 weeks: FT1 → FT2 after 20 days without improvement → FT3 → penalty notice", () => {
    const register = patternRegister(DAYS, { A: (d) => (d >= 30 && d % 5 === 0 ? ["O", "O"] : PRESENT) });
    const ft2Meeting = (date: number): ScriptedEvent => ({ ...sap(date), payload: { ...sap(date).payload, outcome: "final-warning" } });
    const [plain] = simulateCohort(compiled, register);
    const ft2Day = DAYS.indexOf(plain!.transitions.find((t) => t.to === "formalise.fastTrack2")!.date);
    const ft1Day = DAYS.indexOf(plain!.transitions.find((t) => t.to === "formalise.fastTrack1")!.date);
    // Support first (issue 12): the Fast Track 3 penalty warning is a legal step. Without support recorded before
    // the Fast Track meeting, the meeting cannot issue it; with support offered during Fast Track 1, it can.
    const [unsupported] = simulateCohort(compiled, register, { events: [ft2Meeting(ft2Day + 2)] });
    expect(unsupported!.rejectedEvents.map((e) => e.event)).toEqual(["sapMeetingHeld"]);
    expect(unsupported!.transitions.some((t) => t.to.startsWith("enforce") || t.to === "formalise.fastTrack3")).toBe(false);
    const supportOffered: ScriptedEvent = { upn: "A", date: DAYS[ft1Day + 1]!, type: "supportOffered", payload: { support: "Attendance mentor and a morning club place" } };
    const [r] = simulateCohort(compiled, register, { events: [supportOffered, ft2Meeting(ft2Day + 2)] });
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

  it("back down the ladder when attendance recovers: Letter 1 → a point above target → Monitor → Expect", () => {
    // Two days of illness (days 19-20) put attendance at 90.5% on day 20; full attendance afterwards: 96.1% on day 50.
    const register = patternRegister(DAYS, { A: (d) => (d >= 19 && d < 21 ? ["I", "I"] : PRESENT) });
    const [r] = simulateCohort(compiled, register);
    expect(r!.transitions.map((t) => t.to)).toEqual(["listen.letter1Monitoring", "listen.letter1Monitoring", "listen.letter1Monitoring", "monitor.steppedDown", "expect"]);
    expect(r!.transitions.map((t) => DAYS.indexOf(t.date))).toEqual([20, 30, 40, 50, 80]);
    expect(letters(r!.tasks)).toEqual(["letter-1"]);
    expect(r!.stage).toBe("expect");
  });
});

const days = (list: number[], code: string) => Object.fromEntries(list.map((d) => [d, code]));

describe("all-saints: each rule as the school wrote it (issue 13)", () => {
  it('"Letter 2- Attendance concern (<92%)", "Letter 3 — invite to SAP meeting (<90%)": the bands apply when monitoring ends, improving or not', () => {
    // Both start at 80% on day 9 (Letter 1) and improve every fortnight after.
    const register = patternRegister(DAYS, {
      band2: absentOn(days([0, 1], "I")), // 90.0% on day 19: improved, but below 92%
      band3: absentOn(days([0, 1, 17], "I")), // 85.0% on day 19: improved, but below 90%
    });
    const r = new Map(simulateBothWays(compiled, register).map((x) => [x.upn, x]));
    const path = (upn: string) => r.get(upn)!.transitions.map((t) => [DAYS.indexOf(t.date), t.to, t.rule]);
    expect(path("band2").slice(0, 2)).toEqual([
      [9, "listen.letter1Monitoring", "letter-1"],
      [19, "facilitate.letter2", "letter-2"],
    ]);
    expect(path("band3").slice(0, 2)).toEqual([
      [9, "listen.letter1Monitoring", "letter-1"],
      [19, "formalise.sapInvited", "letter-3-sap-after-monitoring"],
    ]);
    expect(letters(r.get("band3")!.tasks).slice(0, 2)).toEqual(["letter-1", "letter-3"]);
  });

  it('"Students with 10 unauthorised absences within a 12-week period will be placed on the Fast Track": also while at a SAP', () => {
    // At the SAP (invited on day 19, held on day 22), five days of unauthorised absence: the 10th session on day 29.
    const register = patternRegister(DAYS, { A: absentOn({ ...days([0, 1, 17], "I"), ...days([25, 26, 27, 28, 29], "O") }) });
    const [r] = simulateBothWays(compiled, register, { events: [sap(22)] });
    expect(r!.transitions.map((t) => [DAYS.indexOf(t.date), t.to, t.rule])).toEqual(
      expect.arrayContaining([
        [22, "formalise.sapTarget", "sap-held"],
        [29, "formalise.fastTrack1", "fast-track-from-sap-target"],
      ]),
    );
    expect(letters(r!.tasks)).toContain("letter-6");
  });

  it('"If attendance does not improve a FPN will be requested" after Letter 2, where unauthorised absence meets the national threshold', () => {
    // Letter 2 on day 19 at 90.0%; five single days of unauthorised absence keep it at or above 90% (no SAP) and
    // bring it back to exactly 90.0% on day 69, the day the 10th unauthorised session in 10 school weeks falls.
    const register = patternRegister(DAYS, { A: absentOn({ ...days([0, 1], "I"), ...days([40, 50, 60, 65, 69], "O") }) });
    const support: ScriptedEvent = { upn: "A", date: DAYS[30]!, type: "supportOffered", payload: { support: "Breakfast club place" } };
    const [r] = simulateBothWays(compiled, register, { events: [support] });
    const moves = r!.transitions.map((t) => [DAYS.indexOf(t.date), t.to, t.rule]);
    expect(moves.slice(0, 3)).toEqual([
      [9, "listen.letter1Monitoring", "letter-1"],
      [19, "facilitate.letter2", "letter-2"],
      [69, "enforce.penaltyNoticeRequested", "letter-2-penalty-notice"],
    ]);
    expect(r!.tasks.filter((t) => t.rule === "letter-2-penalty-notice").map((t) => t.kind)).toEqual(["penalty-notice"]);
    // The same register with the absence authorised (illness): no penalty notice request, ever.
    const ill = patternRegister(DAYS, { A: absentOn({ ...days([0, 1], "I"), ...days([40, 50, 60, 65, 69], "I") }) });
    const [i] = simulateBothWays(compiled, ill, { events: [support] });
    expect(i!.tasks.some((t) => t.rule === "letter-2-penalty-notice")).toBe(false);
  });

  it('"Case work will be conducted by BAO with students when their attendance is below 80%": reviewed every two weeks; ends at 90%', () => {
    // 50% on day 9, below 80% on day 10; full attendance after day 14 takes it past 80% and, later, 90%.
    const register = patternRegister(DAYS, { A: absentOn(days([5, 6, 7, 8, 9, 10, 11, 12, 13, 14], "I")) });
    const [r] = simulateBothWays(compiled, register);
    const moves = r!.transitions.map((t) => [DAYS.indexOf(t.date), t.rule]);
    expect(moves.slice(0, 3)).toEqual([[9, "letter-1"], [10, "case-work"], [30, "case-work-continues"]]);
    // No rule leaves a pupil at 80-90% on case work without a review: progress every ten school days.
    const reviews = r!.tasks.filter((t) => t.rule === "case-work-progress" || t.rule === "case-work-continues").map((t) => DAYS.indexOf(t.date));
    expect(reviews.slice(0, 4)).toEqual([20, 30, 40, 50]);
    const ended = r!.transitions.find((t) => t.rule === "case-work-ended");
    expect(ended?.to).toBe("listen.letter1Monitoring");
    // The allocation task tells the AL the BAO takes three families at a time: choosing them is the AL's.
    expect(r!.tasks.find((t) => t.rule === "case-work" && t.kind === "referral")!.title).toMatch(/3 key families/);
  });

  it('"Visit on each home visit cycle for children CP/CIN/ vulnerable": every day of absence, for looked-after pupils too', () => {
    const register = patternRegister(DAYS, { cin: absentOn(days([50, 51, 52], "I")), lac: absentOn(days([50, 51, 52], "I")), other: absentOn(days([50, 51, 52], "I")) });
    const flags = { send: false, pupilPremium: false, youngCarer: false, eal: false };
    const pupils = new Map([
      ["cin", { upn: "cin", socialWorker: true, lookedAfter: false, ...flags }],
      ["lac", { upn: "lac", socialWorker: false, lookedAfter: true, ...flags }],
      ["other", { upn: "other", socialWorker: false, lookedAfter: false, ...flags }],
    ]);
    const visits = (upn: string) =>
      simulateBothWays(compiled, register, { pupils }).find((x) => x.upn === upn)!.tasks.filter((t) => t.rule === "home-visit-cp-cin").map((t) => DAYS.indexOf(t.date));
    expect(visits("cin")).toEqual([50, 51, 52]);
    expect(visits("lac")).toEqual([50, 51, 52]);
    expect(visits("other")).toEqual([]);
  });

  it("a pupil hovering at the 95% target gets Letter 1 once, not again on each wobble (step down at 96%)", () => {
    // A whole day away whenever the year's figure is back at 95%, at most once a fortnight.
    const hovering = patternRegister(DAYS, { A: hoverAt(95, DAYS.length, { from: 10, gapDays: 10 }) });
    const letter1s = (x: { tasks: { template?: string }[] }) => x.tasks.filter((t) => t.template === "letter-1").length;
    const [r] = simulateBothWays(compiled, hovering);
    expect(letter1s(r!)).toBe(1);
    const noMargin = compilePolicy({ ...allSaints, parameters: { ...allSaints.parameters, recoveredAtLeast: { ...allSaints.parameters.recoveredAtLeast, value: 95 } } });
    const [wobbly] = simulateBothWays(noMargin, hovering);
    expect(letter1s(wobbly!)).toBeGreaterThan(3);
  });
});
