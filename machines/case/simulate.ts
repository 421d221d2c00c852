import type { Register } from "../attendance/register.ts";
import { allocatePupilSeries, fillPupilSeries, type PupilSeries, type PupilSeriesStorage } from "../attendance/metrics.ts";
import type { CompiledPolicy } from "../policy/compilePolicy.ts";
import type { ManualEventType } from "../policy/events.ts";
import { type CompulsoryAgeDays, compulsoryAgeDays } from "../gates/compulsorySchoolAge.ts";
import { caseMetricsOnDay } from "./dayMetrics.ts";
import { evaluateGuard } from "./guards.ts";
import { dailyTasks } from "./dailyTasks.ts";
import { DayOutcome, LookAhead, SeriesDay } from "./lookAhead.ts";
import { activePaths, type CaseSnapshot, openCase, stageOf, statePath, stepCase } from "./stepCase.ts";
import type { CaseEvent, CasePupil, CaseTask, CaseTransition, SchoolDayClosedEvent } from "./types.ts";

/** A manual event scripted for a simulation (`upn,date,event,payload_json`). */
export interface ScriptedEvent {
  readonly upn: string;
  readonly date: string;
  readonly type: ManualEventType;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly line?: number;
}

export interface PupilCaseResult {
  readonly upn: string;
  readonly stage: string;
  readonly state: string;
  readonly transitions: CaseTransition[];
  readonly tasks: CaseTask[];
  /** Scripted events no rule accepted (not allowed in the state the case was in then). */
  readonly rejectedEvents: { date: string; event: string; state: string }[];
}

export interface SimulateOptions {
  /** `sparse` (default) steps the machine only on days something can happen; `dense` on every school day. */
  readonly mode?: "sparse" | "dense";
  readonly pupils?: ReadonlyMap<string, CasePupil>;
  readonly events?: readonly ScriptedEvent[];
}

const NO_FLAGS = { socialWorker: false, lookedAfter: false, send: false, pupilPremium: false, youngCarer: false, eal: false };

/**
 * Runs every pupil's case over the whole register. Manual events dated D are applied after the close of the
 * last school day on or before D, in the order given.
 */
export function simulateCohort(compiled: CompiledPolicy, register: Register, options: SimulateOptions = {}): PupilCaseResult[] {
  const eventsByPupil = new Map<string, ScriptedEvent[]>();
  for (const e of options.events ?? []) {
    const list = eventsByPupil.get(e.upn) ?? [];
    list.push(e);
    eventsByPupil.set(e.upn, list);
  }
  // One pupil at a time: the series storage is reused, since nothing of it outlives the pupil's run.
  const storage = allocatePupilSeries(register.calendar.days.length);
  return register.upns.map((upn, p) =>
    runPupil(compiled, register, p, options.pupils?.get(upn) ?? { upn, ...NO_FLAGS }, eventsByPupil.get(upn) ?? [], options.mode ?? "sparse", storage),
  );
}

export function simulatePupil(
  compiled: CompiledPolicy,
  register: Register,
  pupilIndex: number,
  pupil: CasePupil,
  scripted: readonly ScriptedEvent[],
  mode: "sparse" | "dense",
): PupilCaseResult {
  return runPupil(compiled, register, pupilIndex, pupil, scripted, mode, allocatePupilSeries(register.calendar.days.length));
}

