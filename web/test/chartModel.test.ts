import { describe, expect, it } from "vitest";
import { describeGuard } from "../../machines/policy/describeGuard.ts";
import { compilePolicy } from "../../machines/policy/compilePolicy.ts";
import { PRESETS } from "../../machines/presets/index.ts";
import { chartModel, collapse, searchChart, splitGuard } from "../src/chart/chartModel.ts";
import { judgedFor, pathOnChart } from "../src/chart/inspect.ts";

const allSaints = compilePolicy(PRESETS["all-saints"], "all-saints");
const model = chartModel(allSaints);

describe("the chart's closed stages", () => {
  it("draws a closed stage as one box summarising its sub-states, and accounts for every rule", () => {
    const view = collapse(model, new Set());
    expect(view.states.map((s) => s.id)).toEqual(["expect", "monitor", "listen", "facilitate", "formalise", "enforce", "closed"]);
    const formalise = view.states.find((s) => s.id === "formalise")!;
    expect(formalise.collapsed).toBe(true);
    expect(formalise.summary).toContain("SAP invited");
    expect(formalise.summary).toHaveLength(10);
    const ids = new Set(view.states.map((s) => s.id));
    for (const a of view.arrows) expect(ids.has(a.from) && ids.has(a.to), a.id).toBe(true);
    // Every rule is drawn, grouped into a drawn arrow, or inside a closed stage (from and to in the same stage).
    const drawn = new Set(view.arrows.flatMap((a) => (a.members ? a.members.map((m) => m.id) : [a.id])));
    for (const a of model.arrows) if (!drawn.has(a.id)) expect(a.from.split(".")[0], a.id).toBe(a.to.split(".")[0]);
    const group = view.arrows.find((a) => a.id === "rules:formalise->enforce")!;
    expect(group.members!.map((m) => m.rule).sort()).toEqual(["case-work-legal", "fast-track-penalty-notice", "legal-intervention"]);
  });

  it("an open stage shows its sub-states and the rules inside it", () => {
    const view = collapse(model, new Set(["formalise"]));
    expect(view.states.some((s) => s.id === "formalise.sapInvited")).toBe(true);
    expect(view.arrows.some((a) => a.id === "sap-held:formalise.sapInvited->formalise.sapTarget")).toBe(true);
    expect(collapse(model, new Set(allSaints.statePaths)).arrows.map((a) => a.id)).toEqual(model.arrows.map((a) => a.id));
  });
});

describe("the chart's search", () => {
  it("finds a rule by name first, a state by its name, and a rule by the seed's words", () => {
    expect(searchChart(model, "letter 3")[0]).toMatchObject({ kind: "rule", title: "letter-3-sap-after-monitoring" });
    expect(searchChart(model, "penalty notice requested")[0]).toMatchObject({ kind: "state", id: "enforce.penaltyNoticeRequested" });
    // "initiative" is only in the seed: "...will be placed on the Fast Track initiative".
    expect(searchChart(model, "initiative")[0]).toMatchObject({ kind: "rule", title: "fast-track" });
    expect(searchChart(model, "no such words here")).toEqual([]);
  });
});

describe("a rule's guard, split and judged", () => {
  const pn = model.arrows.find((a) => a.rule === "letter-2-penalty-notice")!;

  it("keeps the statutory gates apart from the policy's own guard", () => {
    expect(pn.gates!.map((g) => g.statutory)).toEqual(["compulsorySchoolAge", "unauthorisedAbsence", "supportFirst"]);
    expect(JSON.stringify(pn.policyGuard)).not.toContain("statutory");
    expect(describeGuard(pn.policyGuard)).toBe("school days in this state 10 or more and improvement since entering at most 0 points and national penalty threshold met (10 unauthorised sessions in 10 school weeks)");
    expect(pn.labelWords).toBe(`${describeGuard(pn.policyGuard)} (+ 3 statutory gates)`);
    expect(splitGuard({ all: [{ attendance: { below: 90 } }, { statutory: "supportFirst" }] })).toEqual({ policy: { attendance: { below: 90 } }, gates: [{ statutory: "supportFirst" }] });
    expect(splitGuard({ statutory: "supportFirst" })).toEqual({ policy: undefined, gates: [{ statutory: "supportFirst" }] });
    expect(splitGuard(undefined)).toEqual({ policy: undefined, gates: [] });
  });

  it("finds the engine's judgement of an arrow's rule: same rule, from and to", () => {
    const letter1 = model.arrows.find((a) => a.rule === "letter-1")!;
    const judged = { rule: "letter-1", on: "schoolDayClosed", from: "expect", to: "listen.letter1Monitoring", guard: null, gates: [], holds: true, applies: true };
    const other = { ...judged, from: "listen", holds: false };
    expect(judgedFor(letter1, { asOf: "2024-10-01", path: [], rules: [other, judged] })).toBe(judged);
    expect(judgedFor(letter1, { asOf: "2024-10-01", path: [], rules: [other] })).toBeUndefined();
    expect(judgedFor(letter1, null)).toBeUndefined();
  });
});

describe("a case's path on the chart", () => {
  const path = [
    { state: "expect", enteredOn: "2024-09-02", leftOn: "2024-10-01", from: "", rule: null, event: "caseOpened" },
    { state: "listen.letter1Monitoring", enteredOn: "2024-10-01", leftOn: "2024-10-15", from: "expect", rule: "letter-1", event: "schoolDayClosed" },
    { state: "listen.letter1Monitoring", enteredOn: "2024-10-15", leftOn: "2024-11-04", from: "listen.letter1Monitoring", rule: "letter-1-monitoring-again", event: "schoolDayClosed" },
    { state: "formalise.sapInvited", enteredOn: "2024-11-04", leftOn: null, from: "listen.letter1Monitoring", rule: "letter-3-sap-after-monitoring", event: "schoolDayClosed" },
  ];
  const onChart = pathOnChart(model, path);

  it("gives each state its stays with dates, a stage one stay while the case moves inside it", () => {
    expect(onChart.stays.get("expect")).toEqual([{ step: 1, enteredOn: "2024-09-02", leftOn: "2024-10-01" }]);
    expect(onChart.stays.get("listen")).toEqual([{ step: 2, enteredOn: "2024-10-01", leftOn: "2024-11-04" }]);
    expect(onChart.stays.get("listen.letter1Monitoring")).toEqual([
      { step: 2, enteredOn: "2024-10-01", leftOn: "2024-11-04" },
    ]);
    expect(onChart.stays.get("formalise.sapInvited")).toEqual([{ step: 4, enteredOn: "2024-11-04", leftOn: null }]);
    expect(onChart.stays.has("enforce")).toBe(false);
  });

  it("finds the arrow each move took, by its rule, and none for the opening", () => {
    expect(onChart.arrowOfStep).toEqual([
      null,
      "letter-1:expect->listen.letter1Monitoring",
      "letter-1-monitoring-again:listen.letter1Monitoring->listen.letter1Monitoring",
      "letter-3-sap-after-monitoring:listen.letter1Monitoring->formalise.sapInvited",
    ]);
    expect(onChart.taken.get("letter-1:expect->listen.letter1Monitoring")).toEqual([{ step: 2, date: "2024-10-01" }]);
    expect(onChart.taken.has("fast-track:expect->formalise.fastTrack1")).toBe(false);
  });
});
