import { and, asc, eq, inArray, isNull, lt, ne, sql, type SQL } from "drizzle-orm";
import { mergesOpen } from "../machines/tasks/index.ts";
import { taskAssignments, tasks } from "./schema.ts";
import { chunks, execRaw, insertRows, queryRaw, writeStatement, writeTransaction, type Db } from "./tx.ts";

export type TaskStatus = "open" | "done" | "cancelled";

export interface NewTask {
  upn: string;
  /** A TaskKind of machines/policy/schema.ts (first-day-call, letter, meeting, …). */
  kind: string;
  title: string;
  /** The rule that raised it, or `statutory:<name>`. */
  rule: string;
  template?: string | null;
  /** School date it was raised. */
  createdOn: string;
  dueOn?: string | null;
  /** The case history entry that raised it. */
  historySeq?: number | null;
}

export interface TaskRecord {
  id: number;
  upn: string;
  kind: string;
  title: string;
  rule: string;
  template: string | null;
  createdOn: string;
  dueOn: string | null;
  status: TaskStatus;
  outcome: string | null;
  completedBy: string | null;
  completedAt: string | null;
  historySeq: number | null;
  /** Times the same task was raised again while this one was open, and merged into it. */
  raisedAgain: number;
  /** The school date it was last raised again (null: never). */
  lastRaisedOn: string | null;
  /** Who the task is with (a username), or null: unassigned. */
  assignee: string | null;
}

/** Inserts tasks, all or none (in one transaction, or the caller's), in multi-row statements; returns them with their ids, in the order given. */
export async function insertTasks(db: Db, list: readonly NewTask[]): Promise<TaskRecord[]> {
  if (list.length === 0) return [];
  const rows = await writeTransaction(db, async (tx) => {
    const workers = await keyWorkers(tx, list.map((t) => t.upn));
    const before = await lastTaskId(tx);
    const inserted = await insertRows<[number, string, string, string, string, string | null, string, string | null, TaskStatus, string | null, string | null, string | null, number | null, number, string | null, string | null]>(
      tx,
      "INSERT INTO tasks (upn, kind, title, rule, template, created_on, due_on, history_seq, assignee) VALUES",
      list.map((t) => [t.upn, t.kind, t.title, t.rule, t.template ?? null, t.createdOn, t.dueOn ?? null, t.historySeq ?? null, workers.get(t.upn) ?? null]),
      "RETURNING id, upn, kind, title, rule, template, created_on, due_on, status, outcome, completed_by, completed_at, history_seq, raised_again, last_raised_on, assignee",
    );
    await recordRuleAssignments(tx, before);
    return inserted;
  });
  return rows
    .map(([id, upn, kind, title, rule, template, createdOn, dueOn, status, outcome, completedBy, completedAt, historySeq, raisedAgain, lastRaisedOn, assignee]) => ({
      id: Number(id),
      upn,
      kind,
      title,
      rule,
      template,
      createdOn,
      dueOn,
      status,
      outcome,
      completedBy,
      completedAt,
      historySeq: historySeq === null ? null : Number(historySeq),
      raisedAgain: Number(raisedAgain),
      lastRaisedOn,
      assignee,
    }))
    .sort((a, b) => a.id - b.id);
}

/**
 * The tasks a step raised, without reading them back: how many were inserted. A task of a kind that merges
 * (machines/tasks/: not a first-day call, not a letter) is not inserted while the pupil has an open task of the same
 * kind and rule, nor twice in one list: the open one's `raised_again` goes up and `last_raised_on` says when, so
 * one pupil never has three identical "tell the social worker" tasks open. The history entry that raised it still
 * lists it.
 */
