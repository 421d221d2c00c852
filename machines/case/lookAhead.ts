import { END_OF_HALF_TERM, END_OF_SCHOOL_WEEK, END_OF_SCHOOL_YEAR, END_OF_TERM, type SchoolCalendar } from "../attendance/calendar.ts";
import { CODE_FLAGS, CodeFlag, codeIndex, REGISTER_CODES } from "../attendance/codes.ts";
import { N_CODE_RESOLUTION_SCHOOL_DAYS, PENALTY_THRESHOLD_SCHOOL_WEEKS, type PupilSeries, type WindowFigures } from "../attendance/metrics.ts";
import type { CompiledPolicy } from "../policy/compilePolicy.ts";
import type { CompiledGuard } from "../policy/compiledGuard.ts";
import { periodAttendancePct } from "./dayMetrics.ts";
import { compulsoryAgeThresholdMetAfresh, type CompulsoryAgeDays, compulsoryAgeWindow } from "../gates/compulsorySchoolAge.ts";
import { compileDayGuard, type DayPredicate } from "../guards/index.ts";
import { windowAttendancePct, windowUnauthorised } from "../guards/stamps.ts";
import { ILLNESS_SPELL_PROMPT_DAYS, LA_NOTIFICATION_CONSECUTIVE_UNAUTHORISED_DAYS, statutoryTasks } from "./statutoryBaseline.ts";
import { activePaths, stageOf, statePath } from "./stepCase.ts";
import { addDailyRuleTasks, type CompiledDailyRule } from "./dailyTasks.ts";
import type { CaseContext, CaseMetrics, CaseTask, SchoolDayClosedEvent } from "./types.ts";

/**
 * The sparse stepper's look-ahead, compiled (ADR 003). `wouldReact` answers "would this day's close do
 * anything?" from a full `CaseMetrics` object and the generic `evaluateGuard`; over a year of 100,000 pupils
 * that is 19 million objects built to be thrown away. Here the same question is answered against the pupil's
 * prefix sums directly:
 *
 * - `SeriesDay` is one pupil's figures on a school day as getters over `PupilSeries`: moving to the next day
 *   changes one number, and nothing is allocated.
 * - Each guard is compiled once per policy into a closure with the comparison and the branch chosen up front
 *   (`compileDayGuard`: each kind's predicate is in its module in machines/guards/); the kinds that matter for
 *   speed read the typed arrays, every other kind runs its own evaluation on the day's view (so it cannot
 *   disagree).
 * - The rules to check are gathered once per state (the active state and its ancestors, the daily rules
 *   whose `in` covers it), not per day.
 *
 * The answer distinguishes a day on which a rule may fire (step the machine) from a day on which only the
 * statutory baselines or daily rules produce tasks: then the machine's root handler would run `dailyTasks`
 * and change nothing, so the caller can produce the same tasks without stepping. `sparseStepping.test.ts`
 * proves the result equal to stepping every day.
 */

/** One pupil's figures on school day `d`, computed on demand from the prefix sums. Set `d`, then read. */
export class SeriesDay implements CaseMetrics {
  d = 0;
  #windows: Readonly<Record<string, WindowFigures>> | null = null;
  #event: SchoolDayClosedEvent | null = null;

  constructor(
    readonly series: PupilSeries,
    readonly marks: Uint8Array,
    readonly calendar: SchoolCalendar,
    readonly windowWeeks: readonly number[],
    /** The pupil's school days of compulsory school age: the legal figures count only those. */
    readonly age: CompulsoryAgeDays,
  ) {}

  /** The policy's windows, keyed by school weeks as in `CaseMetrics` (built on first use). */
  get windows(): Readonly<Record<string, WindowFigures>> {
    if (!this.#windows) {
      const windows: Record<string, WindowFigures> = {};
      for (const w of this.windowWeeks) windows[w] = new SeriesWindow(this, w);
      this.#windows = windows;
    }
    return this.#windows;
  }

