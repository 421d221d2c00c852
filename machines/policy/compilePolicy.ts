import { assign, enqueueActions, setup } from "xstate";
import { evaluateGuard } from "../case/guards.ts";
import { guardWindows, guardWithMinimumSessions } from "../guards/index.ts";
import { explainRule } from "../case/explain.ts";
import { dailyTasks, type CompiledDailyRule } from "../case/dailyTasks.ts";
import { isConcernKind, letterHeldBack, lettersRaisedOn } from "../case/letterRepeat.ts";
import type { CaseContext, CaseEvent, CaseInput, EntryStamp } from "../case/types.ts";
import { gatesForStep, LEGAL_TASK_KINDS, legalStepOf, type StatutoryGuard } from "../gates/index.ts";
import { heldWords } from "../gates/heldLegalStep.ts";
import { type HeldByState, heldLegalSteps } from "../case/heldLegalSteps.ts";
import { supportRecordOf } from "../gates/supportFirst.ts";
import type { CompiledGuard } from "./compiledGuard.ts";
import { MANUAL_EVENT_TYPES, type ManualEventType } from "./events.ts";
import { type Action, CLOSED, type EventType, type LetterKind, Policy, type PolicyInput, type PolicyState, type Rule, type Stage, STAGES } from "./schema.ts";
import { resolveParameters } from "./resolveParameters.ts";

/** Machine id: state ids are `case.<dotted path>`, so a rule's target `facilitate.letter2` is `#case.facilitate.letter2`. */
export const MACHINE_ID = "case";
/** Words in a letter or task that name a legal step: such a letter must say its kind, such a task must be a legal kind. */
const LEGAL_WORDS = /penalty notice|prosecut|legal (intervention|action|proceedings)|\bcourt\b|\bAPS\b/i;
const OUTWARD_TASK_KINDS: ReadonlySet<string> = new Set(["referral", "notification"]);

/** An action after compilation: parameters resolved, tagged with the rule it belongs to. */
export type CompiledAction =
  | { type: "createTask"; params: { kind: string; title: string; dueInSchoolDays?: number; rule: string } }
  | { type: "issueLetter"; params: { template: string; title: string; rule: string; kind: LetterKind; repeatSchoolDays: number } }
  | { type: "setTarget"; params: { attendancePct: number; schoolDays: number; rule: string } }
  | { type: "recordNote"; params: { text: string; rule: string } };

export interface CompiledRule {
  readonly id: string;
  readonly on: EventType;
  /** Dotted path of the state the rule is declared on ("" = anywhere). */
  readonly from: string;
  readonly to?: string;
  readonly guard?: CompiledGuard;
  readonly actions: readonly CompiledAction[];
  readonly reason: string;
  readonly seed: string;
  readonly choice?: string;
  /** Added by the compiler (a statutory baseline or a default), not written by the school. */
  readonly builtIn?: boolean;
  /** The statutory gates this rule passes (machines/gates/): it is a legal step. Already inside `guard`. */
  readonly gates?: readonly StatutoryGuard[];
  /** For the companion that holds a legal step back: the rule it holds. */
  readonly holds?: string;
}

export interface PolicyProblem {
  readonly path: string;
  readonly message: string;
}

export class PolicyError extends Error {
  readonly problems: readonly PolicyProblem[];
  constructor(source: string, problems: readonly PolicyProblem[]) {
    super(`${source}: ${problems.map((p) => `${p.path || "(policy)"}: ${p.message}`).join("; ")}`);
    this.name = "PolicyError";
    this.problems = problems;
  }
}

/** Parses and checks a policy, naming each problem by its path in the document. */
export function parsePolicy(input: unknown, source = "policy"): Policy {
  const result = Policy.safeParse(input);
  if (!result.success) {
    throw new PolicyError(
      source,
      result.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message })),
    );
  }
  return result.data;
}

