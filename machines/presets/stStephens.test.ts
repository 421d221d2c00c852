import { describe, expect, it } from "vitest";
import { compilePolicy } from "../policy/compilePolicy.ts";
import { checkPolicy } from "../policy/checkPolicy.ts";
import { simulateCohort, type PupilCaseResult, type ScriptedEvent } from "../case/simulate.ts";
import type { CasePupil } from "../case/types.ts";
import type { PolicyInput } from "../policy/schema.ts";
import { absentOn, documentRuleIds } from "../../test/support/presetScenario.ts";
import { patternRegister, weekdays } from "../../test/support/registerBuilder.ts";
import { PRESETS } from "./index.ts";
import { stStephens } from "./stStephens.ts";

/**
 * St Stephen's (Kearsley Moor): synthetic pupils walked down the school's own ladder (Stage 1 cause for concern,
 * Stage 2 attendance meeting, Stage 3 referral to the Education Welfare Service with its two routes) and back up.
 * Every pupil is present except on the listed days, so the percentages can be worked by hand: with d absent days
 * out of n school days, attendance is (n - d) / n.
 */
const HOLIDAYS: [string, string][] = [["2024-10-28", "2024-11-01"], ["2024-12-23", "2025-01-03"], ["2025-02-17", "2025-02-21"]];
const DAYS = weekdays("2024-09-02", 190, HOLIDAYS);
const at = (d: number) => DAYS[d]!;

const days = (list: number[], code: string) => Object.fromEntries(list.map((d) => [d, code]));

const ev = (upn: string, d: number, type: ScriptedEvent["type"], payload: Record<string, unknown>): ScriptedEvent => ({ upn, date: at(d), type, payload });
const meeting = (upn: string, d: number, reviewDay: number) =>
  ev(upn, d, "sapMeetingHeld", { attendees: ["Pastoral manager", "Parent"], targets: "Attend every day; arrive by 8:50", targetAttendancePct: 96, reviewDate: at(reviewDay) });

const PUPILS = {
  // Stage 1 and straight back: two days off in week 5, then full attendance.
  stage1: absentOn(days([20, 21], "I")),
  // Stage 1 support, Early Help, Stage 2, the plan reviewed twice while improving, then back at the line.
  stage2: absentOn({ ...days([20, 21, 22], "I"), ...days([30, 35, 40], "O") }),
  // Stage 3, route 1: formal warning, then a further unauthorised absence → Education Penalty Notice; recovers.
  warning: absentOn({ ...days([20, 21, 30, 38, 55, 66], "O"), 48: "I" }),
  // Stage 3, route 2: Parent Contract with the EWO, no improvement → prosecution considered.
  contract: absentOn(days([20, 21, 30, 38, 48, 55, 65, 70, 74], "O")),
  // Stage 3 formal warning with only authorised absence in the period: no penalty notice.
  warningKept: absentOn({ ...days([20, 21, 30, 38, 48, 55], "O"), ...days([64, 65], "I") }),
  // Engagement: support declined at Stage 1, meeting not attended at Stage 2; has a social worker.
  engagement: absentOn(days([20, 21, 25, 40, 45], "O")),
};

const EVENTS: ScriptedEvent[] = [
  ev("stage2", 23, "supportOffered", { support: "Key adult in school each morning" }),
  ev("stage2", 25, "referralMade", { to: "Team Around the School (Early Help Assessment)" }),
  meeting("stage2", 47, 62),
  meeting("stage2", 64, 100),
  meeting("stage2", 102, 125),

  meeting("warning", 43, 58),
  ev("warning", 59, "referralMade", { to: "Education Welfare Service" }),
  ev("warning", 60, "noticeToImproveIssued", { parent: "Parent 1", improvementPeriodSchoolDays: 15 }),
  ev("warning", 68, "penaltyNoticeIssued", { parent: "Parent 1" }),

  meeting("contract", 43, 58),
  ev("contract", 59, "referralMade", { to: "Education Welfare Service" }),
  ev("contract", 61, "contractSigned", { signedBy: ["Parent 1", "Education Welfare Officer"], targets: "Attendance of 95% or more", targetAttendancePct: 95, reviewDate: at(76) }),

  meeting("warningKept", 43, 58),
  ev("warningKept", 59, "referralMade", { to: "Education Welfare Service" }),
  ev("warningKept", 60, "noticeToImproveIssued", { parent: "Parent 1", improvementPeriodSchoolDays: 15 }),

  ev("engagement", 26, "supportDeclined", { support: "Early Help Assessment" }),
  ev("engagement", 30, "parentDidNotAttend", { meeting: "School Attendance Meeting" }),
  ev("engagement", 33, "sapMeetingHeld", { attendees: ["Pastoral manager", "Parent"], reviewDate: at(50) }),
];

