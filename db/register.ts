import { sql } from "drizzle-orm";
import { createSchoolCalendar, type SchoolCalendar } from "../machines/attendance/calendar.ts";
import { CODE_FLAGS, CodeFlag, codeAt, codeIndex, NO_MARK } from "../machines/attendance/codes.ts";
import type { Session } from "../machines/attendance/marksCsv.ts";
import type { Register } from "../machines/attendance/register.ts";
import { parseIsoDate } from "../machines/attendance/schoolDate.ts";
import { whatFollows } from "./termDates.ts";
import { auditKeysOf } from "./auditKey.ts";
import { giveWayIfDue } from "./eventLoop.ts";
import { REGISTER_CHUNK_BYTES, REGISTER_SEAL_BYTES, REGISTER_SEALS_LENGTH, resealChunks } from "./auditSeals.ts";
import type { InValue } from "@libsql/client";
import { chunks, execRaw, insertRows, queryRaw, rawValues, writeTransaction, type Db } from "./tx.ts";

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

/** Whole registers per write statement in applyMarks (a day's file's few bytes a pupil: proportionally more). */
const WRITE_CHUNK = 250;

/**
 * What a read of one stored pupil-year shows an import, as SQL, so that the check inside the write transaction
 * (`preparedMarksHold`) compares exactly what `prepareMarks` read: the window's bytes as hex for a blob
 * REGISTER_BYTES long (`*` and the whole blob for any other length), and the window's seals as hex (empty when
 * none are stored). Arguments: `windowArgs`.
 */
const MARKS_SQL = `CASE WHEN length(marks) = ? THEN hex(substr(marks, ?, ?)) ELSE '*' || hex(marks) END`;
const SEALS_SQL = `hex(substr(coalesce(seals, x''), ?, ?))`;
const WINDOW_SQL = `${MARKS_SQL}, ${SEALS_SQL}`;

/** The arguments of WINDOW_SQL for the window from byte `lo` to `hi` (whole chunks). */
function windowArgs(lo: number, hi: number): InValue[] {
  return [REGISTER_BYTES, lo + 1, hi - lo, (lo / REGISTER_CHUNK_BYTES) * REGISTER_SEAL_BYTES + 1, Math.ceil((hi - lo) / REGISTER_CHUNK_BYTES) * REGISTER_SEAL_BYTES];
}

/** [upn, window, seals] as WINDOW_SQL reads them, for each stored blob of one school year among `upns`. */
async function readWindowTexts(db: Db, schoolYear: number, upns: readonly string[], lo: number, hi: number): Promise<[string, string, string][]> {
  const out: [string, string, string][] = [];
  for (const part of chunks(upns, UPN_CHUNK)) {
    const [[text]] = (await queryRaw<[string]>(
      db,
      `SELECT json_group_array(json_array(upn, ${WINDOW_SQL})) FROM pupil_registers WHERE school_year = ? AND upn IN (SELECT value FROM json_each(?))`,
      [...windowArgs(lo, hi), schoolYear, JSON.stringify(part)],
    )) as [[string]];
    for (const entry of JSON.parse(text) as [string, string, string][]) out.push(entry);
  }
  return out;
}

const HEX_OF_BYTE = Array.from({ length: 256 }, (_, b) => b.toString(16).toUpperCase().padStart(2, "0"));

function toHex(bytes: Uint8Array): string {
  let text = "";
  for (const b of bytes) text += HEX_OF_BYTE[b]!;
  return text;
}

/** A fresh REGISTER_BYTES copy of a stored blob (shorter blobs are padded with "no mark"). */
function toRegisterBytes(stored: ArrayBuffer | Uint8Array): Uint8Array {
  const bytes = stored instanceof Uint8Array ? stored : new Uint8Array(stored);
  const out = new Uint8Array(REGISTER_BYTES);
  out.set(bytes.subarray(0, REGISTER_BYTES));
  return out;
}

/** A marks file's rows in the compact registers' terms (`placeMarks`), for `applyMarks`. */
export interface PlacedMarks {
  readonly rows: readonly MarkInput[];
  readonly byYear: Map<number, Map<string, number[]>>;
  readonly possibleDates: Set<string>;
  readonly slots: Int16Array;
  readonly codes: Uint8Array;
}

/**
 * Places a marks file's rows in the compact registers' terms (each row's slot and code index, grouped by school
 * year and pupil) for `applyMarks`. An import does it before its transaction: a school year's 550,000 rows take
 * a tenth of a second or more, which other writers need not wait for. Throws RangeError on an unknown code, a
 * bad date or session.
 */
