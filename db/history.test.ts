import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { appendHistory, caseHistory, GENESIS_HASH, verifyHistoryChains, type HistoryEntryInput } from "./history.ts";
import { canonicalJson } from "./json.ts";
import { useTempDatabases, syntheticUpn } from "./testSupport.ts";

const temp = useTempDatabases();

const A = syntheticUpn(1);
const B = syntheticUpn(2);

function entry(n: number, overrides: Partial<HistoryEntryInput> = {}): HistoryEntryInput {
  return {
    schoolDate: `2024-09-${String(4 + n).padStart(2, "0")}`,
    recordedAt: `2024-09-${String(4 + n).padStart(2, "0")}T16:00:00.000Z`,
    actor: "system",
    eventType: "schoolDayClosed",
    event: { type: "schoolDayClosed", date: `2024-09-${String(4 + n).padStart(2, "0")}`, dayIndex: n, metrics: { attendancePct: 90 - n, windows: { "10": { u: n }, "2": { u: 0 } } } },
    fromState: "expect",
    toState: n % 2 ? "monitor.letter1" : "expect",
    rule: n % 2 ? "letter-1" : null,
    reason: n % 2 ? "attendance below 95%: 90.0%" : null,
    tasks: n % 2 ? [{ kind: "letter", title: "Letter 1", rule: "letter-1", date: "2024-09-05" }] : [],
    policyId: "all-saints",
    policyVersion: 1,
    revisionAfter: n + 1,
    ...overrides,
  };
}

describe("canonical JSON", () => {
  it("sorts keys by code unit at every level, including integer-like keys", () => {
    expect(canonicalJson({ b: 1, a: [{ z: null, y: undefined, x: "é" }], "10": true, "2": false })).toBe(
      '{"10":true,"2":false,"a":[{"x":"é","z":null}],"b":1}',
    );
    expect(canonicalJson([undefined, Number.NaN, new Date("2024-09-05T00:00:00Z")])).toBe('[null,null,"2024-09-05T00:00:00.000Z"]');
  });
});