const PUPIL_FLAGS: ReadonlyMap<string, CasePupil> = new Map([
  ["engagement", { upn: "engagement", socialWorker: true, lookedAfter: false, send: false, pupilPremium: false, youngCarer: false, eal: false, yearGroup: "4" }],
]);


const compiled = compilePolicy(stStephens);
const register = patternRegister(DAYS, PUPILS);
const sparse = simulateCohort(compiled, register, { events: EVENTS, pupils: PUPIL_FLAGS });
const byUpn = new Map(sparse.map((r) => [r.upn, r]));
const result = (upn: string): PupilCaseResult => byUpn.get(upn)!;
const states = (upn: string) => result(upn).transitions.map((t) => t.to);
const moves = (upn: string) => result(upn).transitions.map((t) => [t.date, t.to, t.rule]);
/** The school's own tasks for the stages (not the statutory baselines the compiler adds, the weekly praise, the termly report). */
const schoolTasks = (upn: string) =>
  result(upn).tasks.filter((t) => !t.rule.startsWith("statutory:") && t.rule !== "praise-small-successes" && t.rule !== "termly-traffic-light-report");
/** The stages' letters: every letter but the weekly praise home and the termly report (recognition.test.ts). */
const letters = (upn: string) =>
  result(upn).tasks.filter((t) => t.kind === "letter" && t.template !== "praise" && t.template !== "termly-report").map((t) => [t.date, t.template]);