export async function placeMarks(rows: readonly MarkInput[]): Promise<PlacedMarks> {
  // Group by school year, then pupil. Dates repeat thousands of times: place each once.
  // Each row's slot and code index by its position in `rows` (no object per row: a year's file has 550,000).
  const placeOf = new Map<string, { schoolYear: number; slot: number; possible: boolean }>();
  const byYear = new Map<number, Map<string, number[]>>();
  const possibleDates = new Set<string>();
  const slots = new Int16Array(rows.length);
  const codes = new Uint8Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    let place = placeOf.get(row.date);
    if (!place) placeOf.set(row.date, (place = { ...registerSlot(row.date), possible: false }));
    const code = codeIndex(row.mark);
    // (No UPN in messages: errors end up in logs.)
    if (code === undefined) throw new RangeError(`unknown register code "${row.mark}" on ${row.date} ${row.session}`);
    if (row.session !== "AM" && row.session !== "PM") throw new RangeError(`not a session: ${String(row.session)}`);
    if (!place.possible && isPossible(code)) {
      place.possible = true;
      possibleDates.add(row.date);
    }
    let pupils = byYear.get(place.schoolYear);
    if (!pupils) byYear.set(place.schoolYear, (pupils = new Map()));
    let list = pupils.get(row.upn);
    if (!list) pupils.set(row.upn, (list = []));
    list.push(i);
    slots[i] = place.slot + (row.session === "AM" ? 0 : 1);
    codes[i] = code;
    // A school year's file has 550,000 rows: give the request loop back every few milliseconds (an import runs on it).
    if ((i & 1023) === 1023) await giveWayIfDue();
  }
  return { rows, byYear, possibleDates, slots, codes };
}

/** One school year's part of `PreparedMarks`. */
interface PreparedYear {
  readonly schoolYear: number;
  /** The window of every blob read and written: bytes `lo` to `hi - 1` (whole chunks). */
  readonly lo: number;
  readonly hi: number;
  /** What was read, [upn, window, seals] as WINDOW_SQL reads them: every pupil of the file with a stored blob. */
  readonly seen: readonly (readonly [string, string, string])[];
  /** The file's pupils with no blob stored for the year. */
  readonly absent: readonly string[];
  /** Windows to splice into stored blobs: [upn, window hex, its seals hex]. */
  readonly spliced: readonly [string, string, string][];
  /** Blobs to write whole (new, stored at another length, or a window of the whole blob): [upn, school year, blob, seals, key id]. */
  readonly whole: readonly [string, number, Buffer, Buffer, string][];
}

/**
 * What writing a marks file will change in the registers, worked out from a read of them (`prepareMarks`): the
 * new bytes and seals of every blob it changes, the amendments, what it leaves unchanged. Valid for as long as
 * the registers it read are as they were: `preparedMarksHold` checks that inside the write transaction.
 */
export interface PreparedMarks {
  readonly years: readonly PreparedYear[];
  readonly possibleDates: ReadonlySet<string>;
  readonly changedUpns: readonly string[];
  readonly amendments: readonly MarkAmendment[];
  /** Date → school year: a possible mark of the day became one that is not possible. */
  readonly lostPossible: ReadonlyMap<string, number>;
  readonly unchanged: number;
}

/**
 * Works out what writing `input` (rows, or rows placed by `placeMarks`) does to the registers as they are read
 * now, writing nothing: reading the stored blobs, changing them and sealing the changed chunks (an HMAC each:
 * db/auditSeals.ts) are most of an import's register work, and an import does them before its write
 * transaction, so other writers (the access log of every case read) do not wait for them. Of each blob only the
 * bytes between the file's first and last slot in that year are read (a day's file: one chunk of 732 bytes).
 * Gives the request loop back every few milliseconds of work (db/eventLoop.ts). Throws RangeError on an unknown
 * code, a bad date or session.
 */
