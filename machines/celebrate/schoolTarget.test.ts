import { describe, expect, it } from "vitest";
import { compilePolicy } from "../policy/compilePolicy.ts";
import { PRESETS } from "../presets/index.ts";
import { schoolTarget } from "./schoolTarget.ts";

const target = (id: string) => schoolTarget(compilePolicy(PRESETS[id]!, id).policy);

describe("the school's celebration target comes from its policy", () => {
  it("All Saints: 95%, its top band (the strategy's 'target of 95%'), not a fixed 96%", () => {
    expect(target("all-saints")).toEqual({ pct: 95, from: expect.stringContaining("At or above target (95%+)") });
  });

  it("Highfield Farm: 96%, its targetPct parameter ('the school attendance target of 96%')", () => {
    expect(target("highfield-farm")).toMatchObject({ pct: 96, from: expect.stringContaining("school attendance target") });
  });

  it("every preset has one", () => {
    const all = Object.fromEntries(Object.keys(PRESETS).map((id) => [id, target(id).pct]));
    expect(all).toMatchObject({ "all-saints": 95, "highfield-farm": 96, "dfe-2024": 95, halsnead: 96 });
    for (const pct of Object.values(all)) expect(pct).toBeGreaterThanOrEqual(90);
  });
});
