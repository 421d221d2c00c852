import { describe, expect, it } from "vitest";
import type { Register } from "../attendance/register.ts";
import { type PupilCaseResult, simulateCohort, type SimulateOptions, type ScriptedEvent } from "../case/simulate.ts";
import type { CasePupil } from "../case/types.ts";
import { compilePolicy } from "../policy/compilePolicy.ts";
import { checkPolicy } from "../policy/checkPolicy.ts";
import { simulateBothWays } from "../../test/support/presetScenario.ts";
import { PRESENT, patternRegister, weekdays } from "../../test/support/registerBuilder.ts";
import { halsnead } from "./halsnead.ts";
import { PRESETS } from "./index.ts";

const compiled = compilePolicy(halsnead);
// Whole-week holidays; days 4, 9, 14, … are Fridays (the weekly reviews). Half terms end on days 39, 74, 104, 134, 159, 189.
const DAYS = weekdays("2024-09-02", 190, [
  ["2024-10-28", "2024-11-01"],
  ["2024-12-23", "2025-01-03"],
  ["2025-02-17", "2025-02-21"],
  ["2025-04-07", "2025-04-18"],
  ["2025-05-26", "2025-05-30"],
]);
const isMonday = (d: number) => new Date(`${DAYS[d]}T00:00:00Z`).getUTCDay() === 1;
const day = (date: string) => DAYS.indexOf(date);
const NO_FLAGS = { socialWorker: false, lookedAfter: false, send: false, pupilPremium: false, youngCarer: false, eal: false };
const contract = (upn: string, d: number, extra: Record<string, unknown> = {}): ScriptedEvent => ({
  upn,
  date: DAYS[d]!,
  type: "contractSigned",
  payload: { signedBy: ["Parent", "Learning Mentor"], targets: "attend every day", reviewDate: DAYS[d + 20]!, ...extra },
});

const simulate = (register: Register, options: SimulateOptions = {}): PupilCaseResult[] => simulateBothWays(compiled, register, options);
const path = (r: PupilCaseResult) => r.transitions.map((t) => [day(t.date), t.to]);
/** Recognition that does not depend on the band: the weekly note home and the certificates (recognition.test.ts). */
const RECOGNITION = new Set(["improvement-note", "full-attendance-certificate", "full-attendance-certificate-year", "end-of-term-certificate"]);
/** The band letters: every letter but those. */
const letters = (r: PupilCaseResult) => r.tasks.filter((t) => t.kind === "letter" && !RECOGNITION.has(t.template!)).map((t) => [day(t.date), t.template]);
const byRule = (r: PupilCaseResult, rule: string) => r.tasks.filter((t) => t.rule === rule).map((t) => day(t.date));

/**
 * Present for four weeks; then a full day of unauthorised absence every Monday (days 20-34), a Monday morning
 * (days 35-54), a full Monday again (days 55-79); then full attendance.
 */
const walkDown = (d: number): [string, string] => {
  if (d >= 80 || !isMonday(d) || d < 20) return PRESENT;
  return d >= 35 && d < 55 ? ["O", "\\"] : ["O", "O"];
};