export async function prepareMarks(db: Db, input: readonly MarkInput[] | PlacedMarks): Promise<PreparedMarks> {
  const { rows, byYear, possibleDates, slots, codes } = "byYear" in input ? input : await placeMarks(input);
  const ring = auditKeysOf(db);
  const changed = new Set<string>();
  const amendments: MarkAmendment[] = [];
  const lostPossible = new Map<string, number>();
  const years: PreparedYear[] = [];
  let unchanged = 0;
  for (const [schoolYear, pupils] of byYear) {
    const upns = [...pupils.keys()];
    // Only the part of each blob the file's marks fall in (slots lo to hi) is read and written: a day's file
    // touches two bytes of each pupil's 732. Blobs not REGISTER_BYTES long (none written by this code) and
    // pupils with no blob yet are written whole.
    let lo = REGISTER_BYTES;
    let hi = 0;
    for (const list of pupils.values()) {
      for (const i of list) {
        lo = Math.min(lo, slots[i]!);
        hi = Math.max(hi, slots[i]! + 1);
      }
    }
    // Whole chunks, each sealed with the audit key (db/auditSeals.ts): a day's file reads and writes 64 bytes.
    lo = Math.floor(lo / REGISTER_CHUNK_BYTES) * REGISTER_CHUNK_BYTES;
    hi = Math.min(REGISTER_BYTES, Math.ceil(hi / REGISTER_CHUNK_BYTES) * REGISTER_CHUNK_BYTES);
    // A window of more than half the blob (a term's or a year's file) is read and written whole: splicing it in
    // by SQL (hex, substr, unhex) took six times as long as writing the blob, inside the write transaction.
    if (2 * (hi - lo) > REGISTER_BYTES) [lo, hi] = [0, REGISTER_BYTES];
    const seen = await readWindowTexts(db, schoolYear, upns, lo, hi);
    const read = new Map<string, readonly [string, string, string]>();
    for (const entry of seen) read.set(entry[0], entry);
    const sealLength = Math.ceil((hi - lo) / REGISTER_CHUNK_BYTES) * REGISTER_SEAL_BYTES;
    const absent: string[] = [];
    const spliced: [string, string, string][] = [];
    const whole: [string, number, Buffer, Buffer, string][] = [];
    for (let u = 0; u < upns.length; u++) {
      const upn = upns[u]!;
      // A school year's file seals 12 chunks a pupil: give the request loop back every few milliseconds of work.
      await giveWayIfDue();
      const entry = read.get(upn);
      if (!entry) absent.push(upn);
      const text = entry?.[1];
      const window = text !== undefined && !text.startsWith("*") ? new Uint8Array(Buffer.from(text, "hex")) : null;
      const blob = window ?? (text !== undefined ? toRegisterBytes(Buffer.from(text.slice(1), "hex")) : new Uint8Array(REGISTER_BYTES));
      const offset = window ? lo : 0;
      const before = window ? window.slice() : null;
      let touched = false;
      for (const i of pupils.get(upn)!) {
        const code = codes[i]!;
        const at = slots[i]! - offset;
        const old = blob[at]!;
        if (old === code) {
          unchanged++;
          continue;
        }
        blob[at] = code;
        touched = true;
        if (old !== NO_MARK) {
          const { date, session } = rows[i]!;
          amendments.push({ upn, date, session, oldMark: codeAt(old).code, newMark: codeAt(code).code });
          if (isPossible(old) && !isPossible(code)) lostPossible.set(date, schoolYear);
        }
      }
      if (!touched) continue;
      changed.add(upn);
      if (window) {
        const sealHex = entry![2];
        const oldSeals = sealHex.length === 2 * sealLength ? Buffer.from(sealHex, "hex") : null;
        const seals = resealChunks(ring, upn, schoolYear, lo / REGISTER_CHUNK_BYTES, window, before, oldSeals);
        // A window that is the whole blob (a year's file) is written as it is: no splicing, no hex.
        if (lo === 0 && hi === REGISTER_BYTES) whole.push([upn, schoolYear, Buffer.from(window.buffer, window.byteOffset, window.byteLength), seals, ring.current.id]);
        else spliced.push([upn, toHex(window), seals.toString("hex")]);
      } else {
        whole.push([upn, schoolYear, Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength), resealChunks(ring, upn, schoolYear, 0, blob, null, null), ring.current.id]);
      }
    }
    years.push({ schoolYear, lo, hi, seen, absent, spliced, whole });
  }
  return { years, possibleDates, changedUpns: [...changed].sort(), amendments, lostPossible, unchanged };
}

/**
 * Whether the registers `prepared` was worked out from are still as it read them: every window and its seals
 * the same, and no blob stored since for a pupil who had none. Run inside the write transaction, before
 * `writePreparedMarks`: true means writing it now is what preparing and writing inside the transaction would
 * have done. Costs one statement per school year (SQLite compares the texts), not a read back into JavaScript.
 *
 * A window whose seals all hold compares by its seals alone (and the blob's length): every write of the
 * registers reseals each chunk it changes with a keyed MAC of the chunk's bytes (db/auditSeals.ts), so equal
 * seals mean equal bytes. That is a third of the text to compare, which is what this check costs inside the
 * transaction (a school year's file: 1,500 windows of 1.4 kB). A window with no seals, a zeroed seal (a chunk
 * whose seal did not hold is written with zeros) or a blob of another length compares its bytes as well.
 */
