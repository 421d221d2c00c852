import { sql } from "drizzle-orm";
import type { Pupil } from "../machines/attendance/pupilsCsv.ts";
import type { InValue } from "@libsql/client";
import { chunks, insertRows, queryRaw, rawValues, writeStatement, writeTransaction, type Db } from "./tx.ts";
import { insertAccessLogRows } from "./accessLogWriter.ts";

export type { Pupil };

const COLUMN_LIST =
  "upn, forename, surname, year_group, date_of_birth, sex, pupil_premium, send, eal, social_worker, looked_after, young_carer, class";
const COLUMNS = sql.raw(COLUMN_LIST);

type PupilRow = [
  string, string, string, string, string | null, string | null,
  number, number, number, number, number, number, string | null,
];

function toPupil(row: PupilRow): Pupil {
  const [upn, forename, surname, yearGroup, dateOfBirth, sex, pp, send, eal, sw, lac, yc, cls] = row;
  const pupil: Pupil = {
    upn,
    forename,
    surname,
    yearGroup,
    pupilPremium: Boolean(pp),
    send: Boolean(send),
    eal: Boolean(eal),
    socialWorker: Boolean(sw),
    lookedAfter: Boolean(lac),
    youngCarer: Boolean(yc),
  };
  if (dateOfBirth !== null) pupil.dateOfBirth = dateOfBirth;
  if (sex !== null) pupil.sex = sex;
  if (cls !== null) pupil.class = cls;
  return pupil;
}

function toValues(p: Pupil): InValue[] {
  return [
    p.upn, p.forename, p.surname, p.yearGroup, p.dateOfBirth ?? null, p.sex ?? null,
    p.pupilPremium ? 1 : 0, p.send ? 1 : 0, p.eal ? 1 : 0, p.socialWorker ? 1 : 0, p.lookedAfter ? 1 : 0,
    p.youngCarer ? 1 : 0, p.class ?? null,
  ];
}

function samePupil(a: Pupil, b: Pupil): boolean {
  const x = toValues(a);
  const y = toValues(b);
  return x.every((v, i) => v === y[i]);
}

/**
 * Inserts new pupils and updates changed ones (one transaction, multi-row statements); pupils not in the list
 * are kept (a leaver keeps their record and history). `updated_at` is set on inserted and updated rows only.
 * Throws RangeError, writing nothing, when a UPN is in the list twice.
 */
export async function upsertPupils(
  db: Db,
  list: readonly Pupil[],
  now: string = new Date().toISOString(),
): Promise<{ inserted: number; updated: number; unchanged: number }> {
  const seen = new Set<string>();
  for (const p of list) {
    if (seen.has(p.upn)) throw new RangeError(`UPN ${p.upn} is in the list twice`);
    seen.add(p.upn);
  }
  return writeTransaction(db, async (tx) => {
    const existing = new Map<string, Pupil>();
    for (const part of chunks([...seen], 10_000)) {
      const rows = await queryRaw<PupilRow>(
        tx,
        `SELECT ${COLUMN_LIST} FROM pupils WHERE upn IN (SELECT value FROM json_each(?))`,
        [JSON.stringify(part)],
      );
      for (const row of rows) existing.set(row[0], toPupil(row));
    }
    let inserted = 0;
    let updated = 0;
    let unchanged = 0;
    const writes: InValue[][] = [];
    for (const p of list) {
      const before = existing.get(p.upn);
      if (!before) inserted++;
      else if (samePupil(before, p)) {
        unchanged++;
        continue;
      } else updated++;
      writes.push([...toValues(p), now]);
    }
    await insertRows(
      tx,
      `INSERT INTO pupils (${COLUMN_LIST}, updated_at) VALUES`,
      writes,
      `ON CONFLICT (upn) DO UPDATE SET forename = excluded.forename, surname = excluded.surname,
         year_group = excluded.year_group, date_of_birth = excluded.date_of_birth, sex = excluded.sex,
         pupil_premium = excluded.pupil_premium, send = excluded.send, eal = excluded.eal,
         social_worker = excluded.social_worker, looked_after = excluded.looked_after,
         young_carer = excluded.young_carer, class = excluded.class, updated_at = excluded.updated_at`,
    );
    await importCelebrationExclusions(tx, list, now);
    return { inserted, updated, unchanged };
  });
}

