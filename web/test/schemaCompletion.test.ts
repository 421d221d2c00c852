// @vitest-environment jsdom
import { CompletionContext, type Completion, type CompletionResult } from "@codemirror/autocomplete";
import { json } from "@codemirror/lang-json";
import { EditorState } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import { describe, expect, it } from "vitest";
import { PRESETS } from "../../machines/presets/index.ts";
import { checkPolicyText } from "../src/editor/checkPolicyText.ts";
import { policyJsonSchema } from "../src/editor/policyJsonSchema.ts";
import { fieldsAt, schemaCompletion, valuesAt } from "../src/editor/schemaCompletion.ts";

const schema = policyJsonSchema();
const preset = JSON.stringify(PRESETS["all-saints"], null, 2);

/** The completion offered with the cursor just after `mark` (the first time it occurs) in `doc`. */
function complete(doc: string, mark: string, explicit = false): { view: EditorView; result: CompletionResult | null } {
  const pos = doc.indexOf(mark) + mark.length;
  expect(doc.indexOf(mark)).toBeGreaterThanOrEqual(0);
  const state = EditorState.create({ doc, selection: { anchor: pos }, extensions: [json()] });
  const view = new EditorView({ state, parent: document.body });
  return { view, result: schemaCompletion(schema)(new CompletionContext(view.state, pos, explicit)) as CompletionResult | null };
}
const labels = (r: CompletionResult | null) => (r?.options ?? []).map((o) => o.label);
const accept = (view: EditorView, r: CompletionResult, label: string) => {
  const option = r.options.find((o) => o.label === label) as Completion & { apply: (v: EditorView, c: Completion, from: number, to: number) => void };
  option.apply(view, option, r.from, view.state.selection.main.head);
  return view.state.doc.toString();
};

describe("completion from the policy's JSON Schema", () => {
  it("offers a guard's comparisons inside a preset's Letter 1 rule, and writing one gives a policy that passes", () => {
    const doc = preset.replace('"below": "$letter1Below"', '"bel"');
    const { view, result } = complete(doc, '"bel');
    expect(labels(result)).toEqual(expect.arrayContaining(["below", "atLeast", "above", "atMost"]));
    expect(labels(result)).not.toContain("id");
    const after = accept(view, result!, "below");
    expect(after).toContain('"attendance": {\n              "below": \n');
    view.dispatch({ changes: { from: view.state.selection.main.head, insert: "94" } });
    const check = checkPolicyText(view.state.doc.toString());
    expect(check.ok).toBe(true);
    view.destroy();
  });

  it("offers the policy's fields not written yet at the top, with an object's braces ready", () => {
    const doc = preset.replace('{\n  "id"', '{\n  "gat"\n  "id"');
    const { view, result } = complete(doc, '"gat');
    expect(labels(result)).toContain("gates");
    expect(labels(result)).not.toContain("id");
    expect(accept(view, result!, "gates")).toMatch(/^\{\n {2}"gates": \{\}\n/);
    view.destroy();
  });

  it("offers the values a field may take from a fixed list: a rule's event types", () => {
    const doc = preset.replace('"on": "schoolDayClosed"', '"on": "sap"');
    const { view, result } = complete(doc, '"on": "sap');
    expect(labels(result)).toEqual(expect.arrayContaining(["schoolDayClosed", "sapMeetingHeld"]));
    expect(accept(view, result!, "sapMeetingHeld")).toContain('"on": "sapMeetingHeld",');
    view.destroy();
  });

  it("offers nothing in free text (a rule's reason) unless asked", () => {
    const doc = preset;
    const { result } = complete(doc, '"reason": "Att');
    expect(result).toBeNull();
  });

  it("reads the schema through references and alternatives", () => {
    expect(fieldsAt(schema, ["stages", "expect", "rules", 0]).map((f) => f.name)).toEqual(["id", "on", "to", "when", "actions", "reason", "seed", "choice"]);
    expect(fieldsAt(schema, ["stages", "expect", "rules", 0, "when"]).map((f) => f.name)).toEqual(expect.arrayContaining(["all", "any", "not", "attendance", "schoolDaysInState"]));
    expect(valuesAt(schema, ["letters", 0, "kind"])).toEqual(['"concern"', '"recognition"', '"legal-warning"', '"information"']);
  });
});
