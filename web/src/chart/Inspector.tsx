import { useEffect, useRef } from "react";
import { GATES } from "../../../machines/gates/index.ts";
import type { CompiledAction } from "../../../machines/policy/compilePolicy.ts";
import { describeGuard } from "../../../machines/policy/describeGuard.ts";
import type { ChartArrow, ChartModel, ChartState } from "./chartModel.ts";
import { type CaseFigures, evaluateOnCase } from "./inspect.ts";

export type Selection = { kind: "state"; id: string } | { kind: "rule"; id: string };

function actionWords(a: CompiledAction): string {
  switch (a.type) {
    case "createTask":
      return `Task: ${a.params.title}${a.params.dueInSchoolDays !== undefined ? ` (due in ${a.params.dueInSchoolDays} school days)` : ""}`;
    case "issueLetter":
      return `Letter: ${a.params.title} (${a.params.kind})`;
    case "setTarget":
      return `Target: ${a.params.attendancePct}% over ${a.params.schoolDays} school days`;
    case "recordNote":
      return `Note: ${a.params.text}`;
  }
}

const verdictWords = (v: boolean | null) => (v === null ? "cannot tell here" : v ? "true" : "false");

function RuleButton({ arrow, onInspect }: { arrow: ChartArrow; onInspect: (s: Selection) => void }) {
  return (
    <button type="button" className="link-button" onClick={() => onInspect({ kind: "rule", id: arrow.id })}>
      {arrow.rule}
    </button>
  );
}

function RuleDetails({ arrow, model, figures, current, onInspect }: { arrow: ChartArrow; model: ChartModel; figures?: CaseFigures | null; current?: string | null; onInspect: (s: Selection) => void }) {
  const label = (id: string) => model.states.find((s) => s.id === id)?.label ?? (id || "anywhere");
  if (arrow.members) {
    return (
      <>
        <p>
          {label(arrow.from)} → {label(arrow.to)}: {arrow.members.length} rules, drawn as one arrow while a stage is closed.
        </p>
        <ul>
          {arrow.members.map((m) => (
            <li key={m.id}>
              <RuleButton arrow={m} onInspect={onInspect} />: {m.trigger}
              {m.guard !== "always" ? ` when ${m.guard}` : ""} → {label(m.to)}
            </li>
          ))}
        </ul>
      </>
    );
  }
  const evaluation = figures ? evaluateOnCase(arrow.policyGuard, figures, arrow.from) : null;
  const inFrom = current ? current === arrow.from || current.startsWith(`${arrow.from}.`) || arrow.from === "" : false;
  return (
    <>
      <dl className="chart-inspector-facts">
        <dt>When</dt>
        <dd>{arrow.trigger}</dd>
        <dt>Moves</dt>
        <dd>
          {label(arrow.from)} → {label(arrow.to)}
        </dd>
        <dt>Why</dt>
        <dd>{arrow.reason}</dd>
      </dl>
      <h4>The policy's guard</h4>
      <p data-testid="policy-guard-words">{arrow.policyGuard ? describeGuard(arrow.policyGuard) : "always (no condition)"}</p>
      {arrow.policyGuard ? (
        <details open>
          <summary>As data (JSON)</summary>
          <pre className="chart-json" data-testid="policy-guard-json" tabIndex={0}>
            {JSON.stringify(arrow.policyGuard, null, 2)}
          </pre>
        </details>
      ) : null}
      {arrow.gates && arrow.gates.length > 0 ? (
        <>
          <h4>Statutory gates</h4>
          <p className="muted small">From the law, not the school's policy: every legal step passes them, whatever the policy says.</p>
          <ul data-testid="statutory-gates">
            {arrow.gates.map((g, i) => (
              <li key={i}>
                <strong>{GATES[g.statutory]?.title ?? g.statutory}</strong>: {describeGuard(g)}
                {GATES[g.statutory] ? <div className="muted small">{GATES[g.statutory]!.law}</div> : null}
              </li>
            ))}
          </ul>
          <details>
            <summary>Gates as data (JSON)</summary>
            <pre className="chart-json" tabIndex={0}>
              {JSON.stringify(arrow.gates, null, 2)}
            </pre>
          </details>
        </>
      ) : null}
      {evaluation ? (
        <div className="chart-evaluation" data-testid="guard-today">
          <h4>Today, on this case's figures</h4>
          {!inFrom ? <p className="muted small">The case is not in {label(arrow.from)} now: this is what the guard would say if it were.</p> : null}
          {evaluation.parts.length === 0 ? (
            <p>No condition: it holds.</p>
          ) : (
            <ul>
              {evaluation.parts.map((p, i) => (
                <li key={i} data-holds={p.holds === null ? "unknown" : String(p.holds)}>
                  {p.words}
                  {p.note ? ` (${p.note})` : ""}: <strong>{verdictWords(p.holds)}</strong>
                </li>
              ))}
            </ul>
          )}
          <p>
            The policy's guard today: <strong data-testid="guard-today-result">{verdictWords(evaluation.holds)}</strong>
            {arrow.gates && arrow.gates.length > 0 ? ". The statutory gates are judged by the engine at each day close, on the case's history." : "."}
          </p>
        </div>
      ) : null}
      {arrow.seed ? (
        <>
          <h4>The policy's words</h4>
          <blockquote className="chart-seed">{arrow.seed}</blockquote>
        </>
      ) : null}
      {arrow.choice ? (
        <>
          <h4>The choice made</h4>
          <p>{arrow.choice}</p>
        </>
      ) : null}
      {arrow.actions && arrow.actions.length > 0 ? (
        <>
          <h4>What it does</h4>
          <ul>
            {arrow.actions.map((a, i) => (
              <li key={i}>{actionWords(a)}</li>
            ))}
          </ul>
        </>
      ) : null}
      {arrow.builtIn ? <p className="muted small">Added by Rollcall (a statutory baseline or a default), not written by the school.</p> : null}
    </>
  );
}

