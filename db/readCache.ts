/**
 * What a cached read may be keyed on: a DATA VERSION of the database that changes whenever anything a cached
 * read shows may have changed, and caches that forget everything when it does.
 *
 * The version is two numbers (versioning starts on the first call of `dataVersion` for a database):
 * - this process's write generation (`writeGeneration` in tx.ts): every write through `writeTransaction` or
 *   `writeStatement` moves it on once it has committed, except the access log's inserts, which no cached read
 *   shows;
 * - SQLite's `PRAGMA data_version` on a connection of its own (the "side connection"), which changes when any
 *   OTHER connection to the file commits: another process (a CLI import while the server runs), another
 *   client in this process, and the pool's own writers. A connection's own commits leave its data_version
 *   as it was, so the access log is written on the side connection (accessLogWriter.ts): otherwise every
 *   read's access-log row would change the version and no cached read would ever be served twice.
 *
 * Both are read after the last write a caller could have seen has committed, so a read started after a commit
 * sees a new version. A read's result is stored under the version read BEFORE it ran: if a write commits
 * meanwhile, the entry is filed under a version that is already past and is never served.
 *
 * Only for a local file. For a remote libSQL URL (`libsql://`, `https://`, `wss://`…) data_version is per
 * connection on the server, and nothing here can tell another writer's commits: `version()` is null and
 * nothing is cached. For `:memory:` (one connection, no other process) the write generation alone.
 */
import { createClient, type Client } from "@libsql/client";
import { BUSY_TIMEOUT_MS, connectionPragmas, filePathOfUrl, type RollcallDb } from "./client.ts";
import { writeGeneration, type Db } from "./tx.ts";

interface Versioning {
  /** The side connection (a file database): the access log's writer and data_version's reader. */
  readonly side: Client | undefined;
  readonly enabled: boolean;
}

const versionings = new WeakMap<object, Versioning>();
/** The side connection by drizzle database object, for the access-log writer. */
const sides = new WeakMap<object, Client>();

/**
 * Starts versioning `rdb` (idempotent): opens the side connection for a file database, with the pool's
 * pragmas, and closes it when `rdb` closes.
 */
export async function enableReadVersioning(rdb: RollcallDb): Promise<void> {
  if (versionings.has(rdb)) return;
  const path = filePathOfUrl(rdb.url);
  if (!rdb.url.startsWith("file:")) {
    versionings.set(rdb, { side: undefined, enabled: false });
    return;
  }
  if (!path) {
    // :memory: — a single connection; nobody else can write to it.
    versionings.set(rdb, { side: undefined, enabled: true });
    return;
  }
  const side = createClient({ url: rdb.url, timeout: BUSY_TIMEOUT_MS, concurrency: 1 });
  await side.executeMultiple(connectionPragmas(rdb.walAutoCheckpoint));
  // Raced with another call: keep the first.
  if (versionings.has(rdb)) {
    side.close();
    return;
  }
  versionings.set(rdb, { side, enabled: true });
  sides.set(rdb.orm, side);
  const close = rdb.close.bind(rdb);
  rdb.close = async () => {
    sides.delete(rdb.orm);
    side.close();
    await close();
  };
}

/** The connection the access log of `db` is written on, when `db` is versioned (see above). */
export function accessLogConnection(db: Db): Client | undefined {
  return sides.get(db);
}

/**
 * The database's data version now (see above), or null when reads of it must not be cached (not versioned,
 * or remote). Two equal versions mean no write committed in between.
 */
export async function dataVersion(rdb: RollcallDb): Promise<string | null> {
  let v = versionings.get(rdb);
  if (!v) {
    await enableReadVersioning(rdb);
    v = versionings.get(rdb);
  }
  if (!v?.enabled) return null;
  const generation = writeGeneration(rdb.orm);
  if (!v.side) return `${generation}`;
  const result = await v.side.execute("PRAGMA data_version");
  const row = result.rows[0];
  const dv = row ? Number(row[0]) : 0;
  // The generation again: a write that committed while data_version was read changes the version too.
  return `${writeGeneration(rdb.orm)}.${dv}.${generation}`;
}

/**
 * Values by key for one data version at a time: a lookup under another version empties it. At most
 * `maxEntries` (the oldest go first).
 */
export class VersionedCache<V> {
  #version: string | null = null;
  readonly #entries = new Map<string, V>();
  constructor(readonly maxEntries = 1_000) {}

  get(version: string | null, key: string): V | undefined {
    if (version === null) return undefined;
    if (version !== this.#version) {
      this.#entries.clear();
      this.#version = version;
      return undefined;
    }
    return this.#entries.get(key);
  }

  /** Stores `value` if `version` is still the current one (an older version's value is dropped). */
  set(version: string | null, key: string, value: V): void {
    if (version === null) return;
    if (version !== this.#version) {
      // Another version was looked up since this one: only a newer version may take over.
      if (this.#version !== null) return;
      this.#version = version;
    }
    if (this.#entries.size >= this.maxEntries && !this.#entries.has(key)) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    this.#entries.set(key, value);
  }

  /** Forgets `key` (a failed read's promise, say) if `version` is the current one. */
  delete(version: string | null, key: string): void {
    if (version !== null && version === this.#version) this.#entries.delete(key);
  }

  get size(): number {
    return this.#entries.size;
  }
}

/**
 * Reads kept per database and data version: `read(rdb, key, compute)` gives what `compute()` gave for `key` as of
 * the database's current data version, computed once per version and key and shared by callers that ask at the
 * same time; a computation that fails is not kept. A remote database (no version) computes every time.
 */
export class VersionedReads<V> {
  readonly #caches = new WeakMap<object, VersionedCache<Promise<V>>>();
  constructor(readonly maxEntries = 1_000) {}

  async read(rdb: RollcallDb, key: string, compute: () => Promise<V>): Promise<V> {
    let cache = this.#caches.get(rdb);
    if (!cache) this.#caches.set(rdb, (cache = new VersionedCache(this.maxEntries)));
    // The version read before the computation: a write that lands during it leaves nothing stale behind.
    const version = await dataVersion(rdb);
    let value = cache.get(version, key);
    if (!value) {
      value = compute();
      cache.set(version, key, value);
      value.catch(() => cache.delete(version, key));
    }
    return value;
  }
}