export async function preparedMarksHold(tx: Db, prepared: PreparedMarks): Promise<boolean> {
  for (const year of prepared.years) {
    const sealBytes = Math.ceil((year.hi - year.lo) / REGISTER_CHUNK_BYTES) * REGISTER_SEAL_BYTES;
    // [upn, seals hex, window hex or "" when the seals alone decide]
    const expected = year.seen.map(([upn, window, seals]) => [upn, seals, sealsDecide(window, seals, sealBytes) ? "" : window] as const);
    const [blobLength, marksFrom, marksLength, sealsFrom, sealsLength] = windowArgs(year.lo, year.hi);
    for (const part of chunks(expected, UPN_CHUNK)) {
      const [[same]] = (await queryRaw<[number]>(
        tx,
        `SELECT count(*) FROM (SELECT json_extract(value, '$[0]') AS upn, json_extract(value, '$[1]') AS seal_hex, json_extract(value, '$[2]') AS window_hex FROM json_each(?)) AS w
           JOIN pupil_registers ON pupil_registers.upn = w.upn AND +pupil_registers.school_year = ?
         WHERE ${SEALS_SQL} = w.seal_hex AND CASE WHEN w.window_hex = '' THEN length(marks) = ? ELSE ${MARKS_SQL} = w.window_hex END`,
        [JSON.stringify(part), year.schoolYear, sealsFrom!, sealsLength!, REGISTER_BYTES, blobLength!, marksFrom!, marksLength!],
      )) as [[number]];
      if (Number(same) !== part.length) return false;
    }
    for (const part of chunks(year.absent, UPN_CHUNK)) {
      const [[stored]] = (await queryRaw<[number]>(
        tx,
        `SELECT count(*) FROM pupil_registers WHERE school_year = ? AND upn IN (SELECT value FROM json_each(?))`,
        [year.schoolYear, JSON.stringify(part)],
      )) as [[number]];
      if (Number(stored) !== 0) return false;
    }
  }
  return true;
}

/** Whether a window read as `window` with `seals` (hex, WINDOW_SQL) can be compared by its seals alone (see `preparedMarksHold`). */
function sealsDecide(window: string, seals: string, sealBytes: number): boolean {
  if (window.startsWith("*") || seals.length !== 2 * sealBytes) return false;
  const zero = "0".repeat(2 * REGISTER_SEAL_BYTES);
  for (let at = 0; at < seals.length; at += 2 * REGISTER_SEAL_BYTES) if (seals.startsWith(zero, at)) return false;
  return true;
}

/**
 * Writes what `prepareMarks` worked out, in one transaction (a savepoint inside the caller's): the changed
 * windows spliced into their blobs by SQL and new blobs inserted, in multi-row statements; each amendment to
 * `mark_amendments` with `importId` and `recordedAt`; dates with a possible mark into the calendar
 * (`school_days`), and days that no longer have one out of it. Inside the caller's transaction, only after
 * `preparedMarksHold` (or when prepared inside the same transaction).
 */