function buildCaseMachine(config: object) {
  return setup({
    types: {} as { context: CaseContext; events: CaseEvent; input: CaseInput },
    guards: {
      policyRule: ({ context, event }, params: { guard: CompiledGuard; statePath: string }) =>
        evaluateGuard(params.guard, { context, event, statePath: params.statePath }),
    },
    actions: {
      enterState: assign(({ context, event }, params: { path: string }) => ({
        entered: { ...context.entered, [params.path]: stampOf(event, context) },
        statePath: params.path,
      })),
      recordLetter: assign(({ context, event }, params: { template: string; held: string | null }) =>
        params.held === null ? { lettersSent: { ...context.lettersSent, [params.template]: { date: event.date, dayIndex: event.dayIndex } } } : {},
      ),
      // The day's statutory and daily-rule tasks and the legal steps held back, worked out once; the case remembers
      // the concern letters raised and the steps held only on a day that has some (an assign copies the context).
      dayBaseline: enqueueActions(({ context, event, enqueue }, params: { daily: readonly CompiledDailyRule[]; held: HeldByState; remembersLetters: boolean }) => {
        const daily = dailyTasks(params.daily, context, event);
        const held = heldLegalSteps(params.held, context, event);
        enqueue({ type: "statutoryBaseline", params: { tasks: held ? [...daily, ...held.tasks] : daily } } as never);
        const letters = params.remembersLetters ? lettersRaisedOn(daily, event) : null;
        if (letters || held) {
          enqueue.assign({
            ...(letters ? { lettersSent: { ...context.lettersSent, ...letters } } : {}),
            ...(held ? { legalStepsHeld: held.recorded } : {}),
          } as never);
        }
      }),
      setTarget: assign(({ context, event }, params: { attendancePct: number; schoolDays: number; rule: string }) => ({
        target: {
          attendancePct: params.attendancePct,
          setOn: event.date,
          setOnDay: event.dayIndex,
          reviewOnDay: event.dayIndex + params.schoolDays,
          reviewOn: null,
          possibleAtSet: event.metrics.possibleSessions,
          attendedAtSet: event.metrics.attendedSessions,
        },
      })),
      applyEventEffects: assign(({ context, event }) => eventEffects(context, event)),
      // The following are effects for the host to carry out: `transition()` returns them with their params.
      statutoryBaseline: (_, _params: { tasks: unknown[] }) => {},
      ruleFired: (_, _params: { rule: string; reason: string; figures: string }) => {},
      createTask: (_, _params: CompiledAction["params"]) => {},
      issueLetter: (_, _params: CompiledAction["params"] & { held?: string | null }) => {},
      recordNote: (_, _params: CompiledAction["params"]) => {},
      refuseLegalStep: (_, _params: { rule: string; reason: string; why: string }) => {},
    },
  }).createMachine(config as never);
}

export type CaseMachine = ReturnType<typeof buildCaseMachine>;

export interface CompiledPolicy {
  readonly policy: Policy;
  readonly machine: CaseMachine;
  readonly rules: readonly CompiledRule[];
  readonly rulesById: ReadonlyMap<string, CompiledRule>;
  /** schoolDayClosed rules declared on each state path, for the sparse stepper's look-ahead. */
  readonly dayRulesByState: ReadonlyMap<string, readonly CompiledRule[]>;
  /** Rules declared on each state path ("" = anywhere), in order of precedence. */
  readonly rulesByState: ReadonlyMap<string, readonly CompiledRule[]>;
  /** Every state's dotted path, stages first, then their sub-states, then `closed`. */
  readonly statePaths: readonly string[];
  /** Rules run every school day beside the transitions. */
  readonly daily: readonly CompiledDailyRule[];
  /** The windows of school weeks the policy's guards read. */
  readonly windows: readonly number[];
  /** Each letter template's kind (concern when the policy does not say). */
  readonly letterKinds: ReadonlyMap<string, LetterKind>;
}

/**
 * Compiles a policy into an XState v5 machine. Top-level states are exactly the six DfE stages plus `closed`.
 * There are no `after` timers: time arrives as `schoolDayClosed` events and timers are guards on school-day
 * indexes. The statutory baselines are added to every policy here.
 */
