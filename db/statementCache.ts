/**
 * Prepared statements kept per connection, so that a query run again is not compiled again.
 *
 * `@libsql/client` prepares every statement anew for each `execute` (its `executeStmt` calls
 * `db.prepare(sql)` on the `libsql` connection each time). Measured on a case read during a school-year
 * import, compiling took a third of the server thread's SQL time: as long as running the queries. Here each
 * `libsql` connection keeps its most recently used statements by SQL text, and `prepare` gives back the one
 * it has.
 *
 * Reusing one is safe with the `libsql` package this client uses (0.5): every run (`run`, `all`, `iterate`, `get`)
 * resets the statement before binding its arguments, and the client always reads a statement to its end, which
 * ends SQLite's implicit read transaction (a kept statement never pins a WAL snapshot or holds a lock). A statement
 * kept across a schema change is recompiled by SQLite itself when it next runs (`sqlite3_prepare_v2`), but the
 * client reads its column names before that: a `*` would still be expanded to the old columns. So a statement
 * with a `*` (other than `count(*)`) is never kept; every other one names its columns, which a schema change
 * cannot change without making the statement fail as a fresh one would. The test beside this file checks each of
 * these on a real database file.
 *
 * Installed once per thread (the import worker has its own) by `openDatabase`, before its first connection opens;
 * every connection the thread opens after that keeps its statements, the read versioning's side connection too.
 */
import { createRequire } from "node:module";

/** The statements a connection keeps: enough for every query shape of the server, few enough to stay small. */
export const KEPT_STATEMENTS_PER_CONNECTION = 256;

interface LibsqlStatement {
  run(...args: unknown[]): unknown;
}
interface LibsqlDatabase {
  prepare(sql: string): LibsqlStatement;
  close(): void;
}
interface LibsqlDatabaseClass {
  prototype: LibsqlDatabase;
}

const kept = new WeakMap<LibsqlDatabase, Map<string, LibsqlStatement>>();
let installed = false;
let compiled = 0;

/** True when `sql`'s result columns cannot change with the schema: no `*` but in `count(*)`. */
export function keepable(sql: string): boolean {
  return !sql.replace(/count\s*\(\s*\*\s*\)/gi, "").includes("*");
}

/** The `libsql` package as `@libsql/client` resolves it (a nested copy would be another class). */
function libsqlDatabaseClass(): LibsqlDatabaseClass {
  const fromHere = createRequire(import.meta.url);
  const fromClient = createRequire(fromHere.resolve("@libsql/client"));
  return fromClient("libsql") as LibsqlDatabaseClass;
}

/** Makes every `libsql` connection of this thread keep its prepared statements (idempotent). */
export function keepPreparedStatements(): void {
  if (installed) return;
  installed = true;
  const proto = libsqlDatabaseClass().prototype;
  const prepare = proto.prepare;
  const close = proto.close;
  proto.prepare = function keptPrepare(this: LibsqlDatabase, sql: string): LibsqlStatement {
    if (!keepable(sql)) return prepare.call(this, sql);
    let statements = kept.get(this);
    if (!statements) kept.set(this, (statements = new Map()));
    const statement = statements.get(sql);
    if (statement) {
      // Most recently used last: Map keeps insertion order, so the first key is the one to drop.
      statements.delete(sql);
      statements.set(sql, statement);
      return statement;
    }
    const fresh = prepare.call(this, sql);
    compiled++;
    if (statements.size >= KEPT_STATEMENTS_PER_CONNECTION) statements.delete(statements.keys().next().value!);
    statements.set(sql, fresh);
    return fresh;
  };
  proto.close = function keptClose(this: LibsqlDatabase): void {
    kept.delete(this);
    close.call(this);
  };
}

/** How many statements this thread has compiled since the cache was installed: for tests. */
export function statementsCompiled(): number {
  return compiled;
}
