import { Background, ControlButton, Controls, Handle, type Node, type NodeProps, Position, ReactFlow, type ReactFlowInstance, ViewportPortal } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import "./chart.css";
import { createContext, Fragment, memo, useCallback, useContext, useEffect, useId, useMemo, useRef, useState } from "react";
import type { CompiledPolicy } from "../../../machines/policy/compilePolicy.ts";
import { activeStates, type ChartArrow, chartModel, collapse, type SearchHit, searchChart, stageOf } from "./chartModel.ts";
import { formatDate } from "../words.ts";
import { type CaseJudgement, judgedFor, type PathOnChart, pathOnChart, type Stay, type Taken } from "./inspect.ts";
import { Inspector, type Selection } from "./Inspector.tsx";
import { type ChartLayout, layoutChart, type PlacedArrow, SUMMARY_LINES } from "./layout.ts";

type StateNodeData = {
  id: string;
  label: string;
  description?: string;
  active: boolean;
  current: boolean;
  container: boolean;
  collapsed: boolean;
  summary: readonly string[];
  selected: boolean;
  /** On a case page: the case's stays in this state (or inside it), oldest first. */
  stays: readonly Stay[];
};
type StateNode = Node<StateNodeData, "state">;

/** The chart's zoom never goes below this when it fits itself to the view: 12px labels stay at 9px or more. */
export const MIN_LEGIBLE_ZOOM = 0.75;

interface ChartActions {
  inspect(s: Selection, opener?: HTMLElement | null): void;
  toggle(stage: string): void;
}
const Actions = createContext<ChartActions>({ inspect: () => {}, toggle: () => {} });

/** One state: a stage container with its sub-states inside, a closed stage (a summary), or a single state. */
const StateBox = memo(function StateBox({ data }: NodeProps<StateNode>) {
  const actions = useContext(Actions);
  const kind = data.container ? "chart-container" : data.collapsed ? "chart-leaf chart-collapsed" : "chart-leaf";
  return (
    <div
      className={`chart-state ${kind}${data.active ? " is-active" : ""}${data.current ? " is-current" : ""}${data.selected ? " is-selected" : ""}${data.stays.length > 0 ? " is-visited" : ""}`}
      data-state={data.id}
      {...(data.stays.length > 0 ? { "data-visited": data.stays.map((v) => v.enteredOn).join(" ") } : {})}
      {...(data.active ? { "data-active": "true" } : {})}
      {...(data.collapsed ? { "data-collapsed": "true" } : {})}
      title={data.description}
    >
      <Handle type="target" position={Position.Top} isConnectable={false} />
      <button
        type="button"
        className="chart-state-label chart-state-button nodrag nopan"
        onClick={(e) => actions.inspect({ kind: "state", id: data.id }, e.currentTarget)}
        aria-label={`${data.label}${data.current ? " (where the case is)" : ""}${data.stays.length > 0 ? ` (${visitedWords(data.stays)})` : ""}: inspect`}
      >
        {data.label}
      </button>
      {data.current ? <span className="chart-here">current</span> : null}
      {data.stays.length > 0 ? (
        <span className="chart-visited" aria-hidden="true">
          ✓ {data.stays.length === 1 ? "step" : "steps"} {data.stays.map((v) => v.step).join(", ")} · {formatDate(data.stays[0]!.enteredOn, false)}
        </span>
      ) : null}
      {data.container || data.collapsed ? (
        <button
          type="button"
          className="chart-toggle nodrag nopan"
          aria-expanded={!data.collapsed}
          aria-label={`${data.collapsed ? "Open" : "Close"} ${data.label}`}
          onClick={() => actions.toggle(data.id)}
        >
          {data.collapsed ? "Open" : "Close"}
        </button>
      ) : null}
      {data.collapsed ? (
        <ul className="chart-summary" aria-label={`Inside ${data.label}`}>
          {data.summary.slice(0, SUMMARY_LINES).map((s) => (
            <li key={s}>{s}</li>
          ))}
          {data.summary.length > SUMMARY_LINES ? <li className="muted">and {data.summary.length - SUMMARY_LINES} more</li> : null}
        </ul>
      ) : null}
      <Handle type="source" position={Position.Bottom} isConnectable={false} />
    </div>
  );
});

