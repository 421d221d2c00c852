/**
 * Guards judged on a real case's figures (the engine run over a synthetic register, all of it invented): each
 * leaf's figure, comparison, bound and result, `all`/`any` combined three-valued, and the result always the
 * engine's own (`evaluateGuard`) where nothing is left to the event.
 */
import { describe, expect, it } from "vitest";
import { computePupilSeries } from "../attendance/metrics.ts";
import { compulsoryAgeDays } from "../gates/compulsorySchoolAge.ts";
import { evaluateGuard } from "../guards/index.ts";
import type { CompiledGuard } from "../policy/compiledGuard.ts";
import { compilePolicy } from "../policy/compilePolicy.ts";
import { PRESETS } from "../presets/index.ts";
import { patternRegister, PRESENT, weekdays } from "../../test/support/registerBuilder.ts";
import { casePath, type PathEntry } from "./casePath.ts";
import { caseMetricsOnDay } from "./dayMetrics.ts";
import { type Judged, judgedLeaves, judgedWords, judgeGuard, judgeRule, type JudgedLeaf, splitGates } from "./judgeGuard.ts";
import { openCase, statePath, stepCase } from "./stepCase.ts";
import type { CaseContext, CaseEvent, CasePupil } from "./types.ts";

const UPN = "A820100001006";
const PUPIL: CasePupil = { upn: UPN, yearGroup: "8", socialWorker: false, lookedAfter: false, send: true, pupilPremium: false, youngCarer: false, eal: false };

/** A pupil absent without authority on every fourth day from the second week (about 80% by day 40). */
function runCase(days = 40) {
  const compiled = compilePolicy(PRESETS["all-saints"]!);
  const register = patternRegister(weekdays("2024-09-02", days), { [UPN]: (d) => (d >= 5 && d % 4 === 0 ? ["O", "O"] : PRESENT) });
  const calendar = register.calendar;
  const marks = register.marks[0]!;
  const series = computePupilSeries(marks, calendar);
  const age = compulsoryAgeDays(PUPIL, calendar);
  let snapshot = openCase(compiled, { upn: UPN, pupil: PUPIL, openedOn: { date: calendar.days[0]!, dayIndex: -1, attendancePct: null, possibleSessions: 0, attendedSessions: 0, unauthorisedSessions: 0 } });
  const history: PathEntry[] = [{ schoolDate: calendar.days[0]!, eventType: "caseOpened", fromState: "", toState: statePath(snapshot), rule: null }];
  let event!: CaseEvent;
  for (let d = 0; d < calendar.days.length; d++) {
    event = { type: "schoolDayClosed", date: calendar.days[d]!, dayIndex: d, metrics: caseMetricsOnDay(series, marks, calendar, d, compiled.windows, age) };
    const step = stepCase(compiled, snapshot, event);
    if (step.transition) history.push({ schoolDate: event.date, eventType: event.type, fromState: step.transition.from, toState: step.transition.to, rule: step.transition.rule });
    snapshot = step.snapshot;
  }
  return { compiled, context: snapshot.context as CaseContext, event, history };
}

const leaf = (j: Judged): JudgedLeaf => {
  expect("parts" in j).toBe(false);
  return j as JudgedLeaf;
};

