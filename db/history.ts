import { createHash } from "node:crypto";
import { asc, eq, sql, type SQL } from "drizzle-orm";
import { auditKeysOf, sealHolds } from "./auditKey.ts";
import { bumpTally, headText, writeHeads } from "./auditSeals.ts";
import { canonicalJson, parseJson } from "./json.ts";
import { caseHistory as historyTable } from "./schema.ts";
import { chunks, insertRows, queryRaw, writeTransaction, type Db } from "./tx.ts";

/**
 * A case's history is append-only (triggers refuse UPDATE and DELETE) and hash-chained, per case, so that
 * a change made behind the application's back (editing the file, dropping the triggers) is detected.
 *
 * The recipe, for entry `seq` of pupil `upn`:
 *
 *   hash = hex( SHA-256( UTF-8( prev_hash + canonicalJson(record) ) ) )
 *
 * - `prev_hash` is the `hash` of entry `seq - 1` of the same case; for `seq` 1 it is GENESIS_HASH, 64 zeros.
 * - `record` is the object with exactly these 15 keys (columns in brackets):
 *   upn, seq, schoolDate (school_date), recordedAt (recorded_at), actor, eventType (event_type),
 *   event (the JSON value of `event`), fromState (from_state), toState (to_state), rule (string or null),
 *   reason (string or null), tasks (the JSON value of `tasks`), policyId (policy_id),
 *   policyVersion (policy_version, a number), revisionAfter (revision_after, a number).
 * - canonicalJson (db/json.ts): JSON with no whitespace and object keys sorted by UTF-16 code units at every
 *   level, numbers and strings as JSON.stringify writes them (RFC 8785 / JCS for these values).
 * - `event` and `tasks` are stored as their canonical JSON text, so the stored text is exactly what is hashed.
 *
 * Seqs run 1, 2, 3… per case with no gaps; verifyHistoryChains also checks that and each prev_hash link.
 */
export const GENESIS_HASH = "0".repeat(64);

export interface HistoryEntryInput {
  /** The school date the event belongs to (YYYY-MM-DD). */
  schoolDate: string;
  /** When it was recorded (ISO instant). */
  recordedAt: string;
  /** Username, or `system` for the daily close. */
  actor: string;
  eventType: string;
  /** The whole event as sent to the machine, with its metrics and payload. */
  event: unknown;
  fromState: string;
  toState: string;
  rule?: string | null;
  reason?: string | null;
  /** Tasks the step produced. */
  tasks: readonly unknown[];
  policyId: string;
  policyVersion: number;
  /** The case's revision after this step. */
  revisionAfter: number;
}

export interface HistoryEntry {
  id: number;
  upn: string;
  seq: number;
  schoolDate: string;
  recordedAt: string;
  actor: string;
  eventType: string;
  event: unknown;
  fromState: string;
  toState: string;
  rule: string | null;
  reason: string | null;
  tasks: unknown[];
  policyId: string;
  policyVersion: number;
  revisionAfter: number;
  prevHash: string;
  hash: string;
}

type HashedFields = Omit<HistoryEntry, "id" | "prevHash" | "hash">;

/** The hash of one entry (the recipe above). */
export function historyHash(prevHash: string, entry: HashedFields): string {
  const record = {
    upn: entry.upn,
    seq: entry.seq,
    schoolDate: entry.schoolDate,
    recordedAt: entry.recordedAt,
    actor: entry.actor,
    eventType: entry.eventType,
    event: entry.event,
    fromState: entry.fromState,
    toState: entry.toState,
    rule: entry.rule,
    reason: entry.reason,
    tasks: entry.tasks,
    policyId: entry.policyId,
    policyVersion: entry.policyVersion,
    revisionAfter: entry.revisionAfter,
  };
  return createHash("sha256").update(prevHash + canonicalJson(record), "utf8").digest("hex");
}

/** The record's keys in canonical order (UTF-16 code units), as canonicalJson writes them. */
const RECORD_KEYS = [
  "upn", "seq", "schoolDate", "recordedAt", "actor", "eventType", "event", "fromState", "toState", "rule", "reason",
  "tasks", "policyId", "policyVersion", "revisionAfter",
].sort() as readonly (keyof HashedFields)[];

/**
 * `historyHash` when the canonical texts of `event` and `tasks` are already known (as appendHistory stores them):
 * the record's canonical JSON is put together around them instead of writing them again. Gives exactly
 * historyHash's result (a test checks).
 */
export function historyHashOfTexts(prevHash: string, entry: HashedFields, eventText: string, tasksText: string): string {
  const members: string[] = [];
  for (const key of RECORD_KEYS) {
    const text = key === "event" ? eventText : key === "tasks" ? tasksText : entry[key] === undefined ? undefined : canonicalJson(entry[key]);
    if (text !== undefined) members.push(`${JSON.stringify(key)}:${text}`);
  }
  return createHash("sha256").update(`${prevHash}{${members.join(",")}}`, "utf8").digest("hex");
}

/**
 * Appends entries to a case's history (in one transaction, after its last entry) and returns them as stored.
 * Run it in the same transaction as the case update it records.
 */