describe("case history", () => {
  it("hashes each entry as sha256(prev_hash + canonical JSON of its fields)", async () => {
    const { rdb } = await temp();
    const [first] = await appendHistory(rdb.orm, A, [
      entry(0, { event: { type: "opened", b: 2, a: 1 }, tasks: [], recordedAt: "2024-09-04T08:00:00.000Z" }),
    ]);
    // The recipe written out by hand: keys sorted, no spaces.
    const text =
      '{"actor":"system","event":{"a":1,"b":2,"type":"opened"},"eventType":"schoolDayClosed","fromState":"expect",' +
      `"policyId":"all-saints","policyVersion":1,"reason":null,"recordedAt":"2024-09-04T08:00:00.000Z","revisionAfter":1,` +
      `"rule":null,"schoolDate":"2024-09-04","seq":1,"tasks":[],"toState":"expect","upn":"${A}"}`;
    expect(first!.prevHash).toBe(GENESIS_HASH);
    expect(first!.hash).toBe(createHash("sha256").update(GENESIS_HASH + text).digest("hex"));
  });

  it("appends in seq order per case, chained, and reads back oldest first", async () => {
    const { rdb } = await temp();
    const a1 = await appendHistory(rdb.orm, A, [entry(0), entry(1)]);
    await appendHistory(rdb.orm, B, [entry(0)]);
    const a2 = await appendHistory(rdb.orm, A, [entry(2)]);
    expect(a1.map((e) => e.seq)).toEqual([1, 2]);
    expect(a2[0]!.seq).toBe(3);
    expect(a2[0]!.prevHash).toBe(a1[1]!.hash);
    const history = await caseHistory(rdb.orm, A);
    expect(history.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(history[1]).toEqual(a1[1]);
    expect(history[1]!.event).toEqual(entry(1).event);
    expect(await verifyHistoryChains(rdb.orm)).toEqual({ ok: true, checked: 4, firstBrokenAt: null, broken: [] });
  });

  it("refuses UPDATE and DELETE (append-only)", async () => {
    const { rdb } = await temp();
    await appendHistory(rdb.orm, A, [entry(0)]);
    await expect(rdb.client.execute("UPDATE case_history SET to_state = 'enforce'")).rejects.toThrow(/append-only/);
    await expect(rdb.client.execute("DELETE FROM case_history")).rejects.toThrow(/append-only/);
  });

  it("detects an entry altered behind the application's back", async () => {
    const { rdb } = await temp();
    await appendHistory(rdb.orm, A, [entry(0), entry(1), entry(2), entry(3)]);
    await appendHistory(rdb.orm, B, [entry(0), entry(1)]);
    // Someone with the file drops the trigger and edits the record.
    await rdb.client.execute("DROP TRIGGER case_history_no_update");
    await rdb.client.execute({ sql: "UPDATE case_history SET to_state = 'enforce.penaltyNotice' WHERE upn = ? AND seq = 3", args: [A] });
    const check = await verifyHistoryChains(rdb.orm);
    expect(check.ok).toBe(false);
    expect(check.firstBrokenAt).toEqual({ upn: A, seq: 3 });
    expect(check.broken).toEqual([{ upn: A, seq: 3 }]);
    expect(check.checked).toBe(6);
    expect((await verifyHistoryChains(rdb.orm, { upn: B })).ok).toBe(true);
  });

  it("detects an edited event, and a rewritten hash that no longer links", async () => {
    const { rdb } = await temp();
    const [, second] = await appendHistory(rdb.orm, B, [entry(0), entry(1), entry(2)]);
    await rdb.client.execute("DROP TRIGGER case_history_no_update");
    const event = JSON.stringify({ ...(entry(1).event as object), metrics: { attendancePct: 50 } });
    await rdb.client.execute({ sql: "UPDATE case_history SET event = ? WHERE upn = ? AND seq = 2", args: [event, B] });
    expect((await verifyHistoryChains(rdb.orm)).firstBrokenAt).toEqual({ upn: B, seq: 2 });
    // Restore the event; then rewrite seq 1's hash: seq 1 no longer matches its recipe.
    await rdb.client.execute({ sql: "UPDATE case_history SET event = ? WHERE upn = ? AND seq = 2", args: [canonicalJson(second!.event), B] });
    expect((await verifyHistoryChains(rdb.orm)).ok).toBe(true);
    await rdb.client.execute({ sql: "UPDATE case_history SET hash = ? WHERE upn = ? AND seq = 1", args: ["f".repeat(64), B] });
    expect((await verifyHistoryChains(rdb.orm)).firstBrokenAt).toEqual({ upn: B, seq: 1 });
  });

  it("detects a deleted entry in the middle of a chain", async () => {
    const { rdb } = await temp();
    await appendHistory(rdb.orm, A, [entry(0), entry(1), entry(2)]);
    await rdb.client.execute("DROP TRIGGER case_history_no_delete");
    await rdb.client.execute({ sql: "DELETE FROM case_history WHERE upn = ? AND seq = 2", args: [A] });
    expect((await verifyHistoryChains(rdb.orm)).firstBrokenAt).toEqual({ upn: A, seq: 3 });
  });

  it("verifies across pages", async () => {
    const { rdb } = await temp();
    const many = Array.from({ length: 5_300 }, (_, i) => entry(i % 20, { revisionAfter: i + 1 }));
    await appendHistory(rdb.orm, A, many);
    const check = await verifyHistoryChains(rdb.orm);
    expect(check).toMatchObject({ ok: true, checked: 5_300 });
    await rdb.client.execute("DROP TRIGGER case_history_no_update");
    await rdb.client.execute({ sql: "UPDATE case_history SET actor = 'x' WHERE upn = ? AND seq = 5200", args: [A] });
    expect((await verifyHistoryChains(rdb.orm)).firstBrokenAt).toEqual({ upn: A, seq: 5200 });
  });
});
