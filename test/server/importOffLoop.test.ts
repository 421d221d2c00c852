/**
 * Imports posted to the API run in a worker thread (server/imports/offLoop.ts, worker.ts) with a connection of
 * their own, taking turns for the database's writer with the server's own writers; the server's request loop
 * keeps serving reads meanwhile. Checked without timing anything: the same files give the same cases, history
 * and tasks in the worker as in the server's thread, and the audit verifies; a read that writes (a case read's
 * access-log row) started while an import runs waits for at most one of the import's transactions, so it is
 * answered before the import is.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { writersWaiting, writeStatement } from "../../db/tx.ts";
import type { RunningServer } from "../../server/main.ts";
import { hasImportWorker, startImportWorker, WAL_PAGES_WHEN_THE_WORKER_CHECKPOINTS, workerCheckpoints } from "../../server/imports/offLoop.ts";
import { SQLITE_DEFAULT_WAL_AUTOCHECKPOINT } from "../../db/client.ts";
import { Client, schoolFiles, tempDatabase, testServer } from "./support.ts";

const school = schoolFiles(31, 40, 30);
const header = school.markLines[0]!;
const dates = [...new Set(school.markLines.slice(1).map((l) => l.split(",")[1]!))].sort();
const firstDay = `${[header, ...school.markLines.slice(1).filter((l) => l.split(",")[1] === dates[0])].join("\n")}\n`;
const laterDays = `${[header, ...school.markLines.slice(1).filter((l) => l.split(",")[1] !== dates[0])].join("\n")}\n`;

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; !condition(); i++) {
    if (i > 200_000) throw new Error("waited too long");
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** What the school's cases came to: states, days seen, history and tasks, by pupil. */
async function outcome(server: RunningServer) {
  const orm = server.deps.rdb.orm;
  const rows = await orm.values<[string, string, string | null, number, number]>(
    sql`SELECT c.upn, c.value, c.processed_through,
      (SELECT count(*) FROM case_history h WHERE h.upn = c.upn), (SELECT count(*) FROM tasks t WHERE t.upn = c.upn)
      FROM cases c ORDER BY c.upn`,
  );
  return rows.map((r) => Array.prototype.slice.call(r));
}

