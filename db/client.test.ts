import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FILE_CONNECTIONS, filePathOfUrl, inTransaction, MIGRATIONS_FOLDER, openDatabase, SQLITE_DEFAULT_WAL_AUTOCHECKPOINT, type RollcallDb } from "./client.ts";
import { accessLogConnection, enableReadVersioning } from "./readCache.ts";
import { getPupil, upsertPupils } from "./pupils.ts";
import { applyMarks, loadRegister } from "./register.ts";
import { recordImport } from "./imports.ts";
import { openTempDatabase, syntheticPupil, syntheticUpn } from "./testSupport.ts";
import { writeTransaction } from "./tx.ts";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});
async function temp() {
  const t = await openTempDatabase();
  cleanups.push(t.cleanup);
  return t;
}

const journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, "meta", "_journal.json"), "utf8")) as { entries: unknown[] };

async function tableNames(rdb: Awaited<ReturnType<typeof temp>>["rdb"]): Promise<string[]> {
  const rows = await rdb.client.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
  return rows.rows.map((r) => String(r.name));
}

describe("openDatabase", () => {
  it("applies the migrations to a fresh file, and again on reopen without change", async () => {
    const { rdb, url } = await temp();
    const tables = await tableNames(rdb);
    for (const t of ["pupils", "school_days", "pupil_registers", "mark_amendments", "imports", "policies", "cases",
      "case_history", "tasks", "contacts", "users", "sessions", "access_log"]) {
      expect(tables).toContain(t);
    }
    const applied = await rdb.client.execute("SELECT count(*) AS n FROM __drizzle_migrations");
    expect(Number(applied.rows[0]!.n)).toBe(journal.entries.length);
    await upsertPupils(rdb.orm, [syntheticPupil(1)]);
    await rdb.close();

    const again = await openDatabase({ url });
    cleanups.push(() => again.close());
    const reapplied = await again.client.execute("SELECT count(*) AS n FROM __drizzle_migrations");
    expect(Number(reapplied.rows[0]!.n)).toBe(journal.entries.length);
    expect(await tableNames(again)).toEqual(tables);
    expect((await getPupil(again.orm, syntheticUpn(1)))?.forename).toBe("Pupil1");
  });

  it("puts a file in WAL mode, and configures every pooled connection", async () => {
    const { rdb, dir } = await temp();
    const mode = await rdb.client.execute("PRAGMA journal_mode");
    expect(String(mode.rows[0]![0]).toLowerCase()).toBe("wal");
    await upsertPupils(rdb.orm, [syntheticPupil(1)]);
    expect(existsSync(join(dir, "rollcall.db-wal"))).toBe(true);
    // Hold every connection of the pool at once: each must have the per-connection pragmas.
    const held = await Promise.all(Array.from({ length: FILE_CONNECTIONS }, () => rdb.client.transaction("deferred")));
    try {
      for (const tx of held) {
        const r = await tx.execute("SELECT * FROM pragma_foreign_keys, pragma_busy_timeout, pragma_synchronous");
        expect(Array.from(r.rows[0]! as ArrayLike<unknown>, Number)).toEqual([1, 5000, 1]);
      }
    } finally {
      for (const tx of held) await tx.rollback();
    }
  });

  it("leaves checkpoints to SQLite's default, or to the size given in walAutoCheckpoint, on every connection to the file", async () => {
    // Every connection of the pool (held at once, so each is a different one), then the access log's own.
    const autocheckpoints = async (rdb: RollcallDb) => {
      const held = await Promise.all(Array.from({ length: FILE_CONNECTIONS }, () => rdb.client.transaction("deferred")));
      let pool: number[];
      try {
        pool = await Promise.all(held.map(async (tx) => Number((await tx.execute("PRAGMA wal_autocheckpoint")).rows[0]![0])));
      } finally {
        for (const tx of held) await tx.rollback();
      }
      await enableReadVersioning(rdb);
      const side = Number((await accessLogConnection(rdb.orm)!.execute("PRAGMA wal_autocheckpoint")).rows[0]![0]);
      return [...pool, side];
    };
    const { rdb, dir } = await temp();
    expect(await autocheckpoints(rdb)).toEqual(Array(FILE_CONNECTIONS + 1).fill(SQLITE_DEFAULT_WAL_AUTOCHECKPOINT));
    for (const pages of [0, 8_000]) {
      const own = await openDatabase({ url: `file:${join(dir, "rollcall.db")}`, walAutoCheckpoint: pages });
      try {
        expect(await autocheckpoints(own)).toEqual(Array(FILE_CONNECTIONS + 1).fill(pages));
      } finally {
        await own.close();
      }
    }
  });

  it("creates the directory of a file URL", async () => {
    const { dir } = await temp();
    const url = `file:${join(dir, "nested", "deeper", "x.db")}`;
    const rdb = await openDatabase({ url });
    cleanups.push(() => rdb.close());
    expect(existsSync(join(dir, "nested", "deeper", "x.db"))).toBe(true);
  });

  it("reads file paths out of file URLs only", () => {
    expect(filePathOfUrl("file:/tmp/a/b.db")).toBe("/tmp/a/b.db");
    expect(filePathOfUrl("file:///tmp/a/b.db")).toBe("/tmp/a/b.db");
    expect(filePathOfUrl("file:./data/rollcall.db")).toBe(join(process.cwd(), "data", "rollcall.db"));
    expect(filePathOfUrl("file::memory:")).toBeUndefined();
    expect(filePathOfUrl("libsql://example.turso.io")).toBeUndefined();
    expect(filePathOfUrl("https://example.turso.io")).toBeUndefined();
  });

  it("enforces foreign keys", async () => {
    const { rdb } = await temp();
    await expect(
      rdb.client.execute(
        "INSERT INTO tasks (upn, kind, title, rule, created_on) VALUES ('Z999000019999', 'letter', 't', 'r', '2024-09-05')",
      ),
    ).rejects.toThrow(/FOREIGN KEY/);
  });
});