export async function addTasks(db: Db, list: readonly NewTask[]): Promise<number> {
  if (list.length === 0) return 0;
  return writeTransaction(db, async (tx) => {
    const key = (t: { upn: string; kind: string; rule: string }) => `${t.upn}\u0000${t.kind}\u0000${t.rule}`;
    const mergeable = list.filter((t) => mergesOpen(t.kind));
    // The open tasks these would duplicate, by key.
    const openIds = new Map<string, number>();
    for (const part of chunks([...new Set(mergeable.map((t) => t.upn))], 5_000)) {
      const rows = await queryRaw<[number, string, string, string]>(
        tx,
        "SELECT t.id, t.upn, t.kind, t.rule FROM json_each(?) AS w JOIN tasks AS t ON t.upn = w.value AND t.status = 'open' ORDER BY t.id",
        [JSON.stringify(part)],
      );
      for (const [id, upn, kind, rule] of rows) if (mergesOpen(kind) && !openIds.has(key({ upn, kind, rule }))) openIds.set(key({ upn, kind, rule }), Number(id));
    }
    const fresh: NewTask[] = [];
    const firstInList = new Map<string, NewTask>();
    // Raised again: by open task id (or by the key of one inserted from this list), how often and last when.
    const again = new Map<number | string, { n: number; last: string }>();
    const bump = (k: number | string, on: string) => {
      const a = again.get(k);
      again.set(k, a ? { n: a.n + 1, last: on > a.last ? on : a.last } : { n: 1, last: on });
    };
    for (const t of list) {
      if (!mergesOpen(t.kind)) {
        fresh.push(t);
        continue;
      }
      const k = key(t);
      const open = openIds.get(k);
      if (open !== undefined) bump(open, t.createdOn);
      else if (firstInList.has(k)) bump(k, t.createdOn);
      else {
        firstInList.set(k, t);
        fresh.push(t);
      }
    }
    const workers = await keyWorkers(tx, fresh.map((t) => t.upn));
    const before = await lastTaskId(tx);
    const rows = fresh.map((t) => [t.upn, t.kind, t.title, t.rule, t.template ?? null, t.createdOn, t.dueOn ?? null, t.historySeq ?? null, 0, null, workers.get(t.upn) ?? null] as (string | number | null)[]);
    const idx = new Map(fresh.map((t, i) => [t, i]));
    for (const [k, a] of again) {
      if (typeof k !== "string") continue;
      const row = rows[idx.get(firstInList.get(k)!)!]!;
      row[8] = a.n;
      row[9] = a.last;
    }
    await insertRows(tx, "INSERT INTO tasks (upn, kind, title, rule, template, created_on, due_on, history_seq, raised_again, last_raised_on, assignee) VALUES", rows);
    await recordRuleAssignments(tx, before);
    const merged = [...again].filter(([k]) => typeof k === "number").map(([id, a]) => [id, a.n, a.last]);
    for (const part of chunks(merged, 2_000)) {
      await execRaw(
        tx,
        `UPDATE tasks SET raised_again = raised_again + m.n,
           last_raised_on = CASE WHEN last_raised_on IS NULL OR last_raised_on < m.last THEN m.last ELSE last_raised_on END
         FROM (SELECT json_extract(value, '$[0]') AS id, json_extract(value, '$[1]') AS n, json_extract(value, '$[2]') AS last FROM json_each(?)) AS m
         WHERE tasks.id = m.id`,
        [JSON.stringify(part)],
      );
    }
    return fresh.length;
  });
}

export interface TaskQuery {
  upn?: string;
  status?: TaskStatus;
  /** `today`: due on `today`; `overdue`: open and due before `today`. */
  due?: "today" | "overdue";
  /** The school's date (YYYY-MM-DD). Default: today in UTC; pass the school's date. */
  today?: string;
  kind?: string;
  /** A username: the tasks with them; null: the unassigned ones. */
  assignee?: string | null;
  limit?: number;
}

