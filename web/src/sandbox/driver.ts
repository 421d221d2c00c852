/**
 * The sandbox's engine: one pupil's case stepped live, with nothing saved. It is pure (no React, no I/O) so the
 * same module runs in the browser and in Node, where a test proves it agrees with `rollcall simulate`.
 *
 * A day's close is stepped exactly as the simulator and the server step it (machines/case/simulate.ts and
 * server/cases/service.ts): the compiled look-ahead decides whether the day can do anything (ADR 003); if a
 * rule can fire, the machine takes the `schoolDayClosed` event through `stepCase`; if only the day's tasks are
 * due, they are raised without stepping. An event a person records is stepped with the figures of the last
 * school day on or before its date, as the server does.
 */
import type { SchoolCalendar } from "../../../machines/attendance/calendar.ts";
import { codeIndex } from "../../../machines/attendance/codes.ts";
import { allocatePupilSeries, fillPupilSeries, type PupilSeries } from "../../../machines/attendance/metrics.ts";
import type { Register } from "../../../machines/attendance/register.ts";
import { whyNotAccepted } from "../../../machines/case/availableEvents.ts";
import { caseMetricsOnDay } from "../../../machines/case/dayMetrics.ts";
import { DayOutcome, LookAhead, SeriesDay } from "../../../machines/case/lookAhead.ts";
import type { PupilCaseResult } from "../../../machines/case/simulate.ts";
import { openCase, restoreCase, stageOf, statePath, stepCase, storeCase, type StoredCase } from "../../../machines/case/stepCase.ts";
import type { CaseMetrics, CasePupil, CaseTask, CaseTransition } from "../../../machines/case/types.ts";
import { type CompulsoryAgeDays, compulsoryAgeDays } from "../../../machines/gates/compulsorySchoolAge.ts";
import type { CompiledPolicy } from "../../../machines/policy/compilePolicy.ts";
import { checkEventPayload, type ManualEventType } from "../../../machines/policy/events.ts";

/** What the sandbox runs: a policy, a school calendar and one pupil's register marks (two slots a school day). */
export interface SandboxSetup {
  readonly compiled: CompiledPolicy;
  readonly calendar: SchoolCalendar;
  readonly upn: string;
  readonly pupil: CasePupil;
  readonly marks: Uint8Array;
}

/** One line of the sandbox's history: a school day that did something, or an event recorded. */
export interface SandboxEntry {
  readonly date: string;
  readonly event: string;
  readonly from: string;
  readonly to: string;
  readonly rule: string | null;
  readonly reason: string | null;
  readonly tasks: readonly CaseTask[];
  readonly notes: readonly string[];
}

/** The case as it stands in the sandbox: plain data, so it can live in an actor's context. */
export interface SandboxState {
  /** Index of the last school day closed; -1 before the first. */
  readonly closedThrough: number;
  readonly stored: StoredCase;
  readonly transitions: readonly CaseTransition[];
  readonly tasks: readonly CaseTask[];
  readonly history: readonly SandboxEntry[];
  /** Events no rule accepted (or a statutory gate refused), as the simulator reports them. */
  readonly rejectedEvents: readonly { readonly date: string; readonly event: string; readonly state: string }[];
}

export type RecordOutcome =
  | { readonly ok: true; readonly state: SandboxState }
  | { readonly ok: false; readonly state: SandboxState; readonly problems: readonly { field: string; message: string }[] };

export interface SandboxEvent {
  readonly type: string;
  readonly payload: unknown;
  /** When it happened, YYYY-MM-DD; the sandbox's today (the last school day closed) when absent. */
  readonly date?: string;
}

/**
 * One pupil's live case. The register figures are worked out once from the marks; stepping returns a new
 * `SandboxState` and never changes the one it was given.
 */
export class SandboxCase {
  readonly #series: PupilSeries;
  readonly #age: CompulsoryAgeDays;
  readonly #look: LookAhead;

  constructor(readonly setup: SandboxSetup) {
    if (setup.marks.length !== setup.calendar.days.length * 2) {
      throw new RangeError(`the marks have ${setup.marks.length} sessions; the calendar's ${setup.calendar.days.length} school days need ${setup.calendar.days.length * 2}`);
    }
    this.#series = fillPupilSeries(allocatePupilSeries(setup.calendar.days.length), setup.marks, setup.calendar);
    this.#age = compulsoryAgeDays(setup.pupil, setup.calendar);
    this.#look = LookAhead.for(setup.compiled);
  }