const nodeTypes = { state: StateBox };

/** A state's stays in words: "visited from 2 Sept 2024 to 1 Oct 2024". */
function visitedWords(stays: readonly Stay[]): string {
  return `the case was here ${stays.map((v) => `from ${formatDate(v.enteredOn, false)} ${v.leftOn ? `to ${formatDate(v.leftOn, false)}` : "until now"}`).join(", and ")}`;
}

/** The case's steps along an arrow, for its name: "taken at step 2, 1 Oct 2024". */
function takenWords(taken: readonly Taken[]): string {
  return `the case took it: ${taken.map((t) => `step ${t.step}, ${formatDate(t.date, false)}`).join("; ")}`;
}

function pathOf(points: PlacedArrow["points"]): string {
  return points.map((p, i) => `${i === 0 ? "M" : "L"}${p.x},${p.y}`).join(" ");
}

/** The arrows, drawn over the states in the chart's own coordinates (ELK routed them, with their labels). */
function Arrows({ layout, active, selected, path }: { layout: ChartLayout; active: Set<string>; selected: string | null; path: PathOnChart | null }) {
  const actions = useContext(Actions);
  return (
    <svg className="chart-arrows" width={layout.width} height={layout.height} role="group" aria-label="Rules between states">
      <defs>
        <marker id="chart-arrowhead" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
          <path d="M0,0 L10,5 L0,10 z" />
        </marker>
      </defs>
      {layout.arrows.map((a) => {
        const live = active.has(a.from);
        const open = (e: { currentTarget: Element }) => actions.inspect({ kind: "rule", id: a.id }, e.currentTarget as HTMLElement);
        // A closed stage's grouped arrow is on the path when one of its rules is.
        const taken: Taken[] = path ? (a.members ? a.members.flatMap((m) => path.taken.get(m.id) ?? []) : [...(path.taken.get(a.id) ?? [])]).sort((x, y) => x.step - y.step) : [];
        const mid = a.points[Math.floor((a.points.length - 1) / 2)];
        const next = a.points[Math.floor((a.points.length - 1) / 2) + 1];
        const at = mid && next ? { x: (mid.x + next.x) / 2, y: (mid.y + next.y) / 2 } : mid;
        return (
          <Fragment key={a.id}>
          <g
            className={`chart-arrow nodrag nopan${live ? " is-live" : ""}${selected === a.id ? " is-selected" : ""}${taken.length > 0 ? " is-path" : ""}`}
            data-edge={a.id}
            data-from={a.from}
            data-to={a.to}
            role="button"
            tabIndex={0}
            // Named by the words shown on it (so speech and sight agree); the rule's reason is its description.
            aria-label={`${a.label ? a.label.lines.join(" ") : `${a.rule}: ${a.trigger}`}${taken.length > 0 ? ` (${takenWords(taken)})` : ""}`}
            {...(taken.length > 0 ? { "data-taken": taken.map((t) => t.date).join(" ") } : {})}
            onClick={open}
            onKeyDown={(e) => {
              if (e.key === "Enter" || e.key === " ") {
                e.preventDefault();
                open(e);
              }
            }}
          >
            <title>{`${a.rule}: ${a.reason}`}</title>
            {a.points.length > 1 ? (
              <>
                <path className="chart-arrow-hit" d={pathOf(a.points)} />
                <path d={pathOf(a.points)} markerEnd="url(#chart-arrowhead)" />
              </>
            ) : null}
            {a.label ? (
              <text x={a.label.x + 5} y={a.label.y + 13} className="chart-arrow-label">
                {a.label.lines.map((line, i) => (
                  <tspan key={i} x={a.label!.x + 5} dy={i === 0 ? 0 : 14} className={i === 0 ? "chart-rule-id" : undefined}>
                    {/* A space after each line but the last: the words read as the label shows them. */}
                    {i < a.label!.lines.length - 1 ? `${line} ` : line}
                  </tspan>
                ))}
              </text>
            ) : null}
          </g>
          {/* The step number sits beside the button, not inside it: the button's name then starts with exactly
              the words it shows (axe: label-content-name-mismatch), and its name says the steps and dates. */}
          {taken.length > 0 && at ? (
            <g className="chart-step" data-step-for={a.id} aria-hidden="true">
              <circle cx={at.x} cy={at.y} r={taken.length > 1 ? 13 : 10} />
              <text x={at.x} y={at.y + 4} textAnchor="middle">
                {taken.map((t) => t.step).join(",")}
              </text>
            </g>
          ) : null}
          </Fragment>
        );
      })}
    </svg>
  );
}