export async function writePreparedMarks(db: Db, prepared: PreparedMarks, importId: number, recordedAt: string): Promise<ApplyMarksResult> {
  const ring = auditKeysOf(db);
  return writeTransaction(db, async (tx) => {
    for (const { schoolYear, lo, hi, spliced, whole } of prepared.years) {
      // In pieces of a few hundred pupils, giving the request loop back between them (awaiting libSQL does
      // not): one statement for a school's year of registers held it for a few tenths of a second.
      for (const part of chunks(whole, WRITE_CHUNK)) {
        await insertRows(
          tx,
          "INSERT INTO pupil_registers (upn, school_year, marks, seals, seal_key_id) VALUES",
          part,
          "ON CONFLICT (upn, school_year) DO UPDATE SET marks = excluded.marks, seals = excluded.seals, seal_key_id = excluded.seal_key_id",
        );
        await new Promise((resolve) => setImmediate(resolve));
      }
      // A day's file splices two bytes a pupil: many more pupils go to a statement than for a year's.
      for (const part of chunks(spliced, Math.max(WRITE_CHUNK, Math.floor((WRITE_CHUNK * REGISTER_BYTES) / Math.max(1, hi - lo))))) {
        await execRaw(
          tx,
          // (The + keeps SQLite from scanning the school year's index for each row of the list: the pupil is
          // looked up by the primary key instead.)
          `UPDATE pupil_registers SET marks = unhex(hex(substr(marks, 1, ?)) || w.hex || hex(substr(marks, ?))),
             seals = unhex(hex(substr(coalesce(pupil_registers.seals, zeroblob(?)), 1, ?)) || w.seal_hex || hex(substr(coalesce(pupil_registers.seals, zeroblob(?)), ?))),
             seal_key_id = ?
           FROM (SELECT json_extract(value, '$[0]') AS upn, json_extract(value, '$[1]') AS hex, json_extract(value, '$[2]') AS seal_hex FROM json_each(?)) AS w
           WHERE pupil_registers.upn = w.upn AND +pupil_registers.school_year = ?`,
          [
            lo, hi + 1,
            REGISTER_SEALS_LENGTH, (lo / REGISTER_CHUNK_BYTES) * REGISTER_SEAL_BYTES,
            REGISTER_SEALS_LENGTH, Math.ceil(hi / REGISTER_CHUNK_BYTES) * REGISTER_SEAL_BYTES + 1,
            ring.current.id, JSON.stringify(part), schoolYear,
          ],
        );
        await new Promise((resolve) => setImmediate(resolve));
      }
    }

    const { amendments, possibleDates, lostPossible } = prepared;
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

    return { changedUpns: [...prepared.changedUpns], newDays, removedDays, amendments: [...amendments], unchanged: prepared.unchanged };
  });
}

/**
 * Writes marks into the compact registers, in one transaction: read, change and write back each pupil-year
 * blob once (multi-row statements, no per-row round trips), and of each blob only the bytes between the
 * file's first and last slot in that year (a day's file: two of 732), spliced in by SQL. A mark identical to the stored one is a no-op; a
 * different one replaces it and is recorded in `mark_amendments` with `importId` and `recordedAt`. Dates with
 * a possible mark join the calendar (`school_days`). Rows are applied in order (a later row for the same
 * session wins). Throws RangeError, writing nothing, on an unknown code, a bad date or session. `input` is the
 * rows, or the rows already placed by `placeMarks`. (An import prepares outside its transaction instead:
 * `prepareMarks`, `preparedMarksHold`, `writePreparedMarks`.)
 */
export async function applyMarks(
  db: Db,
  input: readonly MarkInput[] | PlacedMarks,
  importId: number,
  recordedAt: string,
): Promise<ApplyMarksResult> {
  const placed = "byYear" in input ? input : await placeMarks(input);
  // Inside the transaction nobody else writes: what is read is what is written over.
  return writeTransaction(db, async (tx) => writePreparedMarks(tx, await prepareMarks(tx, placed), importId, recordedAt));
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
  /**
   * The calendar as this function would read it for the same `from` and `through` (`schoolCalendar`), when
   * the caller already has it and knows it is current (the server keeps it for a data version:
   * db/readCache.ts); skips reading it again.
   */
  calendar?: SchoolCalendar;
}

/**
 * The calendar `loadRegister` reads: the school days (within `from` / `through`) and what follows the last.
 *
 * Read as one text (not a row a day), and built only when that text or what follows has changed since it was
 * last built (the last few are kept): while an import's day close commits many times a second, every case
 * read in the server found its cached calendar stale and built it again from the same 190 days. Calendars
 * are shared; nobody changes one.
 */
export async function schoolCalendar(db: Db, options: { from?: string; through?: string } = {}): Promise<SchoolCalendar> {
  const [[text, last] = ["[]", null]] = await rawValues<[string, string | null]>(
    db,
    sql`SELECT json_group_array(date), max(date) FROM (
          SELECT date FROM school_days WHERE date >= ${options.from ?? "0000-00-00"} AND date <= ${options.through ?? "9999-99-99"} ORDER BY date)`,
  );
  // What follows the last day (a weekend, a half term…) comes from the term dates: db/termDates.ts.
  const after = await whatFollows(db, last ?? undefined);
  const key = `${after ?? ""}|${text}`;
  let calendar = builtCalendars.get(key);
  if (calendar) {
    // The most recently used last out.
    builtCalendars.delete(key);
  } else {
    calendar = createSchoolCalendar((JSON.parse(text) as string[]).sort(), { after });
    if (builtCalendars.size >= BUILT_CALENDARS) builtCalendars.delete(builtCalendars.keys().next().value!);
  }
  builtCalendars.set(key, calendar);
  return calendar;
}

