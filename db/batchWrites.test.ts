/**
 * The many-at-once forms of the write functions (used by the day close and the imports) give exactly what the
 * one-at-a-time forms give: the same hash chains, the same case rows, the same register bytes.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { codeIndex } from "../machines/attendance/codes.ts";
import { allSaints } from "../machines/presets/allSaints.ts";
import { advanceCasesThrough, getCase, insertCase, insertCases, updateCasesIfRevision, type NewCase } from "./cases.ts";
import { appendHistories, appendHistory, caseHistory, historyHash, historyHashOfTexts, verifyHistoryChains, type HistoryEntryInput } from "./history.ts";
import { canonicalJson } from "./json.ts";
import { recordImport, sha256Hex } from "./imports.ts";
import { publishPolicy } from "./policies.ts";
import { upnsNotOnRoll, upsertPupils } from "./pupils.ts";
import { applyMarks, loadRegister, REGISTER_BYTES, registerSlot } from "./register.ts";
import { addTasks, listTasks } from "./tasks.ts";
import { useTempDatabases, syntheticPupil, syntheticUpn } from "./testSupport.ts";
import { execRaw, queryRaw, type Db } from "./tx.ts";

const temp = useTempDatabases();
const [A, B, C, D] = [1, 2, 3, 4].map(syntheticUpn) as [string, string, string, string];

function entry(n: number, overrides: Partial<HistoryEntryInput> = {}): HistoryEntryInput {
  return {
    schoolDate: `2024-09-${String(4 + n).padStart(2, "0")}`,
    recordedAt: "2024-09-20T16:00:00.000Z",
    actor: "system",
    eventType: "schoolDayClosed",
    event: { type: "schoolDayClosed", dayIndex: n, metrics: { attendancePct: 90 - n, windows: { "10": { u: n }, "2": { u: 0 } } }, note: undefined, when: new Date("2024-09-05T00:00:00Z") },
    fromState: "expect",
    toState: n % 2 ? "monitor.letter1" : "expect",
    rule: n % 2 ? "letter-1" : null,
    reason: n % 2 ? "attendance below 95%: 90.0%" : null,
    tasks: n % 2 ? [{ kind: "letter", title: "Letter 1", rule: "letter-1", date: "2024-09-05", z: 1, a: [Number.NaN, undefined] }] : [],
    policyId: "all-saints",
    policyVersion: 1,
    revisionAfter: n + 1,
    ...overrides,
  };
}

const withoutIds = <T extends { id: number }>(list: readonly T[]) => list.map(({ id: _id, ...rest }) => rest);

describe("the hash of an entry from its canonical texts", () => {
  it("hashes an entry from its canonical texts exactly as historyHash does from its values", () => {
    for (let n = 0; n < 6; n++) {
      const e = entry(n);
      const eventText = canonicalJson(e.event);
      const tasksText = canonicalJson(e.tasks);
      const fields = { ...e, upn: A, seq: n + 1, event: JSON.parse(eventText), tasks: JSON.parse(tasksText), rule: e.rule ?? null, reason: e.reason ?? null };
      expect(historyHashOfTexts("ab".repeat(32), fields, eventText, tasksText)).toBe(historyHash("ab".repeat(32), fields));
    }
  });
  it("and on random events, tasks and texts", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.array(fc.jsonValue(), { maxLength: 3 }), fc.string(), fc.option(fc.string()), fc.integer(), (event, tasks, text, rule, n) => {
        const eventText = canonicalJson(event);
        const tasksText = canonicalJson(tasks);
        const fields = { ...entry(1), upn: text, seq: n, actor: text, reason: rule, rule: null, event: JSON.parse(eventText), tasks: JSON.parse(tasksText) as unknown[], revisionAfter: n };
        expect(historyHashOfTexts("0".repeat(64), fields, eventText, tasksText)).toBe(historyHash("0".repeat(64), fields));
      }),
      { numRuns: 500, seed: 11 },
    );
  });
});

describe("appending to many cases' histories at once", () => {
  it("stores exactly the entries, links and hashes appendHistory stores one case at a time, and the chains verify", async () => {
    const one = (await temp()).rdb;
    const many = (await temp()).rdb;
    // Some history already there (the chains continue from their last links), and a case new to history.
    for (const rdb of [one, many]) {
      await appendHistory(rdb.orm, A, [entry(0), entry(1)]);
      await appendHistory(rdb.orm, B, [entry(0)]);
    }
    const batch = [
      { upn: A, entries: [entry(2), entry(3)] },
      { upn: C, entries: [entry(0), entry(1), entry(2)] },
      { upn: B, entries: [entry(1)] },
      { upn: D, entries: [] },
      { upn: A, entries: [entry(4)] },
    ];
    const expected = new Map<string, unknown[]>();
    for (const { upn, entries } of batch) {
      const stored = await appendHistory(one.orm, upn, entries);
      expected.set(upn, [...(expected.get(upn) ?? []), ...stored]);
    }
    const returned = await appendHistories(many.orm, batch);
    for (const upn of [A, B, C, D]) {
      expect(withoutIds(await caseHistory(many.orm, upn))).toEqual(withoutIds(await caseHistory(one.orm, upn)));
      expect(withoutIds(returned.get(upn) ?? [])).toEqual(withoutIds((expected.get(upn) ?? []) as { id: number }[]));
    }
    expect((await caseHistory(many.orm, A)).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    // The ids returned are the stored rows' ids.
    expect(returned.get(C)!.map((e) => e.id)).toEqual((await caseHistory(many.orm, C)).map((e) => e.id));
    expect(await verifyHistoryChains(many.orm)).toMatchObject({ ok: true, checked: 10 });
  });

  it("with { links: true } returns each entry's id and seq only", async () => {
    const { rdb } = await temp();
    await appendHistory(rdb.orm, A, [entry(0)]);
    const links = await appendHistories(rdb.orm, [{ upn: A, entries: [entry(1), entry(2)] }, { upn: B, entries: [entry(0)] }], { links: true });
    const stored = await caseHistory(rdb.orm, A);
    expect(links.get(A)).toEqual(stored.slice(1).map(({ id, seq }) => ({ id, seq })));
    expect(links.get(B)).toEqual([{ id: expect.any(Number), seq: 1 }]);
    expect(await verifyHistoryChains(rdb.orm)).toMatchObject({ ok: true, checked: 4 });
  });
});

async function seedCases(db: Db) {
  await publishPolicy(db, allSaints, "test");
  await upsertPupils(db, [1, 2, 3, 4].map((n) => syntheticPupil(n)));
}

const newCase = (upn: string, through: string | null = null): NewCase => ({
  upn,
  policyId: allSaints.id,
  policyVersion: allSaints.version,
  stage: "expect",
  state: "expect",
  value: "expect",
  context: { upn, entered: { "": { date: "2024-09-04", dayIndex: -1 } }, note: "é \u2028" },
  processedThrough: through,
  openedOn: "2024-09-04",
  updatedAt: "2024-09-04T08:00:00.000Z",
});

describe("writing many cases at once", () => {
  it("opens the cases not yet open, leaves an open one as it is, and names the ones opened", async () => {
    const { rdb } = await temp();
    await seedCases(rdb.orm);
    await insertCase(rdb.orm, { ...newCase(B), state: "monitor", stage: "monitor", value: "monitor" });
    const opened = await insertCases(rdb.orm, [newCase(A, "2024-09-05"), newCase(B), newCase(C)]);
    expect([...opened].sort()).toEqual([A, C].sort());
    expect(await getCase(rdb.orm, A)).toMatchObject({ revision: 1, processedThrough: "2024-09-05", context: newCase(A).context, value: "expect", updatedAt: "2024-09-04T08:00:00.000Z" });
    expect((await getCase(rdb.orm, B))!.state).toBe("monitor");
    // An unknown pupil fails the whole call, writing nothing.
    await expect(insertCases(rdb.orm, [newCase(D), { ...newCase(D), upn: syntheticUpn(9) }])).rejects.toThrow(/FOREIGN KEY/);
    expect(await getCase(rdb.orm, D)).toBeUndefined();
  });

  it("writes each case only if still at the revision read, as updateCaseIfRevision does", async () => {
    const { rdb } = await temp();
    await seedCases(rdb.orm);
    await insertCases(rdb.orm, [newCase(A), newCase(B), newCase(C)]);
    await execRaw(rdb.orm, "UPDATE cases SET revision = 5 WHERE upn = ?", [B]);
    const next = { stage: "monitor", state: "monitor.letter1", value: { monitor: "letter1" }, context: { changed: true }, processedThrough: "2024-09-06", updatedAt: "2024-09-06T16:00:00.000Z" };
    const written = await updateCasesIfRevision(rdb.orm, [
      { upn: A, expectedRevision: 1, next },
      { upn: B, expectedRevision: 1, next },
      { upn: C, expectedRevision: 1, next: { ...next, policyVersion: allSaints.version } },
      { upn: D, expectedRevision: 1, next },
    ]);
    expect([...written].sort()).toEqual([A, C].sort());
    expect(await getCase(rdb.orm, A)).toMatchObject({ revision: 2, stage: "monitor", state: "monitor.letter1", value: { monitor: "letter1" }, context: { changed: true }, processedThrough: "2024-09-06", updatedAt: next.updatedAt, policyVersion: allSaints.version });
    expect(await getCase(rdb.orm, B)).toMatchObject({ revision: 5, state: "expect", processedThrough: null });
  });

  it("moves cases on to a day checked against each revision, reading back which moved only when one did not", async () => {
    const { rdb } = await temp();
    await seedCases(rdb.orm);
    await insertCases(rdb.orm, [newCase(A), newCase(B), newCase(C)]);
    const all = await advanceCasesThrough(rdb.orm, "2024-09-05", [{ upn: A, expectedRevision: 1 }, { upn: B, expectedRevision: 1 }], "2024-09-05T16:00:00.000Z");
    expect([...all].sort()).toEqual([A, B].sort());
    await execRaw(rdb.orm, "UPDATE cases SET revision = 7 WHERE upn = ?", [C]);
    // A is at 2 now, C moved on behind our back: only A moves, and C's failed attempt leaves nothing behind.
    const some = await advanceCasesThrough(rdb.orm, "2024-09-06", [{ upn: A, expectedRevision: 2 }, { upn: C, expectedRevision: 1 }, { upn: D, expectedRevision: 1 }], "2024-09-06T16:00:00.000Z");
    expect([...some]).toEqual([A]);
    expect(await getCase(rdb.orm, A)).toMatchObject({ revision: 3, processedThrough: "2024-09-06", updatedAt: "2024-09-06T16:00:00.000Z", state: "expect" });
    expect(await getCase(rdb.orm, B)).toMatchObject({ revision: 2, processedThrough: "2024-09-05" });
    expect(await getCase(rdb.orm, C)).toMatchObject({ revision: 7, processedThrough: null });
  });

  it("adds tasks without reading them back, all or none", async () => {
    const { rdb } = await temp();
    await seedCases(rdb.orm);
    const many = Array.from({ length: 2500 }, (_, i) => ({ upn: A, kind: "letter", title: `Letter ${i}`, rule: "test", createdOn: "2024-09-04", dueOn: i % 2 ? "2024-09-09" : null, historySeq: i }));
    expect(await addTasks(rdb.orm, many)).toBe(2500);
    const stored = await listTasks(rdb.orm, { upn: A });
    expect(stored).toHaveLength(2500);
    expect(stored.find((t) => t.title === "Letter 7")).toMatchObject({ dueOn: "2024-09-09", historySeq: 7, status: "open", template: null });
    await expect(addTasks(rdb.orm, [...many.slice(0, 10), { ...many[0]!, upn: syntheticUpn(9) }])).rejects.toThrow();
    expect(await listTasks(rdb.orm, { upn: A })).toHaveLength(2500);
  });

  it("names the UPNs with no pupil record", async () => {
    const { rdb } = await temp();
    await seedCases(rdb.orm);
    expect([...(await upnsNotOnRoll(rdb.orm, [A, syntheticUpn(9), B, syntheticUpn(9), syntheticUpn(8)]))].sort()).toEqual([syntheticUpn(8), syntheticUpn(9)].sort());
    expect(await upnsNotOnRoll(rdb.orm, [])).toEqual(new Set());
  });
});

describe("marks written into part of each register", () => {
  it("gives the same registers, amendments and counts as writing whole blobs, legacy short blobs included", async () => {
    const { rdb } = await temp();
    await upsertPupils(rdb.orm, [1, 2, 3, 4].map((n) => syntheticPupil(n)));
    // C's blob was stored short (as an older version might have): it is padded and written whole.
    await execRaw(rdb.orm, "INSERT INTO pupil_registers (upn, school_year, marks) VALUES (?, 2024, ?)", [C, new Uint8Array(10).fill(1)]);
    const day1 = [A, B, C].flatMap((upn) => [
      { upn, date: "2024-09-04", session: "AM" as const, mark: "/" },
      { upn, date: "2024-09-04", session: "PM" as const, mark: "N" },
    ]);
    const importId = async (n: number) => (await recordImport(rdb.orm, { kind: "marks", sha256: sha256Hex(`file ${n}`), fileName: `${n}.csv`, rows: 1, recordedAt: "t", actor: "test" })).id;
    const first = await applyMarks(rdb.orm, day1, await importId(1), "t1");
    // C's short blob had code 1 ("/") in slot 6 and 7, 2024-09-04 AM and PM: AM is unchanged, PM amended.
    expect(registerSlot("2024-09-04").slot).toBe(6);
    expect(first).toMatchObject({ changedUpns: [A, B, C].sort(), newDays: ["2024-09-04"], unchanged: 1 });
    expect(first.amendments).toEqual([{ upn: C, date: "2024-09-04", session: "PM", oldMark: "/", newMark: "N" }]);
    const second = await applyMarks(
      rdb.orm,
      [
        { upn: A, date: "2024-09-04", session: "PM", mark: "I" },
        { upn: B, date: "2024-09-04", session: "AM", mark: "/" },
        { upn: A, date: "2024-09-05", session: "AM", mark: "L" },
        { upn: D, date: "2024-09-05", session: "PM", mark: "/" },
        { upn: A, date: "2025-01-06", session: "AM", mark: "/" },
      ],
      await importId(2),
      "t2",
    );
    expect(second.amendments).toEqual([{ upn: A, date: "2024-09-04", session: "PM", oldMark: "N", newMark: "I" }]);
    expect(second).toMatchObject({ changedUpns: [A, D].sort(), newDays: ["2024-09-05", "2025-01-06"], unchanged: 1 });
    const register = await loadRegister(rdb.orm);
    const marksOf = (upn: string) => [...register.marks[register.pupilIndex.get(upn)!]!];
    const code = (mark: string) => applyMarksCode(mark);
    expect(register.calendar.days).toEqual(["2024-09-04", "2024-09-05", "2025-01-06"]);
    expect(marksOf(A)).toEqual([code("/"), code("I"), code("L"), 0, code("/"), 0]);
    expect(marksOf(B)).toEqual([code("/"), code("N"), 0, 0, 0, 0]);
    expect(marksOf(D)).toEqual([0, 0, 0, code("/"), 0, 0]);
    // Every blob is REGISTER_BYTES long and holds nothing outside the slots written.
    const blobs = await queryRaw<[string, Uint8Array | ArrayBuffer]>(rdb.orm, "SELECT upn, marks FROM pupil_registers ORDER BY upn");
    for (const [upn, marks] of blobs) {
      const bytes = new Uint8Array(marks instanceof Uint8Array ? marks : new Uint8Array(marks));
      expect(bytes.length, upn).toBe(REGISTER_BYTES);
      if (upn !== C) expect(bytes.filter((b) => b !== 0).length, upn).toBe(marksOf(upn).filter((b) => b !== 0).length);
    }
    // C kept its old bytes outside the two it was given.
    const c = new Uint8Array(blobs.find(([u]) => u === C)![1] as ArrayBuffer);
    expect([...c.slice(0, 6)]).toEqual([1, 1, 1, 1, 1, 1]);
    expect([...c.slice(6, 10)]).toEqual([code("/"), code("N"), 1, 1]);
    expect(c.slice(10).every((b) => b === 0)).toBe(true);
  });
});

function applyMarksCode(mark: string): number {
  return codeIndex(mark)!;
}