export function compilePolicy(input: Policy | PolicyInput | unknown, source = "policy"): CompiledPolicy {
  const parsed = parsePolicy(input, source);
  const problems: PolicyProblem[] = [];
  const policy = resolveParameters(parsed, problems);
  const statePaths: string[] = [];
  const stateByPath = new Map<string, PolicyState>();
  const collect = (path: string, state: PolicyState, docPath: string) => {
    statePaths.push(path);
    stateByPath.set(path, state);
    const children = Object.entries(state.states ?? {});
    if (children.length > 0 && state.initial && !state.states![state.initial]) {
      problems.push({ path: `${docPath}.initial`, message: `"${state.initial}" is not one of its states (${children.map(([k]) => k).join(", ")})` });
    }
    for (const [name, child] of children) collect(`${path}.${name}`, child, `${docPath}.states.${name}`);
  };
  for (const stage of STAGES) collect(stage, policy.stages[stage], `stages.${stage}`);
  statePaths.push(CLOSED);

  const rules: CompiledRule[] = [];
  const rulesByState = new Map<string, CompiledRule[]>();
  const heldByState = new Map<string, CompiledRule[]>();
  const letterKinds = new Map<string, LetterKind>(policy.letters.map((l) => [l.id, l.kind ?? "concern"]));
  policy.letters.forEach((l, i) => {
    const named = `${l.title}\n${l.body}`.match(LEGAL_WORDS);
    if (named && l.kind === undefined) {
      problems.push({ path: `letters.${i}.kind`, message: `this letter names a legal step ("${named[0]}"): say which kind it is (${["legal-warning", "concern", "recognition", "information"].join(", ")}); a legal warning passes the statutory gates` });
    }
  });
  const seenRuleIds = new Map<string, string>();
  /** The rule as compiled, and the companion that holds it back when it is a legal step whose gates fail. */
  const compileRule = (rule: Rule, from: string, docPath: string): CompiledRule[] => {
    if (seenRuleIds.has(rule.id) && seenRuleIds.get(rule.id) !== docPath) {
      problems.push({ path: `${docPath}.id`, message: `rule id "${rule.id}" is already used at ${seenRuleIds.get(rule.id)}` });
    }
    seenRuleIds.set(rule.id, docPath);
    if (rule.to !== undefined && !stateByPath.has(rule.to) && rule.to !== CLOSED) {
      problems.push({ path: `${docPath}.to`, message: `no state "${rule.to}"; states are ${statePaths.join(", ")}` });
    }
    const actions = rule.actions.map((a) => compileAction(a, rule.id, policy, `${docPath}.actions`, problems));
    checkLegalWords(actions, `${docPath}.actions`, problems);
    const compiled = withStatutoryGates(
      {
        id: rule.id,
        on: rule.on,
        from,
        to: rule.to,
        guard: withMinimumSessions(rule.when as CompiledGuard | undefined, policy.minimumPossibleSessions),
        actions,
        reason: rule.reason,
        seed: rule.seed,
        choice: rule.choice,
      },
      policy,
      letterKinds,
    );
    const companions = heldCompanion(compiled);
    rules.push(compiled, ...companions);
    rulesByState.set(from, [...(rulesByState.get(from) ?? []), compiled, ...companions]);
    if (compiled.on === "schoolDayClosed") {
      // Held back by the day's baseline (heldLegalSteps.ts), not by a transition of its own: it stops no other rule.
      if (companions.length > 0) heldByState.set(from, [...(heldByState.get(from) ?? []), ...companions]);
      return [compiled];
    }
    return [compiled, ...companions];
  };

  const daily: CompiledDailyRule[] = policy.daily.map((r, i) => {
    for (const p of r.in ?? []) {
      if (!stateByPath.has(p)) problems.push({ path: `daily.${i}.in`, message: `no state "${p}"` });
    }
    const actions = r.actions.map((a) => compileAction(a, r.id, policy, `daily.${i}.actions`, problems));
    checkLegalWords(actions, `daily.${i}.actions`, problems);
    const guard = withMinimumSessions(r.when as CompiledGuard, policy.minimumPossibleSessions)!;
    // A daily rule never moves the case, but a legal task or letter it raises passes the gates all the same.
    const step = legalStepOf({ on: "schoolDayClosed", from: "", actions }, (t) => letterKinds.get(t));
    return {
      id: r.id,
      guard: step ? { all: [guard, ...gatesForStep(step, policy.gates)] } : guard,
      in: r.in,
      actions,
      reason: r.reason,
      seed: r.seed,
      raisesConcernLetter: actions.some((a) => a.type === "issueLetter" && isConcernKind(a.params.kind)),
    };
  });
  const baseline = baselineAction(daily, heldByState);
  const transitionConfig = (rule: CompiledRule) => buildTransition(rule, baseline);
  const transitionsByEvent = (list: readonly CompiledRule[]) => {
    const on: Record<string, unknown[]> = {};
    for (const rule of list) (on[rule.on] ??= []).push(transitionConfig(rule));
    return on;
  };
  const anywhereOnStage = (stage: Stage) =>
    policy.anywhere.flatMap((r, i) => (r.in?.includes(stage) ? compileRule(r, stage, `anywhere.${i}`) : []));

  const stateConfig = (path: string, state: PolicyState, docPath: string): Record<string, unknown> => {
    const stage = path.split(".")[0]!;
    const compiledRules = (state.rules ?? []).flatMap((r, i) => compileRule(r, path, `${docPath}.rules.${i}`));
    if (path === stage) compiledRules.push(...anywhereOnStage(stage as Stage));
    const entry: unknown[] = [{ type: "enterState", params: { path } }];
    const entryActions = (state.entry ?? []).map((a) => compileAction(a, `${path}:entry`, policy, `${docPath}.entry`, problems));
    checkLegalWords(entryActions, `${docPath}.entry`, problems);
    if (legalStepOf({ on: "entry", from: path, to: path, actions: entryActions }, (t) => letterKinds.get(t))) {
      problems.push({ path: `${docPath}.entry`, message: "a legal task or letter on entering a state would escape the statutory gates: raise it from the rule that moves the case there" });
    }
    entry.push(...entryActions.flatMap(actionConfig));
    const children = Object.entries(state.states ?? {});
    return {
      entry,
      on: transitionsByEvent(compiledRules),
      ...(children.length > 0
        ? {
            initial: state.initial ?? children[0]![0],
            states: Object.fromEntries(children.map(([name, child]) => [name, stateConfig(`${path}.${name}`, child, `${docPath}.states.${name}`)])),
          }
        : {}),
    };
  };

  const stages = Object.fromEntries(STAGES.map((s) => [s, stateConfig(s, policy.stages[s], `stages.${s}`)]));
  const anywhere = policy.anywhere.flatMap((r, i) => (r.in ? [] : compileRule(r, "", `anywhere.${i}`)));
  // The defaults record a notice to improve or a penalty notice anywhere: gated, and refused with why (their companions).
  const defaults = defaultRules().flatMap((d) => {
    const gated = withStatutoryGates(d, policy, letterKinds);
    return [gated, ...heldCompanion(gated)];
  });
  for (const d of defaults) {
    rules.push(d);
    rulesByState.set("", [...(rulesByState.get("") ?? []), d]);
  }
  if (!(STAGES as readonly string[]).includes(policy.initial)) {
    problems.push({ path: "initial", message: `a case starts in one of the six stages (${STAGES.join(", ")}), not "${policy.initial}"` });
  }
  if (problems.length > 0) throw new PolicyError(source, problems);

  const rootOn = transitionsByEvent([...anywhere, ...defaults]);
  // After every other schoolDayClosed handler fails its guard, the day still runs the statutory baselines.
  (rootOn.schoolDayClosed ??= []).push({ actions: baseline });

  const closedOn = Object.fromEntries(
    ["schoolDayClosed", ...MANUAL_EVENT_TYPES.filter((t) => t !== "note" && t !== "reopenCase")].map((t) => [t, { actions: [] }]),
  );
  const machine = buildCaseMachine({
    id: MACHINE_ID,
    initial: policy.initial.split(".")[0],
    context: ({ input }: { input: CaseInput }) => initialContext(input),
    on: rootOn,
    states: {
      ...stages,
      [CLOSED]: {
        entry: [{ type: "enterState", params: { path: CLOSED } }],
        on: {
          ...closedOn,
          reopenCase: [transitionConfig({ ...REOPEN_RULE, to: policy.initial })],
        },
      },
    },
  });
  // Daily rules read windows too (a full week in school, unauthorised sessions in N weeks): collect theirs as well.
  const windows = collectWindows([...rules, ...daily]);
  const rulesById = new Map(rules.map((r) => [r.id, r]));
  const dayRulesByState = new Map([...rulesByState].map(([path, list]) => [path, list.filter((r) => r.on === "schoolDayClosed")]));
  return { policy, machine, rules, rulesById, dayRulesByState, rulesByState, statePaths, daily, windows, letterKinds };
}

