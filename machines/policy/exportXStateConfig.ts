import { MACHINE_ID, type CompiledAction, type CompiledPolicy, type CompiledRule } from "./compilePolicy.ts";
import { MANUAL_EVENT_TYPES } from "./events.ts";
import { type Action, CLOSED, type PolicyState, STAGES } from "./schema.ts";

/**
 * A compiled policy as an XState machine config in plain JSON, for Stately's editor and the rest of the XState
 * ecosystem (docs/policies.md, "Opening a policy in Stately's editor"). It has the compiled machine's ids, states
 * and transitions in the same order, with every guard and action referenced by name and its parameters as data:
 *
 * - guard `policyRule` with `{ rule, statePath, guard }`: the rule's guard as compiled (the statutory gates of a
 *   legal step included), the same data the engine evaluates;
 * - actions `enterState`, `dayBaseline` (the day's statutory and daily-rule tasks), `ruleFired`, `createTask`,
 *   `issueLetter`, `setTarget`, `recordNote`, `applyEventEffects` and `refuseLegalStep`.
 *
 * There are no functions in it: a machine built from it needs implementations for those names (a stub will do
 * to walk it). The case's context is built from its input by the engine, so the config has none.
 */
export interface XStateConfigExport {
  readonly id: string;
  readonly description: string;
  readonly initial: string;
  readonly on: Record<string, XStateTransition[]>;
  readonly states: Record<string, XStateStateConfig>;
}

export interface XStateStateConfig {
  description?: string;
  entry: XStateAction[];
  on: Record<string, XStateTransition[]>;
  initial?: string;
  states?: Record<string, XStateStateConfig>;
}

export interface XStateTransition {
  target?: string;
  reenter?: true;
  guard?: { type: "policyRule"; params: { rule: string; statePath: string; guard: unknown } };
  actions: XStateAction[];
  description?: string;
}

export interface XStateAction {
  type: string;
  params?: Record<string, unknown>;
}

export function exportXStateConfig(compiled: CompiledPolicy): XStateConfigExport {
  const { policy } = compiled;
  const dayBaseline: XStateAction = { type: "dayBaseline", params: { dailyRules: compiled.daily.map((r) => r.id) } };
  const transition = (rule: CompiledRule): XStateTransition => {
    const actions: XStateAction[] = [];
    if (rule.on === "schoolDayClosed") actions.push(dayBaseline);
    actions.push({ type: "ruleFired", params: { rule: rule.id, reason: rule.reason } });
    if (rule.holds !== undefined) {
      actions.push({ type: "refuseLegalStep", params: { rule: rule.holds, reason: rule.reason } });
      return { ...guardOf(rule), actions, description: rule.reason };
    }
    actions.push(...rule.actions.map(actionOf));
    if (rule.on !== "schoolDayClosed") actions.push({ type: "applyEventEffects" });
    return {
      ...(rule.to !== undefined ? { target: `#${MACHINE_ID}.${rule.to}` } : {}),
      ...(rule.to !== undefined && rule.to === rule.from ? { reenter: true as const } : {}),
      ...guardOf(rule),
      actions,
      description: rule.reason,
    };
  };
  /** A state's transitions, as the compiler builds them: a day's held legal step is part of the baseline, not a transition. */
  const transitionsOf = (path: string): Record<string, XStateTransition[]> => {
    const on: Record<string, XStateTransition[]> = {};
    for (const rule of compiled.rulesByState.get(path) ?? []) {
      if (rule.on === "schoolDayClosed" && rule.holds !== undefined) continue;
      (on[rule.on] ??= []).push(transition(rule));
    }
    return on;
  };
  const stateConfig = (path: string, state: PolicyState): XStateStateConfig => {
    const children = Object.entries(state.states ?? {});
    return {
      ...(state.description ? { description: state.description } : {}),
      entry: [{ type: "enterState", params: { path } }, ...(state.entry ?? []).map((a) => entryActionOf(a, `${path}:entry`, compiled))],
      on: transitionsOf(path),
      ...(children.length > 0
        ? {
            initial: state.initial ?? children[0]![0],
            states: Object.fromEntries(children.map(([name, child]) => [name, stateConfig(`${path}.${name}`, child)])),
          }
        : {}),
    };
  };
  const rootOn = transitionsOf("");
  (rootOn.schoolDayClosed ??= []).push({ actions: [dayBaseline], description: "No rule fired: the day's statutory and daily-rule tasks only" });
  const closedOn: Record<string, XStateTransition[]> = Object.fromEntries(
    ["schoolDayClosed", ...MANUAL_EVENT_TYPES.filter((t) => t !== "note" && t !== "reopenCase")].map((t) => [t, [{ actions: [] }]]),
  );
  closedOn.reopenCase = [
    {
      target: `#${MACHINE_ID}.${policy.initial}`,
      actions: [{ type: "ruleFired", params: { rule: "reopen-case", reason: "Case reopened" } }, { type: "applyEventEffects" }],
      description: "Case reopened",
    },
  ];
  return {
    id: MACHINE_ID,
    description: `${policy.name} (${policy.id} v${policy.version}), exported from Rollcall. Time arrives as schoolDayClosed events; timers are guards on school days.`,
    initial: policy.initial.split(".")[0]!,
    on: rootOn,
    states: {
      ...Object.fromEntries(STAGES.map((s) => [s, stateConfig(s, policy.stages[s])])),
      [CLOSED]: { entry: [{ type: "enterState", params: { path: CLOSED } }], on: closedOn },
    },
  };
}

function guardOf(rule: CompiledRule): Pick<XStateTransition, "guard"> {
  return rule.guard ? { guard: { type: "policyRule", params: { rule: rule.id, statePath: rule.from, guard: rule.guard } } } : {};
}

function actionOf(action: CompiledAction): XStateAction {
  return { type: action.type, params: { ...action.params } };
}

/** A state's entry action as the compiler resolves it (compilePolicy.ts compileAction), as data. */
function entryActionOf(action: Action, rule: string, compiled: CompiledPolicy): XStateAction {
  if ("task" in action) return { type: "createTask", params: { kind: action.task, title: action.title, ...(action.dueInSchoolDays !== undefined ? { dueInSchoolDays: action.dueInSchoolDays } : {}), rule } };
  if ("letter" in action) return { type: "issueLetter", params: { template: action.letter, title: action.title, rule, kind: compiled.letterKinds.get(action.letter) ?? "concern" } };
  if ("setTarget" in action) return { type: "setTarget", params: { attendancePct: action.setTarget.attendancePct, schoolDays: action.setTarget.schoolDays, rule } };
  return { type: "recordNote", params: { text: action.record, rule } };
}
