import { sql } from "drizzle-orm";
import type { Pupil } from "../machines/attendance/pupilsCsv.ts";
import type { InValue } from "@libsql/client";
import { chunks, insertRows, queryRaw, rawValues, writeTransaction, type Db } from "./tx.ts";

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
    return { inserted, updated, unchanged };
  });
}

export async function getPupil(db: Db, upn: string): Promise<Pupil | undefined> {
  const rows = await rawValues<PupilRow>(db, sql`SELECT ${COLUMNS} FROM pupils WHERE upn = ${upn}`);
  return rows[0] ? toPupil(rows[0]) : undefined;
}

/** Every pupil, by UPN. */
export async function listPupils(db: Db): Promise<Pupil[]> {
  const rows = await rawValues<PupilRow>(db, sql`SELECT ${COLUMNS} FROM pupils ORDER BY upn`);
  return rows.map(toPupil);
}