export async function appendHistory(db: Db, upn: string, entries: readonly HistoryEntryInput[]): Promise<HistoryEntry[]> {
  if (entries.length === 0) return [];
  return (await appendHistories(db, [{ upn, entries }])).get(upn) ?? [];
}

/** Cases per lookup of the last links. */
const LAST_LINKS_CHUNK = 5_000;

/**
 * `appendHistory` for many cases at once, in one transaction: one query for every case's last link, the
 * chains extended exactly as the recipe above says, and multi-row INSERTs. Returns each case's entries as
 * stored. A UPN given twice has its lists appended in the order given.
 */
export async function appendHistories(
  db: Db,
  cases: readonly { upn: string; entries: readonly HistoryEntryInput[] }[],
): Promise<Map<string, HistoryEntry[]>>;
/** With `{ links: true }`: only each stored entry's id and seq, in order (the entries are not read back). */
export async function appendHistories(
  db: Db,
  cases: readonly { upn: string; entries: readonly HistoryEntryInput[] }[],
  options: { links: true },
): Promise<Map<string, { id: number; seq: number }[]>>;
export async function appendHistories(
  db: Db,
  cases: readonly { upn: string; entries: readonly HistoryEntryInput[] }[],
  options: { links?: boolean } = {},
): Promise<Map<string, HistoryEntry[]> | Map<string, { id: number; seq: number }[]>> {
  const out = new Map<string, (HistoryEntry | { id: number; seq: number })[]>();
  const wanted = cases.filter((c) => c.entries.length > 0);
  if (wanted.length === 0) return out;
  return writeTransaction(db, async (tx) => {
    const last = new Map<string, { seq: number; hash: string }>();
    // Each case's sealed head (db/auditSeals.ts), read with its last link: the head moves on only from a head
    // that holds and matches the chain's end, so a tamper is never laundered by the next append.
    const heads = new Map<string, { seq: number; hash: string; keyId: string; mac: string }>();
    for (const part of chunks([...new Set(wanted.map((c) => c.upn))], LAST_LINKS_CHUNK)) {
      const rows = await queryRaw<[string, number | null, string | null, number | null, string | null, string | null, string | null]>(
        tx,
        `SELECT w.value, h.seq, h.hash, k.seq, k.hash, k.key_id, k.mac FROM json_each(?) AS w
           LEFT JOIN case_history AS h ON h.upn = w.value
            AND h.seq = (SELECT max(seq) FROM case_history WHERE upn = w.value)
           LEFT JOIN case_heads AS k ON k.upn = w.value`,
        [JSON.stringify(part)],
      );
      for (const [upn, seq, hash, headSeq, headHash, keyId, mac] of rows) {
        if (seq !== null && hash !== null) last.set(upn, { seq: Number(seq), hash });
        if (headSeq !== null) heads.set(upn, { seq: Number(headSeq), hash: headHash!, keyId: keyId!, mac: mac! });
      }
    }
    const ring = auditKeysOf(tx);
    const headHolds = (upn: string): boolean => {
      const link = last.get(upn);
      const head = heads.get(upn);
      if (!link && !head) return true; // a new case
      return !!link && !!head && head.seq === link.seq && head.hash === link.hash && sealHolds(ring, head.keyId, headText(upn, head.seq, head.hash), head.mac);
    };
    const movesHead = new Map(wanted.map((c) => [c.upn, headHolds(c.upn)]));
    const newCases = [...movesHead.keys()].filter((upn) => !last.has(upn)).length;
    const stored: (HashedFields & { prevHash: string; hash: string; eventText: string; tasksText: string })[] = [];
    for (const { upn, entries } of wanted) {
      const link = last.get(upn);
      let seq = link?.seq ?? 0;
      let prevHash = link?.hash ?? GENESIS_HASH;
      for (const e of entries) {
        // Hash what will be read back: the canonical text, parsed.
        const eventText = canonicalJson(e.event ?? null);
        const tasksText = canonicalJson(e.tasks);
        // Returned as read back: the canonical text, parsed (not needed for the hash, which is taken over the
        // canonical texts themselves).
        const fields: HashedFields = {
          upn,
          seq: ++seq,
          schoolDate: e.schoolDate,
          recordedAt: e.recordedAt,
          actor: e.actor,
          eventType: e.eventType,
          event: options.links ? null : JSON.parse(eventText),
          fromState: e.fromState,
          toState: e.toState,
          rule: e.rule ?? null,
          reason: e.reason ?? null,
          tasks: options.links ? [] : (JSON.parse(tasksText) as unknown[]),
          policyId: e.policyId,
          policyVersion: e.policyVersion,
          revisionAfter: e.revisionAfter,
        };
        const hash = historyHashOfTexts(prevHash, fields, eventText, tasksText);
        stored.push({ ...fields, prevHash, hash, eventText, tasksText });
        prevHash = hash;
      }
      last.set(upn, { seq, hash: prevHash });
    }
    const returned = await insertRows<[number, string, number]>(
      tx,
      `INSERT INTO case_history (upn, seq, school_date, recorded_at, actor, event_type, event, from_state, to_state,
         rule, reason, tasks, policy_id, policy_version, revision_after, prev_hash, hash) VALUES`,
      stored.map((s) => [
        s.upn, s.seq, s.schoolDate, s.recordedAt, s.actor, s.eventType, s.eventText, s.fromState, s.toState,
        s.rule, s.reason, s.tasksText, s.policyId, s.policyVersion, s.revisionAfter, s.prevHash, s.hash,
      ]),
      "RETURNING id, upn, seq",
    );
    await writeHeads(tx, [...last].filter(([upn]) => movesHead.get(upn)).map(([upn, l]) => ({ upn, seq: l.seq, hash: l.hash })));
    let maxId = 0;
    for (const [id] of returned) maxId = Math.max(maxId, Number(id));
    await bumpTally(tx, "case_history", { rows: stored.length, maxId, total: newCases });
    // RETURNING gives rows in no particular order.
    const idOf = new Map(returned.map(([id, upn, seq]) => [`${upn}\u0000${Number(seq)}`, Number(id)]));
    for (const { eventText: _e, tasksText: _t, ...s } of stored) {
      let list = out.get(s.upn);
      if (!list) out.set(s.upn, (list = []));
      const id = idOf.get(`${s.upn}\u0000${s.seq}`)!;
      list.push(options.links ? { id, seq: s.seq } : { id, ...s });
    }
    return out as Map<string, HistoryEntry[]>;
  });
}

