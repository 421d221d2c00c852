import { and, asc, eq, inArray, lt, ne, sql, type SQL } from "drizzle-orm";
import { mergesOpen } from "../machines/tasks/index.ts";
import { tasks } from "./schema.ts";
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
}

/** Inserts tasks, all or none (in one transaction, or the caller's), in multi-row statements; returns them with their ids, in the order given. */
export async function insertTasks(db: Db, list: readonly NewTask[]): Promise<TaskRecord[]> {
  if (list.length === 0) return [];
  const rows = await writeTransaction(db, (tx) =>
    insertRows<[number, string, string, string, string, string | null, string, string | null, TaskStatus, string | null, string | null, string | null, number | null, number, string | null]>(
      tx,
      "INSERT INTO tasks (upn, kind, title, rule, template, created_on, due_on, history_seq) VALUES",
      list.map((t) => [t.upn, t.kind, t.title, t.rule, t.template ?? null, t.createdOn, t.dueOn ?? null, t.historySeq ?? null]),
      "RETURNING id, upn, kind, title, rule, template, created_on, due_on, status, outcome, completed_by, completed_at, history_seq, raised_again, last_raised_on",
    ),
  );
  return rows
    .map(([id, upn, kind, title, rule, template, createdOn, dueOn, status, outcome, completedBy, completedAt, historySeq, raisedAgain, lastRaisedOn]) => ({
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
    const rows = fresh.map((t) => [t.upn, t.kind, t.title, t.rule, t.template ?? null, t.createdOn, t.dueOn ?? null, t.historySeq ?? null, 0, null] as (string | number | null)[]);
    const idx = new Map(fresh.map((t, i) => [t, i]));
    for (const [k, a] of again) {
      if (typeof k !== "string") continue;
      const row = rows[idx.get(firstInList.get(k)!)!]!;
      row[8] = a.n;
      row[9] = a.last;
    }
    await insertRows(tx, "INSERT INTO tasks (upn, kind, title, rule, template, created_on, due_on, history_seq, raised_again, last_raised_on) VALUES", rows);
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
  limit?: number;
}

/** Tasks by due date (undated last), then id. */
export async function listTasks(db: Db, query: TaskQuery = {}): Promise<TaskRecord[]> {
  const today = query.today ?? new Date().toISOString().slice(0, 10);
  const conditions: (SQL | undefined)[] = [];
  if (query.upn !== undefined) conditions.push(eq(tasks.upn, query.upn));
  if (query.status !== undefined) conditions.push(eq(tasks.status, query.status));
  if (query.kind !== undefined) conditions.push(eq(tasks.kind, query.kind));
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
