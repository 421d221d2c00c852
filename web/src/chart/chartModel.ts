import { splitGates } from "../../../machines/case/judgeGuard.ts";
import type { CompiledGuard, StatutoryGuard } from "../../../machines/policy/compiledGuard.ts";
import type { CompiledAction, CompiledPolicy, CompiledRule } from "../../../machines/policy/compilePolicy.ts";
import { describeGuard } from "../../../machines/policy/describeGuard.ts";
import { MANUAL_EVENT_LABELS, isManualEventType } from "../../../machines/policy/events.ts";
import { CLOSED, STAGE_NAMES, STAGES, type PolicyState } from "../../../machines/policy/schema.ts";

/** One state of the chart: a stage (a container when it has sub-states), a sub-state, or `closed`. */
export interface ChartState {
  /** Dotted state id: `formalise`, `formalise.sapInvited`, `closed`. */
  readonly id: string;
  /** The enclosing state's id, or null for a stage and `closed`. */
  readonly parent: string | null;
  readonly label: string;
  readonly description?: string;
  /** Has sub-states, so it is drawn as a container. */
  readonly container: boolean;
  /** The words of the policy document the state comes from. */
  readonly seed?: string;
  /** A stage drawn closed: one box summarising its sub-states (their labels), until it is opened. */
  readonly collapsed?: boolean;
  readonly summary?: readonly string[];
}

/** One arrow: a rule of the policy that moves a case from one state to another. */
export interface ChartArrow {
  readonly id: string;
  readonly rule: string;
  readonly from: string;
  readonly to: string;
  /** What triggers it, in words: "Each school day" or the event's name. */
  readonly trigger: string;
  /** The guard in the school's words (describeGuard), statutory gates included. */
  readonly guard: string;
  /** For the arrow's label: the policy's own guard in words, the statutory gates only counted. */
  readonly labelWords?: string;
  readonly reason: string;
  /** The compiled rule's data, for the inspector (absent for the chart's own reopen arrow). */
  readonly on?: string;
  /** The policy's own guard (the school's), without the statutory gates; undefined = always. */
  readonly policyGuard?: CompiledGuard;
  /** The statutory gates the compiler added (from the law, not the school). */
  readonly gates?: readonly StatutoryGuard[];
  readonly seed?: string;
  readonly choice?: string;
  readonly actions?: readonly CompiledAction[];
  readonly builtIn?: boolean;
  /** Where a closed stage hides its sub-states: the rules drawn as this one arrow. */
  readonly members?: readonly ChartArrow[];
}

export interface ChartModel {
  readonly states: readonly ChartState[];
  readonly arrows: readonly ChartArrow[];
  /** Rules that apply in every state (they are listed beside the chart rather than drawn). */
  readonly everywhere: readonly ChartArrow[];
}