/**
 * The day's statutory and daily-rule tasks: the first actions of every schoolDayClosed transition. The concern
 * letters they raise are remembered, so the same letter is not raised again within the repeat period.
 */
function baselineAction(daily: readonly CompiledDailyRule[], held: HeldByState): unknown[] {
  // `held` is filled as the states compile: read when the day runs, not now.
  return [{ type: "dayBaseline", params: { daily, held, remembersLetters: daily.some((r) => r.raisesConcernLetter) } }];
}

/** A legal step's guard with its statutory gates, whatever the policy wrote (machines/gates/index.ts). */
function withStatutoryGates(rule: CompiledRule, policy: Policy, letterKinds: ReadonlyMap<string, LetterKind>): CompiledRule {
  const step = legalStepOf(rule, (t) => letterKinds.get(t));
  if (!step) return rule;
  const gates = gatesForStep(step, policy.gates);
  return { ...rule, gates, guard: rule.guard ? { all: [rule.guard, ...gates] } : { all: gates } };
}

/**
 * On a closed school day, a legal step whose own guard holds but whose gates do not is held back: the case stays,
 * the history says why (once), and one task asks the lead for what is missing. A person's event is refused instead,
 * with why, rather than passed on to the state's next rule (a Fast Track meeting that cannot issue the penalty
 * warning must not be read as "no longer a concern").
 */
