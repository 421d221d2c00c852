import { createClient } from "@libsql/client";
import { describe, expect, it } from "vitest";
import { appendAccessLog } from "./accessLogWriter.ts";
import type { RollcallDb } from "./client.ts";
import { dataVersion, VersionedCache } from "./readCache.ts";
import { useTempDatabases } from "./testSupport.ts";
import { execRaw, writeStatement, writeTransaction } from "./tx.ts";

const open = useTempDatabases();

describe("dataVersion", () => {
  it("changes after a write through the queue, and not after the access log's inserts", async () => {
    const { rdb } = await open();
    const v0 = await dataVersion(rdb);
    expect(v0).not.toBeNull();
    expect(await dataVersion(rdb)).toBe(v0);
    await Promise.all([appendAccessLog(rdb.orm, [null, "2024-09-02T08:00:00.000Z", "x", null, null]), appendAccessLog(rdb.orm, [null, "2024-09-02T08:00:01.000Z", "y", null, null])]);
    expect(await dataVersion(rdb)).toBe(v0);
    await writeStatement(rdb.orm, (d) => execRaw(d, "INSERT INTO school_days (date) VALUES ('2024-09-02')"));
    const v1 = await dataVersion(rdb);
    expect(v1).not.toBe(v0);
    await writeTransaction(rdb.orm, (tx) => execRaw(tx, "INSERT INTO school_days (date) VALUES ('2024-09-03')"));
    expect(await dataVersion(rdb)).not.toBe(v1);
  });

  it("changes after another connection commits to the file", async () => {
    const { rdb, url } = await open();
    const v0 = await dataVersion(rdb);
    const other = createClient({ url });
    try {
      await other.execute("INSERT INTO school_days (date) VALUES ('2024-09-04')");
    } finally {
      other.close();
    }
    expect(await dataVersion(rdb)).not.toBe(v0);
  });

  it("is null for a remote database: nothing is cached", async () => {
    const remote = { url: "libsql://example.invalid", orm: {}, client: {}, close: async () => {} } as unknown as RollcallDb;
    expect(await dataVersion(remote)).toBeNull();
    const cache = new VersionedCache<number>();
    cache.set(null, "k", 1);
    expect(cache.get(null, "k")).toBeUndefined();
  });
});

describe("VersionedCache", () => {
  it("serves a value only under the version it was stored for, and drops a value stored for an old version", () => {
    const cache = new VersionedCache<string>(2);
    expect(cache.get("a", "k")).toBeUndefined();
    cache.set("a", "k", "one");
    expect(cache.get("a", "k")).toBe("one");
    expect(cache.get("b", "k")).toBeUndefined();
    cache.set("a", "k", "stale");
    expect(cache.get("b", "k")).toBeUndefined();
    cache.set("b", "k", "two");
    cache.set("b", "l", "three");
    cache.set("b", "m", "four");
    expect(cache.size).toBe(2);
    expect(cache.get("b", "k")).toBeUndefined();
    expect(cache.get("b", "m")).toBe("four");
  });
});
