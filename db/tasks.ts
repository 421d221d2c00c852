import { and, asc, eq, lt, sql, type SQL } from "drizzle-orm";
import { tasks } from "./schema.ts";
import { insertRows, writeStatement, writeTransaction, type Db } from "./tx.ts";

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
}

/** Inserts tasks, all or none (in one transaction, or the caller's), in multi-row statements; returns them with their ids, in the order given. */
export async function insertTasks(db: Db, list: readonly NewTask[]): Promise<TaskRecord[]> {
  if (list.length === 0) return [];
  const rows = await writeTransaction(db, (tx) =>
    insertRows<[number, string, string, string, string, string | null, string, string | null, TaskStatus, string | null, string | null, string | null, number | null]>(
      tx,
      "INSERT INTO tasks (upn, kind, title, rule, template, created_on, due_on, history_seq) VALUES",
      list.map((t) => [t.upn, t.kind, t.title, t.rule, t.template ?? null, t.createdOn, t.dueOn ?? null, t.historySeq ?? null]),
      "RETURNING id, upn, kind, title, rule, template, created_on, due_on, status, outcome, completed_by, completed_at, history_seq",
    ),
  );
  return rows
    .map(([id, upn, kind, title, rule, template, createdOn, dueOn, status, outcome, completedBy, completedAt, historySeq]) => ({
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
    }))
    .sort((a, b) => a.id - b.id);
}

/** insertTasks without reading the tasks back: how many were inserted. */
export async function addTasks(db: Db, list: readonly NewTask[]): Promise<number> {
  if (list.length === 0) return 0;
  const rows = list.map((t) => [t.upn, t.kind, t.title, t.rule, t.template ?? null, t.createdOn, t.dueOn ?? null, t.historySeq ?? null]);
  await writeTransaction(db, (tx) => insertRows(tx, "INSERT INTO tasks (upn, kind, title, rule, template, created_on, due_on, history_seq) VALUES", rows));
  return list.length;
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