/** Tasks by due date (undated last), then id. */
export async function listTasks(db: Db, query: TaskQuery = {}): Promise<TaskRecord[]> {
  const today = query.today ?? new Date().toISOString().slice(0, 10);
  const conditions: (SQL | undefined)[] = [];
  if (query.upn !== undefined) conditions.push(eq(tasks.upn, query.upn));
  if (query.status !== undefined) conditions.push(eq(tasks.status, query.status));
  if (query.kind !== undefined) conditions.push(eq(tasks.kind, query.kind));
  if (query.assignee !== undefined) conditions.push(query.assignee === null ? isNull(tasks.assignee) : eq(tasks.assignee, query.assignee));
  if (query.due === "today") conditions.push(eq(tasks.dueOn, today));
  if (query.due === "overdue") conditions.push(eq(tasks.status, "open"), lt(tasks.dueOn, today));
  const q = db
    .select()
    .from(tasks)
    .where(and(...conditions))
    .orderBy(sql`${tasks.dueOn} IS NULL`, asc(tasks.dueOn), asc(tasks.id));
  return (await (query.limit !== undefined ? q.limit(query.limit) : q)) as TaskRecord[];
}

export async function getTask(db: Db, id: number): Promise<TaskRecord | undefined> {
  const [row] = await db.select().from(tasks).where(eq(tasks.id, id));
  return row as TaskRecord | undefined;
}

/** Marks an open task done. False when there is no such task or it is no longer open. */
export async function completeTask(db: Db, id: number, done: { outcome: string; actor: string; at: string }): Promise<boolean> {
  const result = await writeStatement(db, (d) =>
    d
      .update(tasks)
      .set({ status: "done", outcome: done.outcome, completedBy: done.actor, completedAt: done.at })
      .where(and(eq(tasks.id, id), eq(tasks.status, "open"))),
  );
  return result.rowsAffected === 1;
}

/** Cancels an open task (e.g. the case moved on). False when there is no such task or it is no longer open. */
export async function cancelTask(db: Db, id: number, cancel: { actor: string; at: string; outcome?: string }): Promise<boolean> {
  const result = await writeStatement(db, (d) =>
    d
      .update(tasks)
      .set({ status: "cancelled", outcome: cancel.outcome ?? null, completedBy: cancel.actor, completedAt: cancel.at })
      .where(and(eq(tasks.id, id), eq(tasks.status, "open"))),
  );
  return result.rowsAffected === 1;
}

/**
 * Sets open tasks done or withdrawn (cancelled), each with its outcome, inside the caller's transaction. Returns
 * the ids changed: a task no longer open is left as it is.
 */
export async function closeTasks(
  db: Db,
  changes: readonly { id: number; status: "done" | "cancelled"; outcome: string }[],
  by: { actor: string; at: string },
): Promise<number[]> {
  const changed: number[] = [];
  for (const c of changes) {
    const result = await writeStatement(db, (d) =>
      d
        .update(tasks)
        .set({ status: c.status, outcome: c.outcome, completedBy: by.actor, completedAt: by.at })
        .where(and(eq(tasks.id, c.id), eq(tasks.status, "open"))),
    );
    if (result.rowsAffected === 1) changed.push(c.id);
  }
  return changed;
}

/**
 * Opens a done or withdrawn task again (its outcome and who completed it cleared: what was recorded stays in the
 * case's history). False when there is no such task or it is open.
 */
export async function reopenTask(db: Db, id: number): Promise<boolean> {
  const result = await writeStatement(db, (d) =>
    d
      .update(tasks)
      .set({ status: "open", outcome: null, completedBy: null, completedAt: null })
      .where(and(eq(tasks.id, id), ne(tasks.status, "open"))),
  );
  return result.rowsAffected === 1;
}

/** A pupil's open tasks, oldest first. */
export async function openTasksOf(db: Db, upn: string, kinds?: readonly string[]): Promise<TaskRecord[]> {
  const conditions = [eq(tasks.upn, upn), eq(tasks.status, "open"), kinds ? inArray(tasks.kind, [...kinds]) : undefined];
  return (await db.select().from(tasks).where(and(...conditions)).orderBy(asc(tasks.createdOn), asc(tasks.id))) as TaskRecord[];
}

/** The seq of a case's newest history entry (inside a transaction: the entry just written). */
export async function lastHistorySeq(db: Db, upn: string): Promise<number | null> {
  const [row] = await queryRaw<[number | null]>(db, "SELECT max(seq) FROM case_history WHERE upn = ?", [upn]);
  return row?.[0] == null ? null : Number(row[0]);
}

