import { createClient, type Client } from "@libsql/client";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { KEPT_STATEMENTS_PER_CONNECTION, keepable, keepPreparedStatements, statementsCompiled } from "./statementCache.ts";

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

/** Two clients of one connection each on a fresh database file (WAL, as the server opens it). */
async function twoConnections(): Promise<{ a: Client; b: Client }> {
  const dir = mkdtempSync(join(tmpdir(), "rollcall-statements-"));
  const url = `file:${join(dir, "rollcall.db")}`;
  const a = createClient({ url, concurrency: 1 });
  const b = createClient({ url, concurrency: 1 });
  cleanups.push(() => {
    a.close();
    b.close();
    rmSync(dir, { recursive: true, force: true });
  });
  await a.executeMultiple("PRAGMA journal_mode=WAL; CREATE TABLE marks (id INTEGER PRIMARY KEY, code TEXT NOT NULL);");
  return { a, b };
}

beforeAll(() => keepPreparedStatements());

describe("prepared statements kept per connection", () => {
  it("compiles a query run again on the same connection only once", async () => {
    const { a } = await twoConnections();
    const sql = "SELECT count(*) FROM marks WHERE code = ? -- compiled once";
    const before = statementsCompiled();
    await a.execute({ sql, args: ["/"] });
    expect(statementsCompiled()).toBe(before + 1);
    await a.execute({ sql, args: ["\\"] });
    await a.execute({ sql, args: ["N"] });
    expect(statementsCompiled()).toBe(before + 1);
  });

  it("gives each run its own arguments and the rows as they are now", async () => {
    const { a, b } = await twoConnections();
    const count = (code: string) => a.execute({ sql: "SELECT count(*) AS n FROM marks WHERE code = ?", args: [code] }).then((r) => Number(r.rows[0]!.n));
    await a.execute({ sql: "INSERT INTO marks (code) VALUES (?)", args: ["/"] });
    await a.execute({ sql: "INSERT INTO marks (code) VALUES (?)", args: ["N"] });
    expect(await count("/")).toBe(1);
    expect(await count("N")).toBe(1);
    // Another connection's commit is seen by the kept statement: it does not hold on to an old snapshot.
    await b.execute({ sql: "INSERT INTO marks (code) VALUES (?)", args: ["/"] });
    expect(await count("/")).toBe(2);
  });

  it("holds no read transaction between runs: another connection's checkpoint can empty the WAL", async () => {
    const { a, b } = await twoConnections();
    for (let i = 0; i < 50; i++) await b.execute({ sql: "INSERT INTO marks (code) VALUES (?)", args: [String(i % 10)] });
    // A kept statement that returns many rows (more than one of the driver's batches of 100)...
    for (let i = 0; i < 3; i++) await b.execute("INSERT INTO marks (code) SELECT code FROM marks");
    const all = "SELECT id, code FROM marks ORDER BY id";
    expect((await a.execute(all)).rows.length).toBe(400);
    expect((await a.execute(all)).rows.length).toBe(400);
    // ...then a TRUNCATE checkpoint, which reports busy (1) while any connection reads an older snapshot.
    await b.execute({ sql: "INSERT INTO marks (code) VALUES (?)", args: ["late"] });
    const checkpoint = await b.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    expect(Number(checkpoint.rows[0]![0])).toBe(0);
    expect((await a.execute(all)).rows.length).toBe(401);
  });

  it("after a schema change, a kept statement gives its columns and a `*` gives the new ones", async () => {
    const { a, b } = await twoConnections();
    await a.execute({ sql: "INSERT INTO marks (code) VALUES (?)", args: ["/"] });
    const named = "SELECT id, code FROM marks ORDER BY id";
    const star = "SELECT * FROM marks ORDER BY id";
    expect((await a.execute(named)).columns).toEqual(["id", "code"]);
    expect((await a.execute(star)).columns).toEqual(["id", "code"]);
    await b.execute("ALTER TABLE marks ADD COLUMN session TEXT NOT NULL DEFAULT 'AM'");
    expect((await a.execute(named)).rows.map((r) => [r.id, r.code])).toEqual([[1, "/"]]);
    const after = await a.execute(star);
    expect(after.columns).toEqual(["id", "code", "session"]);
    expect(after.rows[0]!.session).toBe("AM");
    // The table rebuilt as a migration does it: the kept statement reads the new table.
    await b.executeMultiple(
      "CREATE TABLE marks_new (id INTEGER PRIMARY KEY, code TEXT NOT NULL, session TEXT NOT NULL); INSERT INTO marks_new SELECT id, code, session FROM marks; INSERT INTO marks_new VALUES (2, 'N', 'PM'); DROP TABLE marks; ALTER TABLE marks_new RENAME TO marks;",
    );
    expect((await a.execute(named)).rows.map((r) => [r.id, r.code])).toEqual([[1, "/"], [2, "N"]]);
  });

  it("keeps no statement with a `*` but `count(*)`", () => {
    expect(keepable("SELECT count(*) FROM marks")).toBe(true);
    expect(keepable("SELECT COUNT( * ) AS n FROM marks WHERE code = ?")).toBe(true);
    expect(keepable("SELECT id, code FROM marks")).toBe(true);
    expect(keepable("SELECT * FROM marks")).toBe(false);
    expect(keepable("SELECT m.* FROM marks m")).toBe(false);
    expect(keepable("INSERT INTO marks (code) VALUES (?) RETURNING *")).toBe(false);
  });

  it("runs a statement again after it failed, and transactions still commit or roll back", async () => {
    const { a } = await twoConnections();
    const insert = "INSERT INTO marks (id, code) VALUES (?, ?)";
    await a.execute({ sql: insert, args: [1, "/"] });
    await expect(a.execute({ sql: insert, args: [1, "N"] })).rejects.toThrow(/UNIQUE|constraint/i);
    await a.execute({ sql: insert, args: [2, "N"] });
    const failed = await a.transaction("write");
    await failed.execute({ sql: insert, args: [3, "L"] });
    await failed.rollback();
    failed.close();
    const kept = await a.transaction("write");
    await kept.execute({ sql: insert, args: [4, "M"] });
    await kept.commit();
    kept.close();
    const ids = (await a.execute("SELECT id FROM marks ORDER BY id")).rows.map((r) => Number(r.id));
    expect(ids).toEqual([1, 2, 4]);
  });

  it("keeps at most so many statements, dropping the least recently used", async () => {
    const { a } = await twoConnections();
    const query = (i: number) => a.execute(`SELECT ${i} AS n FROM marks`);
    await query(0);
    const start = statementsCompiled();
    for (let i = 1; i <= KEPT_STATEMENTS_PER_CONNECTION; i++) await query(i);
    expect(statementsCompiled()).toBe(start + KEPT_STATEMENTS_PER_CONNECTION);
    // The newest is still kept; the first one has gone to make room.
    await query(KEPT_STATEMENTS_PER_CONNECTION);
    expect(statementsCompiled()).toBe(start + KEPT_STATEMENTS_PER_CONNECTION);
    await query(0);
    expect(statementsCompiled()).toBe(start + KEPT_STATEMENTS_PER_CONNECTION + 1);
  });
});
