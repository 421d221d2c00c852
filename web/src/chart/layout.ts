import type { ELK, ElkExtendedEdge, ElkNode, ElkPoint } from "elkjs/lib/elk-api";
import type { ChartArrow, ChartModel, ChartState } from "./chartModel.ts";

/** A state placed by the layout: position relative to its container (as @xyflow/react wants it). */
export interface PlacedState extends ChartState {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  /** Position in the chart's own (root) coordinates. */
  readonly absX: number;
  readonly absY: number;
}

/** An arrow routed by the layout: its points and its label box, in the chart's own (root) coordinates. */
export interface PlacedArrow extends ChartArrow {
  readonly points: readonly ElkPoint[];
  readonly label: { x: number; y: number; width: number; height: number; lines: string[] } | null;
}

export interface ChartLayout {
  readonly states: readonly PlacedState[];
  readonly arrows: readonly PlacedArrow[];
  readonly width: number;
  readonly height: number;
}

const LEAF_WIDTH = 170;
const LEAF_HEIGHT = 44;
const LABEL_CHARS = 30;
const CHAR_WIDTH = 6.6;
const LINE_HEIGHT = 14;
/** A closed stage: its name and up to this many of its sub-states' names. */
export const SUMMARY_LINES = 5;
const COLLAPSED_WIDTH = 230;

/** Wraps a label to lines of about `width` characters, on word boundaries. */
export function wrap(text: string, width = LABEL_CHARS): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** The text on an arrow: the rule, what triggers it, and its guard. */
export function arrowLines(arrow: ChartArrow): string[] {
  const words = arrow.labelWords ?? arrow.guard;
  const guard = words === "always" ? "" : `: ${words}`;
  return [arrow.rule, ...wrap(`${arrow.trigger}${guard}`)];
}

let elk: Promise<ELK> | null = null;

/** ELK is large: it is loaded the first time a chart is drawn. */
function loadElk(): Promise<ELK> {
  elk ??= import("elkjs/lib/elk.bundled.js").then((m) => new m.default());
  return elk;
}

/**
 * Lays the chart out with ELK's layered algorithm: stages with sub-states are containers, arrows may cross
 * containers (hierarchy handling includes children), and every arrow carries its label. Runs in the page's
 * own thread (the bundled ELK, no worker), so it also runs under jsdom.
 */
export async function layoutChart(model: ChartModel): Promise<ChartLayout> {
  const byParent = new Map<string | null, ChartState[]>();
  for (const s of model.states) byParent.set(s.parent, [...(byParent.get(s.parent) ?? []), s]);
  const toElk = (s: ChartState): ElkNode => {
    const children = byParent.get(s.id) ?? [];
    if (s.collapsed) return { id: s.id, width: COLLAPSED_WIDTH, height: 50 + 15 * Math.min(SUMMARY_LINES, s.summary?.length ?? 0) };
    if (children.length === 0) return { id: s.id, width: LEAF_WIDTH, height: LEAF_HEIGHT };
    return {
      id: s.id,
      layoutOptions: { "elk.padding": "[top=34,left=14,bottom=14,right=14]" },
      children: children.map(toElk),
    };
  };
  const edges: ElkExtendedEdge[] = model.arrows.map((a) => {
    const lines = arrowLines(a);
    return {
      id: a.id,
      sources: [a.from],
      targets: [a.to],
      labels: [{ id: `${a.id}/label`, text: lines.join("\n"), width: Math.max(...lines.map((l) => l.length)) * CHAR_WIDTH + 10, height: lines.length * LINE_HEIGHT + 6 }],
    };
  });
  const graph: ElkNode = {
    id: "root",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": "DOWN",
      "elk.hierarchyHandling": "INCLUDE_CHILDREN",
      "elk.json.edgeCoords": "ROOT",
      "elk.layered.spacing.nodeNodeBetweenLayers": "50",
      "elk.spacing.nodeNode": "36",
      "elk.spacing.edgeLabel": "4",
      "elk.edgeLabels.inline": "false",
      "elk.layered.edgeLabels.sideSelection": "SMART_DOWN",
      "elk.edgeRouting": "POLYLINE",
      "elk.layered.cycleBreaking.strategy": "MODEL_ORDER",
      "elk.layered.considerModelOrder.strategy": "NODES_AND_EDGES",
    },
    children: (byParent.get(null) ?? []).map(toElk),
    edges,
  };
  const out = await (await loadElk()).layout(graph);

  const info = new Map(model.states.map((s) => [s.id, s]));
  const states: PlacedState[] = [];
  const visit = (n: ElkNode, ox: number, oy: number) => {
    const s = info.get(n.id);
    const x = n.x ?? 0;
    const y = n.y ?? 0;
    if (s) states.push({ ...s, x, y, width: n.width ?? LEAF_WIDTH, height: n.height ?? LEAF_HEIGHT, absX: ox + x, absY: oy + y });
    for (const c of n.children ?? []) visit(c, ox + x, oy + y);
  };
  for (const c of out.children ?? []) visit(c, 0, 0);

  const routed = new Map<string, ElkExtendedEdge>();
  const collect = (n: ElkNode) => {
    for (const e of n.edges ?? []) routed.set(e.id, e);
    for (const c of n.children ?? []) collect(c);
  };
  collect(out);
  const arrows: PlacedArrow[] = model.arrows.map((a) => {
    const e = routed.get(a.id);
    const section = e?.sections?.[0];
    const points = section ? [section.startPoint, ...(section.bendPoints ?? []), section.endPoint] : [];
    const l = e?.labels?.[0];
    return {
      ...a,
      points,
      label: l ? { x: l.x ?? 0, y: l.y ?? 0, width: l.width ?? 0, height: l.height ?? 0, lines: arrowLines(a) } : null,
    };
  });
  return { states, arrows, width: out.width ?? 0, height: out.height ?? 0 };
}
