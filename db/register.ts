import { sql } from "drizzle-orm";
import { createSchoolCalendar } from "../machines/attendance/calendar.ts";
import { CODE_FLAGS, CodeFlag, codeAt, codeIndex, NO_MARK } from "../machines/attendance/codes.ts";
import type { Session } from "../machines/attendance/marksCsv.ts";
import type { Register } from "../machines/attendance/register.ts";
import { parseIsoDate } from "../machines/attendance/schoolDate.ts";
import { whatFollows } from "./termDates.ts";
import { chunks, insertRows, queryRaw, rawValues, writeTransaction, type Db } from "./tx.ts";

/**
 * Marks are kept compactly: one `pupil_registers` row per pupil per school year, a 732-byte blob with two
 * slots per calendar day from 1 September: slot `2 × (days since 1 September) + (0 AM | 1 PM)` holds the
 * code index (`codeIndex()` in machines/attendance/codes.ts), 0 = no mark. 100,000 pupils × a year ≈ 73 MB.
 */
export const DAYS_PER_SCHOOL_YEAR = 366;
export const REGISTER_BYTES = 2 * DAYS_PER_SCHOOL_YEAR;

export interface MarkInput {
  readonly upn: string;
  readonly date: string;
  readonly session: Session;
  readonly mark: string;
}

export interface MarkAmendment {
  readonly upn: string;
  readonly date: string;
  readonly session: Session;
  readonly oldMark: string;
  readonly newMark: string;
}

export interface ApplyMarksResult {
  /** Pupils whose stored marks changed (new marks or amendments), sorted. */
  changedUpns: string[];
  /** Dates added to the calendar (a possible session on a day that was not a school day), sorted. */
  newDays: string[];
  /**
   * School days removed from the calendar because, after this import, no pupil has a possible session on
   * them (every mark of the day was corrected to a not-counted code, e.g. `#` or `Y4`). Sorted.
   */
  removedDays: string[];
  /** Every change of a mark that was already stored (also written to `mark_amendments`). */
  amendments: MarkAmendment[];
  /** Rows identical to what was stored. */
  unchanged: number;
}

/** The school year a date belongs to: the calendar year in which its academic year (1 Sept–31 Aug) starts. */
export function schoolYearOf(date: string): number {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  return month >= 9 ? year : year - 1;
}

const MS_PER_DAY = 86_400_000;

function epochDayOf(date: string): number {
  const day = parseIsoDate(date);
  if (day === undefined) throw new RangeError(`not a date (YYYY-MM-DD): ${date}`);
  return day;
}

function septemberFirst(schoolYear: number): number {
  return Date.UTC(schoolYear, 8, 1) / MS_PER_DAY;
}

/** Where a date's AM mark sits in its school year's blob (the PM mark is the next byte). */
export function registerSlot(date: string): { schoolYear: number; slot: number } {
  const schoolYear = schoolYearOf(date);
  return { schoolYear, slot: 2 * (epochDayOf(date) - septemberFirst(schoolYear)) };
}

/** The date of a slot in a school year's blob. */
export function dateOfSlot(schoolYear: number, slot: number): string {
  return new Date((septemberFirst(schoolYear) + (slot >> 1)) * MS_PER_DAY).toISOString().slice(0, 10);
}

const isPossible = (code: number) => code !== NO_MARK && (CODE_FLAGS[code]! & CodeFlag.Possible) !== 0;

/** `|01|02|…|`: the code indexes that count as possible, as `hex()` writes a one-byte blob. */
const POSSIBLE_HEX = `|${[...CODE_FLAGS.keys()]
  .filter((i) => isPossible(i))
  .map((i) => i.toString(16).toUpperCase().padStart(2, "0"))
  .join("|")}|`;

/** UPNs per `json_each` lookup. */
const UPN_CHUNK = 10_000;

/** Stored blobs of one school year for the given pupils. */
async function readBlobs(db: Db, schoolYear: number, upns: readonly string[]): Promise<Map<string, Uint8Array>> {
  const out = new Map<string, Uint8Array>();
  for (const part of chunks(upns, UPN_CHUNK)) {
    const rows = await queryRaw<[string, ArrayBuffer | Uint8Array]>(
      db,
      `SELECT upn, marks FROM pupil_registers WHERE school_year = ? AND upn IN (SELECT value FROM json_each(?))`,
      [schoolYear, JSON.stringify(part)],
    );
    for (const [upn, marks] of rows) out.set(upn, toRegisterBytes(marks));
  }
  return out;
}

/** A fresh REGISTER_BYTES copy of a stored blob (shorter blobs are padded with "no mark"). */
function toRegisterBytes(stored: ArrayBuffer | Uint8Array): Uint8Array {
  const bytes = stored instanceof Uint8Array ? stored : new Uint8Array(stored);
  const out = new Uint8Array(REGISTER_BYTES);
  out.set(bytes.subarray(0, REGISTER_BYTES));
  return out;
}

interface PendingMark {
  readonly upn: string;
  readonly date: string;
  readonly session: Session;
  readonly slot: number;
  readonly code: number;
}

