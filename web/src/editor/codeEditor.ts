import { indentWithTab } from "@codemirror/commands";
import { json, jsonLanguage } from "@codemirror/lang-json";
import { type Diagnostic, linter, lintGutter } from "@codemirror/lint";
import { EditorState } from "@codemirror/state";
import { EditorView, keymap } from "@codemirror/view";
import { basicSetup } from "codemirror";
import { jsonCompletion, stateExtensions } from "codemirror-json-schema";
import { checkPolicyText, type PolicyTextCheck } from "./checkPolicyText.ts";
import { policyJsonSchema } from "./policyJsonSchema.ts";

export interface PolicyCodeEditorOptions {
  readonly parent: HTMLElement;
  readonly doc: string;
  /** The id of the element that labels the editor, and of the one that describes it (keys, problems). */
  readonly labelledBy: string;
  readonly describedBy: string;
  /** Called with the text's check each time the text settles (after typing pauses) and once at the start. */
  readonly onCheck: (text: string, check: PolicyTextCheck) => void;
}

/**
 * The policy editor: CodeMirror 6 with JSON, completion from the policy's JSON Schema (codemirror-json-schema over
 * the schema generated from the engine's zod schema), and the engine's own check as inline problems. Loaded on
 * demand (it is the largest part of the lab), so the lab's first paint does not wait for it.
 */
export function createPolicyCodeEditor({ parent, doc, labelledBy, describedBy, onCheck }: PolicyCodeEditorOptions): EditorView {
  const check = linter(
    (view): Diagnostic[] => {
      const text = view.state.doc.toString();
      const result = checkPolicyText(text);
      onCheck(text, result);
      return result.problems.map((p) => ({ from: p.from, to: p.to, severity: "error", message: p.words }));
    },
    { delay: 400 },
  );
  return new EditorView({
    parent,
    state: EditorState.create({
      doc,
      extensions: [
        basicSetup,
        // Tab indents; Escape then Tab leaves the editor (CodeMirror's tab-focus mode), as the help text says.
        keymap.of([indentWithTab]),
        json(),
        jsonLanguage.data.of({ autocomplete: jsonCompletion() }),
        stateExtensions(policyJsonSchema()),
        check,
        lintGutter(),
        EditorView.contentAttributes.of({ "aria-labelledby": labelledBy, "aria-describedby": describedBy }),
        EditorView.theme({ "&": { maxHeight: "28rem", border: "1px solid var(--border, #8a8f98)" }, ".cm-scroller": { overflow: "auto" } }),
      ],
    }),
  });
}