  /** A pupil of a register read from files (machines/attendance/registerFiles.ts). */
  static fromRegister(compiled: CompiledPolicy, register: Register, upn: string, pupil?: CasePupil): SandboxCase {
    const p = register.pupilIndex.get(upn);
    if (p === undefined) throw new RangeError(`${upn} is not in the register`);
    return new SandboxCase({ compiled, calendar: register.calendar, upn, pupil: pupil ?? blankPupil(upn), marks: register.marks[p]! });
  }

  get days(): readonly string[] {
    return this.setup.calendar.days;
  }

  /** The case as opened: before the first school day closes, as the simulator and the server open it. */
  start(): SandboxState {
    const { compiled, calendar, upn, pupil } = this.setup;
    const snapshot = openCase(compiled, {
      upn,
      pupil,
      openedOn: { date: calendar.days[0] ?? "1970-01-01", dayIndex: -1, attendancePct: null, possibleSessions: 0, attendedSessions: 0, unauthorisedSessions: 0 },
    });
    return { closedThrough: -1, stored: storeCase(snapshot), transitions: [], tasks: [], history: [], rejectedEvents: [] };
  }

  /** The sandbox's today: the last school day closed, or null before the first. */
  today(state: SandboxState): string | null {
    return state.closedThrough >= 0 ? this.days[state.closedThrough]! : null;
  }

  /** The next school day to close, or null at the end of the register. */
  nextDay(state: SandboxState): string | null {
    return this.days[state.closedThrough + 1] ?? null;
  }

  /** Closes the next school day (nothing when the register has no more). */
  advanceDay(state: SandboxState): SandboxState {
    return this.advanceDays(state, 1);
  }

  /** Closes up to `count` school days. */
  advanceDays(state: SandboxState, count: number): SandboxState {
    const last = Math.min(this.days.length - 1, state.closedThrough + count);
    return this.#closeThrough(state, last);
  }

  /** Closes every school day on or before `date`. */
  advanceTo(state: SandboxState, date: string): SandboxState {
    return this.#closeThrough(state, this.setup.calendar.lastDayOnOrBefore(date));
  }

  /** Closes every remaining school day. */
  advanceToEnd(state: SandboxState): SandboxState {
    return this.#closeThrough(state, this.days.length - 1);
  }

