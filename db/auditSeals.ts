/**
 * Seals over the audit trail, kept with a secret outside the database (db/auditKey.ts; ADR 007).
 *
 * The case history's hash chains (db/history.ts) use a public recipe: anyone holding the database file can
 * rewrite a chain and recompute it, or cut its newest entries. What the seals add, each an HMAC-SHA-256 under
 * the audit key:
 *
 * - **Case heads** (`case_heads`): each case's newest entry (seq, hash), sealed as
 *   `"case-head\n" upn "\n" seq "\n" hash`. Written with every append; a chain that ends short of its head, or
 *   with another hash, has lost entries or been rewritten.
 * - **Tallies** (`audit_seals`): rows and max id of `case_history` (and how many cases have a history), of
 *   `access_log`, and the rows and sum of revisions of `cases`, sealed as
 *   `"tally\n" name "\n" rows "\n" maxId "\n" total`. Moved on in the same transaction as the rows they count;
 *   a deleted case, a deleted access-log row or an edited revision leaves a table short of its tally.
 * - **Register chunks** (`pupil_registers.seals`): for each 64-byte chunk of a pupil's marks, the first 32 bytes
 *   of `HMAC("register\n" upn "\n" schoolYear "\n" chunk "\n" ‖ bytes)`. Swapping two pupils' registers or
 *   editing a mark breaks them.
 *
 * A seal is only moved on from one that holds: when the stored seal does not hold (someone changed it), the
 * application leaves it as it is (or, for a register chunk, writes zeros), so its own later writes never
 * launder a tamper. Verification is in `verifyAuditSeals`; checkpoints in `auditCheckpoint`.
 */
import { createHash, createHmac } from "node:crypto";
import type { Client, InValue, Transaction } from "@libsql/client";
import { auditKeysOf, seal, sealHolds, signatureHolds, signText, type AuditKey, type AuditKeyRing } from "./auditKey.ts";
import { canonicalJson } from "./json.ts";
import { chunks, insertRowsOn, queryRaw, rawExecutor, type Db } from "./tx.ts";

type Executor = Pick<Client | Transaction, "execute">;

export const TALLIES = ["case_history", "access_log", "cases"] as const;
export type TallyName = (typeof TALLIES)[number];

export interface Tally {
  readonly rows: number;
  readonly maxId: number;
  readonly total: number;
}

const tallyText = (name: string, t: Tally) => `tally\n${name}\n${t.rows}\n${t.maxId}\n${t.total}`;
export const headText = (upn: string, seq: number, hash: string) => `case-head\n${upn}\n${seq}\n${hash}`;

async function rows<T extends unknown[]>(ex: Executor, text: string, args: InValue[] = []): Promise<T[]> {
  const result = await ex.execute({ sql: text, args });
  return result.rows.map((row) => Array.prototype.slice.call(row) as T);
}

/**
 * Moves a tally on by `delta` (rows and total added; max id raised to `delta.maxId`), inside the caller's
 * transaction. Leaves a missing tally missing and a tally that does not hold as it is.
 */
export async function bumpTallyOn(ex: Executor, ring: AuditKeyRing, name: TallyName, delta: Tally): Promise<void> {
  if (delta.rows === 0 && delta.total === 0 && delta.maxId === 0) return;
  const [row] = await rows<[number, number, number, string, string]>(ex, "SELECT rows, max_id, total, key_id, mac FROM audit_seals WHERE name = ?", [name]);
  if (!row) return;
  const old: Tally = { rows: Number(row[0]), maxId: Number(row[1]), total: Number(row[2]) };
  if (!sealHolds(ring, row[3], tallyText(name, old), row[4])) return;
  const next: Tally = { rows: old.rows + delta.rows, maxId: Math.max(old.maxId, delta.maxId), total: old.total + delta.total };
  await ex.execute({
    sql: "UPDATE audit_seals SET rows = ?, max_id = ?, total = ?, sealed_at = ?, key_id = ?, mac = ? WHERE name = ?",
    args: [next.rows, next.maxId, next.total, new Date().toISOString(), ring.current.id, seal(ring.current, tallyText(name, next)), name],
  });
}