/** A search box over states and rules (names, words and the seed's words); choosing a hit zooms to it. */
function ChartSearch({ hitsFor, onChoose }: { hitsFor: (q: string) => SearchHit[]; onChoose: (hit: SearchHit) => void }) {
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const id = useId();
  const hits = useMemo(() => hitsFor(query), [hitsFor, query]);
  const choose = (hit: SearchHit | undefined) => {
    if (!hit) return;
    onChoose(hit);
    setQuery("");
  };
  const listId = `${id}-results`;
  return (
    <div className="chart-search">
      <label htmlFor={`${id}-input`}>Find a state or rule</label>
      <input
        id={`${id}-input`}
        type="search"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={hits.length > 0}
        aria-controls={listId}
        {...(hits.length > 0 ? { "aria-activedescendant": `${id}-hit-${Math.min(active, hits.length - 1)}` } : {})}
        placeholder="Letter 3, penalty notice, SAP…"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown") {
            e.preventDefault();
            setActive((a) => Math.min(a + 1, hits.length - 1));
          } else if (e.key === "ArrowUp") {
            e.preventDefault();
            setActive((a) => Math.max(a - 1, 0));
          } else if (e.key === "Enter") {
            e.preventDefault();
            choose(hits[Math.min(active, hits.length - 1)]);
          } else if (e.key === "Escape") setQuery("");
        }}
      />
      {query.trim() ? (
        hits.length === 0 ? (
          <p className="muted small" role="status">
            Nothing in this policy matches “{query}”.
          </p>
        ) : (
          <ul id={listId} role="listbox" aria-label="States and rules found" className="chart-search-results">
            {hits.map((h, i) => (
              <li
                key={`${h.kind}:${h.id}`}
                id={`${id}-hit-${i}`}
                role="option"
                aria-selected={i === Math.min(active, hits.length - 1)}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => choose(h)}
              >
                <span className="chart-hit-kind">{h.kind === "state" ? "State" : "Rule"}</span> <strong>{h.title}</strong> <span className="muted small">{h.detail}</span>
              </li>
            ))}
          </ul>
        )
      ) : null}
    </div>
  );
}

export interface StateChartProps {
  readonly compiled: CompiledPolicy;
  /** The case's current state (dotted id); it and its enclosing stage are highlighted, and its stage is open. */
  readonly current?: string | null;
  readonly height?: number;
  /** A state to open the chart on, readable, when there is no current state (the whole chart otherwise). */
  readonly focus?: string;
  /**
   * On a case page: the case's path (highlighted, with its dates) and every rule judged on its figures today, for
   * the inspector (GET /api/cases/{upn}/guards).
   */
  readonly judgement?: CaseJudgement | null;
}

/**
 * A policy as a state chart: the six stages (closed to a summary of their sub-states until opened), `closed`, and
 * every rule as an arrow labelled with its trigger and guard in the school's words. Laid out automatically
 * (ELK, layered); the current state and its stage carry `data-active="true"`. Every state and arrow opens the
 * inspector (click, or Enter on it); the search finds a state or rule and zooms to it.
 */
