import { bumpTally } from "./auditSeals.ts";
import { and, asc, count, eq, getTableColumns, inArray, or, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import type { Pupil } from "../machines/attendance/pupilsCsv.ts";
import { PUPIL_FLAGS, type PupilFlag } from "../machines/policy/schema.ts";
import { parseJson } from "./json.ts";
import { cases, pupils, tasks } from "./schema.ts";
import type { TaskRecord } from "./tasks.ts";
import { execRaw, insertRows, queryRaw, rawValues, writeStatement, writeTransaction, type Db } from "./tx.ts";

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
  const [inserted] = await writeTransaction(db, async (d) => {
    const out = await d
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
      .returning();
    // The sealed tally of cases and their revisions (db/auditSeals.ts).
    await bumpTally(d, "cases", { rows: out.length, maxId: 0, total: out.length });
    return out;
  });
  return toCase(inserted!);
}

export async function getCase(db: Db, upn: string): Promise<CaseRecord | undefined> {
  const [row] = await db.select().from(cases).where(eq(cases.upn, upn));
  return row ? toCase(row) : undefined;
}

/** One task column as `json_array` reads it back, with drizzle's mapping from the stored value. */
const TASK_COLUMNS = Object.entries(getTableColumns(tasks));

/**
 * What the case page shows from the database besides the register, in one statement: the case, its pupil
 * (undefined when there is none) and its open tasks, as `getCase`, `getPupil` and `listTasks({ upn, status:
 * "open" })` give them. Undefined when there is no case.
 */
export async function getCaseWithPupilAndTasks(
  db: Db,
  upn: string,
): Promise<{ case: CaseRecord; pupil: Pupil | undefined; openTasks: TaskRecord[] } | undefined> {
  const taskColumns = sql.join(TASK_COLUMNS.map(([, column]) => sql`t.${sql.identifier(column.name)}`), sql`, `);
  const rows = await rawValues<[string]>(
    db,
    sql`SELECT json_array(
          c.upn, c.policy_id, c.policy_version, c.stage, c.state, c.value, c.context, c.revision, c.processed_through,
          c.opened_on, c.updated_at,
          (SELECT json_array(p.forename, p.surname, p.year_group, p.date_of_birth, p.sex, p.pupil_premium, p.send, p.eal,
                             p.social_worker, p.looked_after, p.young_carer, p.class)
             FROM pupils p WHERE p.upn = c.upn),
          (SELECT json_group_array(json_array(${taskColumns}) ORDER BY t.due_on IS NULL, t.due_on, t.id)
             FROM tasks t WHERE t.upn = c.upn AND t.status = 'open'))
        FROM cases c WHERE c.upn = ${upn}`,
  );
  if (rows.length === 0) return undefined;
  const r = JSON.parse(rows[0]![0]) as unknown[];
  const c = r as PageRow; // the case's columns come first, as in a caseload page row
  const p = r[11] as unknown[] | null;
  const record = toCase({
    upn: c[0], policyId: c[1], policyVersion: c[2], stage: c[3], state: c[4], value: c[5], context: c[6], revision: c[7],
    processedThrough: c[8], openedOn: c[9], updatedAt: c[10],
  });
  const pupil = p
    ? listPupil({
        upn: c[0], forename: p[0] as string, surname: p[1] as string, yearGroup: p[2] as string, dateOfBirth: p[3] as string | null,
        sex: p[4] as PupilFields["sex"], pupilPremium: p[5] as number, send: p[6] as number, eal: p[7] as number,
        socialWorker: p[8] as number, lookedAfter: p[9] as number, youngCarer: p[10] as number, class: p[11] as string | null,
      })
    : undefined;
  const openTasks = (r[12] as unknown[][]).map(
    (values) => Object.fromEntries(TASK_COLUMNS.map(([key, column], i) => [key, values[i] === null ? null : column.mapFromDriverValue(values[i])])) as unknown as TaskRecord,
  );
  return { case: record, pupil, openTasks };
}

/**
 * Optimistic concurrency: writes `next` only if the case is still at `expectedRevision`, and moves it to
 * `expectedRevision + 1`. False (nothing written) when the case has moved on or does not exist: answer 409.
 */
export async function updateCaseIfRevision(db: Db, upn: string, expectedRevision: number, next: CaseUpdate): Promise<boolean> {
  const result = await writeTransaction(db, async (d) => {
    const out = await d
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
      .where(and(eq(cases.upn, upn), eq(cases.revision, expectedRevision)));
    await bumpTally(d, "cases", { rows: 0, maxId: 0, total: out.rowsAffected });
    return out;
  });
  return result.rowsAffected === 1;
}