function heldCompanion(rule: CompiledRule): CompiledRule[] {
  if (!rule.gates) return [];
  const own = rule.guard && "all" in rule.guard ? rule.guard.all.slice(0, rule.guard.all.length - rule.gates.length) : [];
  const held: CompiledGuard = { heldLegalStep: { rule: rule.id, gates: rule.gates, once: rule.on === "schoolDayClosed" } };
  return [
    {
      id: `${rule.id}-held`,
      on: rule.on,
      from: rule.from,
      guard: own.length > 0 ? { all: [...own, held] } : held,
      actions: [],
      reason: rule.on === "schoolDayClosed" ? `Held back by a statutory gate: ${rule.reason}` : `Refused by a statutory gate: ${rule.reason}`,
      seed: "Rollcall: a legal step passes the statutory gates (machines/gates/), whatever the policy says.",
      builtIn: true,
      holds: rule.id,
    },
  ];
}

/** Checks that a letter or task naming a legal step is a legal kind, so the gates cannot be escaped by a label. */
function checkLegalWords(compiled: readonly CompiledAction[], docPath: string, problems: PolicyProblem[]): void {
  compiled.forEach((a, i) => {
    if (a.type !== "createTask") return;
    // An internal task (a review, collating evidence) may name a legal step; a referral or notification that does is one.
    const named = OUTWARD_TASK_KINDS.has(a.params.kind) ? a.params.title.match(LEGAL_WORDS) : null;
    if (named && !(LEGAL_TASK_KINDS as readonly string[]).includes(a.params.kind)) {
      problems.push({ path: `${docPath}.${i}.task`, message: `this task names a legal step ("${named[0]}"): make it a "legal-referral" or "penalty-notice" task so the statutory gates apply (was "${a.params.kind}")` });
    }
  });
}

const REOPEN_RULE: CompiledRule = {
  id: "reopen-case",
  on: "reopenCase",
  from: CLOSED,
  actions: [],
  reason: "Case reopened",
  seed: "Rollcall: a closed case can be reopened, with the reason recorded.",
  builtIn: true,
};

