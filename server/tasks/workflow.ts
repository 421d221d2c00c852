/**
 * Tasks and events as one workflow (issue 15): what an event recorded on a case does to the pupil's open tasks,
 * and a task's outcome recorded as an entry in the case's hash-chained history. The rules are the task kinds'
 * own, in machines/tasks/; this module reads the open tasks and writes the changes, always in the same
 * transaction as the history entry that records them.
 */
import * as store from "../../db/index.ts";
import type { CasePupil, CaseTask } from "../../machines/case/types.ts";
import type { TaskKind } from "../../machines/policy/schema.ts";
import { MANUAL_EVENT_LABELS, isManualEventType } from "../../machines/policy/events.ts";
import { answerEvent, completeTask as planCompletion, TASK_ENTRY_TYPES, type FollowUp, type TaskChange, type WorkflowPlan } from "../../machines/tasks/index.ts";
import type { ServerDeps } from "../deps.ts";

/** A history entry that leaves the case where it is, as CaseService writes it. */
export interface WorkflowEntry {
  readonly eventType: string;
  readonly event: unknown;
  readonly reason: string;
  /** Follow-up tasks: inserted with the entry, as a step's tasks are. */
  readonly tasks: readonly CaseTask[];
}

export const knownToSocialCare = (pupil: Pick<CasePupil, "socialWorker" | "lookedAfter"> | null | undefined): boolean => !!pupil && (pupil.socialWorker || pupil.lookedAfter);

const followUpTasks = (list: readonly FollowUp[], date: string): CaseTask[] =>
  list.map((f) => ({ date, kind: f.kind as TaskKind, title: f.title, rule: f.rule, dueInSchoolDays: f.dueInSchoolDays, ...(f.dueOn ? { dueOn: f.dueOn } : {}) }));

const changeWords = (c: TaskChange) => `${c.status === "cancelled" ? "withdrawn" : "done"}: ${c.title} (${c.outcome})`;

/** Closes the plan's tasks in `tx`; false (undoing the whole write) when one is no longer open. */
function closeInTransaction(changes: readonly TaskChange[], actor: string) {
  return async (tx: store.Db): Promise<boolean> => {
    const at = new Date().toISOString();
    const changed = await store.closeTasks(tx, changes, { actor, at });
    return changed.length === changes.length;
  };
}

/**
 * What recording `event` does to the case's open tasks, as a second history entry to write with the event's own
 * (null when it answers nothing and raises nothing), and the task writes to make in the same transaction.
 */
export async function eventAnswers(
  db: store.Db,
  upn: string,
  event: { type: string; payload: Record<string, unknown>; date: string },
  pupil: CasePupil,
  actor: string,
): Promise<{ entry: WorkflowEntry; inTransaction: (tx: store.Db) => Promise<boolean> } | null> {
  const open = await store.openTasksOf(db, upn);
  const plan: WorkflowPlan = answerEvent(open, event, { knownToSocialCare: knownToSocialCare(pupil) });
  if (plan.changes.length === 0 && plan.followUps.length === 0 && plan.leftOpen.length === 0) return null;
  const label = isManualEventType(event.type) ? MANUAL_EVENT_LABELS[event.type] : event.type;
  const parts = [
    ...plan.changes.map(changeWords),
    ...plan.leftOpen.map((l) => `left open: ${l.title} (${l.why})`),
    ...plan.followUps.map((f) => `follow-up raised: ${f.title}`),
  ];
  return {
    entry: {
      eventType: TASK_ENTRY_TYPES.answered,
      event: {
        by: event.type,
        changes: plan.changes,
        leftOpen: plan.leftOpen,
        followUps: plan.followUps,
        // In words, as the history page and the evidence bundle show an entry's payload.
        payload: {
          ...(plan.changes.length ? { answered: plan.changes.map(changeWords) } : {}),
          ...(plan.leftOpen.length ? { leftOpen: plan.leftOpen.map((l) => `${l.title}: ${l.why}`) } : {}),
          ...(plan.followUps.length ? { followUps: plan.followUps.map((f) => f.title) } : {}),
        },
      },
      reason: `${label}: ${parts.join("; ")}`,
      tasks: followUpTasks(plan.followUps, event.date),
    },
    // A task closed meanwhile moved the case on too (its completion is an entry), so the event's own revision
    // check has already refused the write: what is still open here is closed.
    inTransaction: async (tx) => {
      await store.closeTasks(tx, plan.changes, { actor, at: new Date().toISOString() });
      return true;
    },
  };
}

export type CompleteResult =
  | { status: "ok"; completed: TaskChange[]; followUps: FollowUp[]; historySeq: number | null }
  | { status: "not-found" }
  | { status: "needs-note"; message: string }
  | { status: "busy" };

/**
 * A task done with its outcome (and a written note where one is needed): the task, and the older open tasks it
 * answers, closed in the same transaction as a `taskCompleted` entry in the case's history, which raises the
 * outcome's follow-ups. Retried when the case moves on meanwhile.
 */