describe("a guard judged on a case's figures", () => {
  const { compiled, context, event, history } = runCase();
  const input = { context, event, statePath: context.statePath };
  const pct = event.metrics.attendancePct!;

  it("the case has moved on from where it opened, and its figures are what the register says", () => {
    expect(pct).toBeGreaterThan(70);
    expect(pct).toBeLessThan(90);
    expect(context.statePath).not.toBe("expect");
    expect(casePath(history).length).toBeGreaterThan(1);
  });

  it("a leaf that holds: the figure, the comparison, the bound and true, in words", () => {
    const judged = leaf(judgeGuard({ attendance: { below: 90 } }, input));
    expect(judged).toMatchObject({ kind: "attendance", left: { figure: "attendance", value: pct, unit: "%" }, operator: "<", right: 90, holds: true });
    expect(judged.text).toBe(`attendance ${pct.toFixed(1)}% < 90%: true`);
  });

  it("a leaf that does not hold says false (the control)", () => {
    const judged = leaf(judgeGuard({ attendance: { below: 70 } }, input));
    expect(judged.holds).toBe(false);
    expect(judged.text).toBe(`attendance ${pct.toFixed(1)}% < 70%: false`);
    const days = leaf(judgeGuard({ schoolDaysInState: { atLeast: 500 } }, input));
    expect(days).toMatchObject({ operator: "≥", right: 500, holds: false });
    expect(days.left!.value).toBe(event.dayIndex - context.entered[context.statePath]!.dayIndex);
    expect(days.text).toMatch(/^school days in this state \(since \d{4}-\d{2}-\d{2}\) \d+ ≥ 500: false$/);
  });

  it("all and any combine their leaves, and agree with the engine's evaluation", () => {
    const both: CompiledGuard = { all: [{ attendance: { below: 90 } }, { schoolDaysInState: { atLeast: 0 } }] };
    const judgedAll = judgeGuard(both, input);
    expect(judgedAll.holds).toBe(true);
    expect(judgedLeaves(judgedAll).map((l) => l.holds)).toEqual([true, true]);
    const notBoth: CompiledGuard = { all: [{ attendance: { below: 90 } }, { flag: "lookedAfter" }] };
    expect(judgeGuard(notBoth, input).holds).toBe(false);
    const either: CompiledGuard = { any: [{ flag: "lookedAfter" }, { flag: "send" }] };
    const judgedAny = judgeGuard(either, input);
    expect(judgedAny.holds).toBe(true);
    expect(judgedWords(judgedAny)).toBe("looked after: false; SEND: true");
    const neither: CompiledGuard = { any: [{ flag: "lookedAfter" }, { not: { attendance: { below: 90 } } }] };
    expect(judgeGuard(neither, input).holds).toBe(false);
    for (const g of [both, notBoth, either, neither]) expect(judgeGuard(g, input).holds).toBe(evaluateGuard(g, input));
  });

  it("what a person records with the event is left to the event, not guessed", () => {
    const withOutcome: CompiledGuard = { all: [{ payload: { outcome: "improved" } }, { attendance: { below: 90 } }] };
    const judged = judgeGuard(withOutcome, input);
    expect(judged.holds).toBe(null);
    expect(judgedLeaves(judged)[0]!.text).toBe("outcome is improved: decided when the event is recorded");
    // …but a false part still decides an `all`.
    expect(judgeGuard({ all: [{ payload: { outcome: "improved" } }, { attendance: { below: 70 } }] }, input).holds).toBe(false);
  });

  it("every rule of the preset judged on the case agrees with the engine, and a legal step's gates are judged apart", () => {
    let gated = 0;
    for (const rule of compiled.rules.filter((r) => r.to !== undefined)) {
      const judged = judgeRule(rule, context, event);
      const ruleInput = { context, event, statePath: rule.from };
      if (judged.holds !== null && rule.guard) expect(judged.holds, rule.id).toBe(evaluateGuard(rule.guard, ruleInput));
      expect(judged.applies, rule.id).toBe(rule.from === "" || context.statePath === rule.from || context.statePath.startsWith(`${rule.from}.`));
      if (judged.gates.length > 0) {
        gated++;
        expect(splitGates(rule.guard).gates.length).toBe(judged.gates.length);
        for (const g of judged.gates) expect(g.title.length * g.words.length * g.figures.length * g.law.length).toBeGreaterThan(0);
      }
    }
    expect(gated, "All Saints has legal steps").toBeGreaterThan(0);
  });
});

describe("a case's path", () => {
  it("lists each state entered with its dates, and only moves", () => {
    const path = casePath([
      { schoolDate: "2024-09-02", eventType: "caseOpened", fromState: "", toState: "expect", rule: null },
      { schoolDate: "2024-09-20", eventType: "schoolDayClosed", fromState: "expect", toState: "expect", rule: "statutory:first-day-call" },
      { schoolDate: "2024-10-01", eventType: "schoolDayClosed", fromState: "expect", toState: "monitor.letter1", rule: "letter-1" },
      { schoolDate: "2024-11-05", eventType: "sapMeeting", fromState: "monitor.letter1", toState: "formalise.sap", rule: "sap-held" },
    ]);
    expect(path).toEqual([
      { state: "expect", enteredOn: "2024-09-02", leftOn: "2024-10-01", from: "", rule: null, event: "caseOpened" },
      { state: "monitor.letter1", enteredOn: "2024-10-01", leftOn: "2024-11-05", from: "expect", rule: "letter-1", event: "schoolDayClosed" },
      { state: "formalise.sap", enteredOn: "2024-11-05", leftOn: null, from: "monitor.letter1", rule: "sap-held", event: "sapMeeting" },
    ]);
  });
});