  /**
   * Records an event a person would record on the case page, validated with the same schema. It is stepped
   * with the figures of the last school day on or before its date; a date after the sandbox's today is refused.
   */
  record(state: SandboxState, event: SandboxEvent): RecordOutcome {
    const check = checkEventPayload(event.type, event.payload);
    const today = this.today(state);
    const date = event.date ?? today;
    const problems = check.ok ? [] : [...check.problems];
    if (date === null) problems.push({ field: "date", message: "close the first school day before recording anything" });
    else if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) problems.push({ field: "date", message: "a date in the form YYYY-MM-DD" });
    else if (today !== null && date > today) problems.push({ field: "date", message: `an event cannot be recorded after the sandbox's today (${today})` });
    if (problems.length > 0 || !check.ok || date === null) return { ok: false, state, problems };
    const d = this.setup.calendar.lastDayOnOrBefore(date);
    const type = event.type as ManualEventType;
    const snapshot = restoreCase(this.setup.compiled, state.stored);
    const from = statePath(snapshot);
    const step = stepCase(this.setup.compiled, snapshot, { type, date, dayIndex: d, metrics: this.metricsOn(d), payload: check.payload });
    if (!step.accepted) {
      const message = step.refused
        ? `refused by a statutory gate (rule ${step.refused.rule}): ${step.refused.why}`
        : whyNotAccepted(this.setup.compiled, from, type);
      return { ok: false, state: { ...state, rejectedEvents: [...state.rejectedEvents, { date, event: type, state: from }] }, problems: [{ field: "event", message }] };
    }
    const stored = storeCase(step.snapshot);
    const fired = step.rulesFired[0];
    const entry: SandboxEntry = {
      date,
      event: type,
      from,
      to: statePath(stored),
      rule: step.transition?.rule ?? fired?.rule ?? null,
      reason: step.transition?.reason ?? (fired ? [fired.reason, fired.figures].filter(Boolean).join(": ") : null),
      tasks: step.tasks,
      notes: step.notes,
    };
    return {
      ok: true,
      state: {
        ...state,
        stored,
        transitions: step.transition ? [...state.transitions, step.transition] : state.transitions,
        tasks: [...state.tasks, ...step.tasks],
        history: [...state.history, entry],
      },
    };
  }

  /** The register figures at the close of school day `d` (-1: none yet), as the case's guards see them. */
  metricsOn(d: number): CaseMetrics {
    return caseMetricsOnDay(this.#series, this.setup.marks, this.setup.calendar, d, this.setup.compiled.windows, this.#age);
  }

  /**
   * The same pupil with the school days `from` to `to` marked `code` in both sessions (for a pupil who started with
   * no marks: the sandbox marks each day as it closes it). Days already closed keep their marks.
   */
  withDaysMarked(from: number, to: number, code: string): SandboxCase {
    let marks = this.setup.marks;
    for (let d = Math.max(0, from); d <= Math.min(to, this.days.length - 1); d++) marks = withDayMarks(marks, d, code);
    return marks === this.setup.marks ? this : new SandboxCase({ ...this.setup, marks });
  }

  /** Where the case ends, in the simulator's terms (`rollcall simulate --json`). */
  result(state: SandboxState): PupilCaseResult {
    const path = statePath(state.stored);
    return { upn: this.setup.upn, stage: stageOf(path), state: path, transitions: [...state.transitions], tasks: [...state.tasks], rejectedEvents: [...state.rejectedEvents] };
  }

  #closeThrough(state: SandboxState, last: number): SandboxState {
    if (last <= state.closedThrough) return state;
    const { compiled, calendar, marks } = this.setup;
    const day = new SeriesDay(this.#series, marks, calendar, compiled.windows, this.#age);
    let stored = state.stored;
    let plan = this.#look.forCase(stored);
    const transitions = [...state.transitions];
    const tasks = [...state.tasks];
    const history = [...state.history];
    for (let d = state.closedThrough + 1; d <= last; d++) {
      day.d = d;
      const outcome = plan.outcome(day);
      if (outcome === DayOutcome.Nothing) continue;
      const path = statePath(stored);
      if (outcome === DayOutcome.TasksOnly) {
        // No rule can fire: the machine would only run its root handler, the day's baseline tasks.
        const dayTasks = plan.dayTasks(day);
        tasks.push(...dayTasks);
        history.push({ date: calendar.days[d]!, event: "schoolDayClosed", from: path, to: path, rule: dayTasks[0]?.rule ?? null, reason: null, tasks: dayTasks, notes: [] });
        continue;
      }
      const step = stepCase(compiled, restoreCase(compiled, stored), { type: "schoolDayClosed", date: calendar.days[d]!, dayIndex: d, metrics: this.metricsOn(d) });
      stored = storeCase(step.snapshot);
      plan = this.#look.forCase(stored);
      if (step.transition) transitions.push(step.transition);
      tasks.push(...step.tasks);
      if (!step.transition && step.tasks.length === 0 && step.notes.length === 0) continue;
      history.push({
        date: calendar.days[d]!,
        event: "schoolDayClosed",
        from: path,
        to: statePath(stored),
        rule: step.transition?.rule ?? step.rulesFired[0]?.rule ?? step.tasks[0]?.rule ?? null,
        reason: step.transition?.reason ?? null,
        tasks: step.tasks,
        notes: step.notes,
      });
    }
    return { ...state, closedThrough: last, stored, transitions, tasks, history };
  }
}

/** A pupil with none of the flags that change what a policy does. */
export function blankPupil(upn: string): CasePupil {
  return { upn, socialWorker: false, lookedAfter: false, send: false, pupilPremium: false, youngCarer: false, eal: false };
}

/**
 * Marks for a pupil who starts with none: every session of every school day unmarked. `withDayMarks` fills a
 * day as the sandbox advances (present, absent…), returning new marks.
 */
export function emptyMarks(calendar: SchoolCalendar): Uint8Array {
  return new Uint8Array(calendar.days.length * 2);
}

export function withDayMarks(marks: Uint8Array, d: number, am: string, pm: string = am): Uint8Array {
  const a = codeIndex(am);
  const p = codeIndex(pm);
  if (a === undefined || p === undefined) throw new RangeError(`unknown register code ${a === undefined ? am : pm}`);
  const out = new Uint8Array(marks);
  out[2 * d] = a;
  out[2 * d + 1] = p;
  return out;
}

