import { Background, Controls, Handle, type Node, type NodeProps, Position, ReactFlow, type ReactFlowInstance, ViewportPortal } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { memo, useEffect, useMemo, useState } from "react";
import type { CompiledPolicy } from "../../../machines/policy/compilePolicy.ts";
import { activeStates, type ChartArrow, chartModel } from "./chartModel.ts";
import { type ChartLayout, layoutChart, type PlacedArrow } from "./layout.ts";

type StateNodeData = { id: string; label: string; description?: string; active: boolean; current: boolean; container: boolean };
type StateNode = Node<StateNodeData, "state">;

/** One state: a stage container with its sub-states inside, or a single state. */
const StateBox = memo(function StateBox({ data }: NodeProps<StateNode>) {
  return (
    <div
      className={`chart-state ${data.container ? "chart-container" : "chart-leaf"}${data.active ? " is-active" : ""}${data.current ? " is-current" : ""}`}
      data-state={data.id}
      {...(data.active ? { "data-active": "true" } : {})}
      title={data.description}
    >
      <Handle type="target" position={Position.Top} isConnectable={false} />
      <span className="chart-state-label">{data.label}</span>
      {data.current ? <span className="chart-here">current</span> : null}
      <Handle type="source" position={Position.Bottom} isConnectable={false} />
    </div>
  );
});

const nodeTypes = { state: StateBox };

function pathOf(points: PlacedArrow["points"]): string {
  return points.map((p, i) => `${i === 0 ? "M" : "L"}${p.x},${p.y}`).join(" ");
}

/** The arrows, drawn over the states in the chart's own coordinates (ELK routed them, with their labels). */
function Arrows({ layout, active }: { layout: ChartLayout; active: Set<string> }) {
  return (
    <svg className="chart-arrows" width={layout.width} height={layout.height} aria-hidden="false" role="group" aria-label="Rules between states">
      <defs>
        <marker id="chart-arrowhead" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
          <path d="M0,0 L10,5 L0,10 z" />
        </marker>
      </defs>
      {layout.arrows.map((a) => {
        const live = active.has(a.from);
        return (
          <g key={a.id} className={`chart-arrow${live ? " is-live" : ""}`} data-edge={a.id} data-from={a.from} data-to={a.to}>
            <title>{`${a.rule}: ${a.reason}`}</title>
            {a.points.length > 1 ? <path d={pathOf(a.points)} markerEnd="url(#chart-arrowhead)" /> : null}
            {a.label ? (
              <text x={a.label.x + 5} y={a.label.y + 12} className="chart-arrow-label">
                {a.label.lines.map((line, i) => (
                  <tspan key={i} x={a.label!.x + 5} dy={i === 0 ? 0 : 13} className={i === 0 ? "chart-rule-id" : undefined}>
                    {line}
                  </tspan>
                ))}
              </text>
            ) : null}
          </g>
        );
      })}
    </svg>
  );
}

export interface StateChartProps {
  readonly compiled: CompiledPolicy;
  /** The case's current state (dotted id); it and its enclosing stage are highlighted. */
  readonly current?: string | null;
  readonly height?: number;
  /** A state to open the chart on, readable, when there is no current state (the whole chart otherwise). */
  readonly focus?: string;
}

/**
 * A policy as a state chart: the six stages as containers with the school's sub-states inside, `closed`, and
 * every rule as an arrow labelled with its trigger and guard in the school's words. Laid out automatically
 * (ELK, layered); the current state and its stage carry `data-active="true"`.
 */
export function StateChart({ compiled, current, height = 560, focus }: StateChartProps) {
  const model = useMemo(() => chartModel(compiled), [compiled]);
  const [layout, setLayout] = useState<ChartLayout | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [flow, setFlow] = useState<ReactFlowInstance<StateNode> | null>(null);
  const active = useMemo(() => activeStates(current), [current]);

  useEffect(() => {
    let live = true;
    setLayout(null);
    setFailed(null);
    layoutChart(model).then(
      (l) => live && setLayout(l),
      (e: unknown) => live && setFailed(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, [model]);

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
        data: { id: s.id, label: s.label, description: s.description, active: active.has(s.id), current: s.id === current, container: s.container },
      })),
    [layout, active, current],
  );

  // Open on the current state, readable; or on the whole chart. The list below says where it can go next.
  useEffect(() => {
    if (!flow || !layout) return;
    const on = current ?? focus;
    const here = on ? layout.states.find((s) => s.id === on) : undefined;
    if (here) void flow.setCenter(here.absX + here.width / 2, here.absY + here.height / 2 + (current ? 120 : 220), { zoom: current ? 0.85 : 0.6 });
    else void flow.fitView({ padding: 0.05 });
  }, [flow, layout, current, focus]);

  const nextMoves = useMemo<ChartArrow[]>(() => model.arrows.filter((a) => active.has(a.from)), [model, active]);

  if (failed) return <p className="problem">The chart could not be drawn: {failed}</p>;
  return (
    <div className="state-chart">
      <div className="state-chart-canvas" style={{ height }} data-testid="state-chart">
        {layout ? (
          <ReactFlow<StateNode>
            nodes={nodes}
            edges={[]}
            nodeTypes={nodeTypes}
            onInit={setFlow}
            nodesDraggable={false}
            nodesConnectable={false}
            elementsSelectable={false}
            nodesFocusable={false}
            edgesFocusable={false}
            minZoom={0.1}
            maxZoom={2}
            fitView={!current && !focus}
          >
            <ViewportPortal>
              <Arrows layout={layout} active={active} />
            </ViewportPortal>
            <Background />
            <Controls showInteractive={false} />
          </ReactFlow>
        ) : (
          <p className="muted">Drawing the chart…</p>
        )}
      </div>
      <p className="muted small no-print">Drag to move around the chart; use + and − (or the mouse wheel) to zoom, and the bottom button to see all of it.</p>
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
