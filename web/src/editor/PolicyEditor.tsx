import { useEffect, useId, useRef, useState } from "react";
import type { PolicyTextCheck } from "./checkPolicyText.ts";

export interface PolicyEditorProps {
  /** The text the editor starts with (a preset written out as JSON). */
  readonly initial: string;
  /** Each time the text settles: the text and the engine's check of it. */
  readonly onCheck: (text: string, check: PolicyTextCheck) => void;
}

/**
 * The policy document as JSON in a code editor that knows the policy schema: completion of field names and
 * values, problems underlined where they are and listed below in the check's words, announced as they change.
 * The editor itself (CodeMirror) is loaded when this first shows.
 */
export function PolicyEditor({ initial, onCheck }: PolicyEditorProps) {
  const id = useId();
  const host = useRef<HTMLDivElement>(null);
  const report = useRef(onCheck);
  report.current = onCheck;
  const [state, setState] = useState<"loading" | "ready" | "failed">("loading");
  const [check, setCheck] = useState<PolicyTextCheck | null>(null);

  useEffect(() => {
    let live = true;
    let destroy: (() => void) | null = null;
    import("./codeEditor.ts")
      .then(({ createPolicyCodeEditor }) => {
        if (!live || !host.current) return;
        const view = createPolicyCodeEditor({
          parent: host.current,
          doc: initial,
          label: "Policy document (JSON)",
          onCheck: (text, result) => {
            setCheck(result);
            report.current(text, result);
          },
        });
        destroy = () => view.destroy();
        setState("ready");
      })
      .catch(() => live && setState("failed"));
    return () => {
      live = false;
      destroy?.();
    };
    // The editor is made once per `initial`; the page remounts it (a `key`) to start again from a preset.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [initial]);

  const problems = check && !check.ok ? check.problems : [];
  return (
    <div className="json-editor policy-editor">
      <p className="editor-label" id={`${id}-label`} aria-hidden="true">
        Policy document (JSON)
      </p>
      <p className="muted small" id={`${id}-help`}>
        Ctrl+Space suggests the fields and values the policy allows. Tab indents; press Escape then Tab to leave the editor.
      </p>
      <div ref={host} className="policy-editor-host" data-editor={state} />
      {state === "loading" ? <p className="muted">Loading the editor…</p> : null}
      {state === "failed" ? (
        <p className="problem" role="alert">
          The editor could not be loaded. Reload the page to try again.
        </p>
      ) : null}
      <p id={`${id}-status`} role="status" aria-live="polite" className={problems.length ? "problem" : "ok"}>
        {check === null
          ? ""
          : check.ok
            ? "The policy passes its check: the chart and the runs below use it."
            : `${problems.length} problem${problems.length === 1 ? "" : "s"}: the chart and the runs keep the last version that passed. First: ${problems[0]!.words}`}
      </p>
      {problems.length > 1 ? (
        <ul className="problems" aria-label="Problems in the policy">
          {problems.map((p, i) => (
            <li key={i}>{p.words}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