describe("halsnead: the strategy as the school wrote it", () => {
  it("is registered as a preset and passes the policy check", () => {
    expect(PRESETS.halsnead).toBe(halsnead);
    expect(checkPolicy(halsnead, "halsnead").problems).toEqual([]);
    expect(compiled.statePaths).toEqual([
      "expect",
      "monitor",
      "listen",
      "facilitate",
      "facilitate.attendancePanel",
      "formalise",
      "formalise.parentContract",
      "formalise.fastTrack",
      "formalise.attendanceService",
      "enforce",
      "enforce.apsReferral",
      "closed",
    ]);
  });

  it("down the bands week by week: 95-97.9 → 92-94.9 → panel below 92 → Parent Contract → 90 or below → APS; and back up", () => {
    const register = patternRegister(DAYS, { A: walkDown });
    const [r] = simulate(register, { events: [contract("A", 37)] });
    expect(path(r!)).toEqual([
      [24, "monitor"], // 96.0%
      [29, "listen"], // 93.3%
      [34, "facilitate.attendancePanel"], // 91.4%
      [37, "formalise.parentContract"], // signed at the panel
      [59, "formalise.attendanceService"], // 90.0% at the weekly review
      [79, "enforce.apsReferral"], // no improvement four weeks after the referral
      [104, "formalise.parentContract"], // full attendance since day 80: 90.5%
      [124, "listen"], // 92.0%
    ]);
    expect(r!.rejectedEvents).toEqual([]);
    expect(letters(r!)).toEqual([
      [29, "attendance-warning"],
      [34, "parent-panel"],
      [37, "parent-contract"],
      [104, "acknowledgement-90"],
      [124, "acknowledgement-92"],
    ]);
    expect(r!.tasks.filter((t) => t.kind === "referral").map((t) => [day(t.date), t.rule])).toEqual([
      [34, "facilitate.attendancePanel:entry"], // Early Help offered
      [59, "contract-to-attendance-service"],
    ]);
    // The APS referral is a legal step: 16 unauthorised sessions in 10 school weeks and the Parent Contract signed first.
    expect(r!.tasks.filter((t) => t.kind === "legal-referral").map((t) => [day(t.date), t.rule])).toEqual([[79, "aps-referral"]]);
    expect(r!.tasks.find((t) => t.rule === "facilitate.attendancePanel:entry" && t.kind === "meeting")!.title).toContain("Parent attendance panel meeting");
    expect(r!.transitions.find((t) => t.to === "enforce.apsReferral")!.reason).toContain("No improvement since the referral into the Attendance Service");
    // 90% or below: a home visit on every day of absence (the Mondays of days 60-75).
    expect(byRule(r!, "home-visit-every-absence")).toEqual([60, 65, 70, 75]);
    // From the 92% - 94.9% band (a same-day visit where possible) down to 90%: a first-day home visit.
    expect(byRule(r!, "first-day-home-visit")).toEqual([30, 55]);
    // A full week in school, from the 92% - 94.9% band down: a note home each Friday.
    expect(byRule(r!, "improvement-note").slice(0, 4)).toEqual([84, 89, 94, 99]);
  });

  it("a contract renewed at its 4-weekly review, then no improvement: letter with intent to Fast Track → APS referral", () => {
    // As the walk down, but the Monday-morning pattern continues: attendance hovers just above 90%.
    const register = patternRegister(DAYS, { K: (d) => (isMonday(d) && d >= 20 ? (d < 35 ? ["O", "O"] : ["O", "\\"]) : PRESENT) });
    // The panel records a 90% target, which the first four weeks meet.
    const [r] = simulate(register, { events: [contract("K", 37, { targetAttendancePct: 90 })] });
    expect(path(r!)).toEqual([
      [24, "monitor"],
      [29, "listen"],
      [34, "facilitate.attendancePanel"],
      [37, "formalise.parentContract"],
      [59, "formalise.parentContract"], // reviewed (due day 57, decided at the weekly review): target met, renewed
      [79, "formalise.fastTrack"], // renewed target (96%) missed, no improvement
      [99, "enforce.apsReferral"],
    ]);
    expect(r!.transitions.map((t) => t.rule).slice(3)).toEqual(["parent-contract-signed", "contract-review-improved", "contract-no-improvement", "fast-track-aps-referral"]);
    expect(letters(r!)).toEqual([
      [29, "attendance-warning"],
      [34, "parent-panel"],
      [37, "parent-contract"],
      [59, "contract-review"],
      [79, "intent-to-fast-track"],
    ]);
    expect(r!.tasks.filter((t) => t.rule === "contract-no-improvement" && t.kind === "review").map((t) => t.title)).toEqual([
      "Learning Mentor to prepare the pupil case file in the event of an APS referral",
    ]);
    expect(byRule(r!, "fast-track-aps-referral")).toEqual([99]);
    expect(r!.stage).toBe("enforce");
  });

  it("up the bands with an acknowledgement letter at each: 90 or below → above 90 → 92-94.9 → 95-97.9", () => {
    // Four days of illness in the first fortnight (80% when the bands start to count), then full attendance.
    const register = patternRegister(DAYS, { R: (d) => (d >= 10 && d < 14 ? ["I", "I"] : PRESENT) });
    const [r] = simulate(register);
    expect(path(r!)).toEqual([
      [19, "formalise.attendanceService"], // 80.0% after four school weeks (40 possible sessions)
      [39, "formalise.attendanceService"], // monthly review: improving, still 90.0%
      [44, "formalise.parentContract"], // 91.1%
      [49, "listen"], // 92.0%
      [79, "monitor"], // 95.0%
    ]);
    expect(letters(r!)).toEqual([
      // "As above": straight to 90% or below, the panel invitation still goes.
      [19, "parent-panel"],
      [44, "acknowledgement-90"],
      [49, "acknowledgement-92"],
      [79, "acknowledgement-95"],
    ]);
    // The Attendance Service referral, the SLT meeting, the APS evidence; and the panel meeting and Early Help offer.
    expect(r!.tasks.filter((t) => t.rule === "whole-school-to-attendance-service").map((t) => t.kind)).toEqual(["referral", "meeting", "review", "letter", "meeting", "referral"]);
    expect(byRule(r!, "attendance-service-monthly-review")).toEqual([39]);
    // In the 95% - 97.9% band below 96%: a weekly mentoring chat.
    expect(byRule(r!, "mentoring-chat-at-risk")).toEqual([84, 89, 94]);
  });

  it("a Parent Contract that fails sends the letter with intent to Fast Track; improving from there moves up a band", () => {
    const register = patternRegister(DAYS, { C: (d) => (isMonday(d) && d >= 20 && d < 60 ? (d < 35 ? ["O", "O"] : ["O", "\\"]) : PRESENT) });
    const [r] = simulate(register, { events: [contract("C", 37)] });
    expect(path(r!)).toEqual([
      [24, "monitor"],
      [29, "listen"],
      [34, "facilitate.attendancePanel"],
      [37, "formalise.parentContract"],
      [59, "formalise.fastTrack"],
      [69, "listen"],
      [109, "monitor"],
      // 98% is not reached this year
    ]);
    expect(letters(r!)).toEqual([
      [29, "attendance-warning"],
      [34, "parent-panel"],
      [37, "parent-contract"],
      [59, "intent-to-fast-track"],
      [69, "acknowledgement-92"],
      [109, "acknowledgement-95"],
    ]);
  });

  it("home visit when there is no response after 2 days, from the 92% - 94.9% band down; not in the top band", () => {
    const register = patternRegister(DAYS, {
      // 92.5% after four weeks (listen), then two days of absence with no reason given.
      H1: (d) => (d === 10 ? ["I", "\\"] : d === 11 ? ["I", "I"] : d === 22 || d === 23 ? ["N", "N"] : PRESENT),
      // 100% after four weeks (expect), the same two days.
      H2: (d) => (d === 22 || d === 23 ? ["N", "N"] : PRESENT),
    });
    const [h1, h2] = simulate(register);
    expect(path(h1!)[0]).toEqual([19, "listen"]);
    expect(h1!.tasks.filter((t) => day(t.date) >= 22 && day(t.date) <= 23).map((t) => [day(t.date), t.kind, t.rule])).toEqual([
      [22, "first-day-call", "statutory:first-day-call"],
      [22, "home-visit", "first-day-home-visit"], // same day, where possible
      [23, "first-day-call", "statutory:first-day-call"],
      [23, "home-visit", "home-visit-no-response"],
    ]);
    expect(h2!.tasks.filter((t) => day(t.date) >= 22 && day(t.date) <= 23).map((t) => [day(t.date), t.rule])).toEqual([
      [22, "statutory:first-day-call"],
      [23, "statutory:first-day-call"],
    ]);
  });

  it("CP, LAC and SEN priority phone calls from the 95% - 97.9% band down", () => {
    const register = patternRegister(DAYS, { S: (d) => (d === 10 || d === 30 ? ["I", "I"] : PRESENT), T: (d) => (d === 10 || d === 30 ? ["I", "I"] : PRESENT) });
    const pupils = new Map<string, CasePupil>([["S", { upn: "S", ...NO_FLAGS, send: true }]]);
    const [s, t] = simulate(register, { pupils });
    expect(path(s!)).toEqual([
      [19, "monitor"], // 95.0%
      [34, "listen"], // 94.3%
      [39, "monitor"], // 95.0%
      [99, "expect"], // 98.0%
    ]);
    // Day 10 (in the top band): no priority call; day 30 (95% - 97.9%): a priority call.
    expect(s!.tasks.filter((x) => x.rule === "priority-call-at-risk").map((x) => [day(x.date), x.kind])).toEqual([[30, "first-day-call"]]);
    expect(letters(s!)).toEqual([
      [34, "attendance-warning"],
      [39, "acknowledgement-95"],
      [99, "positive-letter"],
    ]);
    expect(byRule(t!, "priority-call-at-risk")).toEqual([]);
    expect(path(t!)).toEqual(path(s!));
  });

  it("100% attendance: a certificate at the end of each half term, of each term and of the year, and nothing else", () => {
    const [r] = simulate(patternRegister(DAYS, { X: () => PRESENT }));
    expect(r!.transitions).toEqual([]);
    expect(r!.tasks.map((t) => [day(t.date), t.template])).toEqual([
      [39, "full-attendance-certificate"],
      [74, "full-attendance-certificate"], // Christmas: the autumn term ends too
      [74, "end-of-term-certificate"],
      [104, "full-attendance-certificate"],
      [134, "full-attendance-certificate"], // Easter
      [134, "end-of-term-certificate"],
      [159, "full-attendance-certificate"],
      [189, "full-attendance-certificate"], // the summer: the half term, the term and the year
      [189, "full-attendance-certificate-year"],
      [189, "end-of-term-certificate"],
    ]);
  });

  it("bands wait for four school weeks of register: a day off in the first fortnight moves nothing", () => {
    // 80% after the first week, 90% after a fortnight: too early for a band.
    const [r] = simulate(patternRegister(DAYS, { Y: (d) => (d === 2 ? ["I", "I"] : PRESENT) }));
    expect(path(r!)).toEqual([
      [19, "monitor"], // 97.5% after four weeks
      [49, "expect"], // 98.0%
    ]);
    expect(letters(r!)).toEqual([[49, "positive-letter"]]);
    expect(r!.tasks.filter((t) => t.kind !== "letter")).toEqual([]);
  });

  it('"As above" at 90% or below: a pupil who drops straight there gets the panel, the 4-week Parent Contract and the Early Help offer', () => {
    const register = patternRegister(DAYS, { R: (d) => (d >= 10 && d < 14 ? ["I", "I"] : PRESENT) });
    const [r] = simulate(register, { events: [contract("R", 22)] });
    expect(path(r!)[0]).toEqual([19, "formalise.attendanceService"]);
    const direct = r!.tasks.filter((t) => t.rule === "whole-school-to-attendance-service");
    expect(direct.find((t) => t.kind === "letter")!.template).toBe("parent-panel");
    expect(direct.find((t) => t.kind === "meeting" && /Parent Contract/.test(t.title))).toBeDefined();
    expect(direct.find((t) => t.kind === "referral" && /Early Help/.test(t.title))).toBeDefined();
    // The contract signed at the panel is accepted where the case is, with its 4-week target and letter.
    expect(r!.rejectedEvents).toEqual([]);
    expect(r!.tasks.filter((t) => t.rule === "attendance-service-contract-signed").map((t) => [day(t.date), t.template])).toEqual([[22, "parent-contract"]]);
    expect(r!.state).not.toBe("formalise.parentContract");
  });

  it('"Medical evidence will be required to authorise further absence": asked for on the first day of illness below 92%, and tracked', () => {
    const register = patternRegister(DAYS, {
      // At the panel from day 34; ill on days 35-37 (evidence never comes) and 50-52 (evidence on day 51).
      M: (d) => (isMonday(d) && d >= 20 && d < 35 ? ["O", "O"] : (d >= 35 && d <= 37) || (d >= 50 && d <= 52) ? ["I", "I"] : PRESENT),
    });
    const evidence: ScriptedEvent = { upn: "M", date: DAYS[51]!, type: "medicalEvidenceReceived", payload: {} };
    const [r] = simulate(register, { events: [evidence] });
    expect(path(r!).slice(0, 3).map(([, to]) => to)).toEqual(["monitor", "listen", "facilitate.attendancePanel"]);
    expect(byRule(r!, "medical-evidence-request")).toEqual([35, 50]);
    // No evidence for the first spell by its third day: the lead is asked to amend the marks; the second had it.
    expect(byRule(r!, "medical-evidence-not-received")).toEqual([37]);
    // Above 92% (before the panel) an illness day asks for nothing.
    const [well] = simulate(patternRegister(DAYS, { W: (d) => (d === 40 ? ["I", "I"] : PRESENT) }));
    expect(byRule(well!, "medical-evidence-request")).toEqual([]);
  });

  it("termly: a senior leader contacts families below 92% with little improvement; the EWO contacts home at 90% or below", () => {
    const register = patternRegister(DAYS, { T: (d) => (isMonday(d) && d >= 10 ? ["O", "O"] : PRESENT) });
    const [r] = simulate(register);
    const christmas = DAYS.indexOf("2024-12-20");
    expect(r!.stage).not.toBe("expect");
    expect(byRule(r!, "termly-senior-leader-contact")).toContain(christmas);
    expect(byRule(r!, "termly-ewo-contact")).toContain(christmas);
    // A pupil at 100% gets neither.
    const [full] = simulate(patternRegister(DAYS, { F: () => PRESENT }));
    expect(byRule(full!, "termly-senior-leader-contact")).toEqual([]);
    expect(byRule(full!, "termly-ewo-contact")).toEqual([]);
  });
});