/** What every policy accepts anywhere: notes, contacts and support recorded, closing a case. */
function defaultRules(): CompiledRule[] {
  const recordOnly = MANUAL_EVENT_TYPES.filter((t) => t !== "closeCase" && t !== "reopenCase");
  return [
    ...recordOnly.map(
      (t): CompiledRule => ({
        id: `record-${t.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`,
        on: t,
        from: "",
        actions: [],
        reason: "Recorded on the case",
        seed: "Rollcall: every contact, meeting and note is kept in the case history.",
        builtIn: true,
      }),
    ),
    {
      id: "close-case",
      on: "closeCase",
      from: "",
      to: CLOSED,
      actions: [],
      reason: "Case closed",
      seed: "Rollcall: a case is closed when the pupil leaves or the concern is resolved, with the reason recorded.",
      builtIn: true,
    },
  ];
}

function buildTransition(rule: CompiledRule, baseline: unknown[]): Record<string, unknown> {
  const actions: unknown[] = [];
  if (rule.on === "schoolDayClosed") actions.push(...baseline);
  actions.push({
    type: "ruleFired",
    params: ({ context, event }: { context: CaseContext; event: CaseEvent }) => ({
      rule: rule.id,
      reason: rule.reason,
      figures: explainRule(rule, { context, event, statePath: rule.from }),
    }),
  });
  if (rule.holds !== undefined) {
    const gates = (rule.guard && "heldLegalStep" in rule.guard ? rule.guard : rule.guard && "all" in rule.guard ? rule.guard.all.at(-1) : undefined) as
      | { heldLegalStep: { rule: string; gates: readonly StatutoryGuard[] } }
      | undefined;
    const held = gates?.heldLegalStep.gates ?? [];
    // A person's event that a gate refuses (schoolDayClosed companions never become transitions).
    actions.push({
      type: "refuseLegalStep",
      params: ({ context, event }: { context: CaseContext; event: CaseEvent }) => ({
        rule: rule.holds,
        reason: rule.reason,
        why: heldWords(held, { context, event, statePath: rule.from }),
      }),
    });
    return { ...(rule.guard ? { guard: { type: "policyRule", params: { guard: rule.guard, statePath: rule.from } } } : {}), actions };
  }
  actions.push(...rule.actions.flatMap(actionConfig));
  // After the rule's own actions, so a target agreed at the meeting wins over the policy's default.
  if (rule.on !== "schoolDayClosed") actions.push({ type: "applyEventEffects" });
  return {
    ...(rule.to !== undefined ? { target: `#${MACHINE_ID}.${rule.to}` } : {}),
    ...(rule.to !== undefined && rule.to === rule.from ? { reenter: true } : {}),
    ...(rule.guard ? { guard: { type: "policyRule", params: { guard: rule.guard, statePath: rule.from } } } : {}),
    actions,
  };
}

function compileAction(action: Action, rule: string, policy: Policy, docPath: string, problems: PolicyProblem[]): CompiledAction {
  if ("task" in action) {
    return { type: "createTask", params: { kind: action.task, title: action.title, dueInSchoolDays: action.dueInSchoolDays, rule } };
  }
  if ("letter" in action) {
    const template = policy.letters.find((l) => l.id === action.letter);
    if (policy.letters.length > 0 && !template) {
      problems.push({ path: docPath, message: `letter template "${action.letter}" is not among the policy's letters` });
    }
    return { type: "issueLetter", params: { template: action.letter, title: action.title, rule, kind: template?.kind ?? "concern", repeatSchoolDays: policy.letterRepeatSchoolDays } };
  }
  if ("setTarget" in action) {
    return {
      type: "setTarget",
      params: { attendancePct: action.setTarget.attendancePct as number, schoolDays: action.setTarget.schoolDays as number, rule },
    };
  }
  return { type: "recordNote", params: { text: action.record, rule } };
}

/**
 * A compiled action as the machine runs it. A letter is decided when it is raised: a concern letter raised
 * within the repeat period is held back (the host records a note instead), and a raised letter is remembered.
 */