  /** The day as a schoolDayClosed event, for the guards that are evaluated generically (built on first use). */
  get event(): SchoolDayClosedEvent {
    if (!this.#event) {
      const day = this;
      this.#event = {
        type: "schoolDayClosed",
        get date() {
          return day.calendar.days[day.d]!;
        },
        get dayIndex() {
          return day.d;
        },
        metrics: this,
      };
    }
    return this.#event;
  }

  get asOf(): string {
    return this.calendar.days[this.d]!;
  }
  get dayIndex(): number {
    return this.d;
  }
  get possibleSessions(): number {
    return this.series.possible[this.d + 1]!;
  }
  get attendedSessions(): number {
    return this.series.attended[this.d + 1]!;
  }
  get authorisedAbsenceSessions(): number {
    return this.series.authorised[this.d + 1]!;
  }
  get unauthorisedAbsenceSessions(): number {
    return this.series.unauthorised[this.d + 1]!;
  }
  get attendancePct(): number | null {
    const possible = this.series.possible[this.d + 1]!;
    return possible === 0 ? null : (this.series.attended[this.d + 1]! / possible) * 100;
  }
  get persistentAbsence(): boolean {
    const possible = this.series.possible[this.d + 1]!;
    return possible > 0 && (this.series.authorised[this.d + 1]! + this.series.unauthorised[this.d + 1]!) * 10 >= possible;
  }
  get severeAbsence(): boolean {
    const possible = this.series.possible[this.d + 1]!;
    return possible > 0 && (this.series.authorised[this.d + 1]! + this.series.unauthorised[this.d + 1]!) * 2 >= possible;
  }
  get unauthorisedSessionsLast10SchoolWeeks(): number {
    return this.series.unauthorisedLast10Weeks[this.d]!;
  }
  get penaltyThresholdMet(): boolean {
    return this.series.penaltyThresholdMet[this.d] === 1;
  }
  get penaltyThresholdFirstMetOn(): string | null {
    const first = this.series.penaltyThresholdFirstMetDay;
    return first >= 0 && first <= this.d ? this.calendar.days[first]! : null;
  }
  get penaltyThresholdMetAfresh(): boolean {
    const met = this.series.penaltyThresholdMet;
    return met[this.d] === 1 && (this.d === 0 || met[this.d - 1] === 0);
  }
  get unauthorisedHolidaySessionsLast10SchoolWeeks(): number {
    const start = this.calendar.windowStart(this.d, PENALTY_THRESHOLD_SCHOOL_WEEKS);
    return this.series.holiday[this.d + 1]! - this.series.holiday[start]!;
  }
  get consecutiveUnauthorisedDays(): number {
    return this.series.consecutiveUnauthorisedDays[this.d]!;
  }
  get continuousAbsenceDays(): number {
    return this.series.continuousAbsenceDays[this.d]!;
  }
  get illnessSpellDays(): number {
    return this.series.illnessSpellDays[this.d]!;
  }
  get illnessSessions(): number {
    return this.series.illness[this.d + 1]!;
  }
  get unresolvedNOlderThan5SchoolDays(): number {
    const cutoff = this.d - N_CODE_RESOLUTION_SCHOOL_DAYS + 1;
    return cutoff > 0 ? this.series.reasonNotYetKnown[cutoff]! : 0;
  }
  get lateBeforeRegisterClosedSessions(): number {
    return this.series.late[this.d + 1]!;
  }
  get lateAfterRegisterClosedSessions(): number {
    return this.series.lateAfterClose[this.d + 1]!;
  }
  get todayMarks(): readonly [string | null, string | null] {
    const am = this.marks[2 * this.d]!;
    const pm = this.marks[2 * this.d + 1]!;
    return [am ? CODE_OF[am]! : null, pm ? CODE_OF[pm]! : null];
  }
  get halfTermAttendancePct(): number | null {
    return periodAttendancePct(this.series, this.calendar.halfTermFirstDay[this.d]!, this.d);
  }
  get termAttendancePct(): number | null {
    return periodAttendancePct(this.series, this.calendar.termFirstDay[this.d]!, this.d);
  }
  get schoolYearAttendancePct(): number | null {
    return periodAttendancePct(this.series, this.calendar.schoolYearFirstDay[this.d]!, this.d);
  }
  get endOfSchoolWeek(): boolean {
    return (this.calendar.periodEnds[this.d]! & END_OF_SCHOOL_WEEK) !== 0;
  }
  get endOfHalfTerm(): boolean {
    return (this.calendar.periodEnds[this.d]! & END_OF_HALF_TERM) !== 0;
  }
  get endOfTerm(): boolean {
    return (this.calendar.periodEnds[this.d]! & END_OF_TERM) !== 0;
  }
  get endOfSchoolYear(): boolean {
    return (this.calendar.periodEnds[this.d]! & END_OF_SCHOOL_YEAR) !== 0;
  }
  get compulsoryAgeUnauthorisedLast10SchoolWeeks(): number {
    return compulsoryAgeWindow(this.series, this.calendar, this.d, this.age).unauthorised;
  }
  get compulsoryAgeHolidayLast10SchoolWeeks(): number {
    return compulsoryAgeWindow(this.series, this.calendar, this.d, this.age).holiday;
  }
  get compulsoryAgePenaltyThresholdMetAfresh(): boolean {
    return compulsoryAgeThresholdMetAfresh(this.series, this.calendar, this.d, this.age);
  }
}