/**
 * Writes marks into the compact registers, in one transaction: read, change and write back each pupil-year
 * blob once (multi-row statements, no per-row round trips). A mark identical to the stored one is a no-op; a
 * different one replaces it and is recorded in `mark_amendments` with `importId` and `recordedAt`. Dates with
 * a possible mark join the calendar (`school_days`). Rows are applied in order (a later row for the same
 * session wins). Throws RangeError, writing nothing, on an unknown code, a bad date or session.
 */
export async function applyMarks(
  db: Db,
  rows: readonly MarkInput[],
  importId: number,
  recordedAt: string,
): Promise<ApplyMarksResult> {
  // Group by school year, then pupil. Dates repeat thousands of times: place each once.
  const placeOf = new Map<string, { schoolYear: number; slot: number }>();
  const byYear = new Map<number, Map<string, PendingMark[]>>();
  const possibleDates = new Set<string>();
  for (const row of rows) {
    let place = placeOf.get(row.date);
    if (!place) placeOf.set(row.date, (place = registerSlot(row.date)));
    const code = codeIndex(row.mark);
    // (No UPN in messages: errors end up in logs.)
    if (code === undefined) throw new RangeError(`unknown register code "${row.mark}" on ${row.date} ${row.session}`);
    if (row.session !== "AM" && row.session !== "PM") throw new RangeError(`not a session: ${String(row.session)}`);
    if (isPossible(code)) possibleDates.add(row.date);
    let pupils = byYear.get(place.schoolYear);
    if (!pupils) byYear.set(place.schoolYear, (pupils = new Map()));
    let list = pupils.get(row.upn);
    if (!list) pupils.set(row.upn, (list = []));
    list.push({ upn: row.upn, date: row.date, session: row.session, slot: place.slot + (row.session === "AM" ? 0 : 1), code });
  }

  return writeTransaction(db, async (tx) => {
    const changed = new Set<string>();
    const amendments: MarkAmendment[] = [];
    const lostPossible = new Map<string, number>(); // date → school year: a possible mark became not possible
    let unchanged = 0;
    for (const [schoolYear, pupils] of byYear) {
      const upns = [...pupils.keys()];
      const stored = await readBlobs(tx, schoolYear, upns);
      const dirty: [string, number, Buffer][] = [];
      for (const upn of upns) {
        const existing = stored.get(upn);
        const blob = existing ?? new Uint8Array(REGISTER_BYTES);
        let touched = false;
        for (const m of pupils.get(upn)!) {
          const old = blob[m.slot]!;
          if (old === m.code) {
            unchanged++;
            continue;
          }
          blob[m.slot] = m.code;
          touched = true;
          if (old !== NO_MARK) {
            amendments.push({ upn, date: m.date, session: m.session, oldMark: codeAt(old).code, newMark: codeAt(m.code).code });
            if (isPossible(old) && !isPossible(m.code)) lostPossible.set(m.date, schoolYear);
          }
        }
        if (touched) {
          changed.add(upn);
          dirty.push([upn, schoolYear, Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength)]);
        }
      }
      await insertRows(
        tx,
        "INSERT INTO pupil_registers (upn, school_year, marks) VALUES",
        dirty,
        "ON CONFLICT (upn, school_year) DO UPDATE SET marks = excluded.marks",
      );
    }

    await insertRows(
      tx,
      "INSERT INTO mark_amendments (upn, date, session, old_mark, new_mark, import_id, recorded_at) VALUES",
      amendments.map((a) => [a.upn, a.date, a.session, a.oldMark, a.newMark, importId, recordedAt]),
    );

    const inserted = await insertRows<[string]>(
      tx,
      "INSERT INTO school_days (date) VALUES",
      [...possibleDates].map((d) => [d]),
      "ON CONFLICT (date) DO NOTHING RETURNING date",
    );
    const newDays = inserted.map(([date]) => date).sort();

    const removedDays: string[] = [];
    for (const [date, schoolYear] of lostPossible) {
      if (possibleDates.has(date)) continue;
      const { slot } = registerSlot(date);
      const stillPossible = await rawValues(
        tx,
        sql`SELECT 1 FROM pupil_registers WHERE school_year = ${schoolYear}
              AND (instr(${POSSIBLE_HEX}, '|' || hex(substr(marks, ${slot + 1}, 1)) || '|') > 0
                OR instr(${POSSIBLE_HEX}, '|' || hex(substr(marks, ${slot + 2}, 1)) || '|') > 0)
            LIMIT 1`,
      );
      if (stillPossible.length === 0) {
        const deleted = await rawValues(tx, sql`DELETE FROM school_days WHERE date = ${date} RETURNING date`);
        if (deleted.length > 0) removedDays.push(date);
      }
    }
    removedDays.sort();

    return { changedUpns: [...changed].sort(), newDays, removedDays, amendments, unchanged };
  });
}

/** School days in order (optionally only those on or after `from` and on or before `through`). */
export async function listSchoolDays(db: Db, options: { from?: string; through?: string } = {}): Promise<string[]> {
  const rows = await rawValues<[string]>(
    db,
    sql`SELECT date FROM school_days
        WHERE date >= ${options.from ?? "0000-00-00"} AND date <= ${options.through ?? "9999-99-99"}
        ORDER BY date`,
  );
  return rows.map(([d]) => d);
}

