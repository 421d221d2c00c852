import { describe, expect, it } from "vitest";
import type { PupilCaseResult } from "../../machines/case/simulate.ts";
import { simulateCohort } from "../../machines/case/simulate.ts";
import { compilePolicy, parsePolicy } from "../../machines/policy/compilePolicy.ts";
import { resolveParameters } from "../../machines/policy/resolveParameters.ts";
import type { PolicyInput, PolicyState } from "../../machines/policy/schema.ts";
import { PRESETS } from "../../machines/presets/index.ts";
import { PRESENT, patternRegister, weekdays } from "../../test/support/registerBuilder.ts";
import { changedPupils, difference, outcomeOf, sideBySide, signed } from "../src/lab/compare.ts";
import { policyDiff } from "../src/lab/policyDiff.ts";
import { summarise } from "../src/lab/summary.ts";

const result = (upn: string, state: string, transitions: [string, string][], tasks: string[]): PupilCaseResult => ({
  upn,
  stage: state.split(".")[0]!,
  state,
  transitions: transitions.map(([from, to], i) => ({ date: `2024-10-${String(10 + i).padStart(2, "0")}`, from, to, event: "schoolDayClosed", rule: `r${i}`, reason: "test" })),
  tasks: tasks.map((kind) => ({ date: "2024-10-10", kind: kind as PupilCaseResult["tasks"][number]["kind"], title: kind, rule: "r" })),
  rejectedEvents: [],
});

describe("the comparison's difference", () => {
  it("is the policy being tried minus the one it is compared with: 181 letters against 191 is −10", () => {
    expect(difference(181, 191)).toBe(-10);
    expect(signed(difference(181, 191))).toBe("\u221210");
    expect(signed(difference(191, 181))).toBe("+10");
    expect(signed(difference(5, 5))).toBe("0");
  });
});

describe("pupils whose outcome changed", () => {
  const tried = [
    result("A", "expect", [], []),
    result("B", "enforce.pnRequested", [["expect", "formalise.sap"], ["formalise.sap", "enforce.pnRequested"]], ["letter", "letter", "penalty-notice"]),
    result("C", "listen.letter1", [["expect", "listen.letter1"]], ["letter"]),
  ];
  const against = [
    result("A", "expect", [], []),
    result("B", "formalise.sap", [["expect", "formalise.sap"]], ["letter", "letter"]),
    result("C", "listen.letter1", [["expect", "listen.letter1"]], ["letter", "letter"]),
  ];

  it("counts moves into Enforce (not moves inside it), letters and penalty-notice decisions", () => {
    const o = outcomeOf(result("X", "enforce.b", [["expect", "enforce.a"], ["enforce.a", "enforce.b"], ["enforce.b", "formalise"], ["formalise", "enforce"]], ["letter", "penalty-notice", "meeting"]));
    expect(o).toEqual({ stage: "enforce", state: "enforce.b", enforceMoves: 2, letters: 1, penaltyNoticeDecisions: 1 });
  });

  it("lists each pupil whose stage, moves into Enforce, letters or penalty-notice decisions differ, and only those", () => {
    const changed = changedPupils(tried, against);
    expect(changed.map((c) => c.upn)).toEqual(["B", "C"]);
    expect(changed[0]!.changed).toEqual(["stage", "enforceMoves", "penaltyNoticeDecisions"]);
    expect(changed[0]!.tried!.stage).toBe("enforce");
    expect(changed[0]!.against!.stage).toBe("formalise");
    expect(changed[1]!.changed).toEqual(["letters"]);
  });

  it("puts every pupil side by side under both policies, marking those that differ", () => {
    const rows = sideBySide(tried, against);
    expect(rows.map((r) => [r.upn, r.tried?.stage, r.against?.stage, r.differs])).toEqual([
      ["A", "expect", "expect", false],
      ["B", "enforce", "formalise", true],
      ["C", "listen", "listen", true],
    ]);
    expect(sideBySide(tried, null).every((r) => r.against === null && !r.differs)).toBe(true);
  });

  it("over a real run, the pupils' letter differences add up to the summary's difference", () => {
    const DAYS = weekdays("2024-09-02", 100, [["2024-10-28", "2024-11-01"]]);
    const register = patternRegister(DAYS, {
      A: (d) => (d >= 20 && d % 2 === 0 ? ["I", "I"] : PRESENT),
      B: (d) => (d >= 20 && d % 19 === 0 ? ["I", "I"] : PRESENT),
      C: () => PRESENT,
      D: (d) => (d >= 30 && d % 4 === 0 ? ["O", "O"] : PRESENT),
    });
    const base = PRESETS["all-saints"] as PolicyInput;
    const edited = structuredClone(base);
    edited.parameters!.letter1Below!.value = 98;
    const a = simulateCohort(compilePolicy(edited), register);
    const b = simulateCohort(compilePolicy(base), register);
    const changed = changedPupils(a, b);
    expect(changed.length).toBeGreaterThan(0);
    const sum = changed.reduce((n, c) => n + c.tried!.letters - c.against!.letters, 0);
    expect(sum).toBe(difference(summarise(a).letters, summarise(b).letters));
    expect(changedPupils(b, b)).toEqual([]);
  });
});