describe("st-stephens preset", () => {
  it("is registered under its id, compiles, and passes the policy check", () => {
    expect(PRESETS["st-stephens"]).toBe(stStephens);
    const check = checkPolicy(stStephens, "st-stephens");
    expect(check.problems).toEqual([]);
    expect(compiled.statePaths).toEqual(
      expect.arrayContaining([
        "listen.causeForConcern",
        "facilitate.stage1Support",
        "facilitate.earlyHelp",
        "facilitate.stage2Invited",
        "facilitate.stage2Plan",
        "formalise.referralConsidered",
        "formalise.ewsReferred",
        "formalise.formalWarning",
        "formalise.parentContract",
        "enforce.penaltyNoticeRequested",
        "enforce.prosecutionConsidered",
      ]),
    );
  });

  it("every rule quotes the policy and gives the school's reason; ids are unique", () => {
    const own = compiled.rules.filter((r) => !r.builtIn);
    expect(own.length).toBeGreaterThan(30);
    for (const r of own) {
      expect(r.seed.length, r.id).toBeGreaterThan(10);
      expect(r.reason.length, r.id).toBeGreaterThan(5);
    }
    // Ids are unique in the document (an anywhere rule is compiled once per stage it lists).
    const ids = documentRuleIds(stStephens);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(own.map((r) => r.id))).toEqual(new Set(ids.filter((id) => !(stStephens as PolicyInput).daily?.some((d) => d.id === id))));
    // The policy gives no percentages: the thresholds are parameters with the choice recorded.
    for (const name of ["concernBelow", "recoveredAtLeast", "stage1ReviewSchoolDays", "formalWarningSchoolDays"] as const) {
      expect(stStephens.parameters[name].choice, name).toBeTruthy();
    }
  });

  it("Stage 1: a cause for concern contacts parents and steps back down when attendance recovers", () => {
    // Day 21: 2 days absent of 22 (90.9%), below 95%. Twenty school days on: 2 of 42 (95.2%), back at the line.
    expect(moves("stage1")).toEqual([
      [at(21), "listen.causeForConcern", "stage-1-cause-for-concern"],
      [at(41), "monitor.steppedDown", "stage-1-contact-recovered"],
      [at(71), "expect", "monitor-back-to-expect"],
    ]);
    expect(schoolTasks("stage1").map((t) => [t.date, t.kind, t.template ?? t.title.split(":")[0]])).toEqual([
      [at(21), "letter", "stage-1"],
      [at(21), "meeting", "Contact parents"],
      [at(21), "review", "Share information among staff"],
    ]);
    expect(result("stage1").state).toBe("expect");
  });

  it("Stage 1 support and Early Help, then Stage 2: letter, meeting, plan reviewed until attendance recovers", () => {
    expect(states("stage2")).toEqual([
      "listen.causeForConcern",
      "facilitate.stage1Support",
      "facilitate.earlyHelp",
      "facilitate.stage2Invited",
      "facilitate.stage2Plan",
      "facilitate.stage2Review",
      "facilitate.stage2Plan",
      "facilitate.stage2Review",
      "facilitate.stage2Plan",
      "monitor.steppedDown",
      "expect",
    ]);
    const t = result("stage2").transitions;
    // Early help entered on day 25 at 88.5%; twenty school days later 87.0%: not improved → Stage 2.
    expect(t[3]).toMatchObject({ date: at(45), rule: "stage-2-early-help-no-improvement" });
    // The plan's agreed review dates drive the reviews: improving (90.5%, 94.1%), then back at the line (95.2%).
    expect(t.slice(5).map((x) => [x.date, x.rule])).toEqual([
      [at(62), "stage-2-plan-reviewed"],
      [at(64), "stage-2-plan-renewed"],
      [at(100), "stage-2-plan-reviewed"],
      [at(102), "stage-2-plan-renewed"],
      [at(125), "stage-2-plan-recovered"],
      [at(155), "monitor-back-to-expect"],
    ]);
    expect(letters("stage2")).toEqual([
      [at(21), "stage-1"],
      [at(45), "stage-2"],
    ]);
    const tasks = schoolTasks("stage2");
    // A third day of illness at Stage 1: a medical action plan is considered.
    expect(tasks).toContainEqual(expect.objectContaining({ date: at(22), kind: "review", rule: "medical-action-plan" }));
    // Stage 2: the School Attendance Meeting with the pastoral manager, and early help offered again.
    expect(tasks.filter((x) => x.date === at(45)).map((x) => x.kind)).toEqual(["letter", "meeting", "review"]);
    expect(tasks.find((x) => x.date === at(45) && x.kind === "meeting")!.title).toMatch(/pastoral manager/);
    expect(tasks.filter((x) => x.rule === "stage-2-plan-reviewed").map((x) => x.date)).toEqual([at(62), at(100)]);
  });

  it("Stage 3, route 1: referral, formal warning, further unauthorised absence → Education Penalty Notice; recovers", () => {
    expect(moves("warning")).toEqual([
      [at(21), "listen.causeForConcern", "stage-1-cause-for-concern"],
      [at(41), "facilitate.stage2Invited", "stage-2-after-contact"],
      [at(43), "facilitate.stage2Plan", "stage-2-meeting-held"],
      [at(58), "formalise.referralConsidered", "stage-3-no-improvement"],
      [at(59), "formalise.ewsReferred", "ews-referral-made"],
      [at(60), "formalise.formalWarning", "formal-warning"],
      [at(66), "enforce.penaltyNoticeRequested", "education-penalty-notice"],
      [at(68), "enforce.penaltyNoticeIssued", "education-penalty-notice-issued"],
      // 7 absent days: attendance reaches 95% again on day 139 (133 of 140).
      [at(139), "monitor.steppedDown", "enforce-recovered"],
      [at(169), "expect", "monitor-back-to-expect"],
    ]);
    // The penalty notice reads only the unauthorised sessions since the warning (day 66: one day, two sessions).
    const penalty = result("warning").transitions.find((t) => t.rule === "education-penalty-notice")!;
    expect(penalty.reason).toMatch(/unauthorised sessions since entering 1 or more/);
    expect(penalty.reason).toContain(`6 school days since ${at(60)}; 2 unauthorised sessions since ${at(60)}`);
    const tasks = schoolTasks("warning");
    expect(tasks.map((t) => [t.date, t.kind, t.rule])).toEqual([
      [at(21), "letter", "stage-1-cause-for-concern"],
      [at(21), "meeting", "stage-1-cause-for-concern"],
      [at(21), "review", "stage-1-cause-for-concern"],
      [at(41), "letter", "stage-2-after-contact"],
      [at(41), "meeting", "stage-2-after-contact"],
      [at(41), "review", "stage-2-after-contact"],
      // Illness after the Stage 2 letter: medical evidence is asked for.
      [at(48), "review", "stage-2-medical-evidence"],
      [at(58), "referral", "stage-3-no-improvement"],
      [at(66), "penalty-notice", "education-penalty-notice"],
    ]);
    // The national threshold is the compiler's baseline, not repeated by the preset: one "consider" task.
    const statutory = result("warning").tasks.filter((t) => t.rule === "statutory:penalty-threshold");
    expect(statutory.map((t) => t.date)).toEqual([at(55)]);
    expect(result("warning").rejectedEvents).toEqual([]);
  });

  it("Stage 3, route 2: referral, Parent Contract with the EWO, no improvement → prosecution considered; recovers", () => {
    expect(moves("contract")).toEqual([
      [at(21), "listen.causeForConcern", "stage-1-cause-for-concern"],
      [at(41), "facilitate.stage2Invited", "stage-2-after-contact"],
      [at(43), "facilitate.stage2Plan", "stage-2-meeting-held"],
      [at(58), "formalise.referralConsidered", "stage-3-no-improvement"],
      [at(59), "formalise.ewsReferred", "ews-referral-made"],
      [at(61), "formalise.parentContract", "parent-contract"],
      [at(76), "enforce.prosecutionConsidered", "prosecution-considered"],
      // 9 absent days: attendance is back at 95% on day 179 (171 of 180) and the case steps down.
      [at(179), "monitor.steppedDown", "enforce-recovered"],
    ]);
    const last = result("contract").transitions.find((t) => t.rule === "prosecution-considered")!;
    expect(last.reason).toMatch(/review date reached and improvement since entering at most 0 points/);
    expect(last.reason).toMatch(/support recorded first/);
    expect(schoolTasks("contract").filter((t) => t.date >= at(59)).map((t) => [t.date, t.kind, t.title])).toEqual([
      [at(76), "referral", "Attendance has not improved under the Parent Contract: the local authority considers prosecution"],
    ]);
    expect(result("contract").state).toBe("monitor.steppedDown");
  });

  it("a formal warning counts only unauthorised absence after it: authorised illness in the period is no penalty notice", () => {
    expect(moves("warningKept").slice(5)).toEqual([
      [at(60), "formalise.formalWarning", "formal-warning"],
      // Fifteen school days pass with only authorised absence (I): the warning lapses, the referral stays open.
      [at(75), "formalise.ewsReferred", "formal-warning-complete"],
      // 8 absent days: back at 95% on day 159 (152 of 160).
      [at(159), "monitor.steppedDown", "ews-referred-recovered"],
      [at(189), "expect", "monitor-back-to-expect"],
    ]);
    expect(schoolTasks("warningKept").some((t) => t.kind === "penalty-notice")).toBe(false);
  });

  it("engagement: support declined → Stage 2; meeting not attended → Stage 3 considered; a further plan instead", () => {
    expect(moves("engagement")).toEqual([
      [at(21), "listen.causeForConcern", "stage-1-cause-for-concern"],
      [at(26), "facilitate.stage2Invited", "stage-2-support-declined"],
      [at(30), "formalise.referralConsidered", "stage-3-meeting-not-attended"],
      [at(33), "facilitate.stage2Plan", "stage-3-not-referred"],
      // The further plan (from 91.2% on day 33) has not improved attendance by its review date (90.2%).
      [at(50), "formalise.referralConsidered", "stage-3-no-improvement"],
      // 5 absent days: back at 95% on day 99 (95 of 100) before any referral is made.
      [at(99), "monitor.steppedDown", "referral-considered-recovered"],
      [at(129), "expect", "monitor-back-to-expect"],
    ]);
    expect(letters("engagement")).toEqual([
      [at(21), "stage-1"],
      [at(26), "stage-2"],
    ]);
    // "If a pupil has a Social Worker, we will advise them of any unexplained absences": the statutory baseline.
    const sw = result("engagement").tasks.filter((t) => t.rule === "statutory:social-worker").map((t) => t.date);
    expect(sw).toEqual([at(20), at(21), at(25), at(40), at(45)]);
    expect(compiled.rules.some((r) => !r.builtIn && r.actions.some((a) => a.type === "createTask" && a.params.kind === "notification"))).toBe(false);
  });

  it("dense and sparse stepping give identical results on every scenario", () => {
    const dense = simulateCohort(compiled, register, { events: EVENTS, pupils: PUPIL_FLAGS, mode: "dense" });
    expect(dense).toEqual(sparse);
    expect(dense.flatMap((r) => r.transitions).length).toBeGreaterThan(40);
  });
});
