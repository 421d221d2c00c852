import { describe, expect, it } from "vitest";
import { PRESET_IDS, PRESETS } from "../presets/index.ts";
import { checkPolicy } from "./checkPolicy.ts";
import type { PolicyState, Rule } from "./schema.ts";

type EditableRule = Omit<Rule, "actions"> & { actions?: Rule["actions"] };
type EditablePolicy = { stages: Record<string, Omit<PolicyState, "rules"> & { rules?: EditableRule[] }> } & Record<string, unknown>;

const minimal = (): EditablePolicy => ({
  id: "minimal",
  name: "Minimal",
  version: 1,
  source: { school: "Test", document: "test" },
  bands: [{ id: "all", label: "All", colour: "#888", min: 0, max: 100 }],
  stages: {
    expect: { rules: [{ id: "watch", on: "schoolDayClosed", to: "monitor", when: { attendance: { below: 95 } }, reason: "r", seed: "s" }] },
    monitor: { rules: [{ id: "back", on: "schoolDayClosed", to: "expect", when: { attendance: { atLeast: 95 } }, reason: "r", seed: "s" }] },
    listen: {},
    facilitate: {},
    formalise: {},
    enforce: {},
  },
});

describe("policy check", () => {
  it.each(PRESET_IDS)("passes for the preset %s: every state reachable and leavable", (id) => {
    const result = checkPolicy(PRESETS[id], id);
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.states).toBeGreaterThanOrEqual(7);
  });

  it("names states no rule leads to, and states no rule leaves", () => {
    const result = checkPolicy(minimal());
    expect(result.ok).toBe(false);
    const paths = result.problems.map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(["state listen", "state facilitate", "state formalise", "state enforce"]));
    expect(result.problems.find((p) => p.path === "state listen")!.message).toMatch(/never reach/);
  });

  it("names a stuck state: reachable but with no way out", () => {
    const p = minimal();
    p.stages.monitor = { rules: [] };
    const result = checkPolicy(p);
    expect(result.problems).toContainEqual({ path: "state monitor", message: expect.stringMatching(/stuck/) });
  });

  it("names a rule whose target does not exist, by its path in the document", () => {
    const p = minimal();
    p.stages.expect.rules![0]!.to = "monitor.nowhere";
    const result = checkPolicy(p);
    expect(result.problems).toContainEqual({ path: "stages.expect.rules.0.to", message: expect.stringContaining('no state "monitor.nowhere"') });
  });

  it("names an unknown parameter", () => {
    const p = minimal();
    p.stages.expect.rules![0]!.when = { attendance: { below: "$target" } };
    expect(checkPolicy(p).problems).toContainEqual({ path: "stages.expect.rules.0.when.attendance.below", message: expect.stringContaining('no parameter "target"') });
  });

  it("names schema problems with their path", () => {
    const p = minimal() as unknown as { stages: { expect: { rules: { when: unknown }[] } } };
    p.stages.expect.rules[0]!.when = { attendance: { below: 95, atLeast: 90 } };
    const result = checkPolicy(p);
    expect(result.ok).toBe(false);
    expect(result.problems[0]!.path).toMatch(/^stages\.expect\.rules\.0\.when/);
  });

  it("names a guard that can never hold", () => {
    const p = minimal();
    p.stages.monitor.rules![0]!.when = { attendance: { atLeast: 101 } };
    expect(checkPolicy(p).problems).toContainEqual({ path: "rule back", message: expect.stringContaining("can never hold") });
  });
});
