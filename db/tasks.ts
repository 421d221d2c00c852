import { and, asc, eq, lt, sql, type SQL } from "drizzle-orm";
import { tasks } from "./schema.ts";
import { isTransaction, writeStatement, writeTransaction, type Db } from "./tx.ts";

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

/** Inserts tasks in one statement; returns them with their ids, in the order given. */
/** Rows per INSERT: 8 columns each stays under SQLite's limit of bound variables (32,766; older builds 999). */
export const TASKS_PER_STATEMENT = 100;

/** Inserts tasks, all or none (in one transaction, or the caller's), in statements of a bounded size. */
export async function insertTasks(db: Db, list: readonly NewTask[]): Promise<TaskRecord[]> {
  if (list.length === 0) return [];
  if (list.length > TASKS_PER_STATEMENT && !isTransaction(db)) return writeTransaction(db, (tx) => insertTasks(tx, list));
  const out: TaskRecord[] = [];
  for (let i = 0; i < list.length; i += TASKS_PER_STATEMENT) {
    const rows = await writeStatement(db, (d) =>
      d
        .insert(tasks)
        .values(
          list.slice(i, i + TASKS_PER_STATEMENT).map((t) => ({
            upn: t.upn,
            kind: t.kind,
            title: t.title,
            rule: t.rule,
            template: t.template ?? null,
            createdOn: t.createdOn,
            dueOn: t.dueOn ?? null,
            historySeq: t.historySeq ?? null,
          })),
        )
        .returning(),
    );
    out.push(...(rows as TaskRecord[]));
  }
  return out.sort((a, b) => a.id - b.id);
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
