import { and, asc, eq } from "drizzle-orm";
import { caseHistory, tasks } from "./schema.ts";
import { writeStatement, type Db } from "./tx.ts";

/**
 * Meetings on a case (issue 15): the schedule is an entry in the case's history (machines/meetings/); what is
 * stored beside it is the meeting task's due date, moved to the meeting's date in the same transaction.
 */

/** Sets an open task's due date; false when it is no longer open. */
export async function setOpenTaskDueOn(db: Db, id: number, dueOn: string): Promise<boolean> {
  return writeStatement(db, async (w) => {
    const rows = await w
      .update(tasks)
      .set({ dueOn })
      .where(and(eq(tasks.id, id), eq(tasks.status, "open")))
      .returning({ id: tasks.id });
    return rows.length === 1;
  });
}

export interface KindTask {
  readonly id: number;
  readonly title: string;
  readonly rule: string;
  readonly createdOn: string;
  readonly dueOn: string | null;
  readonly status: "open" | "done" | "cancelled";
  readonly outcome: string | null;
  readonly completedBy: string | null;
  readonly completedAt: string | null;
  readonly historySeq: number | null;
}

/** A pupil's tasks of one kind, whatever their status, oldest first. */
export async function tasksOfKind(db: Db, upn: string, kind: string): Promise<KindTask[]> {
  return db
    .select({
      id: tasks.id,
      title: tasks.title,
      rule: tasks.rule,
      createdOn: tasks.createdOn,
      dueOn: tasks.dueOn,
      status: tasks.status,
      outcome: tasks.outcome,
      completedBy: tasks.completedBy,
      completedAt: tasks.completedAt,
      historySeq: tasks.historySeq,
    })
    .from(tasks)
    .where(and(eq(tasks.upn, upn), eq(tasks.kind, kind)))
    .orderBy(asc(tasks.id));
}

/** A case's history entries of these types, oldest first: their seq, school date and stored event. */
export async function historyEntriesOfType(db: Db, upn: string, eventType: string): Promise<{ seq: number; schoolDate: string; event: unknown; recordedAt: string; actor: string }[]> {
  const rows = await db
    .select({ seq: caseHistory.seq, schoolDate: caseHistory.schoolDate, event: caseHistory.event, recordedAt: caseHistory.recordedAt, actor: caseHistory.actor })
    .from(caseHistory)
    .where(and(eq(caseHistory.upn, upn), eq(caseHistory.eventType, eventType)))
    .orderBy(asc(caseHistory.seq));
  return rows.map((r) => ({ ...r, event: typeof r.event === "string" ? JSON.parse(r.event) : r.event }));
}