/** `bumpTallyOn` for a drizzle database or transaction. */
export function bumpTally(db: Db, name: TallyName, delta: Tally): Promise<void> {
  return bumpTallyOn(rawExecutor(db), auditKeysOf(db), name, delta);
}

/** Writes sealed heads (inside the caller's transaction). */
export async function writeHeads(db: Db, heads: readonly { upn: string; seq: number; hash: string }[]): Promise<void> {
  const key = auditKeysOf(db).current;
  await insertRowsOn(
    rawExecutor(db),
    "INSERT INTO case_heads (upn, seq, hash, key_id, mac) VALUES",
    heads.map((h) => [h.upn, h.seq, h.hash, key.id, seal(key, headText(h.upn, h.seq, h.hash))]),
    "ON CONFLICT (upn) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, key_id = excluded.key_id, mac = excluded.mac",
  );
}

// ---------------------------------------------------------------------------------------------------------
// Register chunks

export const REGISTER_CHUNK_BYTES = 64;
/** The seal of one chunk. */
export const REGISTER_SEAL_BYTES = 32;
const MAC_BYTES = REGISTER_SEAL_BYTES;
/** The seals of a whole register blob (732 bytes: 12 chunks). */
export const REGISTER_SEALS_LENGTH = Math.ceil(732 / REGISTER_CHUNK_BYTES) * REGISTER_SEAL_BYTES;

const chunkHeader = (upn: string, schoolYear: number, chunk: number) => `register\n${upn}\n${schoolYear}\n${chunk}\n`;

/** The seal of one chunk of a pupil's register blob (32 bytes). */
export function registerChunkMac(key: AuditKey, upn: string, schoolYear: number, chunk: number, bytes: Uint8Array): Buffer {
  return createHmac("sha256", key.hmacKey).update(chunkHeader(upn, schoolYear, chunk)).update(bytes).digest();
}

/** Whether a chunk's stored seal holds under any key of the ring (the current one first). */
export function registerChunkHolds(ring: AuditKeyRing, upn: string, schoolYear: number, chunk: number, bytes: Uint8Array, mac: Uint8Array): boolean {
  if (mac.length !== MAC_BYTES) return false;
  if (registerChunkMac(ring.current, upn, schoolYear, chunk, bytes).equals(mac)) return true;
  for (const key of ring.keys.values()) if (key !== ring.current && registerChunkMac(key, upn, schoolYear, chunk, bytes).equals(mac)) return true;
  return false;
}

/**
 * New seals for chunks `firstChunk…` of a register being written, given its bytes from `firstChunk × 64` (`after`)
 * and, for a register already stored, the same bytes before (`before`) with their stored seals (`oldSeals`, 32
 * bytes per chunk; null when none were stored). A chunk whose bytes are unchanged keeps its seal; a changed
 * chunk is sealed anew only if its old seal held; otherwise it gets zeros, which never hold.
 */
