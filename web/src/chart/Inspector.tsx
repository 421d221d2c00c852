import { useEffect, useRef } from "react";
import { GATES } from "../../../machines/gates/index.ts";
import type { CompiledAction } from "../../../machines/policy/compilePolicy.ts";
import { describeGuard } from "../../../machines/policy/describeGuard.ts";
import type { Judged } from "../../../machines/case/judgeGuard.ts";
import { formatDate } from "../words.ts";
import type { ChartArrow, ChartModel, ChartState } from "./chartModel.ts";
import { type CaseJudgement, combinationWords, conditionWords, judgedFor, type PathOnChart } from "./inspect.ts";

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

const verdictWords = (v: boolean | null) => (v === null ? "decided when the event is recorded" : v ? "true" : "false");

/** A judged guard as a list: each condition with its figure, comparison and bound, and true or false in words. */
function JudgedList({ judged }: { judged: Judged }) {
  if ("parts" in judged) {
    return (
      <li data-holds={judged.holds === null ? "unknown" : String(judged.holds)}>
        {combinationWords(judged)} <strong>{verdictWords(judged.holds)}</strong>
        <ul>
          {judged.parts.map((p, i) => (
            <JudgedList key={i} judged={p} />
          ))}
        </ul>
      </li>
    );
  }
  return (
    <li data-holds={judged.holds === null ? "unknown" : String(judged.holds)}>
      {conditionWords(judged.text)}: <strong>{verdictWords(judged.holds)}</strong>
    </li>
  );
}

function RuleButton({ arrow, onInspect }: { arrow: ChartArrow; onInspect: (s: Selection) => void }) {
  return (
    <button type="button" className="link-button" onClick={() => onInspect({ kind: "rule", id: arrow.id })}>
      {arrow.rule}
    </button>
  );
}

function RuleDetails({ arrow, model, judgement, path, onInspect }: { arrow: ChartArrow; model: ChartModel; judgement?: CaseJudgement | null; path?: PathOnChart | null; onInspect: (s: Selection) => void }) {
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
  const judged = judgedFor(arrow, judgement);
  const taken = path?.taken.get(arrow.id);
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
      {taken ? (
        <p data-testid="rule-taken">
          <strong>The case took this step</strong>: {taken.map((t) => `step ${t.step} of its path, on ${formatDate(t.date)}`).join("; ")}.
        </p>
      ) : null}
      {judgement && arrow.on ? (
        <div className="chart-evaluation" data-testid="guard-today">
          <h4>Today, on this case's figures{judgement.asOf ? ` (${formatDate(judgement.asOf)})` : ""}</h4>
          {!judged ? (
            <p className="muted">Not judged: the figures for this rule are not available.</p>
          ) : (
            <>
              {!judged.applies ? <p className="muted small">The case is not in {label(arrow.from)} now: this is what the guard would say if it were.</p> : null}
              {judged.guard ? (
                <ul data-testid="guard-today-leaves">
                  <JudgedList judged={judged.guard} />
                </ul>
              ) : (
                <p>No condition of the policy's own: it holds.</p>
              )}
              {judged.gates.length > 0 ? (
                <>
                  <p className="small">The statutory gates:</p>
                  <ul data-testid="gates-today">
                    {judged.gates.map((g) => (
                      <li key={g.gate} data-holds={String(g.holds)}>
                        {g.title} ({g.figures}): <strong>{g.holds ? "passes" : "does not pass"}</strong>
                      </li>
                    ))}
                  </ul>
                </>
              ) : null}
              <p>
                {judged.gates.length > 0 ? "The guard and its gates today: " : "The policy's guard today: "}
                <strong data-testid="guard-today-result">{verdictWords(judged.holds)}</strong>
                {judged.holds === true && judged.applies && arrow.on === "schoolDayClosed" ? " (it moves the case at the next day close unless a rule before it does)" : ""}
              </p>
            </>
          )}
        </div>
      ) : null}
      <h4>The policy's guard</h4>
      <p data-testid="policy-guard-words">{arrow.policyGuard ? describeGuard(arrow.policyGuard) : "always (no condition)"}</p>
      {arrow.policyGuard ? (
        <details open={!judgement}>
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

function StateDetails({ state, model, path, onInspect }: { state: ChartState; model: ChartModel; path?: PathOnChart | null; onInspect: (s: Selection) => void }) {
  const subs = model.states.filter((s) => s.parent === state.id);
  const stays = path?.stays.get(state.id);
  const out = model.arrows.filter((a) => a.from === state.id);
  const into = model.arrows.filter((a) => a.to === state.id);
  return (
    <>
      <p className="muted small">
        <code>{state.id}</code>
      </p>
      {state.description ? <p>{state.description}</p> : null}
      {state.seed ? <blockquote className="chart-seed">{state.seed}</blockquote> : null}
      {path ? (
        <>
          <h4>This case here</h4>
          {stays && stays.length > 0 ? (
            <ul data-testid="state-stays">
              {stays.map((v, i) => (
                <li key={i}>
                  Step {v.step} of its path: from {formatDate(v.enteredOn)} {v.leftOn ? `to ${formatDate(v.leftOn)}` : "until now"}
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">The case has not been here.</p>
          )}
        </>
      ) : null}
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
  /** On a case page: the rules judged on the case's figures and its path (GET /api/cases/{upn}/guards). */
  readonly judgement?: CaseJudgement | null;
  readonly path?: PathOnChart | null;
  readonly current?: string | null;
  readonly onInspect: (s: Selection) => void;
  readonly onClose: () => void;
}

/** The side panel: a state or a rule, its words, its guard as words and data, the seed quote and the choice. */
export function Inspector({ selection, model, drawn, judgement, path, onInspect, onClose }: InspectorProps) {
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
      {state ? <StateDetails state={state} model={model} path={path ?? null} onInspect={onInspect} /> : null}
      {arrow ? <RuleDetails arrow={arrow} model={model} judgement={judgement ?? null} path={path ?? null} onInspect={onInspect} /> : null}
      {!state && !arrow ? <p className="muted">Not in this chart.</p> : null}
    </section>
  );
}
