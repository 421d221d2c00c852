import type { TaskKind } from "../policy/schema.ts";
import { agreedAction } from "./agreedAction.ts";
import { firstDayCall } from "./firstDayCall.ts";
import { homeVisit } from "./homeVisit.ts";
import { legalReferral } from "./legalReferral.ts";
import { letter, LETTER_ENTRY_WORDS } from "./letter.ts";
import { meeting } from "./meeting.ts";
import { notification } from "./notification.ts";
import { penaltyNotice } from "./penaltyNotice.ts";
import { referral } from "./referral.ts";
import { review } from "./review.ts";
import type { FollowUp, TaskKindDef, TaskOutcome } from "./types.ts";

export type { EventAnswer, FollowUp, TaskKindDef, TaskOutcome } from "./types.ts";

/** Every task kind's module: a kind missing here does not typecheck. */
export const TASK_KIND_DEFS: Readonly<Record<TaskKind, TaskKindDef>> = {
  "first-day-call": firstDayCall,
  "home-visit": homeVisit,
  letter,
  meeting,
  review,
  referral,
  notification,
  "penalty-notice": penaltyNotice,
  "legal-referral": legalReferral,
  "agreed-action": agreedAction,
};

export function taskKindDef(kind: string): TaskKindDef | undefined {
  return Object.hasOwn(TASK_KIND_DEFS, kind) ? TASK_KIND_DEFS[kind as TaskKind] : undefined;
}

/** Whether a second open task of this kind and rule merges into the first. */
export function mergesOpen(kind: string): boolean {
  return taskKindDef(kind)?.mergeOpen ?? false;
}

/** The rules of safeguarding notifications: Today shows them first. */
export const SAFEGUARDING_RULES: readonly string[] = ["statutory:social-worker", "statutory:looked-after", "follow-up:safeguarding-concern"];

export function isSafeguarding(task: { kind: string; rule: string }): boolean {
  return task.kind === "notification" && SAFEGUARDING_RULES.includes(task.rule);
}

/** History entry types the task workflow writes (not machine events: a replay passes over them). */
export const TASK_ENTRY_TYPES = {
  /** A person recorded a task's outcome. */
  completed: "taskCompleted",
  /** A completed or withdrawn task was reopened, with the reason. */
  reopened: "taskReopened",
  /** An event recorded on the case answered open tasks (or raised follow-ups). */
  answered: "tasksAnswered",
} as const;
export const TASK_ENTRY_WORDS: Readonly<Record<string, string>> = {
  taskCompleted: "Task done",
  taskReopened: "Task reopened",
  tasksAnswered: "Tasks answered by the event",
  ...LETTER_ENTRY_WORDS,
};
export const isTaskEntryType = (eventType: string): boolean => eventType in TASK_ENTRY_WORDS;

/** An open task as the workflow reads it. */
export interface OpenTask {
  readonly id: number;
  readonly kind: string;
  readonly title: string;
  readonly rule: string;
  readonly createdOn: string;
  readonly historySeq: number | null;
}

/** A change to an open task: done with its outcome, or withdrawn (cancelled) as moot. */
export interface TaskChange {
  readonly id: number;
  readonly kind: string;
  readonly title: string;
  readonly status: "done" | "cancelled";
  readonly outcome: string;
}

export interface WorkflowPlan {
  readonly changes: readonly TaskChange[];
  readonly followUps: readonly FollowUp[];
  /** Tasks the event would answer but may not: why each stays open. */
  readonly leftOpen: readonly { id: number; title: string; why: string }[];
}

const hasText = (v: unknown) => typeof v === "string" && v.trim().length > 0;

/**
 * What an event recorded on a case does to the pupil's open tasks: the tasks it answers (raised on or before the
 * event's date), the sibling letters it makes moot, and the follow-ups its outcome raises.
 */
