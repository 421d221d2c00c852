import { Draft07 } from "json-schema-library";
import { describe, expect, it } from "vitest";
import { PRESET_IDS, PRESETS } from "../../machines/presets/index.ts";
import { checkPolicyText, placesOf } from "../src/editor/checkPolicyText.ts";
import { policyJsonSchema } from "../src/editor/policyJsonSchema.ts";

// Checked with a JSON Schema validator of its own (json-schema-library, draft 7), not with zod: the generated schema
// must say what the zod schema says.
const schema = new Draft07(policyJsonSchema());
const text = (v: unknown) => JSON.stringify(v, null, 2);

describe("the policy editor's JSON Schema (generated from the engine's zod schema)", () => {
  it.each(PRESET_IDS)("accepts the preset %s", (id) => {
    expect(schema.validate(PRESETS[id])).toEqual([]);
  });

  it("rejects a broken policy: a threshold written as words, an unknown field, a rule with no reason", () => {
    const broken = structuredClone(PRESETS["all-saints"]) as Record<string, any>;
    broken.parameters.letter1Below.value = "ninety-five";
    expect(schema.validate(broken).length).toBeGreaterThan(0);
    const unknown = { ...structuredClone(PRESETS["all-saints"]), letterColour: "red" };
    expect(schema.validate(unknown).length).toBeGreaterThan(0);
    const noReason = structuredClone(PRESETS["all-saints"]) as Record<string, any>;
    delete noReason.stages.expect.rules[0].reason;
    expect(schema.validate(noReason).length).toBeGreaterThan(0);
  });

});

describe("the policy editor's problems, placed on the text they are about", () => {
  const preset = text(PRESETS["all-saints"]);

  it("passes a preset as it is, with its compiled machine", () => {
    const check = checkPolicyText(preset);
    expect(check.ok).toBe(true);
  });

  it("puts a wrong value on its field, in the check's own words naming the path", () => {
    const t = preset.replace(/("letter1Below": \{\s*"value": )95/, '$1"95"');
    const check = checkPolicyText(t);
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.problems[0]!.words).toMatch(/^parameters\.letter1Below\.value: .*expected number/);
    const at = check.problems[0]!;
    expect(t.slice(at.from, at.to)).toBe('"value"');
    // The right "value": the one inside letter1Below.
    expect(t.slice(0, at.from).lastIndexOf('"letter1Below"')).toBeGreaterThan(t.slice(0, at.from).lastIndexOf('"letter2Below"'));
  });

  it("puts an unknown field on its name, and a rule's problem on that rule's id", () => {
    const unknown = checkPolicyText(preset.replace(/^\{/, '{\n  "letterColour": "red",'));
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) expect(preset.replace(/^\{/, '{\n  "letterColour": "red",').slice(unknown.problems[0]!.from, unknown.problems[0]!.to)).toBe('"letterColour"');

    const policy = structuredClone(PRESETS["all-saints"]) as Record<string, any>;
    policy.stages.expect.rules[0].when = { attendance: { below: 0 } };
    const t = text(policy);
    const impossible = checkPolicyText(t);
    expect(impossible.ok).toBe(false);
    if (impossible.ok) return;
    const p = impossible.problems.find((x) => x.path === "rule letter-1")!;
    expect(p.words).toMatch(/^rule letter-1: its guard can never hold/);
    expect(t.slice(p.from, p.to)).toBe('"id"');
    expect(t.slice(p.to, p.to + 20)).toContain('"letter-1"');
  });

  it("says where broken JSON stops, by line", () => {
    const t = preset.replace('"letter1Below": {', '"letter1Below": {,');
    const check = checkPolicyText(t);
    expect(check.ok).toBe(false);
    if (check.ok) return;
    const line = t.slice(0, t.indexOf("{,") + 1).split("\n").length;
    expect(check.problems[0]!.words).toMatch(new RegExp(`^The JSON is not valid near line ${line}:`));
    expect(t.slice(check.problems[0]!.from, check.problems[0]!.from + 1)).toBe(",");
  });

  it("says where JSON stops even when the parser's message gives no position (a value left out)", () => {
    const t = preset.replace('"below": "$letter1Below"', '"below": ');
    const check = checkPolicyText(t);
    expect(check.ok).toBe(false);
    if (check.ok) return;
    const after = t.indexOf('"below": ') + '"below": '.length;
    expect(check.problems[0]!.from).toBeGreaterThanOrEqual(after);
    expect(check.problems[0]!.from).toBeLessThan(after + 40);
    expect(check.problems[0]!.words).toMatch(new RegExp(`near line ${t.slice(0, check.problems[0]!.from).split("\n").length}:`));
  });

  it("knows where every value is by its dotted path", () => {
    const t = '{"a": {"b": [1, {"c": true}]}}';
    const places = placesOf(t);
    expect([...places.keys()]).toEqual(["", "a", "a.b", "a.b.0", "a.b.1", "a.b.1.c"]);
    const c = places.get("a.b.1.c")!;
    expect([t.slice(c.keyFrom, c.keyTo), t.slice(c.from, c.to)]).toEqual(['"c"', "true"]);
  });
});