/** The last school day in the calendar (on or before `through` when given), or undefined when there is none. */
export async function lastSchoolDay(db: Db, through?: string): Promise<string | undefined> {
  const rows = await rawValues<[string]>(
    db,
    sql`SELECT max(date) FROM school_days WHERE date <= ${through ?? "9999-99-99"}`,
  );
  return rows[0]?.[0] ?? undefined;
}

export interface LoadRegisterOptions {
  /** Only these pupils (each gets a row, all "no mark" if nothing is stored). Default: every pupil with marks. */
  upns?: readonly string[];
  /** Only school days on or before this date (later marks are left out). */
  through?: string;
  /** Only school days on or after this date (e.g. the start of the school year). */
  from?: string;
}

/** Pupils per page when reading every register. */
const PAGE = 5_000;

/**
 * The register as machines/attendance expects it: the calendar from `school_days` (createSchoolCalendar),
 * UPNs sorted, and each pupil's marks aligned to the calendar's school-day indexes (`2 × day` AM, `+1` PM).
 * Reads page by page, so 100,000 pupils need only their 73 MB of marks in memory at a time.
 */
export async function loadRegister(db: Db, options: LoadRegisterOptions = {}): Promise<Register> {
  const days = await listSchoolDays(db, options);
  // What follows the last day (a weekend, a half term…) comes from the term dates: db/termDates.ts.
  const calendar = createSchoolCalendar(days, { after: await whatFollows(db, days[days.length - 1]) });
  const dayCount = calendar.days.length;
  // For each school day: which year's blob and where in it.
  const years = [...new Set(calendar.days.map(schoolYearOf))].sort((a, b) => a - b);
  const yearOfDay = new Int32Array(dayCount);
  const slotOfDay = new Int32Array(dayCount);
  calendar.days.forEach((date, i) => {
    const place = registerSlot(date);
    yearOfDay[i] = place.schoolYear;
    slotOfDay[i] = place.slot;
  });
  const firstYear = years[0] ?? 0;
  const lastYear = years[years.length - 1] ?? -1;

  // Pages follow SQLite's order of UPNs (for the range queries); the register's order is JavaScript's.
  let pages: string[][];
  if (options.upns) pages = chunks([...new Set(options.upns)], PAGE);
  else {
    const rows = await queryRaw<[string]>(
      db,
      "SELECT DISTINCT upn FROM pupil_registers WHERE school_year BETWEEN ? AND ? ORDER BY upn",
      [firstYear, lastYear],
    );
    pages = chunks(rows.map(([u]) => u), PAGE);
  }
  const upns = pages.flat().sort();
  const pupilIndex = new Map(upns.map((u, i) => [u, i]));
  const marks = upns.map(() => new Uint8Array(dayCount * 2));

  const place = (upn: string, schoolYear: number, stored: ArrayBuffer | Uint8Array) => {
    const p = pupilIndex.get(upn);
    if (p === undefined) return;
    const bytes = stored instanceof Uint8Array ? stored : new Uint8Array(stored);
    const out = marks[p]!;
    for (let d = 0; d < dayCount; d++) {
      if (yearOfDay[d] !== schoolYear) continue;
      const s = slotOfDay[d]!;
      out[2 * d] = bytes[s] ?? NO_MARK;
      out[2 * d + 1] = bytes[s + 1] ?? NO_MARK;
    }
  };

  if (dayCount > 0) {
    for (const part of pages) {
      const rows = await queryRaw<[string, number, ArrayBuffer | Uint8Array]>(
        db,
        options.upns
          ? `SELECT upn, school_year, marks FROM pupil_registers
             WHERE upn IN (SELECT value FROM json_each(?)) AND school_year BETWEEN ? AND ?`
          : `SELECT upn, school_year, marks FROM pupil_registers
             WHERE upn >= ? AND upn <= ? AND school_year BETWEEN ? AND ?`,
        options.upns
          ? [JSON.stringify(part), firstYear, lastYear]
          : [part[0]!, part[part.length - 1]!, firstYear, lastYear],
      );
      for (const [upn, schoolYear, stored] of rows) place(upn, Number(schoolYear), stored);
    }
  }
  return { calendar, upns, pupilIndex, marks };
}

/** Amendments of one pupil's marks, oldest first. */
export async function markAmendments(
  db: Db,
  upn: string,
): Promise<(MarkAmendment & { id: number; importId: number; recordedAt: string })[]> {
  const rows = await rawValues<[number, string, string, Session, string, string, number, string]>(
    db,
    sql`SELECT id, upn, date, session, old_mark, new_mark, import_id, recorded_at FROM mark_amendments
        WHERE upn = ${upn} ORDER BY id`,
  );
  return rows.map(([id, u, date, session, oldMark, newMark, importId, recordedAt]) => ({
    id: Number(id),
    upn: u,
    date,
    session,
    oldMark,
    newMark,
    importId: Number(importId),
    recordedAt,
  }));
}