/*
 * Assignees (issue 15, migration 0013). A task is with one person (a username) or unassigned. The rule for new
 * tasks is kept simple: a new task on a pupil goes to the case's key worker, the person the pupil's latest
 * assignment gave a task to (so the officer who made a visit gets the visit it raised again); a pupil never
 * assigned, or whose latest task was made unassigned, gets unassigned tasks. Every change of assignee, the rule's
 * included, is a row in task_assignments (append-only): who it went to, from whom, by whom, when and how.
 */

/** The system actor of rule assignments. */
export const RULE_ASSIGNER = "rollcall";

/** The key worker of each pupil given: who their latest assignment gave a task to (absent: none, or made unassigned). */
export async function keyWorkers(db: Db, upns: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const part of chunks([...new Set(upns)], 5_000)) {
    const rows = await queryRaw<[string, string | null]>(
      db,
      `SELECT a.upn, a.assignee FROM json_each(?) AS w
         JOIN task_assignments AS a ON a.id = (SELECT max(b.id) FROM task_assignments AS b WHERE b.upn = w.value)`,
      [JSON.stringify(part)],
    );
    for (const [upn, assignee] of rows) if (assignee !== null) out.set(upn, assignee);
  }
  return out;
}

async function lastTaskId(db: Db): Promise<number> {
  const [row] = await queryRaw<[number | null]>(db, "SELECT max(id) FROM tasks", []);
  return Number(row?.[0] ?? 0);
}

/** Records the rule's assignments of the tasks inserted after `afterId` (inside the inserting transaction). */
async function recordRuleAssignments(db: Db, afterId: number): Promise<void> {
  await execRaw(
    db,
    "INSERT INTO task_assignments (task_id, upn, assignee, previous, assigned_by, assigned_at, how) SELECT id, upn, assignee, NULL, ?, ?, 'rule' FROM tasks WHERE id > ? AND assignee IS NOT NULL",
    [RULE_ASSIGNER, new Date().toISOString(), afterId],
  );
}

export type AssignmentHow = "assigned" | "taken" | "released" | "rule";

export interface TaskAssignment {
  id: number;
  taskId: number;
  upn: string;
  assignee: string | null;
  previous: string | null;
  assignedBy: string;
  assignedAt: string;
  how: string;
}

/**
 * Gives an open task to `assignee` (null: unassigned) and records who did it, together or not at all. `expect`
 * (when given) is the assignee the person saw: if someone changed it meanwhile nothing is written. Returns the
 * assignment, or why not: no such open task, or it changed meanwhile, or it is with that person already.
 */
export async function assignTask(
  db: Db,
  id: number,
  change: { assignee: string | null; by: string; how: AssignmentHow; expect?: string | null; at?: string },
): Promise<{ status: "ok"; assignment: TaskAssignment } | { status: "missing" | "changed" | "same" }> {
  const at = change.at ?? new Date().toISOString();
  return writeTransaction(db, async (tx) => {
    const [task] = await tx.select({ upn: tasks.upn, assignee: tasks.assignee, status: tasks.status }).from(tasks).where(eq(tasks.id, id));
    if (!task || task.status !== "open") return { status: "missing" as const };
    if (change.expect !== undefined && change.expect !== task.assignee) return { status: "changed" as const };
    if (task.assignee === change.assignee) return { status: "same" as const };
    await tx.update(tasks).set({ assignee: change.assignee }).where(eq(tasks.id, id));
    const [row] = await tx
      .insert(taskAssignments)
      .values({ taskId: id, upn: task.upn, assignee: change.assignee, previous: task.assignee, assignedBy: change.by, assignedAt: at, how: change.how })
      .returning();
    return { status: "ok" as const, assignment: row as TaskAssignment };
  });
}

/** A task's assignments, oldest first. */
export async function assignmentsOf(db: Db, taskId: number): Promise<TaskAssignment[]> {
  return (await db.select().from(taskAssignments).where(eq(taskAssignments.taskId, taskId)).orderBy(asc(taskAssignments.id))) as TaskAssignment[];
}