export function StateChart({ compiled, current, height = 560, focus, judgement }: StateChartProps) {
  const model = useMemo(() => chartModel(compiled), [compiled]);
  const path = useMemo(() => (judgement ? pathOnChart(model, judgement.path) : null), [model, judgement]);
  const [open, setOpen] = useState<ReadonlySet<string>>(() => new Set([current ? stageOf(current) : focus ? stageOf(focus) : null].filter((s): s is string => s !== null)));
  const view = useMemo(() => collapse(model, open), [model, open]);
  const [layout, setLayout] = useState<ChartLayout | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [flow, setFlow] = useState<ReactFlowInstance<StateNode> | null>(null);
  const [selection, setSelection] = useState<Selection | null>(null);
  const canvas = useRef<HTMLDivElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  /** Where to look once the layout is drawn: a state or an arrow, or the initial view. */
  const pending = useRef<Selection | "initial" | null>("initial");
  const active = useMemo(() => activeStates(current), [current]);

  useEffect(() => {
    setOpen((o) => (current && !o.has(stageOf(current)) ? new Set([...o, stageOf(current)]) : o));
    pending.current = "initial";
  }, [current]);

  useEffect(() => {
    let live = true;
    setFailed(null);
    layoutChart(view).then(
      (l) => live && setLayout(l),
      (e: unknown) => live && setFailed(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, [view]);

  const nodes = useMemo<StateNode[]>(
    () =>
      (layout?.states ?? []).map((s) => ({
        id: s.id,
        type: "state",
        position: { x: s.x, y: s.y },
        width: s.width,
        height: s.height,
        ...(s.parent ? { parentId: s.parent } : {}),
        draggable: false,
        selectable: false,
        // Not a tab stop even on the first render, before React Flow has read `nodesFocusable`: the state's own
        // "inspect" button is the stop.
        focusable: false,
        data: {
          id: s.id,
          label: s.label,
          description: s.description,
          active: active.has(s.id),
          current: s.id === current,
          container: s.container,
          collapsed: s.collapsed === true,
          summary: s.summary ?? [],
          selected: selection?.kind === "state" && selection.id === s.id,
          stays: path?.stays.get(s.id) ?? [],
        },
      })),
    [layout, active, current, selection, path],
  );

  /** The whole chart, fitted but never below a legible zoom (then from its top, where a case starts). */
  const fitLegible = useCallback(() => {
    if (!flow || !layout) return;
    const w = canvas.current?.clientWidth || 1000;
    const h = canvas.current?.clientHeight || height;
    const pad = 16;
    const fit = Math.min((w - 2 * pad) / Math.max(1, layout.width), (h - 2 * pad) / Math.max(1, layout.height), 1);
    const zoom = Math.max(MIN_LEGIBLE_ZOOM, fit);
    const x = layout.width * zoom <= w ? (w - layout.width * zoom) / 2 : pad;
    const y = layout.height * zoom <= h ? (h - layout.height * zoom) / 2 : pad;
    void flow.setViewport({ x, y, zoom });
  }, [flow, layout, height]);

  const centreOn = useCallback(
    (target: Selection): boolean => {
      if (!flow || !layout) return false;
      const zoom = Math.max(flow.getZoom(), 0.9);
      if (target.kind === "state") {
        const s = layout.states.find((x) => x.id === target.id);
        if (!s) return false;
        void flow.setCenter(s.absX + s.width / 2, s.absY + Math.min(s.height / 2, 120), { zoom });
        return true;
      }
      const a = layout.arrows.find((x) => x.id === target.id);
      if (!a) return false;
      const at = a.label ? { x: a.label.x + a.label.width / 2, y: a.label.y + a.label.height / 2 } : a.points[Math.floor(a.points.length / 2)];
      if (!at) return false;
      void flow.setCenter(at.x, at.y, { zoom });
      return true;
    },
    [flow, layout],
  );

  // Open on the current state, readable; or on the whole chart at a legible zoom; or on what was looked for.
  useEffect(() => {
    if (!flow || !layout) return;
    const want = pending.current;
    if (want === null) return;
    pending.current = null;
    if (want !== "initial") {
      centreOn(want);
      return;
    }
    const on = current ?? focus;
    const here = on ? layout.states.find((s) => s.id === on) : undefined;
    if (current && here) void flow.setCenter(here.absX + here.width / 2, here.absY + here.height / 2 + 120, { zoom: 0.85 });
    else fitLegible();
  }, [flow, layout, current, focus, fitLegible, centreOn]);

  const inspect = useCallback((s: Selection, from?: HTMLElement | null) => {
    opener.current = from ?? (document.activeElement instanceof HTMLElement ? document.activeElement : null);
    setSelection(s);
  }, []);
  const toggle = useCallback((stage: string) => {
    setOpen((o) => {
      const next = new Set(o);
      if (next.has(stage)) next.delete(stage);
      else next.add(stage);
      return next;
    });
    pending.current = { kind: "state", id: stage };
  }, []);
  const actions = useMemo(() => ({ inspect, toggle }), [inspect, toggle]);

  /** Shows a state or rule: opens the stages it needs, zooms to it and opens the inspector. */
  const go = useCallback(
    (target: Selection) => {
      const stages: string[] = [];
      if (target.kind === "state") {
        if (target.id.includes(".")) stages.push(stageOf(target.id));
      } else {
        const a = model.arrows.find((x) => x.id === target.id);
        if (a) stages.push(stageOf(a.from), stageOf(a.to));
      }
      const missing = stages.filter((s) => !open.has(s) && model.states.some((x) => x.id === s && x.container));
      if (missing.length > 0) {
        pending.current = target;
        setOpen(new Set([...open, ...missing]));
      } else if (!centreOn(target)) pending.current = target;
      inspect(target, null);
    },
    [model, open, centreOn, inspect],
  );
  const hitsFor = useCallback((q: string) => searchChart(model, q), [model]);

  const close = useCallback(() => {
    setSelection(null);
    const back = opener.current;
    opener.current = null;
    if (back && back.isConnected) back.focus();
  }, []);

  const nextMoves = useMemo<ChartArrow[]>(() => model.arrows.filter((a) => active.has(a.from)), [model, active]);
  const allOpen = model.states.filter((s) => s.container).every((s) => open.has(s.id));

  if (failed) return <p className="problem">The chart could not be drawn: {failed}</p>;
  return (
    <div className="state-chart">
      <div className="chart-toolbar no-print">
        <ChartSearch hitsFor={hitsFor} onChoose={(h) => go({ kind: h.kind, id: h.id })} />
        <button
          type="button"
          onClick={() => {
            pending.current = "initial";
            setOpen(allOpen ? new Set(current ? [stageOf(current)] : []) : new Set(model.states.filter((s) => s.container).map((s) => s.id)));
          }}
        >
          {allOpen ? "Close the stages" : "Open every stage"}
        </button>
      </div>
      <Actions.Provider value={actions}>
        <div className={`chart-body${selection ? " has-inspector" : ""}`}>
          <div className="state-chart-canvas" style={{ height }} data-testid="state-chart" ref={canvas}>
            {layout ? (
              <ReactFlow<StateNode>
                nodes={nodes}
                edges={[]}
                nodeTypes={nodeTypes}
                onInit={setFlow}
                // A click anywhere on a state inspects it (its buttons do their own); without a handler React Flow
                // would also turn off pointer events on the states, and their buttons could not be clicked.
                onNodeClick={(e, node) => {
                  if (!(e.target as Element).closest("button")) inspect({ kind: "state", id: node.id }, e.currentTarget as HTMLElement);
                }}
                nodesDraggable={false}
                nodesConnectable={false}
                elementsSelectable={false}
                nodesFocusable={false}
                edgesFocusable={false}
                minZoom={0.2}
                maxZoom={2}
              >
                <ViewportPortal>
                  <Arrows layout={layout} active={active} selected={selection?.kind === "rule" ? selection.id : null} path={path} />
                </ViewportPortal>
                <Background />
                <Controls showInteractive={false} showFitView={false}>
                  <ControlButton onClick={fitLegible} title="See the chart at a readable size" aria-label="See the chart at a readable size">
                    ⤢
                  </ControlButton>
                </Controls>
              </ReactFlow>
            ) : (
              <p className="muted">Drawing the chart…</p>
            )}
          </div>
          {selection ? <Inspector selection={selection} model={model} drawn={layout?.arrows ?? []} judgement={judgement ?? null} path={path} current={current ?? null} onInspect={(s) => go(s)} onClose={close} /> : null}
        </div>
      </Actions.Provider>
      <p className="muted small no-print">
        Find a state or rule by name or by the policy's words; select a state or an arrow (or press Enter on it) to see its rule, its guard and the
        policy's words. Open a stage to see the states inside it. Drag to move around; + and − zoom.
      </p>
      {judgement && path ? <CasePathList model={model} judgement={judgement} path={path} onShow={go} /> : null}
      {current ? (
        <div className="next-moves">
          <h3>From here</h3>
          {nextMoves.length === 0 ? (
            <p className="muted">No rule of this policy moves the case on from here.</p>
          ) : (
            <ul>
              {nextMoves.map((a) => (
                <li key={a.id}>
                  <strong>{a.trigger}</strong>
                  {a.guard !== "always" ? ` when ${a.guard}` : ""} → <code>{a.to}</code>: {a.reason}
                  {judgement ? <TodayVerdict holds={judgedFor(a, judgement)?.holds} daily={a.on === "schoolDayClosed"} /> : null}
                </li>
              ))}
            </ul>
          )}
        </div>
      ) : null}
      {model.everywhere.length > 0 ? (
        <p className="muted small">
          In every state: {model.everywhere.map((a) => `${a.trigger} → ${a.to}`).join("; ")}.
        </p>
      ) : null}
    </div>
  );
}

/** Whether a rule's guard holds today, after it in the "From here" list. */
function TodayVerdict({ holds, daily }: { holds: boolean | null | undefined; daily: boolean }) {
  if (holds === undefined) return null;
  const words = holds === null ? "decided by what is recorded" : daily ? (holds ? "today: its guard holds" : "today: its guard does not hold") : holds ? "recorded today, its guard would hold" : "recorded today, its guard would not hold";
  return <span className="muted small"> ({words})</span>;
}

/** The case's path in words, in order, with dates: each state it entered, how and when it left; each shows itself on the chart. */
function CasePathList({ model, judgement, path, onShow }: { model: ReturnType<typeof chartModel>; judgement: CaseJudgement; path: PathOnChart; onShow: (s: Selection) => void }) {
  const label = (id: string) => {
    const s = model.states.find((x) => x.id === id);
    if (!s) return id;
    const stage = s.parent ? model.states.find((x) => x.id === stageOf(id)) : undefined;
    return stage ? `${stage.label} › ${s.label}` : s.label;
  };
  return (
    <div className="chart-path" data-testid="case-path">
      <h3>The case's path</h3>
      <ol>
        {judgement.path.map((v, i) => {
          const arrow = path.arrowOfStep[i] ?? null;
          return (
            <li key={i} data-path-state={v.state} {...(v.leftOn === null ? { "aria-current": "step" as const } : {})}>
              <button type="button" className="link-button" onClick={() => onShow({ kind: "state", id: v.state })}>
                {label(v.state)}
              </button>{" "}
              from {formatDate(v.enteredOn)} {v.leftOn ? `to ${formatDate(v.leftOn)}` : "(where the case is now)"}
              {i === 0 ? (
                <span className="muted small"> — the case opened here</span>
              ) : v.rule ? (
                <span className="muted small">
                  {" "}
                  — by rule{" "}
                  {arrow ? (
                    <button type="button" className="link-button" onClick={() => onShow({ kind: "rule", id: arrow })}>
                      {v.rule}
                    </button>
                  ) : (
                    v.rule
                  )}
                </span>
              ) : null}
            </li>
          );
        })}
      </ol>
    </div>
  );
}