describe("what was edited between two policies", () => {
  const base = PRESETS["all-saints"] as PolicyInput;

  it("names a changed parameter by name and description with its values", () => {
    const edited = structuredClone(base);
    edited.parameters!.letter1Below!.value = 94;
    expect(policyDiff(base, edited)).toEqual([
      { about: "parameter", key: "letter1Below", change: "changed", words: "Parameter letter1Below (Letter 1 when attendance falls below this target): 95 → 94" },
    ]);
  });

  it("finds nothing between a preset and its published form (defaults filled in, parameters written out as values, keys in another order)", () => {
    const published = JSON.parse(JSON.stringify(resolveParameters(parsePolicy(base), []), (_k, v) => (v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v)));
    expect(policyDiff(published, base)).toEqual([]);
    const edited = structuredClone(base);
    edited.parameters!.sapBelow!.value = 88;
    expect(policyDiff(published, edited)[0]!.words).toBe("Parameter sapBelow (Letter 3 (SAP invitation) when attendance is below): 90 → 88");
    expect(policyDiff(published, edited).every((c) => c.key === "sapBelow" || c.about === "rule")).toBe(true);
  });

  it("finds rules added, removed and changed by id, wherever they are declared", () => {
    const edited = structuredClone(base);
    const expectRules = (edited.stages.expect as PolicyState).rules!;
    const letter1 = expectRules.find((r) => r.id === "letter-1")!;
    letter1.when = { attendance: { below: 93 } };
    letter1.reason = "New words";
    const removed = edited.anywhere![0]!;
    edited.anywhere = edited.anywhere!.slice(1);
    expectRules.push({ id: "new-rule", on: "schoolDayClosed", to: "monitor", actions: [], reason: "r", seed: "s" });
    const words = policyDiff(base, edited).map((c) => c.words);
    expect(words).toContain("Rule new-rule added on expect (to monitor)");
    expect(words).toContain(`Rule ${removed.id} removed (was in several stages)`);
    const l1 = words.find((w) => w.startsWith("Rule letter-1:"))!;
    expect(l1).toContain('guard {"attendance":{"below":"$letter1Below"}} → {"attendance":{"below":93}}');
    expect(l1).toContain("reason changed");
  });

  it("finds parameters added and removed, states, settings and letters, and nothing between a policy and itself", () => {
    const edited = structuredClone(base);
    delete edited.parameters!.sapBelow;
    edited.parameters!.extra = { value: 3, description: "An extra figure" };
    const monitor = edited.stages.monitor as PolicyState;
    monitor.states = { ...(monitor.states ?? {}), watch: { description: "Watching" } };
    edited.minimumPossibleSessions = 30;
    edited.letters = edited.letters!.slice(1);
    const changes = policyDiff(base, edited);
    const words = changes.map((c) => c.words);
    expect(words).toContain("Parameter extra (An extra figure) added: 3");
    expect(words).toContain("Parameter sapBelow (Letter 3 (SAP invitation) when attendance is below) removed (was 90)");
    expect(words).toContain("State monitor.watch added");
    expect(words).toContain("Setting minimumPossibleSessions: 20 → 30");
    expect(changes.some((c) => c.about === "letter" && c.change === "removed" && c.key === base.letters![0]!.id)).toBe(true);
    expect(policyDiff(base, structuredClone(base))).toEqual([]);
  });
});