type HistoryRow = typeof historyTable.$inferSelect;

function toEntry(row: HistoryRow): HistoryEntry {
  return {
    id: row.id,
    upn: row.upn,
    seq: row.seq,
    schoolDate: row.schoolDate,
    recordedAt: row.recordedAt,
    actor: row.actor,
    eventType: row.eventType,
    event: parseJson(row.event, "history event"),
    fromState: row.fromState,
    toState: row.toState,
    rule: row.rule,
    reason: row.reason,
    tasks: parseJson(row.tasks, "history tasks") as unknown[],
    policyId: row.policyId,
    policyVersion: row.policyVersion,
    revisionAfter: row.revisionAfter,
    prevHash: row.prevHash,
    hash: row.hash,
  };
}

/** One case's history, oldest first. */
export async function caseHistory(db: Db, upn: string): Promise<HistoryEntry[]> {
  const rows = await db.select().from(historyTable).where(eq(historyTable.upn, upn)).orderBy(asc(historyTable.seq));
  return rows.map(toEntry);
}

export interface ChainCheck {
  ok: boolean;
  /** Entries checked. */
  checked: number;
  /** The first broken entry, in order of UPN then seq. */
  firstBrokenAt: { upn: string; seq: number } | null;
  /** The first broken entry of each broken case. */
  broken: { upn: string; seq: number }[];
}

const VERIFY_PAGE = 5_000;

/**
 * Recomputes every hash, case by case in order of seq, reading page by page. An entry is broken when its
 * hash is not the recipe's, its prev_hash is not the previous entry's hash (GENESIS_HASH for the first), its
 * seq is not the next number, or its JSON does not parse. Only the first break of a case is reported (the
 * entries after it are checked against their own stored predecessors, so a rewritten tail does not hide).
 * A case with `upn` checks one case.
 */
export async function verifyHistoryChains(db: Db, options: { upn?: string } = {}): Promise<ChainCheck> {
  let checked = 0;
  const broken: { upn: string; seq: number }[] = [];
  let currentUpn: string | null = null;
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let caseBroken = false;
  let after: { upn: string; seq: number } | null = null;
  for (;;) {
    const conditions: SQL[] = [
      options.upn !== undefined ? sql`${historyTable.upn} = ${options.upn}` : undefined,
      after ? sql`(${historyTable.upn}, ${historyTable.seq}) > (${after.upn}, ${after.seq})` : undefined,
    ].filter((c): c is SQL => c !== undefined);
    const rows: HistoryRow[] = await db
      .select()
      .from(historyTable)
      .where(conditions.length ? sql.join(conditions, sql` AND `) : undefined)
      .orderBy(asc(historyTable.upn), asc(historyTable.seq))
      .limit(VERIFY_PAGE);
    for (const row of rows) {
      if (row.upn !== currentUpn) {
        currentUpn = row.upn;
        expectedSeq = 1;
        prevHash = GENESIS_HASH;
        caseBroken = false;
      }
      checked++;
      let good = row.seq === expectedSeq && row.prevHash === prevHash;
      if (good) {
        try {
          good = historyHash(prevHash, toEntry(row)) === row.hash;
        } catch {
          good = false;
        }
      }
      if (!good && !caseBroken) {
        broken.push({ upn: row.upn, seq: row.seq });
        caseBroken = true;
      }
      expectedSeq = row.seq + 1;
      prevHash = row.hash;
    }
    if (rows.length < VERIFY_PAGE) break;
    const last: HistoryRow = rows[rows.length - 1]!;
    after = { upn: last.upn, seq: last.seq };
  }
  return { ok: broken.length === 0, checked, firstBrokenAt: broken[0] ?? null, broken };
}