export async function getPupil(db: Db, upn: string): Promise<Pupil | undefined> {
  const rows = await rawValues<PupilRow>(db, sql`SELECT ${COLUMNS} FROM pupils WHERE upn = ${upn}`);
  return rows[0] ? toPupil(rows[0]) : undefined;
}

/** Which of these UPNs have no pupil record (one query per 10,000, instead of reading every pupil). */
export async function upnsNotOnRoll(db: Db, upns: Iterable<string>): Promise<Set<string>> {
  const missing = new Set<string>();
  for (const part of chunks([...new Set(upns)], 10_000)) {
    const rows = await queryRaw<[string]>(
      db,
      "SELECT value FROM json_each(?) WHERE value NOT IN (SELECT upn FROM pupils)",
      [JSON.stringify(part)],
    );
    for (const [upn] of rows) missing.add(upn);
  }
  return missing;
}

/** Every pupil, by UPN. */
export async function listPupils(db: Db): Promise<Pupil[]> {
  const rows = await rawValues<PupilRow>(db, sql`SELECT ${COLUMNS} FROM pupils ORDER BY upn`);
  return rows.map(toPupil);
}

/** A pupil's celebration-only exclusion (a long-term individual circumstance): why (null: not excluded), who set or cleared it last, and when. */
export interface CelebrationExclusion {
  readonly reason: string | null;
  readonly by: string | null;
  readonly at: string | null;
}

/** The UPNs left out of class celebration figures (never out of statutory or pupil figures). */
export async function celebrationExclusions(db: Db): Promise<Set<string>> {
  const rows = await rawValues<[string]>(db, sql`SELECT upn FROM pupils WHERE celebration_exclusion IS NOT NULL`);
  return new Set(rows.map((r) => r[0]));
}

/** The pupil's exclusion (reason null when they count in class figures), undefined when there is no such pupil. */
export async function getCelebrationExclusion(db: Db, upn: string): Promise<CelebrationExclusion | undefined> {
  const rows = await rawValues<[string | null, string | null, string | null]>(
    db,
    sql`SELECT celebration_exclusion, celebration_exclusion_by, celebration_exclusion_at FROM pupils WHERE upn = ${upn}`,
  );
  if (!rows[0]) return undefined;
  const [reason, by, at] = rows[0];
  return { reason, by, at };
}

/** Sets (a reason) or clears (null) a pupil's exclusion; false when there is no such pupil. */
export async function setCelebrationExclusion(db: Db, upn: string, reason: string | null, by: string, at: string = new Date().toISOString()): Promise<boolean> {
  const result = await writeStatement(db, (d) =>
    d.run(sql`UPDATE pupils SET celebration_exclusion = ${reason}, celebration_exclusion_by = ${by}, celebration_exclusion_at = ${at} WHERE upn = ${upn}`),
  );
  return result.rowsAffected > 0;
}

/**
 * A pupils file's `celebration_exclusion` column (when it has one) sets or clears each pupil's exclusion; the
 * changes are recorded in the access log as made by the pupils import (its record names who imported it).
 */
async function importCelebrationExclusions(tx: Db, list: readonly Pupil[], now: string): Promise<void> {
  const given = list.filter((p) => p.celebrationExclusion !== undefined).map((p) => [p.upn, p.celebrationExclusion ?? null]);
  for (const part of chunks(given, 5_000)) {
    const changed = await queryRaw<[string, string | null]>(
      tx,
      `UPDATE pupils SET celebration_exclusion = x.reason, celebration_exclusion_by = 'pupils import', celebration_exclusion_at = ?
         FROM (SELECT json_extract(value, '$[0]') AS upn, json_extract(value, '$[1]') AS reason FROM json_each(?)) AS x
         WHERE pupils.upn = x.upn AND pupils.celebration_exclusion IS NOT x.reason
         RETURNING pupils.upn, pupils.celebration_exclusion`,
      [now, JSON.stringify(part)],
    );
    await insertAccessLogRows(
      tx,
      changed.map(([upn, reason]) => [null, now, "pupil.celebration-exclusion", upn, JSON.stringify({ excluded: reason !== null, reason, by: "pupils import" })]),
    );
  }
}