describe("transactions", () => {
  it("a failing transaction writes nothing", async () => {
    const { rdb } = await temp();
    await expect(
      inTransaction(rdb, async (tx) => {
        await upsertPupils(tx, [syntheticPupil(1), syntheticPupil(2)]);
        const imp = await recordImport(tx, { kind: "marks", sha256: "a".repeat(64), fileName: "m.csv", rows: 1, recordedAt: "2024-09-05T16:00:00.000Z", actor: "test" });
        await applyMarks(tx, [{ upn: syntheticUpn(1), date: "2024-09-05", session: "AM", mark: "/" }], imp.id, "2024-09-05T16:00:00.000Z");
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await getPupil(rdb.orm, syntheticUpn(1))).toBeUndefined();
    const register = await loadRegister(rdb.orm);
    expect(register.upns).toEqual([]);
    expect(register.calendar.days).toEqual([]);
    const n = await rdb.client.execute("SELECT (SELECT count(*) FROM imports) + (SELECT count(*) FROM pupil_registers) AS n");
    expect(Number(n.rows[0]!.n)).toBe(0);
  });

  it("a failing step inside a transaction rolls back only itself (savepoint)", async () => {
    const { rdb } = await temp();
    await inTransaction(rdb, async (tx) => {
      await upsertPupils(tx, [syntheticPupil(1)]);
      await expect(writeTransaction(tx, async (inner) => {
        await upsertPupils(inner, [syntheticPupil(2)]);
        throw new Error("inner");
      })).rejects.toThrow("inner");
    });
    expect(await getPupil(rdb.orm, syntheticUpn(1))).toBeDefined();
    expect(await getPupil(rdb.orm, syntheticUpn(2))).toBeUndefined();
  });

  it("queues concurrent writers instead of stalling on the file lock", async () => {
    const { rdb } = await temp();
    const started = Date.now();
    const slowWriter = (n: number) =>
      inTransaction(rdb, async (tx) => {
        await upsertPupils(tx, [syntheticPupil(n)]);
        await new Promise((r) => setTimeout(r, 50)); // awaiting something else mid-transaction
        await upsertPupils(tx, [syntheticPupil(n + 100)]);
      });
    // Plain single writes on the database, while transactions are open, are queued too.
    await Promise.all([slowWriter(1), slowWriter(2), upsertPupils(rdb.orm, [syntheticPupil(3)]), slowWriter(4)]);
    expect(Date.now() - started).toBeLessThan(2_000); // SQLITE_BUSY would take the 5 s busy timeout
    for (const n of [1, 2, 3, 4, 101, 102, 104]) expect(await getPupil(rdb.orm, syntheticUpn(n))).toBeDefined();
  });

  it("refuses a write on the database from inside one of its own transactions", async () => {
    const { rdb } = await temp();
    await expect(
      inTransaction(rdb, async () => {
        await upsertPupils(rdb.orm, [syntheticPupil(1)]);
      }),
    ).rejects.toThrow(/pass the transaction/);
    // The queue is free again afterwards.
    await upsertPupils(rdb.orm, [syntheticPupil(2)]);
    expect(await getPupil(rdb.orm, syntheticUpn(2))).toBeDefined();
  });
});