class SeriesWindow implements WindowFigures {
  constructor(
    private readonly day: SeriesDay,
    readonly weeks: number,
  ) {}
  get possibleSessions(): number {
    const { series, calendar, d } = this.day;
    return series.possible[d + 1]! - series.possible[calendar.windowStart(d, this.weeks)]!;
  }
  get attendancePct(): number | null {
    return windowAttendancePct(this.day, this.weeks);
  }
  get unauthorisedSessions(): number {
    return windowUnauthorised(this.day, this.weeks);
  }
  get attendancePctBefore(): number | null {
    const { series, calendar, d } = this.day;
    const start = calendar.windowStart(d, this.weeks);
    const possible = series.possible[start]!;
    return possible === 0 ? null : (series.attended[start]! / possible) * 100;
  }
}

/** Code letters by code index (index 0: no mark), as `codeAt(i).code`. */
const CODE_OF: readonly string[] = ["", ...REGISTER_CODES.map((c) => c.code)];

const N_MARK = codeIndex("N")!;

// ---------------------------------------------------------------------------------------------------------------

/** A guard compiled for the look-ahead: does it hold on the day `day` is set to, for this case? */
export type { DayPredicate } from "../guards/index.ts";
/**
 * Compiles one guard with the semantics of `evaluateGuard`, which stays the definition: each guard kind's fast
 * predicate lives in its module in machines/guards/, chosen once per guard.
 */
export { compileDayGuard } from "../guards/index.ts";

/** True when `statutoryTasks` (statutoryBaseline.ts) gives at least one task on the day `day` is set to. */
export function statutoryTasksDue(context: CaseContext, day: SeriesDay): boolean {
  const { series, marks, d } = day;
  const am = marks[2 * d]!;
  const pm = marks[2 * d + 1]!;
  if (am === N_MARK || pm === N_MARK) return true;
  if ((context.pupil.socialWorker || context.pupil.lookedAfter) && ((CODE_FLAGS[am]! | CODE_FLAGS[pm]!) & CodeFlag.Unauthorised) !== 0) return true;
  if (series.penaltyThresholdMet[d] === 1 && compulsoryAgeThresholdMetAfresh(series, day.calendar, d, day.age)) return true;
  if (series.consecutiveUnauthorisedDays[d] === LA_NOTIFICATION_CONSECUTIVE_UNAUTHORISED_DAYS) return true;
  if (series.illnessSpellDays[d] === ILLNESS_SPELL_PROMPT_DAYS) return true;
  return false;
}

/** What a closed school day does to a case, as far as the look-ahead can tell. */
export const DayOutcome = {
  /** Nothing: stepping would leave the snapshot as it is and produce nothing. */
  Nothing: 0,
  /** No rule fires, but the baselines or daily rules raise tasks: exactly `dailyTasks(daily, context, event)`. */
  TasksOnly: 1,
  /** A rule's guard holds: step the machine. */
  Step: 2,
} as const;
export type DayOutcome = (typeof DayOutcome)[keyof typeof DayOutcome];

interface StatePlan {
  readonly closed: boolean;
  readonly rules: readonly { readonly from: string; readonly holds: DayPredicate }[];
}

