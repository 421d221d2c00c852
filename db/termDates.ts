import { desc, sql } from "drizzle-orm";
import type { CalendarOptions } from "../machines/attendance/calendar.ts";
import { sha256Hex } from "./imports.ts";
import { termDates } from "./schema.ts";
import { rawValues, writeTransaction, type Db } from "./tx.ts";

/** The term dates in force: the latest upload. */
export interface TermDatesRecord {
  readonly id: number;
  readonly sha256: string;
  readonly fileName: string;
  readonly schoolDays: readonly string[];
  readonly firstDay: string;
  readonly lastDay: string;
  readonly recordedAt: string;
  readonly actor: string;
}

export interface NewTermDates {
  readonly text: string;
  readonly fileName: string;
  /** The school days the file plans, ascending (from `parseCalendarCsv`). */
  readonly schoolDays: readonly string[];
  readonly actor: string;
}

/**
 * Records an upload of the term dates. The same file as the one in force records nothing (`alreadyInForce`);
 * an earlier file uploaded again becomes the one in force again (a new row: the table is append-only).
 */
export async function recordTermDates(db: Db, input: NewTermDates, now = new Date()): Promise<{ record: TermDatesRecord; alreadyInForce: boolean }> {
  if (input.schoolDays.length === 0) throw new Error("term dates with no school day");
  const sha256 = sha256Hex(input.text);
  return writeTransaction(db, async (tx) => {
    const current = await termDatesInForce(tx);
    if (current?.sha256 === sha256) return { record: current, alreadyInForce: true };
    const [row] = await tx
      .insert(termDates)
      .values({
        sha256,
        fileName: input.fileName,
        text: input.text,
        schoolDays: JSON.stringify(input.schoolDays),
        firstDay: input.schoolDays[0]!,
        lastDay: input.schoolDays[input.schoolDays.length - 1]!,
        recordedAt: now.toISOString(),
        actor: input.actor,
      })
      .returning();
    return { record: toRecord(row!), alreadyInForce: false };
  });
}

/** The latest term dates, or undefined when the school has uploaded none. */
export async function termDatesInForce(db: Db): Promise<TermDatesRecord | undefined> {
  const [row] = await db.select().from(termDates).orderBy(desc(termDates.id)).limit(1);
  return row ? toRecord(row) : undefined;
}

/**
 * What follows `lastDay`, the register's last school day, for `createSchoolCalendar` (`CalendarOptions.after`):
 * - the next school day in the register itself, when the register is read only up to an earlier day;
 * - otherwise the next school day of the term dates in force;
 * - nothing (`undefined`: the last day ends the week, half term, term and year) when it is the last day the term
 *   dates plan;
 * - `"unknown"` when there are no term dates, or the register has run past them.
 */
export async function whatFollows(db: Db, lastDay: string | undefined): Promise<CalendarOptions["after"]> {
  if (lastDay === undefined) return undefined;
  const [[nextInRegister, nextPlanned, planEnd] = [null, null, null]] = await rawValues<[string | null, string | null, string | null]>(
    db,
    sql`SELECT (SELECT min(date) FROM school_days WHERE date > ${lastDay}),
               (SELECT min(value) FROM json_each((SELECT school_days FROM term_dates ORDER BY id DESC LIMIT 1)) WHERE value > ${lastDay}),
               (SELECT last_day FROM term_dates ORDER BY id DESC LIMIT 1)`,
  );
  if (nextInRegister) return nextInRegister;
  if (nextPlanned) return nextPlanned;
  if (planEnd && planEnd >= lastDay) return undefined;
  return "unknown";
}

function toRecord(row: typeof termDates.$inferSelect): TermDatesRecord {
  return {
    id: row.id,
    sha256: row.sha256,
    fileName: row.fileName,
    schoolDays: JSON.parse(row.schoolDays) as string[],
    firstDay: row.firstDay,
    lastDay: row.lastDay,
    recordedAt: row.recordedAt,
    actor: row.actor,
  };
}