export function answerEvent(
  open: readonly OpenTask[],
  event: { type: string; payload: Record<string, unknown>; date: string },
  pupil: { knownToSocialCare: boolean },
): WorkflowPlan {
  const changes: TaskChange[] = [];
  const followUps: FollowUp[] = [];
  const leftOpen: { id: number; title: string; why: string }[] = [];
  const taken = new Set<number>();
  for (const def of Object.values(TASK_KIND_DEFS)) {
    for (const answer of def.answeredBy) {
      if (answer.event !== event.type || (answer.when && !answer.when(event.payload))) continue;
      followUps.push(...(answer.followUps?.(event.payload, event.date) ?? []));
      const answered = open.filter((t) => t.kind === def.kind && t.createdOn <= event.date && !taken.has(t.id));
      const withoutNote = pupil.knownToSocialCare && answer.needsNotesWhenKnownToSocialCare?.(event.payload) && !hasText(event.payload.notes);
      for (const t of answered) {
        taken.add(t.id);
        if (withoutNote) {
          leftOpen.push({ id: t.id, title: t.title, why: "the child has a social worker or is looked after: a written note is needed to close it" });
          continue;
        }
        changes.push({ id: t.id, kind: t.kind, title: t.title, status: "done", outcome: answer.outcome(event.payload, event.date) });
        if (answer.withdrawsSiblings && t.historySeq !== null) {
          for (const s of open) {
            if (taken.has(s.id) || s.historySeq !== t.historySeq || !answer.withdrawsSiblings.kinds.includes(s.kind as TaskKind)) continue;
            taken.add(s.id);
            changes.push({ id: s.id, kind: s.kind, title: s.title, status: "cancelled", outcome: answer.withdrawsSiblings.why(event.date) });
          }
        }
      }
    }
  }
  return { changes, followUps, leftOpen };
}

/** The registry's outcome for these words (as the one-click buttons say them), if it is one. */
export function outcomeOf(kind: string, words: string): TaskOutcome | undefined {
  const w = words.trim().toLowerCase();
  return taskKindDef(kind)?.outcomes.find((o) => o.words.toLowerCase() === w);
}

export type CompletionPlan = { ok: false; why: string } | ({ ok: true } & WorkflowPlan);

/**
 * What completing `task` with `outcome` (and an optional written note) does: the task done, the pupil's older open
 * tasks of a kind that supersedes, raised by the same rule (yesterday's first-day call), answered by it, and the outcome's follow-ups. A
 * one-click outcome that needs a note for a child known to social care, without one, is refused.
 */
export function completeTask(
  task: OpenTask,
  words: string,
  note: string | undefined,
  open: readonly OpenTask[],
  pupil: { knownToSocialCare: boolean },
  today: string,
): CompletionPlan {
  const def = taskKindDef(task.kind);
  const known = outcomeOf(task.kind, words);
  if (known?.needsNoteWhenKnownToSocialCare && pupil.knownToSocialCare && !hasText(note)) {
    return { ok: false, why: `"${known.words}" alone is not enough for a child with a social worker or looked after: write what you saw in the note.` };
  }
  const outcome = hasText(note) ? `${words.trim()}. Note: ${note!.trim()}` : words.trim();
  const changes: TaskChange[] = [{ id: task.id, kind: task.kind, title: task.title, status: "done", outcome }];
  if (def?.supersedesOlder) {
    for (const t of open) {
      // The same duty on an earlier day (the same rule): a policy's own call of the same kind (to explore barriers,
      // say) is another purpose and stays open.
      if (t.id === task.id || t.kind !== task.kind || t.rule !== task.rule || t.createdOn > task.createdOn || (t.createdOn === task.createdOn && t.id > task.id)) continue;
      changes.push({ id: t.id, kind: t.kind, title: t.title, status: "done", outcome: `Answered by the ${def.words.toLowerCase()} of ${task.createdOn} (done ${today}): ${words.trim()}` });
    }
  }
  return { ok: true, changes, followUps: [...(known?.followUps ?? [])], leftOpen: [] };
}

/** Quick outcomes by kind, for the web's one-click buttons. */
export const QUICK_OUTCOMES_BY_KIND: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  Object.values(TASK_KIND_DEFS).map((d) => [d.kind, d.outcomes.map((o) => o.words)]),
);
