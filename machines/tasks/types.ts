import type { ManualEventType } from "../policy/events.ts";
import type { TaskKind } from "../policy/schema.ts";

/**
 * What one kind of task is in the casework loop: what completes it, what its outcomes raise next, and whether a
 * second open task of the same purpose merges into the first. Each kind has its own module in machines/tasks/
 * and a line in the registry (index.ts).
 */
export interface TaskKindDef {
  readonly kind: TaskKind;
  /** The kind in the school's words. */
  readonly words: string;
  /** Outcomes offered with one click when the task is done, and what each raises. */
  readonly outcomes: readonly TaskOutcome[];
  /** Events recorded on the case that answer the pupil's open tasks of this kind. */
  readonly answeredBy: readonly EventAnswer[];
  /**
   * True: while a task of this kind and rule is open for a pupil, the same task raised again merges into it (its
   * count of times raised goes up) instead of a second open task. False: each is its own (a first-day call is
   * one day's; two letters are two letters).
   */
  readonly mergeOpen: boolean;
  /** Where the kind comes among tasks of the same urgency on Today: lower first (safeguarding notifications are 1, letters last). */
  readonly urgency: number;
  /** Completing one answers the pupil's older open tasks of this kind and rule (today's first-day call answers yesterday's). */
  readonly supersedesOlder?: boolean;
}

/** A task the workflow raises: due `dueInSchoolDays` school days after the day it is raised. */
export interface FollowUp {
  readonly kind: TaskKind;
  readonly title: string;
  /** `follow-up:<name>`: what raised it (the duplicate rule keys on it). */
  readonly rule: string;
  readonly dueInSchoolDays: number;
  /** A date agreed for it (an agreed action's): due then, whatever `dueInSchoolDays` says. */
  readonly dueOn?: string;
}

export interface TaskOutcome {
  /** The outcome's words, as the button says and the task records. */
  readonly words: string;
  readonly followUps?: readonly FollowUp[];
  /**
   * For a child with a social worker (a child-protection or child-in-need plan) or looked after, this one-click
   * outcome alone does not complete the task: a written note is required.
   */
  readonly needsNoteWhenKnownToSocialCare?: boolean;
  /** A safeguarding-sensitive outcome: the one click asks this question before it is recorded. */
  readonly confirm?: string;
}

export interface EventAnswer {
  readonly event: ManualEventType;
  /** Whether this event, with this payload, answers the task (default: always). */
  readonly when?: (payload: Record<string, unknown>) => boolean;
  /** The answered task's outcome, in words. */
  readonly outcome: (payload: Record<string, unknown>, date: string) => string;
  /** Follow-ups the event raises, whether or not a task of this kind was open. */
  readonly followUps?: (payload: Record<string, unknown>, date: string) => readonly FollowUp[];
  /**
   * Open tasks of these kinds raised by the same step as the answered task (the invitation letter sent with a
   * "hold the meeting" task) are withdrawn: the event made them moot.
   */
  readonly withdrawsSiblings?: { readonly kinds: readonly TaskKind[]; readonly why: (date: string) => string };
  /**
   * For a child known to social care, the event answers the task only with written notes (the one-click "seen"
   * of a home visit is not enough); otherwise the task stays open and the history says why.
   */
  readonly needsNotesWhenKnownToSocialCare?: (payload: Record<string, unknown>) => boolean;
}
