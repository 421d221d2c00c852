import { type AnyActorScope, createActor } from "xstate";
import { CLOSED, STAGES, type Stage } from "../policy/schema.ts";
import type { CompiledPolicy } from "../policy/compilePolicy.ts";
import { isConcernKind } from "./letterRepeat.ts";
import type { CaseContext, CaseEvent, CaseInput, CaseTask, CaseTransition } from "./types.ts";

export type CaseSnapshot = ReturnType<CompiledPolicy["machine"]["resolveState"]>;

/** A case as it is kept: the machine's state value and context, plain JSON. */
export interface StoredCase {
  readonly value: unknown;
  readonly context: CaseContext;
}

export interface RuleFired {
  readonly rule: string;
  readonly reason: string;
  readonly figures: string;
}

/** The result of one event: the next snapshot and everything it produced for the host to record. */
export interface CaseStep {
  readonly snapshot: CaseSnapshot;
  /** False when no rule accepted the event (it is not allowed in this state, or its guards all failed). */
  readonly accepted: boolean;
  readonly transition: CaseTransition | null;
  readonly rulesFired: readonly RuleFired[];
  readonly tasks: readonly CaseTask[];
  readonly notes: readonly string[];
  /** A person's event refused by a statutory gate: the rule it would have fired, and why. Nothing else happened. */
  readonly refused: HeldLegalStep | null;
}

export interface HeldLegalStep {
  readonly rule: string;
  readonly reason: string;
  readonly why: string;
}

type ExecutableAction = { readonly type: string; readonly params: unknown };

/**
 * What XState's pure `transition()` and `initialTransition()` do, without their cost: each of them builds a
 * throwaway actor, whose constructor computes the machine's initial snapshot with no input, so the context
 * factory throws and XState catches it: about 50 µs a call. Here the inert scope is built once per machine
 * and only its action collector changes per call. Nothing in a case machine spawns, defers or emits, so
 * nothing else in the scope is ever touched.
 */
interface InertScope {
  scope: AnyActorScope;
  collected: ExecutableAction[];
}

const inertScopes = new WeakMap<object, InertScope>();

function inertScopeFor(machine: CompiledPolicy["machine"]): InertScope {
  let inert = inertScopes.get(machine);
  if (!inert) {
    const self = createActor(machine, {} as never);
    const holder: InertScope = { scope: undefined as unknown as AnyActorScope, collected: [] };
    holder.scope = {
      self,
      defer: () => {},
      id: "",
      logger: () => {},
      sessionId: "",
      stopChild: () => {},
      system: self.system,
      emit: () => {},
      actionExecutor: (action: ExecutableAction) => {
        holder.collected.push(action);
      },
    } as unknown as AnyActorScope;
    inertScopes.set(machine, (inert = holder));
  }
  return inert;
}

/** `transition(machine, snapshot, event)` of XState, through the machine's cached inert scope. */
function pureTransition(compiled: CompiledPolicy, snapshot: CaseSnapshot, event: CaseEvent): [CaseSnapshot, ExecutableAction[]] {
  const inert = inertScopeFor(compiled.machine);
  const actions: ExecutableAction[] = [];
  const outer = inert.collected;
  inert.collected = actions;
  try {
    return [compiled.machine.transition(snapshot, event as never, inert.scope as never) as CaseSnapshot, actions];
  } finally {
    inert.collected = outer;
  }
}

/** Opens a case: the initial snapshot of the policy's machine for one pupil. */
export function openCase(compiled: CompiledPolicy, input: CaseInput): CaseSnapshot {
  const inert = inertScopeFor(compiled.machine);
  const outer = inert.collected;
  inert.collected = [];
  try {
    return compiled.machine.getInitialSnapshot(inert.scope as never, input) as CaseSnapshot;
  } finally {
    inert.collected = outer;
  }
}

/** Rebuilds a snapshot from what was stored, to be stepped anywhere (server, CLI, browser). */
export function restoreCase(compiled: CompiledPolicy, stored: StoredCase): CaseSnapshot {
  return compiled.machine.resolveState({ value: stored.value as never, context: stored.context });
}

export function storeCase(snapshot: CaseSnapshot): StoredCase {
  return { value: snapshot.value, context: snapshot.context };
}