interface DailyPlan {
  readonly rules: readonly { readonly rule: CompiledDailyRule; readonly holds: DayPredicate }[];
}

/** A policy's look-ahead: guards compiled once, rules gathered once per state. */
export class LookAhead {
  readonly #guards = new WeakMap<object, DayPredicate>();
  readonly #byState = new Map<string, StatePlan>();
  readonly #dailyByState = new Map<string, DailyPlan>();

  constructor(readonly compiled: CompiledPolicy) {}

  static for(compiled: CompiledPolicy): LookAhead {
    let look = lookAheads.get(compiled);
    if (!look) lookAheads.set(compiled, (look = new LookAhead(compiled)));
    return look;
  }

  predicate(guard: CompiledGuard): DayPredicate {
    let p = this.#guards.get(guard);
    if (!p) this.#guards.set(guard, (p = compileDayGuard(guard)));
    return p;
  }

  /** The schoolDayClosed rules of the active state and its ancestors, innermost first. */
  statePlan(path: string): StatePlan {
    let plan = this.#byState.get(path);
    if (!plan) {
      const closed = stageOf(path) === "closed";
      const rules: { from: string; holds: DayPredicate }[] = [];
      if (!closed) {
        for (const p of activePaths(path)) {
          for (const rule of this.compiled.dayRulesByState.get(p) ?? []) {
            rules.push({ from: rule.from, holds: rule.guard ? this.predicate(rule.guard) : ALWAYS });
          }
        }
      }
      this.#byState.set(path, (plan = { closed, rules }));
    }
    return plan;
  }

  /** The daily rules whose `in` covers the context's state path (dailyTasks.ts). */
  dailyPlan(contextPath: string): DailyPlan {
    let plan = this.#dailyByState.get(contextPath);
    if (!plan) {
      const rules = this.compiled.daily
        .filter((r) => !r.in || r.in.some((p) => contextPath === p || contextPath.startsWith(`${p}.`)))
        .map((rule) => ({ rule, holds: this.predicate(rule.guard) }));
      this.#dailyByState.set(contextPath, (plan = { rules }));
    }
    return plan;
  }

  /** The look-ahead for a case as it stands: check it each day until the case moves, then ask again. */
  forCase(snapshot: { value: unknown; context: CaseContext }): CaseLookAhead {
    return new CaseLookAhead(this.statePlan(statePath(snapshot)), this.dailyPlan(snapshot.context.statePath), snapshot.context);
  }
}

const ALWAYS: DayPredicate = () => true;
const lookAheads = new WeakMap<CompiledPolicy, LookAhead>();

export class CaseLookAhead {
  constructor(
    private readonly state: StatePlan,
    private readonly daily: DailyPlan,
    private readonly context: CaseContext,
  ) {}

  /** What the close of the day `day` is set to would do (see DayOutcome). */
  outcome(day: SeriesDay): DayOutcome {
    if (this.state.closed) return DayOutcome.Nothing;
    const context = this.context;
    for (const rule of this.state.rules) if (rule.holds(context, day, rule.from)) return DayOutcome.Step;
    const path = context.statePath;
    let tasks = statutoryTasksDue(context, day);
    for (const { rule, holds } of this.daily.rules) {
      if (tasks && !rule.raisesConcernLetter) continue;
      if (!holds(context, day, path)) continue;
      // A concern letter is remembered in the case (its repeat period): step the machine.
      if (rule.raisesConcernLetter) return DayOutcome.Step;
      tasks = true;
    }
    return tasks ? DayOutcome.TasksOnly : DayOutcome.Nothing;
  }

  /**
   * The tasks of a `TasksOnly` day: exactly `dailyTasks(daily, context, event)` (dailyTasks.ts), with the daily
   * rules' compiled guards read against the day's view instead of a metrics object.
   */
  dayTasks(day: SeriesDay): CaseTask[] {
    const context = this.context;
    const tasks = statutoryTasks(context, day.event);
    const path = context.statePath;
    for (const { rule, holds } of this.daily.rules) if (holds(context, day, path)) addDailyRuleTasks(rule, context, day.event, tasks);
    return tasks;
  }
}
