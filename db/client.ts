import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createClient, type Client } from "@libsql/client";
import { drizzle, type LibSQLDatabase } from "drizzle-orm/libsql";
import { migrate } from "drizzle-orm/libsql/migrator";
import { loadAuditKeys, useAuditKeys, type AuditKeyRing } from "./auditKey.ts";
import { adoptAuditSeals } from "./auditSeals.ts";
import * as schema from "./schema.ts";
import { keepPreparedStatements } from "./statementCache.ts";
import { writeTransaction, type Tx } from "./tx.ts";

export interface RollcallDb {
  client: Client;
  orm: LibSQLDatabase<typeof schema>;
  url: string;
  /** `OpenDatabaseOptions.walAutoCheckpoint` when given: other connections this process opens to the file take it too. */
  walAutoCheckpoint?: number;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** `file:./data/rollcall.db` (default, or `DATABASE_URL`), `file:/abs/path.db`, `libsql://…`, `https://…`. */
  url?: string;
  /** For a remote server (default `DATABASE_AUTH_TOKEN`). */
  authToken?: string;
  /** The audit keys (db/auditKey.ts); by default read from the environment or the key file next to the database, created on first start. */
  auditKeys?: AuditKeyRing;
  /**
   * For an embedded file: the WAL's size in pages at which a commit on these connections checkpoints it into the
   * database file, inside that COMMIT (SQLite's default `SQLITE_DEFAULT_WAL_AUTOCHECKPOINT`); 0 never. The import
   * worker opens with 0 and checkpoints after handing the writer back; a server whose worker runs from the start
   * opens with `WAL_PAGES_WHEN_THE_WORKER_CHECKPOINTS` (server/imports/offLoop.ts), so neither the worker's turns
   * nor the request loop pay for checkpoints.
   */
  walAutoCheckpoint?: number;
}

/** SQLite's own `wal_autocheckpoint`, in pages. */
export const SQLITE_DEFAULT_WAL_AUTOCHECKPOINT = 1000;

export const DEFAULT_DATABASE_URL = "file:./data/rollcall.db";

/** The database `openDatabase` opens for `url`: itself when given, else `DATABASE_URL`, else the default file. */
export function databaseUrlOf(url: string | undefined): string {
  return url ?? process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
}
export const BUSY_TIMEOUT_MS = 5000;
/**
 * Connections the client keeps to an embedded file. Writers are queued (see `tx.ts`), so these serve reads
 * and at most one writer; the client fails fast (it does not wait) when transactions hold all of them.
 */
export const FILE_CONNECTIONS = 8;

/** A large import writes ~73 MB per 100,000 pupils to the WAL; truncate the file back to this after checkpoints. */
const WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

export const MIGRATIONS_FOLDER = fileURLToPath(new URL("./migrations", import.meta.url));

/** The file path of a `file:` URL, or undefined for a remote or in-memory URL. */
export function filePathOfUrl(url: string): string | undefined {
  if (!url.startsWith("file:")) return undefined;
  let rest = url.slice("file:".length).split("?")[0]!;
  if (rest.startsWith("//")) {
    // file:///abs/path or file://localhost/abs/path
    const slash = rest.indexOf("/", 2);
    rest = slash < 0 ? "" : rest.slice(slash);
  }
  rest = decodeURIComponent(rest);
  if (rest === "" || rest.startsWith(":memory:")) return undefined;
  return resolve(rest);
}

/**
 * Opens (creating if need be) the database and brings its schema up to date with the committed migrations.
 *
 * For an embedded file: WAL journal, busy timeout 5 s, foreign keys on and `synchronous=NORMAL` (and a WAL
 * size limit), on every connection of the client's pool. A remote `libsql://` or `https://` URL goes through the same client,
 * without pragmas (the server manages its own storage).
 */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<RollcallDb> {
  const url = databaseUrlOf(options.url);
  const authToken = options.authToken ?? process.env.DATABASE_AUTH_TOKEN;
  const isFile = url.startsWith("file:");
  const path = filePathOfUrl(url);
  if (path) mkdirSync(dirname(path), { recursive: true });
  // Every connection of this thread keeps its prepared statements (statementCache.ts), from the first one opened.
  keepPreparedStatements();

  const client = createClient(
    isFile
      ? { url, timeout: BUSY_TIMEOUT_MS, concurrency: FILE_CONNECTIONS }
      : { url, ...(authToken ? { authToken } : {}) },
  );
  try {
    if (isFile) await configureFileConnections(client, options.walAutoCheckpoint);
    const orm = drizzle(client, { schema });
    await migrate(orm, { migrationsFolder: MIGRATIONS_FOLDER });
    // The audit key lives outside the database (ADR 007); a database without seals is sealed as it stands only
    // when its key is new or it has no history yet.
    const ring = options.auditKeys ?? loadAuditKeys({ databaseFile: path });
    useAuditKeys(client, ring);
    await adoptAuditSeals(client, ring);
    return {
      client,
      orm,
      url,
      ...(options.walAutoCheckpoint === undefined ? {} : { walAutoCheckpoint: options.walAutoCheckpoint }),
      async close() {
        client.close();
      },
    };
  } catch (error) {
    client.close();
    throw error;
  }
}

/**
 * `journal_mode` is a property of the file; the other pragmas belong to a connection, and the client opens
 * up to FILE_CONNECTIONS of them. Holding all of them at once (one deferred transaction each, which takes no
 * lock) makes the pool open every connection now, so each gets the pragmas; the pool then reuses them. Busy
 * timeout also comes from the client's `timeout` option, which applies to any connection it opens later.
 */
async function configureFileConnections(client: Client, walAutoCheckpoint?: number): Promise<void> {
  const mode = await client.execute("PRAGMA journal_mode=WAL");
  const journal = String(Object.values(mode.rows[0] ?? {})[0] ?? "").toLowerCase();
  if (journal !== "wal" && journal !== "memory") {
    throw new Error(`could not switch the database to WAL (journal_mode is ${journal})`);
  }
  const held = await Promise.all(Array.from({ length: FILE_CONNECTIONS }, () => client.transaction("deferred")));
  try {
    for (const tx of held) {
      // These pragmas can only change outside a transaction: end the empty one, set them, and begin again
      // (in one call, so the connection stays held by this transaction throughout).
      await tx.executeMultiple(
        `COMMIT; ${connectionPragmas(walAutoCheckpoint)}BEGIN DEFERRED;`,
      );
    }
  } finally {
    for (const tx of held) await tx.rollback();
  }
}

/**
 * The pragmas every connection to an embedded file gets (the pool's, and the read versioning's side connection):
 * busy timeout, `synchronous=NORMAL`, foreign keys, the WAL size limit, and `wal_autocheckpoint` when a number of
 * pages is given (SQLite's default otherwise). Each ends with "; ".
 */
export function connectionPragmas(walAutoCheckpoint: number | undefined): string {
  return (
    `PRAGMA busy_timeout=${BUSY_TIMEOUT_MS}; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA journal_size_limit=${WAL_SIZE_LIMIT_BYTES}; ` +
    (walAutoCheckpoint === undefined ? "" : `PRAGMA wal_autocheckpoint=${Math.max(0, Math.floor(walAutoCheckpoint))}; `)
  );
}

/** Runs `fn` in one write transaction (queued behind other writers in this process; rolled back on error). */
export function inTransaction<T>(rdb: RollcallDb, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return writeTransaction(rdb.orm, fn);
}