/** Dotted path of the active leaf state: `facilitate.letter2`, `closed`. */
export function statePath(snapshot: { value: unknown }): string {
  const parts: string[] = [];
  let v: unknown = snapshot.value;
  while (v && typeof v === "object") {
    const [key, child] = Object.entries(v as Record<string, unknown>)[0]!;
    parts.push(key);
    v = child;
  }
  if (typeof v === "string") parts.push(v);
  return parts.join(".");
}

export function stageOf(path: string): Stage | typeof CLOSED {
  const top = path.split(".")[0]!;
  return (STAGES as readonly string[]).includes(top) ? (top as Stage) : CLOSED;
}

/** The active state and its ancestors, innermost first, ending with "" (the case itself). */
export function activePaths(path: string): string[] {
  const parts = path.split(".");
  const out: string[] = [];
  for (let i = parts.length; i > 0; i--) out.push(parts.slice(0, i).join("."));
  out.push("");
  return out;
}

/**
 * Steps a case by one event with XState's pure `transition()`: nothing is executed; the tasks, letters and
 * notes the machine asks for are returned for the host to record.
 */
export function stepCase(compiled: CompiledPolicy, snapshot: CaseSnapshot, event: CaseEvent): CaseStep {
  const [next, actions] = pureTransition(compiled, snapshot, event);
  const refusal = actions.find((a) => a.type === "refuseLegalStep");
  if (refusal) {
    // The snapshot stays as it was: the event is refused, not recorded.
    return { snapshot, accepted: false, transition: null, rulesFired: [], tasks: [], notes: [], refused: refusal.params as HeldLegalStep };
  }
  const tasks: CaseTask[] = [];
  const notes: string[] = [];
  const rulesFired: RuleFired[] = [];
  for (const action of actions) {
    const params = action.params as Record<string, unknown>;
    switch (action.type) {
      case "statutoryBaseline":
        tasks.push(...(params.tasks as CaseTask[]));
        break;
      case "ruleFired":
        rulesFired.push(params as unknown as RuleFired);
        break;
      case "createTask":
        tasks.push({
          date: event.date,
          kind: params.kind as CaseTask["kind"],
          title: params.title as string,
          rule: params.rule as string,
          ...(params.dueInSchoolDays !== undefined ? { dueInSchoolDays: params.dueInSchoolDays as number } : {}),
        });
        break;
      case "issueLetter":
        if (typeof params.held === "string") notes.push(`${params.title as string}: ${params.held}`);
        else tasks.push({ date: event.date, kind: "letter", title: params.title as string, rule: params.rule as string, template: params.template as string });
        break;
      case "recordNote":
        notes.push(params.text as string);
        break;
    }
  }
  dropRecognitionBesideConcern(compiled, tasks, notes);
  const from = statePath(snapshot);
  const to = statePath(next);
  const fired = rulesFired[0];
  // A rule with a target is a transition even when it re-enters the same state (a timer restarted).
  const moved = fired !== undefined && (from !== to || compiled.rulesById.get(fired.rule)?.to !== undefined);
  return {
    snapshot: next,
    accepted: rulesFired.length > 0,
    transition: moved
      ? { date: event.date, from, to, event: event.type, rule: fired.rule, reason: fired.figures ? `${fired.reason}: ${fired.figures}` : fired.reason }
      : null,
    rulesFired,
    tasks,
    notes,
    refused: null,
  };
}

/** Praise and a concern letter never go out on the same day: the concern letter goes, the praise is held back. */
function dropRecognitionBesideConcern(compiled: CompiledPolicy, tasks: CaseTask[], notes: string[]): void {
  const kindOf = (t: CaseTask) => (t.template ? compiled.letterKinds.get(t.template) : undefined);
  if (!tasks.some((t) => t.kind === "letter" && isConcernKind(kindOf(t)))) return;
  for (let i = tasks.length - 1; i >= 0; i--) {
    const t = tasks[i]!;
    if (t.kind === "letter" && kindOf(t) === "recognition") {
      tasks.splice(i, 1);
      notes.push(`${t.title}: not sent on the day of a concern letter`);
    }
  }
}