describe("imports off the request loop", () => {
  const inWorker = tempDatabase();
  const inThread = tempDatabase();
  let a: RunningServer;
  let b: RunningServer;
  beforeAll(async () => {
    a = await testServer(inWorker.url);
    b = await testServer(inThread.url);
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    inWorker.cleanup();
    inThread.cleanup();
  });

  it("give the same cases, history and tasks in the worker as in the server's thread, and the audit verifies", async () => {
    const viaWorker = new Client(a.url);
    await viaWorker.login();
    expect((await viaWorker.json("POST", "/api/imports/pupils", { csv: school.pupils })).status).toBe(200);
    const r = await viaWorker.json("POST", "/api/imports/marks?file=marks.csv", { csv: school.marks });
    expect(r.status).toBe(200);
    expect(hasImportWorker(a.deps.rdb)).toBe(true);

    const before = process.env.ROLLCALL_IMPORT_WORKER;
    process.env.ROLLCALL_IMPORT_WORKER = "0";
    try {
      const inProcess = new Client(b.url);
      await inProcess.login();
      expect((await inProcess.json("POST", "/api/imports/pupils", { csv: school.pupils })).status).toBe(200);
      const s = await inProcess.json("POST", "/api/imports/marks?file=marks.csv", { csv: school.marks });
      expect(s.status).toBe(200);
      expect(hasImportWorker(b.deps.rdb)).toBe(false);
      expect(s.body.detail).toEqual(r.body.detail);
    } finally {
      if (before === undefined) delete process.env.ROLLCALL_IMPORT_WORKER;
      else process.env.ROLLCALL_IMPORT_WORKER = before;
    }
    const got = await outcome(a);
    expect(got.length).toBe(40);
    expect(got.some((row) => Number(row[3]) > 1)).toBe(true);
    expect(got).toEqual(await outcome(b));
    expect((await a.deps.cases.verifyAudit()).ok).toBe(true);
    // The server's thread sees the worker's commits at once (its caches are keyed on the data version).
    expect((await viaWorker.json("GET", "/api/cases?limit=50")).body.total).toBe(40);
  });

  it("run in a worker started with the server (as `npm start` does), ready before the first file is posted", async () => {
    const db = tempDatabase();
    const server = await testServer(db.url, { importWorkerAtStart: true });
    try {
      // Started by the server itself, before anything asked for it; then ready.
      expect(hasImportWorker(server.deps.rdb)).toBe(true);
      await startImportWorker(server.deps);
      const client = new Client(server.url);
      await client.login();
      expect((await client.json("POST", "/api/imports/pupils", { csv: school.pupils })).status).toBe(200);
      const r = await client.json("POST", "/api/imports/marks?file=marks.csv", { csv: school.marks });
      expect(r.status).toBe(200);
      expect(Number(r.body.detail.caseSteps)).toBeGreaterThan(0);
      expect((await server.deps.cases.verifyAudit()).ok).toBe(true);
      // The worker checkpoints the WAL, off the request loop, after handing the writer back: the server's own
      // commits checkpoint only past a far larger WAL.
      expect(server.deps.rdb.walAutoCheckpoint).toBe(WAL_PAGES_WHEN_THE_WORKER_CHECKPOINTS);
      expect(Number((await server.deps.rdb.client.execute("PRAGMA wal_autocheckpoint")).rows[0]![0])).toBe(WAL_PAGES_WHEN_THE_WORKER_CHECKPOINTS);
      // After the import's last turn, or at the worker's next idle tick (every second).
      for (let waited = 0; (workerCheckpoints(server.deps.rdb)?.count ?? 0) === 0; waited += 20) {
        if (waited > 5_000) throw new Error("the worker made no checkpoint within 5 s");
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const last = workerCheckpoints(server.deps.rdb)!.last!;
      expect(last.frames).toBeGreaterThanOrEqual(0);
      expect(last.copied).toBeLessThanOrEqual(last.frames);
    } finally {
      await server.close();
      db.cleanup();
    }
    // Without the option, a server starts none until a file is posted, and its commits checkpoint as SQLite does.
    const quiet = tempDatabase();
    const idle = await testServer(quiet.url);
    try {
      expect(hasImportWorker(idle.deps.rdb)).toBe(false);
      expect(idle.deps.rdb.walAutoCheckpoint).toBeUndefined();
      expect(Number((await idle.deps.rdb.client.execute("PRAGMA wal_autocheckpoint")).rows[0]![0])).toBe(SQLITE_DEFAULT_WAL_AUTOCHECKPOINT);
    } finally {
      await idle.close();
      quiet.cleanup();
    }
  });

  it("answer a case read started during an import before the import: it waits for at most one of the import's transactions", async () => {
    const db = tempDatabase();
    const server = await testServer(db.url);
    try {
      const client = new Client(server.url);
      await client.login();
      expect((await client.json("POST", "/api/imports/pupils", { csv: school.pupils })).status).toBe(200);
      expect((await client.json("POST", "/api/imports/marks?file=day1.csv", { csv: firstDay })).status).toBe(200);
      const upn = school.pupils.split("\n")[1]!.split(",")[0]!;
      const orm = server.deps.rdb.orm;

      // The writer held here, so the import cannot write until the read below has queued its access-log row.
      let release!: () => void;
      const held = writeStatement(orm, () => new Promise<void>((resolve) => (release = resolve)));
      await until(() => release !== undefined);
      const order: string[] = [];
      const importing = client.json("POST", "/api/imports/marks?file=rest.csv", { csv: laterDays }).then((res) => {
        order.push("import");
        return res;
      });
      // A health check needs no writer: answered while the import waits.
      expect((await client.json("GET", "/api/health")).status).toBe(200);
      const reading = client.json("GET", `/api/cases/${upn}`).then((res) => {
        order.push("case read");
        return res;
      });
      // Both the import's first transaction and the read's access-log row are waiting for the writer.
      await until(() => writersWaiting(orm) >= 2);
      release();
      await held;
      const [imported, read] = await Promise.all([importing, reading]);
      expect(imported.status).toBe(200);
      expect(read.status).toBe(200);
      // The import wrote in more than one transaction (the marks, then the day close in batches), so the read
      // cannot have waited for all of them.
      expect(Number(imported.body.detail.caseSteps)).toBeGreaterThan(0);
      expect(order).toEqual(["case read", "import"]);
      expect((await server.deps.cases.verifyAudit()).ok).toBe(true);
    } finally {
      await server.close();
      db.cleanup();
    }
  });
});