/** `letter1Monitoring` → "Letter 1 monitoring"; `sapInvited` → "SAP invited". */
export function humanise(key: string): string {
  const words = key
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .replace(/([A-Za-z])(\d)/g, "$1 $2")
    .replace(/(\d)([A-Za-z])/g, "$1 $2")
    .split(" ")
    .map((w) => (/^(sap|nti|pn|ehcp|ewo|la|mash|lasap|fpn)$/i.test(w) ? w.toUpperCase() : w.toLowerCase()));
  const text = words.join(" ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function triggerWords(on: string): string {
  if (on === "schoolDayClosed") return "Each school day";
  return isManualEventType(on) ? MANUAL_EVENT_LABELS[on] : on;
}

/**
 * A compiled guard split into the policy's own guard and the statutory gates the compiler put inside it: the
 * school wrote the first, the law the second (machines/case/judgeGuard.ts, where the case page's judging splits it too).
 */
export const splitGuard = splitGates;

function arrowOf(rule: CompiledRule, to: string, seen: Map<string, number>): ChartArrow {
  const base = `${rule.id}:${rule.from || "*"}->${to}`;
  const n = seen.get(base) ?? 0;
  seen.set(base, n + 1);
  const split = splitGuard(rule.guard);
  const gates = rule.gates && rule.gates.length > 0 ? rule.gates : split.gates;
  return {
    ...(gates.length > 0 ? { labelWords: `${split.policy ? describeGuard(split.policy) : "always"} (+ ${gates.length} statutory gate${gates.length === 1 ? "" : "s"})` } : {}),
    on: rule.on,
    policyGuard: split.policy,
    gates,
    seed: rule.seed,
    ...(rule.choice ? { choice: rule.choice } : {}),
    actions: rule.actions,
    ...(rule.builtIn ? { builtIn: true } : {}),
    id: n === 0 ? base : `${base}#${n}`,
    rule: rule.id,
    from: rule.from,
    to,
    trigger: triggerWords(rule.on),
    guard: describeGuard(rule.guard),
    reason: rule.reason,
  };
}

/** The chart of a compiled policy: its states (stages, sub-states, closed) and its rules as arrows. */
export function chartModel(compiled: CompiledPolicy): ChartModel {
  const stateOf = (path: string): PolicyState | undefined => {
    const [stage, ...rest] = path.split(".");
    let state: PolicyState | undefined = compiled.policy.stages[stage as (typeof STAGES)[number]];
    for (const key of rest) state = state?.states?.[key];
    return state;
  };
  const states: ChartState[] = compiled.statePaths.map((id) => {
    const parts = id.split(".");
    const state = id === CLOSED ? undefined : stateOf(id);
    const isStage = parts.length === 1;
    return {
      id,
      parent: isStage ? null : parts.slice(0, -1).join("."),
      label: isStage ? STAGE_NAMES[id as keyof typeof STAGE_NAMES] ?? humanise(id) : humanise(parts[parts.length - 1]!),
      description: state?.description,
      container: Object.keys(state?.states ?? {}).length > 0,
      ...(state?.seed ? { seed: state.seed } : {}),
    };
  });
  const known = new Set(compiled.statePaths);
  const seen = new Map<string, number>();
  const arrows: ChartArrow[] = [];
  const everywhere: ChartArrow[] = [];
  for (const rule of compiled.rules) {
    if (rule.to === undefined) continue;
    if (rule.from === "" || !known.has(rule.from)) {
      everywhere.push(arrowOf(rule, rule.to, seen));
      continue;
    }
    if (!known.has(rule.to)) continue;
    arrows.push(arrowOf(rule, rule.to, seen));
  }
  // A closed case can be reopened; it goes back to where a case starts.
  const initial = compiled.policy.initial.split(".")[0]!;
  arrows.push({ id: `reopen-case:closed->${initial}`, rule: "reopen-case", from: CLOSED, to: initial, trigger: triggerWords("reopenCase"), guard: "always", reason: "Case reopened" });
  return { states, arrows, everywhere };
}

/** The state and every state enclosing it: `formalise.sapInvited` → [`formalise`, `formalise.sapInvited`]. */
export function activeStates(statePath: string | null | undefined): Set<string> {
  const out = new Set<string>();
  if (!statePath) return out;
  const parts = statePath.split(".");
  for (let i = 1; i <= parts.length; i++) out.add(parts.slice(0, i).join("."));
  return out;
}

/** The stage a state belongs to: `formalise.sapInvited` → `formalise`. */
export const stageOf = (id: string) => id.split(".")[0]!;

/**
 * The chart as drawn with some stages closed: a closed stage is one box listing its sub-states; arrows to or from
 * its sub-states end on it, arrows inside it are hidden, and arrows that now join the same two boxes are drawn
 * as one (its `members` are the rules). `open` holds the stages drawn open.
 */
export function collapse(model: ChartModel, open: ReadonlySet<string>): ChartModel {
  const closedStage = (id: string) => {
    const stage = stageOf(id);
    return !open.has(stage) && model.states.some((s) => s.id === stage && s.container) ? stage : null;
  };
  const shown = (id: string) => closedStage(id) ?? id;
  const states: ChartState[] = [];
  for (const s of model.states) {
    if (s.parent !== null && closedStage(s.id)) continue;
    if (s.container && closedStage(s.id)) {
      const subs = model.states.filter((c) => c.parent === s.id).map((c) => c.label);
      states.push({ ...s, container: false, collapsed: true, summary: subs });
    } else states.push(s);
  }
  const groups = new Map<string, ChartArrow[]>();
  for (const a of model.arrows) {
    const from = shown(a.from);
    const to = shown(a.to);
    if (from === to && (from !== a.from || to !== a.to)) continue;
    const key = `${from}->${to}`;
    groups.set(key, [...(groups.get(key) ?? []), { ...a, from, to }]);
  }
  const arrows: ChartArrow[] = [];
  for (const [key, list] of groups) {
    const moved = list.some((a) => model.arrows.find((o) => o.id === a.id)!.from !== a.from || model.arrows.find((o) => o.id === a.id)!.to !== a.to);
    if (list.length === 1 || !moved) arrows.push(...list);
    else {
      const first = list[0]!;
      arrows.push({
        id: `rules:${key}`,
        rule: `${list.length} rules`,
        from: first.from,
        to: first.to,
        trigger: list.map((a) => a.rule).join(", "),
        guard: "always",
        reason: list.map((a) => a.reason).join("; "),
        members: list.map((a) => model.arrows.find((o) => o.id === a.id)!),
      });
    }
  }
  return { states, arrows, everywhere: model.everywhere };
}

/** Something the search can find: a state or a rule. */
export interface SearchHit {
  readonly kind: "state" | "rule";
  /** The state's id, or the arrow's id (in the full model). */
  readonly id: string;
  readonly title: string;
  readonly detail: string;
}

/**
 * Finds states and rules by name, id, words or the seed's words: every word of the query must occur somewhere in
 * the item's text (case-insensitive). States first, then rules, in the chart's order.
 */
export function searchChart(model: ChartModel, query: string, limit = 12): SearchHit[] {
  const q = query.toLowerCase().trim();
  const words = q.split(/\s+/).filter(Boolean);
  if (words.length === 0) return [];
  const has = (text: string) => {
    const t = text.toLowerCase();
    return words.every((w) => t.includes(w));
  };
  // A hit on the name ranks first ("letter 3" finds the rule letter-3-sap before a state whose seed mentions it),
  // then on the words, then on the seed's words only.
  const rank = (name: string, words: string, seed: string) => {
    const n = name.toLowerCase().replace(/-/g, " ");
    if (n.includes(q) || has(name.replace(/-/g, " "))) return 0;
    if (has(words)) return 1;
    return has(`${name} ${words} ${seed}`) ? 2 : -1;
  };
  const hits: (SearchHit & { rank: number; order: number })[] = [];
  for (const s of model.states) {
    const r = rank(`${s.label} ${s.id}`, s.description ?? "", s.seed ?? "");
    if (r >= 0) hits.push({ kind: "state", id: s.id, title: s.label, detail: s.parent ? `in ${stageOf(s.id)}` : "stage", rank: r, order: hits.length });
  }
  for (const a of [...model.arrows, ...model.everywhere]) {
    const r = rank(a.rule, [a.reason, a.trigger, a.guard].join(" "), [a.seed ?? "", a.choice ?? ""].join(" "));
    if (r >= 0) hits.push({ kind: "rule", id: a.id, title: a.rule, detail: `${a.from || "anywhere"} → ${a.to}: ${a.reason}`, rank: r, order: hits.length });
  }
  return hits
    .sort((x, y) => x.rank - y.rank || x.order - y.order)
    .slice(0, limit)
    .map(({ rank: _r, order: _o, ...hit }) => hit);
}