export async function completeTaskRecorded(deps: ServerDeps, id: number, input: { outcome: string; note?: string }, actor: string): Promise<CompleteResult> {
  const orm = deps.rdb.orm;
  for (let attempt = 0; attempt < 3; attempt++) {
    const task = await store.getTask(orm, id);
    if (!task || task.status !== "open") return { status: "not-found" };
    const row = await store.getCase(orm, task.upn);
    const pupil = (row?.context as { pupil?: CasePupil } | undefined)?.pupil ?? null;
    const open = await store.openTasksOf(orm, task.upn, [task.kind]);
    const today = deps.today();
    const plan = planCompletion(task, input.outcome, input.note, open, { knownToSocialCare: knownToSocialCare(pupil) }, today);
    if (!plan.ok) return { status: "needs-note", message: plan.why };
    if (!row) {
      // No case to record it in (a task left from a removed case): the task alone, as before.
      const changed = await store.closeTasks(orm, plan.changes, { actor, at: new Date().toISOString() });
      return changed.length ? { status: "ok", completed: plan.changes.filter((c) => changed.includes(c.id)), followUps: [], historySeq: null } : { status: "not-found" };
    }
    const others = plan.changes.slice(1);
    const entry: WorkflowEntry = {
      eventType: TASK_ENTRY_TYPES.completed,
      event: {
        taskId: task.id,
        kind: task.kind,
        title: task.title,
        rule: task.rule,
        outcome: input.outcome.trim(),
        ...(input.note?.trim() ? { note: input.note.trim() } : {}),
        changes: plan.changes,
        followUps: plan.followUps,
        payload: {
          task: task.title,
          outcome: input.outcome.trim(),
          ...(input.note?.trim() ? { note: input.note.trim() } : {}),
          ...(others.length ? { alsoAnswered: others.map(changeWords) } : {}),
          ...(plan.followUps.length ? { followUps: plan.followUps.map((f) => f.title) } : {}),
        },
      },
      reason: [`Done: ${task.title}: ${plan.changes[0]!.outcome}`, ...others.map(changeWords), ...plan.followUps.map((f) => `follow-up raised: ${f.title}`)].join("; "),
      tasks: followUpTasks(plan.followUps, today),
    };
    let seq: number | null = null;
    const close = closeInTransaction(plan.changes, actor);
    const result = await deps.cases.recordEntry(task.upn, row.revision, entry, actor, async (tx) => {
      seq = await store.lastHistorySeq(tx, task.upn);
      return close(tx);
    });
    if (result.status === "ok") return { status: "ok", completed: [...plan.changes], followUps: [...plan.followUps], historySeq: seq };
    if (result.status === "not-found") return { status: "not-found" };
    // conflict (the case moved on) or refused-with (a task closed meanwhile): read again and retry.
  }
  return { status: "busy" };
}

export type ReopenResult = { status: "ok"; historySeq: number | null } | { status: "not-found" } | { status: "open" } | { status: "busy" };

/**
 * Undo: a done or withdrawn task opened again with the reason, recorded as a `taskReopened` entry in the case's
 * history in the same transaction. Nothing is deleted: the completion stays in the history, the correction follows it.
 */
export async function reopenTaskRecorded(deps: ServerDeps, id: number, reason: string, actor: string): Promise<ReopenResult> {
  const orm = deps.rdb.orm;
  for (let attempt = 0; attempt < 3; attempt++) {
    const task = await store.getTask(orm, id);
    if (!task) return { status: "not-found" };
    if (task.status === "open") return { status: "open" };
    const row = await store.getCase(orm, task.upn);
    if (!row) return (await store.reopenTask(orm, id)) ? { status: "ok", historySeq: null } : { status: "open" };
    const entry: WorkflowEntry = {
      eventType: TASK_ENTRY_TYPES.reopened,
      event: {
        taskId: task.id,
        kind: task.kind,
        title: task.title,
        rule: task.rule,
        reason,
        was: { status: task.status, outcome: task.outcome, by: task.completedBy, at: task.completedAt },
        payload: { task: task.title, reason, was: `${task.status === "cancelled" ? "withdrawn" : "done"} by ${task.completedBy ?? "?"}: ${task.outcome ?? "no outcome"}` },
      },
      reason: `Reopened: ${task.title} (was ${task.status === "cancelled" ? "withdrawn" : "done"}: ${task.outcome ?? "no outcome"}). Reason: ${reason}`,
      tasks: [],
    };
    let seq: number | null = null;
    const result = await deps.cases.recordEntry(task.upn, row.revision, entry, actor, async (tx) => {
      seq = await store.lastHistorySeq(tx, task.upn);
      return store.reopenTask(tx, id);
    });
    if (result.status === "ok") return { status: "ok", historySeq: seq };
    if (result.status === "not-found") return { status: "not-found" };
  }
  return { status: "busy" };
}