/** Calendars built by `schoolCalendar`, by what follows and the days' text, least recently used first. */
const builtCalendars = new Map<string, SchoolCalendar>();
const BUILT_CALENDARS = 8;

/** Register rows per page when reading registers. */
const PAGE = 20_000;

/** The byte written as two hex digits at `at` in `hex` (as SQLite's hex() writes it); "no mark" past the end. */
function hexByte(hex: string, at: number): number {
  if (at + 1 >= hex.length) return NO_MARK;
  return (HEX_DIGIT[hex.charCodeAt(at)]! << 4) | HEX_DIGIT[hex.charCodeAt(at + 1)]!;
}

const HEX_DIGIT = (() => {
  const digits = new Uint8Array(128);
  for (let i = 0; i < 16; i++) digits["0123456789ABCDEF".charCodeAt(i)] = i;
  return digits;
})();

/**
 * The register as machines/attendance expects it: the calendar from `school_days` (createSchoolCalendar),
 * UPNs sorted, and each pupil's marks aligned to the calendar's school-day indexes (`2 × day` AM, `+1` PM).
 * Reads page by page, so 100,000 pupils need only their 73 MB of marks in memory at a time.
 */
export async function loadRegister(db: Db, options: LoadRegisterOptions = {}): Promise<Register> {
  const calendar = options.calendar ?? (await schoolCalendar(db, options));
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

  // Only the part of each blob from the first school day's slot to the last's is read, as hex inside one JSON
  // text per page: libSQL builds a JavaScript object and an ArrayBuffer per row, which cost more than the
  // parsing (at 100,000 pupils about 2 s against a few tenths).
  let lo = REGISTER_BYTES;
  let hi = 0;
  for (let d = 0; d < dayCount; d++) {
    lo = Math.min(lo, slotOfDay[d]!);
    hi = Math.max(hi, slotOfDay[d]! + 2);
  }
  const stored = new Map<string, Uint8Array>(); // by UPN, in SQLite's order
  const place = (upn: string, schoolYear: number, hex: string) => {
    let out = stored.get(upn);
    if (!out) stored.set(upn, (out = new Uint8Array(dayCount * 2)));
    for (let d = 0; d < dayCount; d++) {
      if (yearOfDay[d] !== schoolYear) continue;
      const at = 2 * (slotOfDay[d]! - lo);
      out[2 * d] = hexByte(hex, at);
      out[2 * d + 1] = hexByte(hex, at + 2);
    }
  };
  const readPage = async (where: string, args: InValue[]): Promise<[string, number, string][]> => {
    const [[text]] = await queryRaw<[string]>(
      db,
      `SELECT json_group_array(json_array(upn, school_year, hex(substr(marks, ?, ?)))) FROM (
         SELECT upn, school_year, marks FROM pupil_registers WHERE school_year BETWEEN ? AND ? AND ${where})`,
      [lo + 1, Math.max(0, hi - lo), firstYear, lastYear, ...args],
    ) as [[string]];
    return JSON.parse(text) as [string, number, string][];
  };

  if (options.upns) {
    const wanted = [...new Set(options.upns)];
    for (const upn of wanted) stored.set(upn, new Uint8Array(dayCount * 2));
    if (dayCount > 0) {
      for (const part of chunks(wanted, PAGE)) {
        for (const [upn, schoolYear, hex] of await readPage("upn IN (SELECT value FROM json_each(?))", [JSON.stringify(part)])) {
          place(upn, Number(schoolYear), hex);
        }
      }
    }
  } else if (dayCount > 0) {
    // Each school year page by page in UPN order (pupil_registers_year_idx: school_year, upn).
    for (const year of years) {
      for (let after = ""; ; ) {
        const rows = await readPage(`school_year = ? AND upn > ? ORDER BY upn LIMIT ${PAGE}`, [year, after]);
        for (const [upn, schoolYear, hex] of rows) {
          place(upn, Number(schoolYear), hex);
          if (upn > after) after = upn; // json_group_array keeps the subquery's order, but to be sure of the next page
        }
        if (rows.length < PAGE) break;
      }
    }
  }
  const upns = [...stored.keys()].sort();
  const pupilIndex = new Map(upns.map((u, i) => [u, i]));
  const marks = upns.map((u) => stored.get(u)!);
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