function StateDetails({ state, model, onInspect }: { state: ChartState; model: ChartModel; onInspect: (s: Selection) => void }) {
  const subs = model.states.filter((s) => s.parent === state.id);
  const out = model.arrows.filter((a) => a.from === state.id);
  const into = model.arrows.filter((a) => a.to === state.id);
  return (
    <>
      <p className="muted small">
        <code>{state.id}</code>
      </p>
      {state.description ? <p>{state.description}</p> : null}
      {state.seed ? <blockquote className="chart-seed">{state.seed}</blockquote> : null}
      {subs.length > 0 ? (
        <>
          <h4>Inside it</h4>
          <ul>
            {subs.map((s) => (
              <li key={s.id}>
                <button type="button" className="link-button" onClick={() => onInspect({ kind: "state", id: s.id })}>
                  {s.label}
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h4>Rules out of it</h4>
      {out.length === 0 ? (
        <p className="muted">None declared on this state{subs.length ? " itself (see the states inside it)" : ""}.</p>
      ) : (
        <ul>
          {out.map((a) => (
            <li key={a.id}>
              <RuleButton arrow={a} onInspect={onInspect} />: {a.trigger}
              {a.guard !== "always" ? ` when ${a.guard}` : ""}
            </li>
          ))}
        </ul>
      )}
      {into.length > 0 ? (
        <>
          <h4>Rules into it</h4>
          <ul>
            {into.map((a) => (
              <li key={a.id}>
                <RuleButton arrow={a} onInspect={onInspect} /> from {model.states.find((s) => s.id === a.from)?.label ?? a.from}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}

export interface InspectorProps {
  readonly selection: Selection;
  /** The whole chart (every state and rule), whatever is open. */
  readonly model: ChartModel;
  /** The arrows as drawn (a closed stage's grouped arrows among them). */
  readonly drawn: readonly ChartArrow[];
  readonly figures?: CaseFigures | null;
  readonly current?: string | null;
  readonly onInspect: (s: Selection) => void;
  readonly onClose: () => void;
}

/** The side panel: a state or a rule, its words, its guard as words and data, the seed quote and the choice. */
export function Inspector({ selection, model, drawn, figures, current, onInspect, onClose }: InspectorProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [selection]);
  const state = selection.kind === "state" ? model.states.find((s) => s.id === selection.id) : undefined;
  const arrow = selection.kind === "rule" ? [...model.arrows, ...model.everywhere, ...drawn].find((a) => a.id === selection.id) : undefined;
  const title = state ? state.label : arrow ? (arrow.members ? arrow.rule : `Rule ${arrow.rule}`) : selection.id;
  return (
    <section
      className="chart-inspector"
      aria-labelledby="chart-inspector-title"
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          e.stopPropagation();
          onClose();
        }
      }}
    >
      <div className="chart-inspector-head">
        <h3 id="chart-inspector-title" tabIndex={-1} ref={heading}>
          {title}
        </h3>
        <button type="button" onClick={onClose} aria-label="Close the inspector">
          Close
        </button>
      </div>
      {state ? <StateDetails state={state} model={model} onInspect={onInspect} /> : null}
      {arrow ? <RuleDetails arrow={arrow} model={model} figures={figures ?? null} current={current ?? null} onInspect={onInspect} /> : null}
      {!state && !arrow ? <p className="muted">Not in this chart.</p> : null}
    </section>
  );
}