function actionConfig(action: CompiledAction): unknown[] {
  if (action.type !== "issueLetter") return [action];
  const p = action.params;
  return [
    { type: "issueLetter", params: ({ context, event }: { context: CaseContext; event: CaseEvent }) => ({ ...p, held: letterHeldBack(context, event, p) }) },
    { type: "recordLetter", params: ({ context, event }: { context: CaseContext; event: CaseEvent }) => ({ template: p.template, held: letterHeldBack(context, event, p) }) },
  ];
}

function initialContext(input: CaseInput): CaseContext {
  return {
    upn: input.upn,
    pupil: input.pupil,
    statePath: "",
    entered: { "": input.openedOn },
    target: null,
    reviewDate: null,
    medicalEvidenceDayIndex: null,
    supportEvents: [],
    noticesToImprove: [],
    penaltyNotices: [],
    lettersSent: {},
    legalStepsHeld: {},
  };
}

function stampOf(event: CaseEvent | { type: string }, context: CaseContext): EntryStamp {
  if (!("metrics" in event)) return context.entered[""]!;
  return {
    date: event.date,
    dayIndex: event.dayIndex,
    attendancePct: event.metrics.attendancePct,
    possibleSessions: event.metrics.possibleSessions,
    attendedSessions: event.metrics.attendedSessions,
    unauthorisedSessions: event.metrics.unauthorisedAbsenceSessions,
  };
}

/** What recording an event does to the case, whichever rule accepted it. */
function eventEffects(context: CaseContext, event: CaseEvent): Partial<CaseContext> {
  if (event.type === "schoolDayClosed") return {};
  const support = supportRecordOf(event);
  const effects = eventEffectsOf(context, event);
  return support ? { ...effects, supportEvents: [...(context.supportEvents ?? []), support] } : effects;
}

function eventEffectsOf(context: CaseContext, event: Exclude<CaseEvent, { type: "schoolDayClosed" }>): Partial<CaseContext> {
  const p = event.payload;
  switch (event.type) {
    case "sapMeetingHeld":
    case "contractSigned": {
      const pct = typeof p.targetAttendancePct === "number" ? p.targetAttendancePct : null;
      return {
        reviewDate: typeof p.reviewDate === "string" ? p.reviewDate : context.reviewDate,
        ...(pct !== null
          ? {
              target: {
                attendancePct: pct,
                setOn: event.date,
                setOnDay: event.dayIndex,
                reviewOnDay: null,
                reviewOn: typeof p.reviewDate === "string" ? p.reviewDate : null,
                possibleAtSet: event.metrics.possibleSessions,
                attendedAtSet: event.metrics.attendedSessions,
              },
            }
          : {}),
      };
    }
    case "noticeToImproveIssued":
      return {
        noticesToImprove: [
          ...(context.noticesToImprove ?? []),
          {
            date: event.date,
            dayIndex: event.dayIndex,
            parent: String(p.parent),
            improvementPeriodSchoolDays: Number(p.improvementPeriodSchoolDays),
            unauthorisedAtIssue: event.metrics.compulsoryAgeUnauthorisedLast10SchoolWeeks,
          },
        ],
      };
    case "medicalEvidenceReceived":
      return { medicalEvidenceDayIndex: event.dayIndex };
    case "penaltyNoticeIssued":
      return { penaltyNotices: [...context.penaltyNotices, { date: event.date, parent: String(p.parent) }] };
    default:
      return {};
  }
}

/** Each year-to-date attendance-% test waits for the policy's minimum of possible sessions (machines/guards/). */
function withMinimumSessions(guard: CompiledGuard | undefined, minimum: number): CompiledGuard | undefined {
  if (!guard || minimum <= 0) return guard;
  return guardWithMinimumSessions(guard, minimum);
}

/** The windows of school weeks the rules' guards read, each guard kind saying its own (machines/guards/). */
function collectWindows(rules: readonly { readonly guard?: CompiledGuard }[]): number[] {
  const weeks = new Set<number>();
  const add = (w: number) => weeks.add(w);
  for (const r of rules) if (r.guard) guardWindows(r.guard, add);
  return [...weeks].sort((a, b) => a - b);
}
