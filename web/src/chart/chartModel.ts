import type { CompiledPolicy, CompiledRule } from "../../../machines/policy/compilePolicy.ts";
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
}

/** One arrow: a rule of the policy that moves a case from one state to another. */
export interface ChartArrow {
  readonly id: string;
  readonly rule: string;
  readonly from: string;
  readonly to: string;
  /** What triggers it, in words: "Each school day" or the event's name. */
  readonly trigger: string;
  /** The guard in the school's words (describeGuard). */
  readonly guard: string;
  readonly reason: string;
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

function arrowOf(rule: CompiledRule, to: string, seen: Map<string, number>): ChartArrow {
  const base = `${rule.id}:${rule.from || "*"}->${to}`;
  const n = seen.get(base) ?? 0;
  seen.set(base, n + 1);
  return {
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
