import { indentWithTab } from "@codemirror/commands";
import { json, jsonLanguage } from "@codemirror/lang-json";
import { type Diagnostic, linter, lintGutter } from "@codemirror/lint";
import { EditorState } from "@codemirror/state";
import { EditorView, keymap } from "@codemirror/view";
import { basicSetup } from "codemirror";
import { checkPolicyText, type PolicyTextCheck } from "./checkPolicyText.ts";
import { policyJsonSchema } from "./policyJsonSchema.ts";
import { schemaCompletion } from "./schemaCompletion.ts";

export interface PolicyCodeEditorOptions {
  /** The element the editor is placed in (inside a shadow root of its own: see below). */
  readonly parent: HTMLElement;
  readonly doc: string;
  /** The editor's accessible name. */
  readonly label: string;
  /** Called with the text's check each time the text settles (after typing pauses) and once at the start. */
  readonly onCheck: (text: string, check: PolicyTextCheck) => void;
}

/**
 * The policy editor: CodeMirror 6 with JSON, completion from the policy's JSON Schema (generated from the engine's
 * zod schema), and the engine's own check as inline problems. Loaded on demand, so the lab's first paint does not
 * wait for it.
 *
 * Completion is schemaCompletion.ts, not codemirror-json-schema's: on a whole preset (1,277 lines) that package's
 * best-effort parse of the document fails and it offers nothing, and it brings a Markdown renderer and a syntax
 * highlighter (shiki) that the policy's schema, which has no Markdown, does not need.
 */
export function createPolicyCodeEditor({ parent, doc, label, onCheck }: PolicyCodeEditorOptions): EditorView {
  // CodeMirror styles itself at run time. In a document it adds <style> elements, which the server's
  // Content-Security-Policy (style-src 'self') refuses; in a shadow root it uses constructed style sheets, which the
  // policy allows. So the editor lives in a shadow root of its own (names and ids do not cross into it: the
  // editor is named by its own aria-label).
  const root = parent.shadowRoot ?? parent.attachShadow({ mode: "open" });
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
    parent: root,
    root,
    state: EditorState.create({
      doc,
      extensions: [
        basicSetup,
        // Tab indents; Escape then Tab leaves the editor (CodeMirror's tab-focus mode), as the help text says.
        keymap.of([indentWithTab]),
        json(),
        jsonLanguage.data.of({ autocomplete: schemaCompletion(policyJsonSchema()) }),
        check,
        lintGutter(),
        EditorView.lineWrapping,
        // A tab stop of its own, so its scrolling area is reachable by keyboard (axe: scrollable-region-focusable).
        EditorView.contentAttributes.of({ "aria-label": label, tabindex: "0" }),
        EditorView.theme({
          "&": { maxHeight: "28rem", background: "#fff", border: "1px solid #aab3bf", borderRadius: "5px", fontSize: "0.85rem" },
          "&.cm-focused": { outline: "3px solid var(--accent, #1d4ed8)", outlineOffset: "1px" },
          ".cm-scroller": { overflow: "auto", fontFamily: "ui-monospace, Menlo, Consolas, monospace" },
        }),
      ],
    }),
  });
}