export function resealChunks(
  ring: AuditKeyRing,
  upn: string,
  schoolYear: number,
  firstChunk: number,
  after: Uint8Array,
  before: Uint8Array | null,
  oldSeals: Uint8Array | null,
): Buffer {
  const count = Math.ceil(after.length / REGISTER_CHUNK_BYTES);
  const out = Buffer.alloc(count * MAC_BYTES);
  for (let c = 0; c < count; c++) {
    const from = c * REGISTER_CHUNK_BYTES;
    const bytes = after.subarray(from, from + REGISTER_CHUNK_BYTES);
    const chunk = firstChunk + c;
    if (before) {
      const old = before.subarray(from, from + REGISTER_CHUNK_BYTES);
      const oldMac = oldSeals ? oldSeals.subarray(c * MAC_BYTES, (c + 1) * MAC_BYTES) : null;
      if (!oldMac || !registerChunkHolds(ring, upn, schoolYear, chunk, old, oldMac)) continue; // zeros
      if (Buffer.compare(old, bytes) === 0) {
        out.set(oldMac, c * MAC_BYTES);
        continue;
      }
    }
    out.set(registerChunkMac(ring.current, upn, schoolYear, chunk, bytes), c * MAC_BYTES);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Sealing a database the first time

async function actualTally(ex: Executor, name: TallyName): Promise<Tally> {
  const query =
    name === "case_history"
      ? "SELECT count(*), coalesce(max(id), 0), count(DISTINCT upn) FROM case_history"
      : name === "access_log"
        ? "SELECT count(*), coalesce(max(id), 0), 0 FROM access_log"
        : "SELECT count(*), 0, coalesce(sum(revision), 0) FROM cases";
  const [[r, m, t]] = (await rows<[number, number, number]>(ex, query)) as [[number, number, number]];
  return { rows: Number(r), maxId: Number(m), total: Number(t) };
}

/**
 * Seals a database that has no seals yet, as it stands (trust on first use): when its key was made by this
 * open, or when it holds no history yet. Otherwise (the seals were deleted, or the database moved to a key that
 * did not seal it) nothing is sealed, and verification reports the seals missing. Returns whether it sealed.
 */
export async function adoptAuditSeals(client: Client, ring: AuditKeyRing, options: { force?: boolean } = {}): Promise<boolean> {
  const tx = await client.transaction("write");
  try {
    const [[n]] = (await rows<[number]>(tx, "SELECT count(*) FROM audit_seals")) as [[number]];
    const [[historyRows]] = (await rows<[number]>(tx, "SELECT count(*) FROM case_history")) as [[number]];
    if (Number(n) > 0 || !(options.force || ring.created || Number(historyRows) === 0)) {
      await tx.rollback();
      return false;
    }
    const key = ring.current;
    const now = new Date().toISOString();
    for (const name of TALLIES) {
      const t = await actualTally(tx, name);
      await tx.execute({ sql: "INSERT INTO audit_seals (name, rows, max_id, total, sealed_at, key_id, mac) VALUES (?, ?, ?, ?, ?, ?, ?)", args: [name, t.rows, t.maxId, t.total, now, key.id, seal(key, tallyText(name, t))] });
    }
    const heads = await rows<[string, number, string]>(
      tx,
      `SELECT h.upn, h.seq, h.hash FROM (SELECT upn, max(seq) AS seq FROM case_history GROUP BY upn) AS l
         JOIN case_history AS h ON h.upn = l.upn AND h.seq = l.seq`,
    );
    await insertRowsOn(
      tx,
      "INSERT INTO case_heads (upn, seq, hash, key_id, mac) VALUES",
      heads.map(([upn, seq, hash]) => [upn, Number(seq), hash, key.id, seal(key, headText(upn, Number(seq), hash))]),
      "ON CONFLICT (upn) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, key_id = excluded.key_id, mac = excluded.mac",
    );
    for (let after: [string, number] = ["", -1]; ; ) {
      const page = await rows<[string, number, ArrayBuffer]>(tx, "SELECT upn, school_year, marks FROM pupil_registers WHERE (upn, school_year) > (?, ?) ORDER BY upn, school_year LIMIT 5000", after);
      if (page.length === 0) break;
      const sealed: [string, number, Buffer][] = page.map(([upn, year, marks]) => [upn, Number(year), resealChunks(ring, upn, Number(year), 0, new Uint8Array(marks), null, null)]);
      for (const part of chunks(sealed, 1000)) {
        await tx.execute({
          sql: `UPDATE pupil_registers SET seals = unhex(w.seals), seal_key_id = ? FROM (SELECT json_extract(value, '$[0]') AS upn,
                  json_extract(value, '$[1]') AS school_year, json_extract(value, '$[2]') AS seals FROM json_each(?)) AS w
                WHERE pupil_registers.upn = w.upn AND pupil_registers.school_year = w.school_year`,
          args: [key.id, JSON.stringify(part.map(([u, y, s]) => [u, y, s.toString("hex")]))],
        });
      }
      const last = page[page.length - 1]!;
      after = [last[0], Number(last[1])];
    }
    await tx.commit();
    return true;
  } catch (error) {
    await tx.rollback();
    throw error;
  } finally {
    tx.close();
  }
}

// ---------------------------------------------------------------------------------------------------------
// Verification

export interface BrokenThing {
  /** What is broken, in words an auditor can act on (no personal data beyond the UPN). */
  readonly what: string;
  readonly upn?: string;
  readonly seq?: number;
}

export interface SealCheck {
  readonly ok: boolean;
  /** How many things were checked (cases, chunks, tallies). */
  readonly checked: number;
  /** The first broken thing (in order of UPN), or null. */
  readonly firstBroken: BrokenThing | null;
  /** How many broken things were found. */
  readonly broken: number;
}

function collector() {
  let first: BrokenThing | null = null;
  let broken = 0;
  let checked = 0;
  return {
    check: () => void checked++,
    fail: (b: BrokenThing) => {
      broken++;
      first ??= b;
    },
    result: (): SealCheck => ({ ok: broken === 0, checked, firstBroken: first, broken }),
  };
}

/** Each case's chain against its sealed head. */
export async function verifyCaseHeads(db: Db, options: { upn?: string } = {}): Promise<SealCheck> {
  const ring = auditKeysOf(db);
  const c = collector();
  const list = await queryRaw<[string, number | null, string | null, number | null, string | null, string | null, string | null]>(
    db,
    `WITH last AS (SELECT upn, max(seq) AS seq FROM case_history GROUP BY upn)
     SELECT u.upn, l.seq, h.hash, k.seq, k.hash, k.key_id, k.mac
     FROM (SELECT upn FROM last UNION SELECT upn FROM case_heads) AS u
     LEFT JOIN last AS l ON l.upn = u.upn
     LEFT JOIN case_history AS h ON h.upn = l.upn AND h.seq = l.seq
     LEFT JOIN case_heads AS k ON k.upn = u.upn
     ${options.upn !== undefined ? "WHERE u.upn = ?" : ""}
     ORDER BY u.upn`,
    options.upn !== undefined ? [options.upn] : [],
  );
  for (const [upn, seqRaw, hash, headSeqRaw, headHash, keyId, mac] of list) {
    c.check();
    const seq = seqRaw === null ? null : Number(seqRaw);
    const headSeq = headSeqRaw === null ? null : Number(headSeqRaw);
    if (headSeq === null) {
      c.fail({ upn, seq: seq ?? 0, what: `case ${upn}: its history (${seq} entries) has no sealed head: written behind the application's back, or its head deleted` });
    } else if (!sealHolds(ring, keyId, headText(upn, headSeq, headHash ?? ""), mac)) {
      c.fail({ upn, seq: headSeq, what: `case ${upn}: its sealed head does not hold (edited, or sealed with a key this server does not hold: ${keyId})` });
    } else if (seq === null) {
      c.fail({ upn, seq: 1, what: `case ${upn}: its whole history is deleted (the sealed head is entry ${headSeq})` });
    } else if (seq < headSeq) {
      c.fail({ upn, seq: seq + 1, what: `case ${upn}: entries ${seq + 1}${headSeq > seq + 1 ? `–${headSeq}` : ""} deleted (the history ends at ${seq}, its sealed head is ${headSeq})` });
    } else if (seq > headSeq) {
      c.fail({ upn, seq: headSeq + 1, what: `case ${upn}: entries after its sealed head (${headSeq}) were written behind the application's back, or follow a tampered head` });
    } else if (hash !== headHash) {
      c.fail({ upn, seq, what: `case ${upn}: the chain was rewritten: entry ${seq}'s hash is not its sealed head's` });
    }
  }
  return c.result();
}

const TABLE_OF: Record<TallyName, string> = { case_history: "case_history", access_log: "access_log", cases: "cases" };

/** The first ids missing between 1 and `through` in an AUTOINCREMENT table (for naming deleted rows). */
async function firstGap(db: Db, table: string, through: number): Promise<[number, number] | null> {
  const [first] = await queryRaw<[number | null]>(db, `SELECT min(id) FROM ${table} WHERE id <= ?`, [through]);
  const min = first?.[0] === null || first?.[0] === undefined ? null : Number(first[0]);
  if (min === null) return through >= 1 ? [1, through] : null;
  if (min > 1) return [1, min - 1];
  const [gap] = await queryRaw<[number, number]>(
    db,
    `SELECT id, next FROM (SELECT id, lead(id) OVER (ORDER BY id) AS next FROM ${table} WHERE id <= ?) WHERE next > id + 1 LIMIT 1`,
    [through],
  );
  if (gap) return [Number(gap[0]) + 1, Number(gap[1]) - 1];
  const [[max]] = (await queryRaw<[number]>(db, `SELECT coalesce(max(id), 0) FROM ${table} WHERE id <= ?`, [through])) as [[number]];
  return Number(max) < through ? [Number(max) + 1, through] : null;
}

const range = ([a, b]: [number, number]) => (a === b ? `id ${a}` : `ids ${a}–${b}`);

/** One table against its sealed tally. */
export async function verifyTally(db: Db, name: TallyName): Promise<SealCheck> {
  const ring = auditKeysOf(db);
  const c = collector();
  c.check();
  const [row] = await queryRaw<[number, number, number, string, string]>(db, "SELECT rows, max_id, total, key_id, mac FROM audit_seals WHERE name = ?", [name]);
  if (!row) {
    c.fail({ what: `${name}: its sealed tally is missing (deleted, or this database was never sealed)` });
    return c.result();
  }
  const sealed: Tally = { rows: Number(row[0]), maxId: Number(row[1]), total: Number(row[2]) };
  if (!sealHolds(ring, row[3], tallyText(name, sealed), row[4])) {
    c.fail({ what: `${name}: its sealed tally does not hold (edited, or sealed with a key this server does not hold: ${row[3]})` });
    return c.result();
  }
  const actual = await actualTally(rawExecutor(db), name);
  const table = TABLE_OF[name];
  if (name === "cases") {
    if (actual.rows < sealed.rows) c.fail({ what: `cases: ${sealed.rows - actual.rows} case row(s) deleted (${actual.rows} of the ${sealed.rows} sealed)` });
    else if (actual.rows > sealed.rows) c.fail({ what: `cases: ${actual.rows - sealed.rows} case row(s) added behind the application's back` });
    else if (actual.total !== sealed.total) {
      // Name a case whose revision is below what its own history says it reached, when there is one.
      const [low] = await queryRaw<[string, number, number]>(
        db,
        `SELECT c.upn, c.revision, h.revision_after FROM cases AS c
           JOIN (SELECT upn, max(seq) AS seq FROM case_history GROUP BY upn) AS l ON l.upn = c.upn
           JOIN case_history AS h ON h.upn = l.upn AND h.seq = l.seq
          WHERE c.revision < h.revision_after ORDER BY c.upn LIMIT 1`,
      );
      c.fail(
        low
          ? { upn: low[0], what: `cases.revision edited: case ${low[0]} is at revision ${low[1]}, below its history's ${low[2]}` }
          : { what: `cases.revision edited: the revisions add up to ${actual.total}, the sealed tally says ${sealed.total}` },
      );
    }
    return c.result();
  }
  if (actual.rows !== sealed.rows || actual.maxId !== sealed.maxId || (name === "case_history" && actual.total !== sealed.total)) {
    if (actual.rows < sealed.rows || actual.maxId < sealed.maxId) {
      const gap = await firstGap(db, table, sealed.maxId);
      const missing = sealed.rows - actual.rows;
      const cases = name === "case_history" && actual.total < sealed.total ? `, ${sealed.total - actual.total} case(s) have no history left` : "";
      c.fail({ what: `${name}: ${missing} row(s) deleted${gap ? `, first ${range(gap)}` : ""} (${actual.rows} of the ${sealed.rows} sealed, through id ${sealed.maxId})${cases}` });
    } else if (name === "case_history" && actual.total !== sealed.total) {
      c.fail({ what: `case_history: ${sealed.total} cases have a sealed history, ${actual.total} have one now: a case's history was deleted and opened again` });
    } else {
      c.fail({ what: `${name}: ${actual.rows - sealed.rows} row(s) written behind the application's back (${actual.rows}, sealed ${sealed.rows}, max id ${actual.maxId}, sealed ${sealed.maxId})` });
    }
  }
  return c.result();
}

/** Every register chunk against its seal. */
export async function verifyRegisterSeals(db: Db, options: { upn?: string } = {}): Promise<SealCheck> {
  const ring = auditKeysOf(db);
  const c = collector();
  for (let after: [string, number] = ["", -1]; ; ) {
    const page = await queryRaw<[string, number, ArrayBuffer, ArrayBuffer | null]>(
      db,
      `SELECT upn, school_year, marks, seals FROM pupil_registers WHERE (upn, school_year) > (?, ?)${options.upn !== undefined ? " AND upn = ?" : ""}
       ORDER BY upn, school_year LIMIT 5000`,
      options.upn !== undefined ? [...after, options.upn] : after,
    );
    if (page.length === 0) break;
    for (const [upn, yearRaw, marksRaw, sealsRaw] of page) {
      const year = Number(yearRaw);
      const marks = new Uint8Array(marksRaw);
      const seals = sealsRaw ? new Uint8Array(sealsRaw) : null;
      const count = Math.ceil(marks.length / REGISTER_CHUNK_BYTES);
      for (let k = 0; k < count; k++) {
        c.check();
        const mac = seals?.subarray(k * MAC_BYTES, (k + 1) * MAC_BYTES);
        if (!mac || !registerChunkHolds(ring, upn, year, k, marks.subarray(k * REGISTER_CHUNK_BYTES, (k + 1) * REGISTER_CHUNK_BYTES), mac)) {
          const from = new Date(Date.UTC(year, 8, 1) + ((k * REGISTER_CHUNK_BYTES) >> 1) * 86_400_000).toISOString().slice(0, 10);
          c.fail({ upn, what: `register of ${upn}, school year ${year}/${(year + 1) % 100}: the marks from ${from} (chunk ${k}) do not match their seal: edited, swapped or copied from another pupil` });
          break;
        }
      }
    }
    const last = page[page.length - 1]!;
    after = [last[0], Number(last[1])];
  }
  return c.result();
}

// ---------------------------------------------------------------------------------------------------------
// Checkpoints

export interface CheckpointBody {
  readonly kind: "rollcall-audit-checkpoint";
  readonly version: 1;
  readonly at: string;
  readonly keyId: string;
  /** The Ed25519 public key (base64 SPKI DER) that signed it. */
  readonly publicKey: string;
  /** The case history through `maxId`: entries, cases, and the SHA-256 over every case's head then. */
  readonly history: { readonly maxId: number; readonly entries: number; readonly cases: number; readonly root: string };
  readonly accessLog: { readonly maxId: number; readonly rows: number };
}

export interface Checkpoint extends CheckpointBody {
  /** Ed25519 over the canonical JSON of the rest. */
  readonly signature: string;
}

/** The history as it stood through `maxId`: entries, cases and the root over each case's last entry then. */
async function historyThrough(db: Db, maxId: number): Promise<{ entries: number; cases: number; root: string }> {
  const heads = await queryRaw<[string, number, string, number]>(
    db,
    `WITH l AS (SELECT upn, max(seq) AS seq, count(*) AS n FROM case_history WHERE id <= ? GROUP BY upn)
     SELECT l.upn, l.seq, h.hash, l.n FROM l JOIN case_history AS h ON h.upn = l.upn AND h.seq = l.seq ORDER BY l.upn`,
    [maxId],
  );
  const digest = createHash("sha256");
  let entries = 0;
  for (const [upn, seq, hash, n] of heads) {
    digest.update(`${upn} ${Number(seq)} ${hash}\n`);
    entries += Number(n);
  }
  return { entries, cases: heads.length, root: digest.digest("hex") };
}

/** A signed checkpoint of the audit trail as it stands. */
export async function auditCheckpoint(db: Db): Promise<Checkpoint> {
  const ring = auditKeysOf(db);
  const [[hMax]] = (await queryRaw<[number]>(db, "SELECT coalesce(max(id), 0) FROM case_history")) as [[number]];
  const [[aMax, aRows]] = (await queryRaw<[number, number]>(db, "SELECT coalesce(max(id), 0), count(*) FROM access_log")) as [[number, number]];
  const history = { maxId: Number(hMax), ...(await historyThrough(db, Number(hMax))) };
  const body: CheckpointBody = {
    kind: "rollcall-audit-checkpoint",
    version: 1,
    at: new Date().toISOString(),
    keyId: ring.current.id,
    publicKey: ring.current.publicKeyBase64,
    history,
    accessLog: { maxId: Number(aMax), rows: Number(aRows) },
  };
  return { ...body, signature: signText(ring.current, canonicalJson(body)) };
}

export interface CheckpointCheck {
  /** True when the checkpoint is signed by a key this server holds and today's trail extends it. */
  readonly extends: boolean;
  readonly signatureValid: boolean;
  readonly keyKnown: boolean;
  readonly problems: string[];
}

/** Whether today's audit trail extends an earlier checkpoint: nothing it covered removed or changed. */
export async function checkCheckpoint(db: Db, checkpoint: Checkpoint): Promise<CheckpointCheck> {
  const ring = auditKeysOf(db);
  const problems: string[] = [];
  const { signature, ...body } = checkpoint;
  const signatureValid = typeof signature === "string" && typeof body.publicKey === "string" && signatureHolds(body.publicKey, canonicalJson(body), signature);
  const keyKnown = [...ring.keys.values()].some((k) => k.publicKeyBase64 === body.publicKey && k.id === body.keyId);
  if (!signatureValid) problems.push("the checkpoint's signature does not hold: it was altered, or not made by Rollcall");
  if (!keyKnown) problems.push(`the checkpoint was signed with key ${String(body.keyId)}, which this server does not hold`);
  const history = body.history;
  if (!history || typeof history.maxId !== "number") problems.push("not a checkpoint: no history");
  else {
    const now = await historyThrough(db, history.maxId);
    if (now.entries !== history.entries) problems.push(`case_history: ${history.entries} entries through id ${history.maxId} at the checkpoint, ${now.entries} now`);
    if (now.cases !== history.cases) problems.push(`case_history: ${history.cases} cases at the checkpoint, ${now.cases} of them now`);
    if (now.root !== history.root) problems.push("case_history: the entries the checkpoint covers were changed or removed (their heads' root differs)");
  }
  const access = body.accessLog;
  if (access && typeof access.maxId === "number") {
    const [[n]] = (await queryRaw<[number]>(db, "SELECT count(*) FROM access_log WHERE id <= ?", [access.maxId])) as [[number]];
    if (Number(n) !== access.rows) problems.push(`access_log: ${access.rows} rows through id ${access.maxId} at the checkpoint, ${Number(n)} now`);
  }
  return { extends: problems.length === 0, signatureValid, keyKnown, problems };
}