/**
 * Moves cases on to `processedThrough` (the last school day they have seen) without touching their state:
 * each only if still at its `expectedRevision`, which moves to `expectedRevision + 1`. Returns the UPNs moved;
 * a case that moved on meanwhile, or does not exist, is left out. One statement per 20,000 cases; when every
 * case of a statement was moved (the usual day) nothing needs reading back.
 */
export async function advanceCasesThrough(
  db: Db,
  processedThrough: string | null,
  list: readonly { upn: string; expectedRevision: number }[],
  updatedAt: string = new Date().toISOString(),
): Promise<Set<string>> {
  const moved = new Set<string>();
  const statement = (returning: boolean) => `UPDATE cases SET processed_through = ?, revision = revision + 1, updated_at = ?
    FROM (SELECT json_extract(value, '$[0]') AS seen_upn, json_extract(value, '$[1]') AS seen_revision FROM json_each(?)) AS seen
    WHERE cases.upn = seen.seen_upn AND cases.revision = seen.seen_revision${returning ? " RETURNING cases.upn" : ""}`;
  await writeTransaction(db, async (tx) => {
    for (let i = 0; i < list.length; i += 20_000) {
      const part = list.slice(i, i + 20_000);
      const args = [processedThrough, updatedAt, JSON.stringify(part.map((c) => [c.upn, c.expectedRevision]))];
      // RETURNING costs as much again as the update; ask for it only when some case was not moved, after
      // undoing that attempt (its savepoint).
      const all = await writeTransaction(tx, async (sp) => {
        const result = await execRaw(sp, statement(false), args);
        if (result.rowsAffected !== new Set(part.map((c) => c.upn)).size) throw new NotAllMoved();
        return true;
      }).catch((error: unknown) => {
        if (error instanceof NotAllMoved) return false;
        throw error;
      });
      if (all) for (const c of part) moved.add(c.upn);
      else for (const [upn] of await queryRaw<[string]>(tx, statement(true), args)) moved.add(upn);
    }
    await bumpTally(tx, "cases", { rows: 0, maxId: 0, total: moved.size });
  });
  return moved;
}

class NotAllMoved extends Error {}

/** Rows per multi-row case statement (11 columns each stays well under MAX_PARAMS). */
const CASES_PER_STATEMENT = 500;

/**
 * Opens many cases (revision 1) in one transaction, in multi-row statements. A pupil who already has a case
 * keeps it (nothing is written for them); the UPNs returned are those opened here. Like insertCase, fails
 * (writing nothing) when a pupil is unknown or a policy unpublished.
 */
export async function insertCases(db: Db, rows: readonly NewCase[]): Promise<Set<string>> {
  const opened = new Set<string>();
  if (rows.length === 0) return opened;
  const now = new Date().toISOString();
  await writeTransaction(db, async (tx) => {
    for (let i = 0; i < rows.length; i += CASES_PER_STATEMENT) {
      const returned = await insertRows<[string]>(
        tx,
        `INSERT INTO cases (upn, policy_id, policy_version, stage, state, value, context, revision, processed_through,
           opened_on, updated_at) VALUES`,
        rows.slice(i, i + CASES_PER_STATEMENT).map((row) => [
          row.upn, row.policyId, row.policyVersion, row.stage, row.state, JSON.stringify(row.value), JSON.stringify(row.context),
          1, row.processedThrough ?? null, row.openedOn, row.updatedAt ?? now,
        ]),
        "ON CONFLICT (upn) DO NOTHING RETURNING upn",
      );
      for (const [upn] of returned) opened.add(upn);
    }
    await bumpTally(tx, "cases", { rows: opened.size, maxId: 0, total: opened.size });
  });
  return opened;
}

/**
 * updateCaseIfRevision for many cases, in one statement per CASES_PER_STATEMENT: each case is written only if it
 * is still at its `expectedRevision`, and moves to `expectedRevision + 1`. Returns the UPNs written (a case that
 * moved on meanwhile, or does not exist, is left out). A UPN may appear once.
 */