function runPupil(
  compiled: CompiledPolicy,
  register: Register,
  pupilIndex: number,
  pupil: CasePupil,
  scripted: readonly ScriptedEvent[],
  mode: "sparse" | "dense",
  storage: PupilSeriesStorage,
): PupilCaseResult {
  const { calendar } = register;
  const marks = register.marks[pupilIndex]!;
  const series = fillPupilSeries(storage, marks, calendar);
  const upn = register.upns[pupilIndex]!;
  const age = compulsoryAgeDays(pupil, calendar);
  const events = scripted.length === 0 ? scripted : [...scripted].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  let snapshot = openCase(compiled, {
    upn,
    pupil,
    openedOn: { date: calendar.days[0] ?? "1970-01-01", dayIndex: -1, attendancePct: null, possibleSessions: 0, attendedSessions: 0, unauthorisedSessions: 0 },
  });
  const transitions: CaseTransition[] = [];
  const tasks: CaseTask[] = [];
  const rejectedEvents: PupilCaseResult["rejectedEvents"] = [];
  const apply = (event: CaseEvent) => {
    const step = stepCase(compiled, snapshot, event);
    if (step.transition) transitions.push(step.transition);
    tasks.push(...step.tasks);
    if (!step.accepted && event.type !== "schoolDayClosed") rejectedEvents.push({ date: event.date, event: event.type, state: statePath(snapshot) });
    snapshot = step.snapshot;
  };
  let next = 0;
  const look = mode === "sparse" ? LookAhead.for(compiled) : null;
  const day = look ? new SeriesDay(series, marks, calendar, compiled.windows, age) : null;
  let plan = look?.forCase(snapshot) ?? null;
  const applyScriptedBefore = (limitDate: string | null, d: number) => {
    while (next < events.length && (limitDate === null || events[next]!.date < limitDate)) {
      const e = events[next++]!;
      apply({ type: e.type, date: e.date, dayIndex: d, metrics: caseMetricsOnDay(series, marks, calendar, d, compiled.windows, age), payload: e.payload });
      if (look) plan = look.forCase(snapshot);
    }
  };
  applyScriptedBefore(calendar.days[0] ?? null, -1);
  for (let d = 0; d < calendar.days.length; d++) {
    if (look) {
      // Sparse: the compiled look-ahead decides from the prefix sums whether the day can do anything (ADR 003).
      day!.d = d;
      const outcome = plan!.outcome(day!);
      if (outcome === DayOutcome.Step) {
        apply(schoolDayClosed(series, marks, calendar, d, compiled.windows, age));
        plan = look.forCase(snapshot);
      } else if (outcome === DayOutcome.TasksOnly) {
        // No rule can fire: the machine would only run its root handler, the day's baseline tasks.
        for (const task of plan!.dayTasks(day!)) tasks.push(task);
      }
    } else apply(schoolDayClosed(series, marks, calendar, d, compiled.windows, age));
    if (next < events.length) applyScriptedBefore(calendar.days[d + 1] ?? null, d);
  }
  const state = statePath(snapshot);
  return { upn, stage: stageOf(state), state, transitions, tasks, rejectedEvents };
}

function schoolDayClosed(series: PupilSeries, marks: Uint8Array, calendar: Register["calendar"], d: number, windows: readonly number[], age: CompulsoryAgeDays): SchoolDayClosedEvent {
  return { type: "schoolDayClosed", date: calendar.days[d]!, dayIndex: d, metrics: caseMetricsOnDay(series, marks, calendar, d, windows, age) };
}

/**
 * The sparse stepper's look-ahead: would this day's close do anything? True when a schoolDayClosed rule of
 * the active state or an ancestor has a guard that holds, or a statutory baseline produces a task. When
 * false, stepping the machine would leave the snapshot as it is and produce nothing, so the day is skipped.
 * (The same `evaluateGuard` runs inside the machine, and a test proves dense and sparse agree.) The simulator
 * and the server use its compiled form, `LookAhead` (lookAhead.ts), which gives the same answers without
 * building the day's metrics.
 */
export function wouldReact(compiled: CompiledPolicy, snapshot: CaseSnapshot, event: SchoolDayClosedEvent): boolean {
  const path = statePath(snapshot);
  if (stageOf(path) === "closed") return false;
  const context = snapshot.context;
  for (const p of activePaths(path)) {
    for (const rule of compiled.dayRulesByState.get(p) ?? []) {
      if (!rule.guard || evaluateGuard(rule.guard, { context, event, statePath: rule.from })) return true;
    }
  }
  return dailyTasks(compiled.daily, context, event).length > 0;
}
