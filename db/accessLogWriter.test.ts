/**
 * Group commit of the access log: rows logged together share one write, every caller waits until its own row
 * is committed, and a faulty row fails only its own caller.
 */
import { describe, expect, it } from "vitest";
import { useTempDatabases, syntheticUpn } from "./testSupport.ts";
import { queryRaw, writeTransaction } from "./tx.ts";
import { accessLog, createUser, logAccess } from "./users.ts";
import type { RollcallDb } from "./client.ts";

const temp = useTempDatabases();

/** Counts the access-log INSERT statements sent to the client from now on. */
function countInserts(rdb: RollcallDb): { readonly n: number } {
  const counter = { n: 0 };
  const client = rdb.client as unknown as { execute: (...a: unknown[]) => unknown };
  const execute = client.execute.bind(client);
  const count = (args: unknown[]) => {
    const q = args[0] as string | { sql: string };
    if (/^\s*insert into "?access_log"?/i.test(typeof q === "string" ? q : q.sql)) counter.n++;
  };
  client.execute = (...args: unknown[]) => {
    count(args);
    return execute(...args);
  };
  // The rows and the access log's sealed tally are written in one transaction: count its statements too.
  const transactional = rdb.client as unknown as { transaction: (...a: unknown[]) => Promise<{ execute: (...a: unknown[]) => unknown }> };
  const transaction = transactional.transaction.bind(transactional);
  transactional.transaction = async (...args: unknown[]) => {
    const tx = await transaction(...args);
    const run = tx.execute.bind(tx);
    tx.execute = (...a: unknown[]) => {
      count(a);
      return run(...a);
    };
    return tx;
  };
  return counter;
}

const rowsFor = async (rdb: RollcallDb, upn: string) => (await queryRaw<[number]>(rdb.orm, "SELECT count(*) FROM access_log WHERE upn = ?", [upn]))[0]![0];

describe("the access log's group commit", () => {
  it("shares one write between rows logged at the same time, each resolving once its row is stored", async () => {
    const { rdb } = await temp();
    const user = await createUser(rdb.orm, { username: "lead", password: "a long passphrase", role: "attendance-lead" });
    const inserts = countInserts(rdb);
    const seenOnResolve: number[] = [];
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        logAccess(rdb.orm, { userId: user.id, action: "case.view", upn: syntheticUpn(i + 1) }).then(async () => {
          seenOnResolve.push(await rowsFor(rdb, syntheticUpn(i + 1)));
        }),
      ),
    );
    expect(seenOnResolve).toEqual(Array.from({ length: 30 }, () => 1));
    expect(inserts.n).toBeLessThanOrEqual(2);
    const log = await accessLog(rdb.orm);
    expect(log).toHaveLength(30);
    // In the order logged: ids and times rise together.
    const oldestFirst = [...log].reverse();
    expect(oldestFirst.map((e) => e.upn)).toEqual(Array.from({ length: 30 }, (_, i) => syntheticUpn(i + 1)));
    expect(oldestFirst.map((e) => e.at)).toEqual([...oldestFirst.map((e) => e.at)].sort());
  });

  it("waits behind another writer and then writes every row that queued meanwhile in one statement", async () => {
    const { rdb } = await temp();
    const user = await createUser(rdb.orm, { username: "lead", password: "a long passphrase", role: "attendance-lead" });
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let entered!: () => void;
    const inside = new Promise<void>((r) => (entered = r));
    const other = writeTransaction(rdb.orm, async () => {
      entered();
      await held;
    });
    await inside;
    const inserts = countInserts(rdb);
    let resolved = 0;
    const logs = Array.from({ length: 5 }, (_, i) => logAccess(rdb.orm, { userId: user.id, action: "case.view", upn: syntheticUpn(i + 1) }).then(() => resolved++));
    await new Promise((r) => setTimeout(r, 50));
    expect(resolved).toBe(0);
    expect(await rowsFor(rdb, syntheticUpn(1))).toBe(0);
    release();
    await other;
    await Promise.all(logs);
    expect(resolved).toBe(5);
    expect(inserts.n).toBe(1);
    expect(await accessLog(rdb.orm)).toHaveLength(5);
  });

  it("fails only the caller whose row cannot be written; the others' rows are stored", async () => {
    const { rdb } = await temp();
    const user = await createUser(rdb.orm, { username: "lead", password: "a long passphrase", role: "attendance-lead" });
    const outcomes = await Promise.allSettled([
      logAccess(rdb.orm, { userId: user.id, action: "case.view", upn: syntheticUpn(1) }),
      logAccess(rdb.orm, { userId: 987_654, action: "case.view", upn: syntheticUpn(2) }), // no such user: foreign key
      logAccess(rdb.orm, { userId: user.id, action: "case.view", upn: syntheticUpn(3) }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(String((outcomes[1] as PromiseRejectedResult).reason)).toMatch(/FOREIGN KEY|CONSTRAINT/i);
    expect((await accessLog(rdb.orm)).map((e) => e.upn).sort()).toEqual([syntheticUpn(1), syntheticUpn(3)]);
    // And the next batch writes as usual.
    await logAccess(rdb.orm, { userId: user.id, action: "case.view", upn: syntheticUpn(4) });
    expect(await rowsFor(rdb, syntheticUpn(4))).toBe(1);
  });

  it("inside a transaction writes in it, and is undone with it", async () => {
    const { rdb } = await temp();
    const user = await createUser(rdb.orm, { username: "lead", password: "a long passphrase", role: "attendance-lead" });
    await expect(
      writeTransaction(rdb.orm, async (tx) => {
        await logAccess(tx, { userId: user.id, action: "case.view", upn: syntheticUpn(1) });
        expect((await queryRaw<[number]>(tx, "SELECT count(*) FROM access_log"))[0]![0]).toBe(1);
        throw new Error("undo");
      }),
    ).rejects.toThrow("undo");
    expect(await accessLog(rdb.orm)).toHaveLength(0);
    await writeTransaction(rdb.orm, (tx) => logAccess(tx, { userId: user.id, action: "case.view", upn: syntheticUpn(2) }));
    expect((await accessLog(rdb.orm)).map((e) => e.upn)).toEqual([syntheticUpn(2)]);
  });
});
