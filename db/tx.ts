import { AsyncLocalStorage } from "node:async_hooks";
import type { Client, InArgs, InValue, ResultSet, Transaction } from "@libsql/client";
import { is, sql, type ExtractTablesWithRelations, type SQL } from "drizzle-orm";
import { DrizzleQueryError } from "drizzle-orm/errors";
import { SQLiteTransaction, type BaseSQLiteDatabase } from "drizzle-orm/sqlite-core";
import type * as schema from "./schema.ts";

/** The drizzle database or a transaction on it: every repository function takes either. */
export type Db = BaseSQLiteDatabase<"async", ResultSet, typeof schema>;
export type Tx = SQLiteTransaction<"async", ResultSet, typeof schema, ExtractTablesWithRelations<typeof schema>>;

/**
 * One writer at a time per database object, in this process.
 *
 * libSQL runs statements synchronously on the calling thread, and the client keeps a pool of connections.
 * If two write transactions were open at once on two connections, the second `BEGIN IMMEDIATE` would wait
 * for the file lock inside SQLite's busy handler, blocking the event loop, so the first could never finish:
 * the process stalls for the whole busy timeout and then fails with SQLITE_BUSY. Queuing writers here avoids
 * that; the busy timeout is then only for other processes (a CLI import while the server runs).
 * Reads need no lock: in WAL mode they see the last committed state and never wait.
 */
class WriteQueue {
  #tail: Promise<unknown> = Promise.resolve();
  /** Writes queued that have not started yet. */
  waiting = 0;
  run<T>(fn: () => Promise<T>): Promise<T> {
    this.waiting++;
    const result = this.#tail.then(() => {
      this.waiting--;
      return fn();
    });
    this.#tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}

const queues = new WeakMap<object, WriteQueue>();

/**
 * Committed writes per database object in this process (db/readCache.ts keys cached reads on it): moved on
 * after every write through `writeTransaction` or `writeStatement` on the database has settled, committed or
 * not (a failed write changes nothing, but counting it too costs only a cache miss). Writes that say they
 * change nothing a cached read shows (the access log's inserts) leave it alone.
 */
const generations = new WeakMap<object, number>();

/** How many writes have settled on `db` in this process (see `generations`): changes after every commit. */
export function writeGeneration(db: object): number {
  return generations.get(db) ?? 0;
}

async function counted<T>(db: object, invalidatesReads: boolean, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } finally {
    // After the commit (or rollback), before the next queued writer starts.
    if (invalidatesReads) generations.set(db, writeGeneration(db) + 1);
  }
}

export interface WriteOptions {
  /**
   * False only for writes to tables no cached read shows (the access log): the write generation, and so the
   * read caches, stay as they are. Default true; when in doubt leave it so.
   */
  readonly invalidatesReads?: boolean;
}

const holding = new AsyncLocalStorage<object>();

/**
 * Takes the database's writer from another thread: resolves with a function that gives it back. Set in an import
 * worker (server/imports/worker.ts), whose connection writes to the same file as the server's: every write of the
 * worker then also waits its turn in the server thread's queue (so a case read's access-log row queues behind
 * the worker's transaction as behind any other, instead of waiting for the file lock inside SQLite's busy
 * handler, which would block the server's request loop).
 */
export type WriteGate = () => Promise<() => void>;
let writeGate: WriteGate | null = null;

/** Sets (or, with null, clears) this thread's write gate (see `WriteGate`). */
export function setWriteGate(gate: WriteGate | null): void {
  writeGate = gate;
}

/**
 * True when this thread's writes take the writer from another thread (an import worker): its transactions then
 * hold that thread's writers (a case read's access-log row), not its own request loop.
 */
export function writesHandedOver(): boolean {
  return writeGate !== null;
}

async function gated<T>(fn: () => Promise<T>): Promise<T> {
  if (!writeGate) return fn();
  const release = await writeGate();
  try {
    return await fn();
  } finally {
    release();
  }
}

/** How many writes on `db` wait for their turn in this process (not counting the one writing): for tests. */
export function writersWaiting(db: object): number {
  return queues.get(db)?.waiting ?? 0;
}

function queueFor(db: object): WriteQueue {
  let queue = queues.get(db);
  if (!queue) queues.set(db, (queue = new WriteQueue()));
  return queue;
}

/**
 * drizzle wraps a failed statement in a DrizzleQueryError whose message lists the statement's bound
 * parameters: UPNs, names, marks, personal data that must not reach a log. This returns the driver's own
 * error instead (a LibsqlError: `code` such as SQLITE_CONSTRAINT, `message` without parameters). The db/
 * functions already throw it this way; use it for queries of your own before logging anything.
 */
export function unwrapQueryError(error: unknown): unknown {
  if (error instanceof DrizzleQueryError && error.cause instanceof Error) return error.cause;
  return error;
}

