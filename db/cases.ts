import { and, asc, count, eq, inArray, or, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import type { Pupil } from "../machines/attendance/pupilsCsv.ts";
import { PUPIL_FLAGS, type PupilFlag } from "../machines/policy/schema.ts";
import { parseJson } from "./json.ts";
import { cases, pupils, tasks } from "./schema.ts";
import { writeStatement, type Db } from "./tx.ts";

/** A stored case: the machine's snapshot (`value`, `context`) and where it stands. */
export interface CaseRecord {
  upn: string;
  policyId: string;
  policyVersion: number;
  stage: string;
  /** Dotted path of the active state (`facilitate.letter2`). */
  state: string;
  value: unknown;
  context: unknown;
  /** Starts at 1; every successful updateCaseIfRevision adds 1. */
  revision: number;
  /** The last school day whose close the case has seen, or null. */
  processedThrough: string | null;
  openedOn: string;
  updatedAt: string;
}

export interface NewCase {
  upn: string;
  policyId: string;
  policyVersion: number;
  stage: string;
  state: string;
  value: unknown;
  context: unknown;
  processedThrough?: string | null;
  openedOn: string;
  updatedAt?: string;
}

export interface CaseUpdate {
  stage: string;
  state: string;
  value: unknown;
  context: unknown;
  processedThrough: string | null;
  policyVersion?: number;
  /** Default: now. */
  updatedAt?: string;
}

type CaseRow = typeof cases.$inferSelect;

function toCase(row: CaseRow): CaseRecord {
  return {
    upn: row.upn,
    policyId: row.policyId,
    policyVersion: row.policyVersion,
    stage: row.stage,
    state: row.state,
    value: parseJson(row.value, "case value"),
    context: parseJson(row.context, "case context"),
    revision: row.revision,
    processedThrough: row.processedThrough,
    openedOn: row.openedOn,
    updatedAt: row.updatedAt,
  };
}

/** Opens a case (revision 1). Fails if the pupil already has one, the pupil is unknown or the policy unpublished. */
export async function insertCase(db: Db, row: NewCase): Promise<CaseRecord> {
  const [inserted] = await writeStatement(db, (d) =>
    d
      .insert(cases)
      .values({
        upn: row.upn,
        policyId: row.policyId,
        policyVersion: row.policyVersion,
        stage: row.stage,
        state: row.state,
        value: JSON.stringify(row.value),
        context: JSON.stringify(row.context),
        revision: 1,
        processedThrough: row.processedThrough ?? null,
        openedOn: row.openedOn,
        updatedAt: row.updatedAt ?? new Date().toISOString(),
      })
      .returning(),
  );
  return toCase(inserted!);
}

export async function getCase(db: Db, upn: string): Promise<CaseRecord | undefined> {
  const [row] = await db.select().from(cases).where(eq(cases.upn, upn));
  return row ? toCase(row) : undefined;
}

/**
 * Optimistic concurrency: writes `next` only if the case is still at `expectedRevision`, and moves it to
 * `expectedRevision + 1`. False (nothing written) when the case has moved on or does not exist: answer 409.
 */
export async function updateCaseIfRevision(db: Db, upn: string, expectedRevision: number, next: CaseUpdate): Promise<boolean> {
  const result = await writeStatement(db, (d) =>
    d
      .update(cases)
      .set({
        stage: next.stage,
        state: next.state,
        value: JSON.stringify(next.value),
        context: JSON.stringify(next.context),
        processedThrough: next.processedThrough,
        ...(next.policyVersion !== undefined ? { policyVersion: next.policyVersion } : {}),
        revision: expectedRevision + 1,
        updatedAt: next.updatedAt ?? new Date().toISOString(),
      })
      .where(and(eq(cases.upn, upn), eq(cases.revision, expectedRevision))),
  );
  return result.rowsAffected === 1;
}

export interface CaseListQuery {
  /** One stage or several (`closed` included). */
  stage?: string | readonly string[];
  yearGroup?: string;
  /** Pupil flags that must all be set: socialWorker, lookedAfter, send, pupilPremium, youngCarer, eal. */
  flags?: readonly string[];
  /** Start of a UPN, or part of a forename, surname or "forename surname" (case-insensitive for ASCII). */
  search?: string;
  /** Only cases with an open task due before `today`. */
  overdueTasks?: boolean;
  /** The school's date today (YYYY-MM-DD), for overdue tasks. Default: today in UTC; pass the school's date. */
  today?: string;
  /** Default 100. */
  limit?: number;
  /** Default 0. */
  offset?: number;
}

export interface CaseListRow extends CaseRecord {
  pupil: Pupil;
  openTasks: number;
  /** Open tasks due before `today`. */
  overdueTasks: number;
}

const FLAG_COLUMNS: Record<PupilFlag, SQLWrapper> = {
  socialWorker: pupils.socialWorker,
  lookedAfter: pupils.lookedAfter,
  send: pupils.send,
  pupilPremium: pupils.pupilPremium,
  youngCarer: pupils.youngCarer,
  eal: pupils.eal,
};

function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Cases joined with their pupils, filtered, ordered by surname, forename, UPN; `total` counts every match. */
export async function listCases(db: Db, query: CaseListQuery = {}): Promise<{ total: number; rows: CaseListRow[] }> {
  const today = query.today ?? new Date().toISOString().slice(0, 10);
  const conditions: (SQL | undefined)[] = [];
  if (query.stage !== undefined) {
    const stages = typeof query.stage === "string" ? [query.stage] : [...query.stage];
    conditions.push(inArray(cases.stage, stages));
  }
  if (query.yearGroup !== undefined) conditions.push(eq(pupils.yearGroup, query.yearGroup));
  for (const flag of query.flags ?? []) {
    if (!(PUPIL_FLAGS as readonly string[]).includes(flag)) {
      throw new RangeError(`unknown pupil flag "${flag}"; use ${PUPIL_FLAGS.join(", ")}`);
    }
    conditions.push(sql`${FLAG_COLUMNS[flag as PupilFlag]} = 1`);
  }
  const search = query.search?.trim();
  if (search) {
    const contains = `%${likeEscape(search)}%`;
    conditions.push(
      or(
        sql`${cases.upn} LIKE ${`${likeEscape(search)}%`} ESCAPE '\\'`,
        sql`${pupils.surname} LIKE ${contains} ESCAPE '\\'`,
        sql`${pupils.forename} LIKE ${contains} ESCAPE '\\'`,
        sql`(${pupils.forename} || ' ' || ${pupils.surname}) LIKE ${contains} ESCAPE '\\'`,
      ),
    );
  }
  const overdue = sql<number>`(SELECT count(*) FROM ${tasks} WHERE ${tasks.upn} = ${cases.upn}
    AND ${tasks.status} = 'open' AND ${tasks.dueOn} < ${today})`;
  if (query.overdueTasks) conditions.push(sql`${overdue} > 0`);
  const where = and(...conditions);

  const [totalRow] = await db.select({ n: count() }).from(cases).innerJoin(pupils, eq(pupils.upn, cases.upn)).where(where);
  const rows = await db
    .select({
      c: cases,
      p: pupils,
      openTasks: sql<number>`(SELECT count(*) FROM ${tasks} WHERE ${tasks.upn} = ${cases.upn} AND ${tasks.status} = 'open')`,
      overdueTasks: overdue,
    })
    .from(cases)
    .innerJoin(pupils, eq(pupils.upn, cases.upn))
    .where(where)
    .orderBy(asc(pupils.surname), asc(pupils.forename), asc(cases.upn))
    .limit(query.limit ?? 100)
    .offset(query.offset ?? 0);
  return {
    total: totalRow?.n ?? 0,
    rows: rows.map(({ c, p, openTasks, overdueTasks }) => {
      const pupil: Pupil = {
        upn: p.upn,
        forename: p.forename,
        surname: p.surname,
        yearGroup: p.yearGroup,
        pupilPremium: p.pupilPremium,
        send: p.send,
        eal: p.eal,
        socialWorker: p.socialWorker,
        lookedAfter: p.lookedAfter,
        youngCarer: p.youngCarer,
      };
      if (p.dateOfBirth !== null) pupil.dateOfBirth = p.dateOfBirth;
      if (p.sex !== null) pupil.sex = p.sex;
      if (p.class !== null) pupil.class = p.class;
      return { ...toCase(c), pupil, openTasks: Number(openTasks), overdueTasks: Number(overdueTasks) };
    }),
  };
}

/** How many cases are in each stage (`closed` included); stages with no case are left out. */
export async function caseCountsByStage(db: Db): Promise<Record<string, number>> {
  const rows = await db.select({ stage: cases.stage, n: count() }).from(cases).groupBy(cases.stage).orderBy(asc(cases.stage));
  return Object.fromEntries(rows.map((r) => [r.stage, r.n]));
}
