/**
 * Group commit for the access log.
 *
 * Every read of a named pupil writes an access-log row, and the response must not go out before that row is
 * committed (an auditor must never miss a read: no buffering that a crash could lose). Written one by one,
 * each row is a write of its own, queued behind every other writer of the process (db/tx.ts), so under load
 * the reads wait on each other's commits, and all of them on a day close.
 *
 * Here rows that arrive while their write waits for its turn share it: the first row of a batch queues one
 * write; rows arriving before that write starts join the batch; when it starts, the batch is closed (later
 * rows open the next one) and written as one multi-row INSERT with the access log's sealed tally
 * (db/auditSeals.ts: deleting rows afterwards is detected), in one transaction and so a single commit.
 * Every caller's promise settles only once the statement holding its row has committed. If the batch fails
 * (a row breaking a constraint), each row is tried again on its own, so only the faulty rows' callers see an
 * error.
 */
import type { InValue, Transaction } from "@libsql/client";
import { auditKeysOf, type AuditKeyRing } from "./auditKey.ts";
import { bumpTallyOn } from "./auditSeals.ts";
import { accessLogConnection } from "./readCache.ts";
import { insertRowsOn, MAX_PARAMS, rawExecutor, writeStatement, type Db } from "./tx.ts";

/** One access-log row, in the column order of INSERT_HEAD. */
export type AccessLogRow = readonly [userId: number | null, at: string, action: string, upn: string | null, detail: string | null];

const INSERT_HEAD = "INSERT INTO access_log (user_id, at, action, upn, detail) VALUES";
/** A batch is one statement (so one commit, all or nothing): at most this many rows. */
const BATCH_ROWS = Math.floor(MAX_PARAMS / 5);

interface Batch {
  readonly rows: AccessLogRow[];
  /** Settles when every row of the batch is committed or has failed; `failed` then says which failed. */
  readonly done: Promise<void>;
  readonly failed: Map<number, unknown>;
}

/** The batch still taking rows, per database object. */
const open = new WeakMap<object, Batch>();

/**
 * On the read versioning's side connection when there is one (db/readCache.ts: a connection's own commits
 * leave its data_version alone, so the access log does not make every cached read stale); still queued with
 * the process's other writers, and still one statement, one commit.
 */
const insert = async (db: Db, rows: readonly AccessLogRow[]): Promise<void> => {
  const side = accessLogConnection(db);
  if (!side) {
    // Already this database's turn to write (writeStatement): a transaction of its own, not a queued one.
    await db.transaction((tx) => insertAccessLogRows(tx, rows));
    return;
  }
  const ring = auditKeysOf(db);
  const tx = await side.transaction("write");
  try {
    await insertSealed(tx, ring, rows);
    await tx.commit();
  } catch (error) {
    await tx.rollback();
    throw error;
  } finally {
    tx.close();
  }
};

/** The rows and the access log's sealed tally (db/auditSeals.ts), inside one transaction. */
async function insertSealed(ex: Pick<Transaction, "execute">, ring: AuditKeyRing, rows: readonly AccessLogRow[]): Promise<void> {
  const ids = await insertRowsOn<[number]>(ex, INSERT_HEAD, rows as readonly (readonly InValue[])[], "RETURNING id");
  let maxId = 0;
  for (const [id] of ids) maxId = Math.max(maxId, Number(id));
  await bumpTallyOn(ex, ring, "access_log", { rows: ids.length, maxId, total: 0 });
}

/**
 * Writes access-log rows inside the caller's transaction `tx`, moving the access log's sealed tally on with
 * them. Every writer of `access_log` goes through here or `appendAccessLog`.
 */
export function insertAccessLogRows(tx: Db, rows: readonly AccessLogRow[]): Promise<void> {
  if (rows.length === 0) return Promise.resolve();
  return insertSealed(rawExecutor(tx), auditKeysOf(tx), rows);
}
/** No cached read shows the access log: its writes leave the write generation alone. */
const NOT_CACHED = { invalidatesReads: false } as const;

function startBatch(db: Db): Batch {
  const rows: AccessLogRow[] = [];
  const failed = new Map<number, unknown>();
  const batch: Batch = {
    rows,
    failed,
    done: writeStatement(db, async (d) => {
      // The write's turn: close the batch, so rows from now on start the next one.
      if (open.get(db) === batch) open.delete(db);
      try {
        await insert(d, rows);
        return true;
      } catch {
        return false;
      }
    }, NOT_CACHED).then(async (written) => {
      if (written) return;
      // The statement failed, so none of its rows was written. Each row again on its own, so that only the
      // faulty rows' callers see an error.
      const outcomes = await Promise.allSettled(rows.map((row) => writeStatement(db, (d) => insert(d, [row]), NOT_CACHED)));
      outcomes.forEach((o, i) => {
        if (o.status === "rejected") failed.set(i, o.reason);
      });
    }),
  };
  open.set(db, batch);
  return batch;
}

/**
 * Writes `row` to the access log of `db` (the database, not a transaction), sharing the write with rows
 * logged meanwhile; resolves once the row is committed, rejects if it could not be written.
 */
export async function appendAccessLog(db: Db, row: AccessLogRow): Promise<void> {
  const batch = open.get(db) ?? startBatch(db);
  const index = batch.rows.push(row) - 1;
  if (batch.rows.length >= BATCH_ROWS) open.delete(db);
  await batch.done;
  if (batch.failed.has(index)) throw batch.failed.get(index);
}
