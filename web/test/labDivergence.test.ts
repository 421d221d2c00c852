import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { runSimulation } from "../../machines/case/runSimulation.ts";
import type { PupilCaseResult } from "../../machines/case/simulate.ts";
import type { PolicyInput } from "../../machines/policy/schema.ts";
import { PRESETS } from "../../machines/presets/index.ts";
import { changedPupils } from "../src/lab/compare.ts";
import { comparisonCsv } from "../src/lab/comparisonCsv.ts";
import { csvField, toCsv } from "../src/lab/csv.ts";
import { divergences, firstDivergence, sideBySideTimeline, timelineOf } from "../src/lab/divergence.ts";

const read = (f: string) => ({ text: readFileSync(new URL(`../../examples/small-school/${f}`, import.meta.url), "utf8"), file: f });
const files = { marks: read("marks.csv"), pupils: read("pupils.csv"), calendar: read("calendar.csv") };

function run(policy: unknown): PupilCaseResult[] {
  const out = runSimulation(policy, "test", files);
  if (!out.ok) throw new Error(JSON.stringify(out.policyProblems));
  return out.results;
}

// All Saints as published, and the same with Letter 1's threshold moved from below 95% to below 94%.
const allSaints = PRESETS["all-saints"] as PolicyInput;
const lowered = structuredClone(allSaints) as PolicyInput & { parameters: Record<string, { value: number }> };
lowered.parameters.letter1Below!.value = 94;
const school = run(allSaints);
const tried = run(lowered);
const byUpn = (list: PupilCaseResult[], upn: string) => list.find((r) => r.upn === upn)!;

describe("where two policies diverge for a pupil (the example school, Letter 1 below 95% against below 94%)", () => {
  const all = divergences(tried, school);

  it("finds the first day and the two rules for a pupil whose outcome changes when the threshold moves", () => {
    // H999314723002 falls below 95% in March but never below 94%: All Saints sends Letter 1 on 3 March 2025, the
    // lowered threshold sends nothing that day, and the case ends elsewhere with fewer letters.
    const d = all.get("H999314723002");
    expect(d).toMatchObject({ date: "2025-03-03", triedRule: null, againstRule: "letter-1" });
    expect(d!.tried).toEqual([]);
    expect(d!.against.map((h) => h.kind)).toContain("move");
    expect(d!.against.find((h) => h.kind === "move")).toMatchObject({ from: "expect", to: "listen.letter1Monitoring" });
    expect(changedPupils(tried, school).find((c) => c.upn === "H999314723002")?.changed).toEqual(["stage", "letters"]);
    // That day its attendance was between the two thresholds (the engine's reason carries the figures).
    const move = byUpn(school, "H999314723002").transitions.find((t) => t.date === "2025-03-03")!;
    expect(move.reason).toMatch(/attendance 94\.\d%\)/);
    // Before that day the two cases went exactly the same way.
    const rows = sideBySideTimeline(byUpn(tried, "H999314723002"), byUpn(school, "H999314723002"));
    expect(rows.filter((r) => r.date < "2025-03-03").every((r) => !r.differs)).toBe(true);
    expect(rows.find((r) => r.date === "2025-03-03")?.differs).toBe(true);
  });

  it("finds no divergence for a control pupil well below both thresholds: Letter 1 on the same day under both", () => {
    const control = "A999314722004";
    for (const run of [tried, school]) expect(byUpn(run, control).transitions[0]).toMatchObject({ date: "2024-09-17", rule: "letter-1" });
    expect(all.has(control)).toBe(false);
    expect(firstDivergence(byUpn(tried, control), byUpn(school, control))).toBeNull();
    expect(changedPupils(tried, school).some((c) => c.upn === control)).toBe(false);
    // …though its case is busy: the same letters, moves and meetings on the same days under both.
    expect(timelineOf(byUpn(school, control)).length).toBeGreaterThan(5);
    expect(timelineOf(byUpn(tried, control))).toEqual(timelineOf(byUpn(school, control)));
  });

  it("lists every pupil whose outcome changes among those who diverge, and nobody when the policies are the same", () => {
    for (const c of changedPupils(tried, school)) expect(all.has(c.upn), c.upn).toBe(true);
    expect(divergences(school, run(allSaints)).size).toBe(0);
  });

  it("says which rule acted when both policies did something different on the same day", () => {
    const r = (rule: string, to: string): PupilCaseResult => ({
      upn: "X1",
      stage: to.split(".")[0]!,
      state: to,
      transitions: [{ date: "2024-10-01", from: "expect", to, event: "schoolDayClosed", rule, reason: "test" }],
      tasks: [{ date: "2024-10-01", kind: "letter", title: rule, rule }],
      rejectedEvents: [],
    });
    expect(firstDivergence(r("letter-2", "facilitate.letter2"), r("letter-3-sap", "formalise.sapInvited"))).toMatchObject({
      date: "2024-10-01",
      triedRule: "letter-2",
      againstRule: "letter-3-sap",
    });
    expect(firstDivergence(r("letter-2", "facilitate.letter2"), r("letter-2", "facilitate.letter2"))).toBeNull();
  });
});

describe("the comparison as CSV", () => {
  it("quotes fields with commas, quotes and line breaks, doubles quotes, and never starts a formula", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField("a, b")).toBe('"a, b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvField("-10")).toBe("'-10");
    expect(csvField(-10)).toBe("-10");
    expect(csvField(null)).toBe("");
    const rows = [["a", "b, c", 'd "e"', "f\r\ng", 3, null]];
    expect(parse(toCsv(rows), { relax_column_count: false })).toEqual([["a", "b, c", 'd "e"', "f\r\ng", "3", ""]]);
  });

  it("has one row per pupil under both policies, with where they diverge, and reads back with csv-parse", () => {
    const text = comparisonCsv({ triedLabel: "all-saints (edited)", againstLabel: "school's current (all-saints)", tried, against: school });
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(40);
    const h = rows.find((r) => r.UPN === "H999314723002")!;
    expect(h["Outcome differs"]).toBe("yes");
    expect(h["First day they differ"]).toBe("2025-03-03");
    expect(h["Rule under all-saints (edited)"]).toBe("");
    expect(h["Rule under school's current (all-saints)"]).toBe("letter-1");
    expect(Number(h["Letters under school's current (all-saints)"])).toBeGreaterThan(Number(h["Letters under all-saints (edited)"]));
    const control = rows.find((r) => r.UPN === "A999314722004")!;
    expect(control["Outcome differs"]).toBe("no");
    expect(control["First day they differ"]).toBe("");
  });
});
