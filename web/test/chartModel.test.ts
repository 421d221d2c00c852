import { describe, expect, it } from "vitest";
import { describeGuard } from "../../machines/policy/describeGuard.ts";
import { compilePolicy } from "../../machines/policy/compilePolicy.ts";
import { PRESETS } from "../../machines/presets/index.ts";
import { chartModel, collapse, searchChart, splitGuard } from "../src/chart/chartModel.ts";
import { evaluateOnCase } from "../src/chart/inspect.ts";

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

  it("judges the parts it has figures for, with the engine's figures, and says which it cannot", () => {
    const letter1 = model.arrows.find((a) => a.rule === "letter-1")!;
    const today = evaluateOnCase(letter1.policyGuard, { metrics: { attendancePct: 88.4, possibleSessions: 120 } }, "expect");
    expect(today.holds).toBe(true);
    expect(today.parts.map((p) => `${p.words} (${p.note}): ${p.holds}`)).toEqual(["possible sessions 20 or more (120 possible sessions): true", "attendance below 95% (attendance 88.4%): true"]);
    expect(evaluateOnCase(letter1.policyGuard, { metrics: { attendancePct: 97, possibleSessions: 120 } }, "expect").holds).toBe(false);
    const pnToday = evaluateOnCase(pn.policyGuard, { metrics: { attendancePct: 80, possibleSessions: 120, penaltyThresholdMet: false } }, "facilitate.letter2");
    // The threshold is not met, so the whole `all` is false even though the days in the state are unknown here.
    expect(pnToday.holds).toBe(false);
    expect(pnToday.parts[0]).toMatchObject({ words: "school days in this state 10 or more", holds: null });
    expect(evaluateOnCase(pn.policyGuard, { metrics: { penaltyThresholdMet: true } }, "facilitate.letter2").holds).toBe(null);
    expect(evaluateOnCase(undefined, { metrics: null }, "expect")).toEqual({ holds: true, parts: [] });
  });
});
