import { assign, setup } from "xstate";
import { evaluateGuard } from "../case/guards.ts";
import { explainRule } from "../case/explain.ts";
import { dailyTasks, type CompiledDailyRule } from "../case/dailyTasks.ts";
import type { CaseContext, CaseEvent, CaseInput, EntryStamp } from "../case/types.ts";
import type { CompiledGuard } from "./compiledGuard.ts";
import { MANUAL_EVENT_TYPES, type ManualEventType } from "./events.ts";
import { type Action, CLOSED, type EventType, Policy, type PolicyInput, type PolicyState, type Rule, type Stage, STAGES } from "./schema.ts";
import { resolveParameters } from "./resolveParameters.ts";

/** Machine id: state ids are `case.<dotted path>`, so a rule's target `facilitate.letter2` is `#case.facilitate.letter2`. */
export const MACHINE_ID = "case";
const SUPPORT_STAGES = new Set(["listen", "facilitate", "formalise"]);

/** An action after compilation: parameters resolved, tagged with the rule it belongs to. */
export type CompiledAction =
  | { type: "createTask"; params: { kind: string; title: string; dueInSchoolDays?: number; rule: string } }
  | { type: "issueLetter"; params: { template: string; title: string; rule: string } }
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
      enterState: assign(({ context, event }, params: { path: string; support: boolean }) => ({
        entered: { ...context.entered, [params.path]: stampOf(event, context) },
        statePath: params.path,
        supportRecorded: context.supportRecorded || params.support,
      })),
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
      issueLetter: (_, _params: CompiledAction["params"]) => {},
      recordNote: (_, _params: CompiledAction["params"]) => {},
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
  const seenRuleIds = new Map<string, string>();
  const compileRule = (rule: Rule, from: string, docPath: string): CompiledRule => {
    if (seenRuleIds.has(rule.id) && seenRuleIds.get(rule.id) !== docPath) {
      problems.push({ path: `${docPath}.id`, message: `rule id "${rule.id}" is already used at ${seenRuleIds.get(rule.id)}` });
    }
    seenRuleIds.set(rule.id, docPath);
    if (rule.to !== undefined && !stateByPath.has(rule.to) && rule.to !== CLOSED) {
      problems.push({ path: `${docPath}.to`, message: `no state "${rule.to}"; states are ${statePaths.join(", ")}` });
    }
    let guard = withMinimumSessions(rule.when as CompiledGuard | undefined, policy.minimumPossibleSessions);
    const gates: CompiledGuard[] = [];
    if (rule.to?.startsWith("enforce") && !from.startsWith("enforce")) {
      gates.push({ statutory: "supportFirst" }, { statutory: "compulsorySchoolAge" });
    }
    if (rule.on === "penaltyNoticeIssued") gates.push({ statutory: "penaltyNoticeCap" }, { statutory: "compulsorySchoolAge" });
    if (gates.length > 0) guard = guard ? { all: [guard, ...gates] } : gates.length === 1 ? gates[0] : { all: gates };
    const compiled: CompiledRule = {
      id: rule.id,
      on: rule.on,
      from,
      to: rule.to,
      guard,
      actions: rule.actions.map((a) => compileAction(a, rule.id, policy, `${docPath}.actions`, problems)),
      reason: rule.reason,
      seed: rule.seed,
      choice: rule.choice,
    };
    rules.push(compiled);
    const list = rulesByState.get(from) ?? [];
    list.push(compiled);
    rulesByState.set(from, list);
    return compiled;
  };

  const daily: CompiledDailyRule[] = policy.daily.map((r, i) => {
    for (const p of r.in ?? []) {
      if (!stateByPath.has(p)) problems.push({ path: `daily.${i}.in`, message: `no state "${p}"` });
    }
    return {
      id: r.id,
      guard: withMinimumSessions(r.when as CompiledGuard, policy.minimumPossibleSessions)!,
      in: r.in,
      actions: r.actions.map((a) => compileAction(a, r.id, policy, `daily.${i}.actions`, problems)),
      reason: r.reason,
      seed: r.seed,
    };
  });
  const baseline = baselineAction(daily);
  const transitionConfig = (rule: CompiledRule) => buildTransition(rule, baseline);
  const transitionsByEvent = (list: readonly CompiledRule[]) => {
    const on: Record<string, unknown[]> = {};
    for (const rule of list) (on[rule.on] ??= []).push(transitionConfig(rule));
    return on;
  };
  const anywhereOnStage = (stage: Stage) =>
    policy.anywhere.flatMap((r, i) => (r.in?.includes(stage) ? [compileRule(r, stage, `anywhere.${i}`)] : []));

  const stateConfig = (path: string, state: PolicyState, docPath: string): Record<string, unknown> => {
    const stage = path.split(".")[0]!;
    const compiledRules = (state.rules ?? []).map((r, i) => compileRule(r, path, `${docPath}.rules.${i}`));
    if (path === stage) compiledRules.push(...anywhereOnStage(stage as Stage));
    const entry: unknown[] = [{ type: "enterState", params: { path, support: path === stage && SUPPORT_STAGES.has(stage) } }];
    for (const a of state.entry ?? []) entry.push(compileAction(a, `${path}:entry`, policy, `${docPath}.entry`, problems));
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
  const anywhere = policy.anywhere.flatMap((r, i) => (r.in ? [] : [compileRule(r, "", `anywhere.${i}`)]));
  const defaults = defaultRules();
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
  (rootOn.schoolDayClosed ??= []).push({ actions: [baseline] });

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
        entry: [{ type: "enterState", params: { path: CLOSED, support: false } }],
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
  return { policy, machine, rules, rulesById, dayRulesByState, rulesByState, statePaths, daily, windows };
}