export async function updateCasesIfRevision(
  db: Db,
  updates: readonly { upn: string; expectedRevision: number; next: CaseUpdate }[],
): Promise<Set<string>> {
  const written = new Set<string>();
  if (updates.length === 0) return written;
  const now = new Date().toISOString();
  await writeTransaction(db, async (tx) => {
    for (let i = 0; i < updates.length; i += CASES_PER_STATEMENT) {
      const part = updates.slice(i, i + CASES_PER_STATEMENT).map(({ upn, expectedRevision, next }) => [
        upn, expectedRevision, next.stage, next.state, JSON.stringify(next.value), JSON.stringify(next.context),
        next.processedThrough, next.policyVersion ?? null, next.updatedAt ?? now,
      ]);
      const rows = await queryRaw<[string]>(
        tx,
        `UPDATE cases SET stage = w.stage, state = w.state, value = w.value, context = w.context,
           processed_through = w.processed_through, policy_version = coalesce(w.policy_version, cases.policy_version),
           revision = cases.revision + 1, updated_at = w.updated_at
         FROM (SELECT json_extract(value, '$[0]') AS upn, json_extract(value, '$[1]') AS revision,
                 json_extract(value, '$[2]') AS stage, json_extract(value, '$[3]') AS state,
                 json_extract(value, '$[4]') AS value, json_extract(value, '$[5]') AS context,
                 json_extract(value, '$[6]') AS processed_through, json_extract(value, '$[7]') AS policy_version,
                 json_extract(value, '$[8]') AS updated_at
               FROM json_each(?)) AS w
         WHERE cases.upn = w.upn AND cases.revision = w.revision
         RETURNING cases.upn`,
        [JSON.stringify(part)],
      );
      for (const [upn] of rows) written.add(upn);
    }
    await bumpTally(tx, "cases", { rows: 0, maxId: 0, total: written.size });
  });
  return written;
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
  /**
   * How many cases each stage has, when the caller has just read them (`caseCountsByStage`): with no filter
   * but `stage`, `total` is taken from them instead of being counted again.
   */
  stageCounts?: Readonly<Record<string, number>>;
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

/**
 * A stage filter matching at most this many cases is served from `cases_stage_idx` and sorted; above it, the
 * page is found by walking the pupils in name order (`pupils_name_idx`) and checking each case's stage, which
 * stops after `offset + limit` matches instead of sorting them all.
 */
const SORT_STAGE_MATCHES_UP_TO = 2_000;

/** Pages up to this size are chosen by UPN first (below); larger reads (every case) take the plain join. */
const PAGE_FIRST_UP_TO = 1_000;

/** Cases joined with their pupils, filtered, ordered by surname, forename, UPN; `total` counts every match. */
export async function listCases(db: Db, query: CaseListQuery = {}): Promise<{ total: number; rows: CaseListRow[] }> {
  const today = query.today ?? new Date().toISOString().slice(0, 10);
  const limit = query.limit ?? 100;
  const offset = query.offset ?? 0;
  // Conditions on the case alone, and on its pupil.
  const onCase: (SQL | undefined)[] = [];
  const onPupil: (SQL | undefined)[] = [];
  let stages: string[] | undefined;
  if (query.stage !== undefined) {
    stages = typeof query.stage === "string" ? [query.stage] : [...query.stage];
    onCase.push(inArray(cases.stage, stages));
  }
  if (query.yearGroup !== undefined) onPupil.push(eq(pupils.yearGroup, query.yearGroup));
  for (const flag of query.flags ?? []) {
    if (!(PUPIL_FLAGS as readonly string[]).includes(flag)) {
      throw new RangeError(`unknown pupil flag "${flag}"; use ${PUPIL_FLAGS.join(", ")}`);
    }
    onPupil.push(sql`${FLAG_COLUMNS[flag as PupilFlag]} = 1`);
  }
  const search = query.search?.trim();
  if (search) {
    const contains = `%${likeEscape(search)}%`;
    onPupil.push(
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
  if (query.overdueTasks) onCase.push(sql`${overdue} > 0`);
  const where = and(...onCase, ...onPupil);

  // Every case has its pupil (cases.upn references pupils.upn, foreign keys are on, and pupils are never
  // deleted), so without a condition on the pupil the cases are counted alone: no join per case.
  let total: number;
  if (query.stageCounts && onPupil.length === 0 && !query.overdueTasks) {
    const counts = query.stageCounts;
    total = (stages ? [...new Set(stages)] : Object.keys(counts)).reduce((n, stage) => n + (counts[stage] ?? 0), 0);
  } else {
    const [totalRow] =
      onPupil.length > 0
        ? await db.select({ n: count() }).from(cases).innerJoin(pupils, eq(pupils.upn, cases.upn)).where(where)
        : await db.select({ n: count() }).from(cases).where(where);
    total = totalRow?.n ?? 0;
  }

  if (offset >= total) return { total, rows: [] };
  const order = [asc(pupils.surname), asc(pupils.forename), asc(cases.upn)] as const;
  if (limit > PAGE_FIRST_UP_TO) {
    // Every case (the case service's whole-caseload reads): the plain join.
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
      .orderBy(...order)
      .limit(limit)
      .offset(offset);
    return {
      total,
      rows: rows.map(({ c, p, openTasks, overdueTasks }) => ({ ...toCase(c), pupil: listPupil(p), openTasks: Number(openTasks), overdueTasks: Number(overdueTasks) })),
    };
  }
  // A page: its UPNs first, in order, from the indexes alone; then the whole rows and task counts of those
  // only (selecting whole rows with OFFSET would read every case and count the tasks of every pupil before the
  // page), as one JSON text (libSQL's row objects cost several times the query). A stage matched by many cases
  // is checked on the way through the pupils in name order (`+` keeps SQLite off the stage index, which would
  // sort every match); a rare one is looked up and sorted. The order names pupils.upn (equal to cases.upn by
  // the join) so that an index on pupils (surname, forename, upn) gives it whole, with no sort.
  let pageWhere = where;
  if (stages && onPupil.length === 0 && total > SORT_STAGE_MATCHES_UP_TO) {
    const stageList = sql.join(stages.map((s) => sql`${s}`), sql`, `);
    pageWhere = and(sql`+${cases.stage} IN (${stageList})`, query.overdueTasks ? sql`${overdue} > 0` : undefined);
  }
  const [[text]] = await rawValues<[string]>(
    db,
    sql`SELECT json_group_array(json_array(
          c.upn, c.policy_id, c.policy_version, c.stage, c.state, c.value, c.context, c.revision, c.processed_through,
          c.opened_on, c.updated_at, p.forename, p.surname, p.year_group, p.date_of_birth, p.sex, p.pupil_premium,
          p.send, p.eal, p.social_worker, p.looked_after, p.young_carer, p.class,
          (SELECT count(*) FROM tasks t WHERE t.upn = c.upn AND t.status = 'open'),
          (SELECT count(*) FROM tasks t WHERE t.upn = c.upn AND t.status = 'open' AND t.due_on < ${today})
        ) ORDER BY p.surname, p.forename, p.upn)
        FROM cases c JOIN pupils p ON p.upn = c.upn
        WHERE c.upn IN (
          SELECT ${cases.upn} FROM ${cases} JOIN ${pupils} ON ${pupils.upn} = ${cases.upn}
          ${pageWhere ? sql`WHERE ${pageWhere}` : sql``}
          ORDER BY ${pupils.surname}, ${pupils.forename}, ${pupils.upn} LIMIT ${limit} OFFSET ${offset}
        )`,
  ) as [[string]];
  const page = JSON.parse(text) as PageRow[];
  return {
    total,
    rows: page.map((r) => {
      const c: CaseRow = {
        upn: r[0], policyId: r[1], policyVersion: r[2], stage: r[3], state: r[4], value: r[5], context: r[6], revision: r[7],
        processedThrough: r[8], openedOn: r[9], updatedAt: r[10],
      };
      const pupil = listPupil({
        upn: r[0], forename: r[11], surname: r[12], yearGroup: r[13], dateOfBirth: r[14], sex: r[15], pupilPremium: r[16],
        send: r[17], eal: r[18], socialWorker: r[19], lookedAfter: r[20], youngCarer: r[21], class: r[22],
      });
      return { ...toCase(c), pupil, openTasks: r[23], overdueTasks: r[24] };
    }),
  };
}

/** A caseload page row as `listCases` reads it: the case's columns, the pupil's, and the task counts. */
type PageRow = [
  upn: string, policyId: string, policyVersion: number, stage: string, state: string, value: string, context: string,
  revision: number, processedThrough: string | null, openedOn: string, updatedAt: string,
  forename: string, surname: string, yearGroup: string, dateOfBirth: string | null, sex: string | null,
  pupilPremium: number, send: number, eal: number, socialWorker: number, lookedAfter: number, youngCarer: number, cls: string | null,
  openTasks: number, overdueTasks: number,
];

type PupilFields = Pick<typeof pupils.$inferSelect, "upn" | "forename" | "surname" | "yearGroup" | "dateOfBirth" | "sex" | "class"> &
  Record<PupilFlag, boolean | number>;

function listPupil(p: PupilFields): Pupil {
  const pupil: Pupil = {
    upn: p.upn,
    forename: p.forename,
    surname: p.surname,
    yearGroup: p.yearGroup,
    pupilPremium: Boolean(p.pupilPremium),
    send: Boolean(p.send),
    eal: Boolean(p.eal),
    socialWorker: Boolean(p.socialWorker),
    lookedAfter: Boolean(p.lookedAfter),
    youngCarer: Boolean(p.youngCarer),
  };
  if (p.dateOfBirth !== null) pupil.dateOfBirth = p.dateOfBirth;
  if (p.sex !== null) pupil.sex = p.sex;
  if (p.class !== null) pupil.class = p.class;
  return pupil;
}

/** How many cases are in each stage (`closed` included); stages with no case are left out. */
export async function caseCountsByStage(db: Db): Promise<Record<string, number>> {
  const rows = await db.select({ stage: cases.stage, n: count() }).from(cases).groupBy(cases.stage).orderBy(asc(cases.stage));
  return Object.fromEntries(rows.map((r) => [r.stage, r.n]));
}