async function unwrapping<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw unwrapQueryError(error);
  }
}

export function isTransaction(db: Db): db is Tx {
  return is(db, SQLiteTransaction);
}

function checkNotReentrant(db: Db): void {
  if (holding.getStore() === db) {
    throw new Error(
      "a write was started on the database inside one of its own transactions: pass the transaction (tx) to the db/ function instead",
    );
  }
}

/**
 * Runs `fn` in a transaction. On the database: queued behind other writers in this process, then
 * `BEGIN IMMEDIATE … COMMIT` (rolled back if `fn` throws). On a transaction: a savepoint inside it, so a
 * failing step rolls back only its own writes and the caller may carry on.
 */
export async function writeTransaction<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  if (isTransaction(db)) return unwrapping(() => db.transaction(fn));
  checkNotReentrant(db);
  return queueFor(db).run(() => gated(() => counted(db, true, () => holding.run(db, () => unwrapping(() => db.transaction(fn, { behavior: "immediate" }))))));
}

/** A single write statement: queued like a transaction when run on the database, direct inside one. */
export async function writeStatement<T>(db: Db, fn: (db: Db) => Promise<T>, options: WriteOptions = {}): Promise<T> {
  if (isTransaction(db)) return unwrapping(() => fn(db));
  checkNotReentrant(db);
  return queueFor(db).run(() => gated(() => counted(db, options.invalidatesReads !== false, () => holding.run(db, () => unwrapping(() => fn(db))))));
}

/** Rows as plain arrays (libSQL's rows are array-like, not iterable). */
export async function rawValues<T extends unknown[] = unknown[]>(db: Db, query: SQL): Promise<T[]> {
  const rows = (await unwrapping(() => db.values(query))) as ArrayLike<unknown>[];
  return rows.map((row) => Array.prototype.slice.call(row) as T);
}

/**
 * The libSQL client or transaction under a drizzle database or transaction, for bulk statements: drizzle's
 * query builder costs several times the statement itself when a statement binds thousands of parameters.
 * (Relies on drizzle-orm's LibSQLSession keeping `client` and, inside a transaction, `tx`; checked here.)
 */
export function rawExecutor(db: Db): Pick<Client | Transaction, "execute"> {
  const session = (db as unknown as { session?: { client?: Client; tx?: Transaction } }).session;
  const executor = session?.tx ?? session?.client;
  if (!executor || typeof executor.execute !== "function") {
    throw new Error("db/: this drizzle version does not expose the libSQL client on its session");
  }
  return executor;
}

/** Executes SQL text with positional `?` arguments directly on libSQL. */
export function execRaw(db: Db, text: string, args: InArgs = []): Promise<ResultSet> {
  return rawExecutor(db).execute({ sql: text, args });
}

/** Rows of a raw query as plain arrays. */
export async function queryRaw<T extends unknown[] = unknown[]>(db: Db, text: string, args: InArgs = []): Promise<T[]> {
  const result = await execRaw(db, text, args);
  return result.rows.map((row) => Array.prototype.slice.call(row) as T);
}

/**
 * Multi-row statements: `head` (up to VALUES) + `(?, ?, …), …` + `tail`, as many rows per statement as
 * MAX_PARAMS allows. Returns every statement's rows (for RETURNING), in order.
 */
export function insertRows<T extends unknown[] = unknown[]>(
  db: Db,
  head: string,
  rows: readonly (readonly InValue[])[],
  tail = "",
): Promise<T[]> {
  return insertRowsOn<T>(rawExecutor(db), head, rows, tail);
}

/** `insertRows` on a libSQL client or transaction. */
export async function insertRowsOn<T extends unknown[] = unknown[]>(
  executor: Pick<Client | Transaction, "execute">,
  head: string,
  rows: readonly (readonly InValue[])[],
  tail = "",
): Promise<T[]> {
  if (rows.length === 0) return [];
  const width = rows[0]!.length;
  const tuple = `(${Array.from({ length: width }, () => "?").join(", ")})`;
  const out: T[] = [];
  for (const part of chunks(rows, Math.max(1, Math.floor(MAX_PARAMS / width)))) {
    const args: InValue[] = [];
    for (const row of part) for (const v of row) args.push(v);
    const text = `${head} ${Array.from({ length: part.length }, () => tuple).join(", ")} ${tail}`;
    const result = await executor.execute({ sql: text, args });
    out.push(...result.rows.map((row) => Array.prototype.slice.call(row) as T));
  }
  return out;
}

/** Splits into chunks of at most `size`. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Most parameters bound in one statement. SQLite's limit is 32,766; staying well under it keeps statements
 * small enough for a remote libSQL server too.
 */
export const MAX_PARAMS = 8_000;