/** The day's statutory and daily-rule tasks: the first action of every schoolDayClosed transition. */
function baselineAction(daily: readonly CompiledDailyRule[]) {
  return {
    type: "statutoryBaseline",
    params: ({ context, event }: { context: CaseContext; event: CaseEvent }) => ({ tasks: dailyTasks(daily, context, event) }),
  };
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
        guard: t === "penaltyNoticeIssued" ? { all: [{ statutory: "penaltyNoticeCap" }, { statutory: "compulsorySchoolAge" }] } : undefined,
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

function buildTransition(rule: CompiledRule, baseline: unknown): Record<string, unknown> {
  const actions: unknown[] = [];
  if (rule.on === "schoolDayClosed") actions.push(baseline);
  actions.push({
    type: "ruleFired",
    params: ({ context, event }: { context: CaseContext; event: CaseEvent }) => ({
      rule: rule.id,
      reason: rule.reason,
      figures: explainRule(rule, { context, event, statePath: rule.from }),
    }),
  });
  actions.push(...rule.actions);
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
    if (policy.letters.length > 0 && !policy.letters.some((l) => l.id === action.letter)) {
      problems.push({ path: docPath, message: `letter template "${action.letter}" is not among the policy's letters` });
    }
    return { type: "issueLetter", params: { template: action.letter, title: action.title, rule } };
  }
  if ("setTarget" in action) {
    return {
      type: "setTarget",
      params: { attendancePct: action.setTarget.attendancePct as number, schoolDays: action.setTarget.schoolDays as number, rule },
    };
  }
  return { type: "recordNote", params: { text: action.record, rule } };
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
    supportRecorded: false,
    penaltyNotices: [],
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
  const p = event.payload;
  switch (event.type) {
    case "sapMeetingHeld":
    case "contractSigned": {
      const pct = typeof p.targetAttendancePct === "number" ? p.targetAttendancePct : null;
      return {
        supportRecorded: true,
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
    case "supportOffered":
    case "homeVisitMade":
    case "referralMade":
      return { supportRecorded: true };
    case "medicalEvidenceReceived":
      return { medicalEvidenceDayIndex: event.dayIndex };
    case "penaltyNoticeIssued":
      return { penaltyNotices: [...context.penaltyNotices, { date: event.date, parent: String(p.parent) }] };
    default:
      return {};
  }
}

/** Each year-to-date attendance-% test waits for the policy's minimum of possible sessions. */
function withMinimumSessions(guard: CompiledGuard | undefined, minimum: number): CompiledGuard | undefined {
  if (!guard || minimum <= 0) return guard;
  if ("all" in guard) return { all: guard.all.map((g) => withMinimumSessions(g, minimum)!) };
  if ("any" in guard) return { any: guard.any.map((g) => withMinimumSessions(g, minimum)!) };
  if ("not" in guard) return { not: withMinimumSessions(guard.not, minimum)! };
  if ("attendance" in guard && !guard.attendance.overSchoolWeeks) return { all: [{ possibleSessions: { atLeast: minimum } }, guard] };
  return guard;
}

function collectWindows(rules: readonly { readonly guard?: CompiledGuard }[]): number[] {
  const weeks = new Set<number>();
  const visit = (g: CompiledGuard | undefined) => {
    if (!g) return;
    if ("all" in g) g.all.forEach(visit);
    else if ("any" in g) g.any.forEach(visit);
    else if ("not" in g) visit(g.not);
    else if ("attendance" in g && g.attendance.overSchoolWeeks) weeks.add(g.attendance.overSchoolWeeks as number);
    else if ("unauthorisedSessions" in g) weeks.add(g.unauthorisedSessions.inSchoolWeeks as number);
    else if ("attendanceGain" in g) weeks.add(g.attendanceGain.overSchoolWeeks as number);
  };
  rules.forEach((r) => visit(r.guard));
  return [...weeks].sort((a, b) => a - b);
}
