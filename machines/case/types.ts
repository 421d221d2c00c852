import type { PupilMetrics, WindowFigures } from "../attendance/metrics.ts";
import type { ManualEventType } from "../policy/events.ts";
import type { PupilFlag, TaskKind } from "../policy/schema.ts";

/**
 * What a case's guards see on a day: the pupil's register figures as of that school day, the windows the
 * policy asks for, the day's own marks and where the day falls in the school calendar.
 */
export interface CaseMetrics extends PupilMetrics {
  /** Figures over the last N school weeks, keyed by N, for each window the policy uses. */
  readonly windows: Readonly<Record<string, WindowFigures>>;
  /** The day's AM and PM marks (null when no mark). */
  readonly todayMarks: readonly [string | null, string | null];
  /** Attendance % since the first school day of this half term (null unless expected for half its sessions so far). */
  readonly halfTermAttendancePct: number | null;
  /** Attendance % since the first school day of this term. */
  readonly termAttendancePct: number | null;
  /** Attendance % since the first school day of this school year (the same rule: on roll for half of it so far). */
  readonly schoolYearAttendancePct: number | null;
  /** The last school day of its school week. */
  readonly endOfSchoolWeek: boolean;
  /** The last school day before a half term or holiday (see `CalendarOptions` for the register's last day). */
  readonly endOfHalfTerm: boolean;
  /** The last school day before Christmas, Easter or the summer. */
  readonly endOfTerm: boolean;
  /** The last school day of the school year. */
  readonly endOfSchoolYear: boolean;
  /**
   * Unauthorised sessions (G, N, O, U) in the last 10 school weeks on days the pupil was of compulsory school age:
   * the figure every legal step is judged by (machines/gates/unauthorisedAbsence.ts).
   */
  readonly compulsoryAgeUnauthorisedLast10SchoolWeeks: number;
  /** Of those, unauthorised holiday (G). */
  readonly compulsoryAgeHolidayLast10SchoolWeeks: number;
  /** The national penalty threshold met today and not yesterday, counting only days of compulsory school age. */
  readonly compulsoryAgePenaltyThresholdMetAfresh: boolean;
}

interface DatedEvent {
  /** The calendar date of the event, `YYYY-MM-DD`. */
  readonly date: string;
  /** School-day index of the event's day (the last school day on or before `date`). */
  readonly dayIndex: number;
  readonly metrics: CaseMetrics;
}

/** One school day has closed: its marks are in, and the case reacts. Time only ever arrives this way. */
export interface SchoolDayClosedEvent extends DatedEvent {
  readonly type: "schoolDayClosed";
}

/** Something a person recorded: a SAP meeting, a contract, a note. */
export interface ManualCaseEvent extends DatedEvent {
  readonly type: ManualEventType;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly actor?: string;
}

export type CaseEvent = SchoolDayClosedEvent | ManualCaseEvent;

export type CasePupil = { readonly upn: string; readonly dateOfBirth?: string; readonly yearGroup?: string } & {
  readonly [F in PupilFlag]: boolean;
};

/** What the case knew on entering a state: the base for timers, improvement and attendance since entry. */
export interface EntryStamp {
  readonly date: string;
  readonly dayIndex: number;
  readonly attendancePct: number | null;
  readonly possibleSessions: number;
  readonly attendedSessions: number;
  /** Unauthorised absence sessions so far (absent from stamps kept before it was recorded: the guard then fails). */
  readonly unauthorisedSessions?: number;
}

export interface CaseTarget {
  readonly attendancePct: number;
  readonly setOn: string;
  readonly setOnDay: number;
  /** School-day index on which the target is reviewed (a policy's setTarget), or null. */
  readonly reviewOnDay: number | null;
  /** Date on which it is reviewed (the review date agreed at a meeting), or null. */
  readonly reviewOn: string | null;
  readonly possibleAtSet: number;
  readonly attendedAtSet: number;
}

export interface CaseContext {
  readonly upn: string;
  readonly pupil: CasePupil;
  /** Dotted path of the innermost state entered last (kept so daily rules can ask where the case is). */
  readonly statePath: string;
  /** By dotted state path ("" is the case itself: when it was opened). */
  readonly entered: Readonly<Record<string, EntryStamp>>;
  readonly target: CaseTarget | null;
  /** Review date agreed at the last SAP meeting or contract. */
  readonly reviewDate: string | null;
  readonly medicalEvidenceDayIndex: number | null;
  /**
   * Support a person recorded on this case (machines/gates/supportFirst.ts): what "support first" is judged by.
   * A letter the system sent or a stage entered is not support. Absent from cases stored before it was kept.
   */
  readonly supportEvents?: readonly SupportRecord[];
  readonly noticesToImprove?: readonly NoticeToImproveRecord[];
  readonly penaltyNotices: readonly { readonly date: string; readonly parent: string }[];
  /** By letter template: when it was last raised (a concern letter is not raised again within the policy's repeat period). */
  readonly lettersSent?: Readonly<Record<string, { readonly date: string; readonly dayIndex: number }>>;
  /** By rule id: the legal step held back by a statutory gate, as `<state entered on>|<failing gates>` (recorded once). */
  readonly legalStepsHeld?: Readonly<Record<string, string>>;
}

export interface SupportRecord {
  readonly type: string;
  readonly date: string;
  readonly actor?: string;
  /** In words, for the history and the evidence bundle: "support offered: Early Help family support". */
  readonly summary: string;
}

export interface NoticeToImproveRecord {
  readonly date: string;
  readonly dayIndex: number;
  readonly parent: string;
  readonly improvementPeriodSchoolDays: number;
  /** Unauthorised sessions of compulsory school age in 10 school weeks when it was issued. */
  readonly unauthorisedAtIssue: number;
}

export interface CaseTask {
  readonly date: string;
  readonly kind: TaskKind;
  readonly title: string;
  /** The rule that created it, or `statutory:<name>` for the national baselines. */
  readonly rule: string;
  readonly template?: string;
  readonly dueInSchoolDays?: number;
  /** A date agreed for it (an agreed action's): due then. */
  readonly dueOn?: string;
}

export interface CaseTransition {
  readonly date: string;
  readonly from: string;
  readonly to: string;
  readonly event: string;
  readonly rule: string;
  readonly reason: string;
}

export interface CaseInput {
  readonly upn: string;
  readonly pupil: CasePupil;
  readonly openedOn: EntryStamp;
}
