import { describe, expect, it } from "vitest";
import { allSaints } from "../machines/presets/allSaints.ts";
import { addContact, listContacts } from "./contacts.ts";
import { findImportByHash, listImports, recordImport, setImportChanged, sha256Hex } from "./imports.ts";
import { getPolicy, listPolicies, PolicyConflictError, policyVersions, publishPolicy } from "./policies.ts";
import { getPupil, listPupils, upsertPupils } from "./pupils.ts";
import { cancelTask, completeTask, getTask, insertTasks, listTasks } from "./tasks.ts";
import { useTempDatabases, syntheticPupil, syntheticUpn } from "./testSupport.ts";

const temp = useTempDatabases();

describe("pupils", () => {
  it("inserts, updates what changed and leaves the rest", async () => {
    const { rdb } = await temp();
    const first = [syntheticPupil(1, { dateOfBirth: "2017-03-02", sex: "F", class: "3B" }), syntheticPupil(2), syntheticPupil(3)];
    expect(await upsertPupils(rdb.orm, first, "2024-09-01T00:00:00.000Z")).toEqual({ inserted: 3, updated: 0, unchanged: 0 });
    expect(await getPupil(rdb.orm, syntheticUpn(1))).toEqual(first[0]);
    expect(await getPupil(rdb.orm, syntheticUpn(2))).toEqual(first[1]); // no optional fields come back as null

    const second = [first[0]!, { ...first[1]!, send: true, class: "4A" }, syntheticPupil(4)];
    expect(await upsertPupils(rdb.orm, second, "2024-10-01T00:00:00.000Z")).toEqual({ inserted: 1, updated: 1, unchanged: 1 });
    expect(await listPupils(rdb.orm)).toEqual([first[0], second[1], first[2], second[2]].sort((a, b) => (a!.upn < b!.upn ? -1 : 1)));
    const stamps = await rdb.client.execute("SELECT upn, updated_at FROM pupils ORDER BY upn");
    const stampOf = new Map(stamps.rows.map((r) => [String(r[0]), String(r[1])]));
    expect(stampOf.get(syntheticUpn(1))).toBe("2024-09-01T00:00:00.000Z");
    expect(stampOf.get(syntheticUpn(2))).toBe("2024-10-01T00:00:00.000Z");
    await expect(upsertPupils(rdb.orm, [syntheticPupil(5), syntheticPupil(5)])).rejects.toThrow(/twice/);
    expect(await getPupil(rdb.orm, syntheticUpn(5))).toBeUndefined();
  });
});

describe("imports", () => {
  it("finds a file already imported by its kind and hash, once", async () => {
    const { rdb } = await temp();
    const sha = sha256Hex("upn,date,session,mark\n");
    expect(sha).toMatch(/^[0-9a-f]{64}$/);
    const imp = await recordImport(rdb.orm, { kind: "marks", sha256: sha, fileName: "marks.csv", rows: 10, recordedAt: "2024-09-05T16:00:00.000Z", actor: "aa" });
    await setImportChanged(rdb.orm, imp.id, 7);
    expect(await findImportByHash(rdb.orm, "marks", sha)).toEqual({ ...imp, changed: 7 });
    expect(await findImportByHash(rdb.orm, "pupils", sha)).toBeUndefined();
    await expect(recordImport(rdb.orm, { kind: "marks", sha256: sha, fileName: "again.csv", rows: 10, recordedAt: "t", actor: "aa" })).rejects.toThrow(/UNIQUE/);
    await recordImport(rdb.orm, { kind: "pupils", sha256: sha, fileName: "pupils.csv", rows: 1, recordedAt: "t", actor: "aa" });
    expect((await listImports(rdb.orm)).map((i) => i.kind)).toEqual(["pupils", "marks"]);
  });
});

describe("policies", () => {
  it("publishes immutable versions: identical again is a no-op, different is a conflict", async () => {
    const { rdb } = await temp();
    expect(await publishPolicy(rdb.orm, allSaints, "designer", "2024-08-01T00:00:00.000Z")).toEqual({ id: allSaints.id, version: allSaints.version });
    // Same content, keys in another order: identical.
    const reordered = Object.fromEntries(Object.entries(allSaints).reverse()) as typeof allSaints;
    expect(await publishPolicy(rdb.orm, reordered, "someone else")).toEqual({ id: allSaints.id, version: allSaints.version });
    const changed = { ...allSaints, name: `${allSaints.name} (edited)` };
    await expect(publishPolicy(rdb.orm, changed, "designer")).rejects.toBeInstanceOf(PolicyConflictError);
    await publishPolicy(rdb.orm, { ...changed, version: allSaints.version + 1 }, "designer", "2024-09-01T00:00:00.000Z");

    const latest = await getPolicy(rdb.orm, allSaints.id);
    expect(latest).toMatchObject({ version: allSaints.version + 1, name: changed.name, publishedBy: "designer" });
    const v1 = await getPolicy(rdb.orm, allSaints.id, allSaints.version);
    expect(v1!.document).toEqual(JSON.parse(JSON.stringify(allSaints)));
    expect(v1!.publishedAt).toBe("2024-08-01T00:00:00.000Z");
    expect(await getPolicy(rdb.orm, "nope")).toBeUndefined();
    expect((await policyVersions(rdb.orm, allSaints.id)).map((p) => p.version)).toEqual([allSaints.version, allSaints.version + 1]);
    expect(await listPolicies(rdb.orm)).toEqual([expect.objectContaining({ id: allSaints.id, version: allSaints.version + 1 })]);
    await expect(rdb.client.execute("UPDATE policies SET name = 'x'")).rejects.toThrow(/immutable/);
  });
});

describe("tasks and contacts", () => {
  it("lists tasks by due date and completes an open task once", async () => {
    const { rdb } = await temp();
    await upsertPupils(rdb.orm, [syntheticPupil(1), syntheticPupil(2)]);
    const [a, b, c, d] = await insertTasks(rdb.orm, [
      { upn: syntheticUpn(1), kind: "letter", title: "Letter 1", rule: "letter-1", template: "letter1", createdOn: "2024-10-01", dueOn: "2024-10-04", historySeq: 2 },
      { upn: syntheticUpn(1), kind: "first-day-call", title: "Call", rule: "statutory:first-day-call", createdOn: "2024-10-07", dueOn: "2024-10-07" },
      { upn: syntheticUpn(2), kind: "meeting", title: "SAP", rule: "sap-invite", createdOn: "2024-10-01" },
      { upn: syntheticUpn(2), kind: "letter", title: "Letter 2", rule: "letter-2", createdOn: "2024-10-02", dueOn: "2024-10-03" },
    ]);
    expect(a).toMatchObject({ id: expect.any(Number), status: "open", template: "letter1", historySeq: 2, outcome: null });
    const ids = async (q: Parameters<typeof listTasks>[1]) => (await listTasks(rdb.orm, q)).map((t) => t.id);
    expect(await ids({})).toEqual([d!.id, a!.id, b!.id, c!.id]);
    expect(await ids({ due: "overdue", today: "2024-10-07" })).toEqual([d!.id, a!.id]);
    expect(await ids({ due: "today", today: "2024-10-07" })).toEqual([b!.id]);
    expect(await ids({ upn: syntheticUpn(2), kind: "letter" })).toEqual([d!.id]);

    expect(await completeTask(rdb.orm, a!.id, { outcome: "sent", actor: "aa", at: "2024-10-07T09:00:00.000Z" })).toBe(true);
    expect(await completeTask(rdb.orm, a!.id, { outcome: "sent again", actor: "aa", at: "2024-10-07T09:01:00.000Z" })).toBe(false);
    expect(await getTask(rdb.orm, a!.id)).toMatchObject({ status: "done", outcome: "sent", completedBy: "aa" });
    expect(await cancelTask(rdb.orm, d!.id, { actor: "al", at: "2024-10-07T09:02:00.000Z" })).toBe(true);
    expect(await ids({ due: "overdue", today: "2024-10-07" })).toEqual([]);
    expect(await ids({ status: "open" })).toEqual([b!.id, c!.id]);
    expect(await completeTask(rdb.orm, 9999, { outcome: "x", actor: "aa", at: "t" })).toBe(false);
  });

  it("records contacts per pupil", async () => {
    const { rdb } = await temp();
    await upsertPupils(rdb.orm, [syntheticPupil(1)]);
    await addContact(rdb.orm, { upn: syntheticUpn(1), date: "2024-10-02", kind: "home-visit", withWhom: "parent", summary: "No answer", recordedBy: "aa", recordedAt: "t" });
    await addContact(rdb.orm, { upn: syntheticUpn(1), date: "2024-10-01", kind: "call", withWhom: "parent", summary: "Ill", recordedBy: "aa", recordedAt: "t" });
    expect((await listContacts(rdb.orm, syntheticUpn(1))).map((c) => c.kind)).toEqual(["call", "home-visit"]);
    await expect(addContact(rdb.orm, { upn: syntheticUpn(9), date: "2024-10-01", kind: "call", withWhom: "parent", summary: "", recordedBy: "aa", recordedAt: "t" })).rejects.toThrow(/FOREIGN KEY/);
  });
});

describe("many tasks at once", () => {
  it("inserts 5,000 tasks in one call (more than SQLite binds in one statement), all or none", async () => {
    const { rdb } = await temp();
    await upsertPupils(rdb.orm, [syntheticPupil(1)]);
    const many = Array.from({ length: 5000 }, (_, i) => ({ upn: syntheticUpn(1), kind: "letter", title: `Letter ${i}`, rule: "test", createdOn: "2024-09-04" }));
    const rows = await insertTasks(rdb.orm, many);
    expect(rows).toHaveLength(5000);
    expect(new Set(rows.map((r) => r.id)).size).toBe(5000);
    const broken = [...many.slice(0, 300), { ...many[0]!, upn: "NO-SUCH-PUPIL" }];
    await expect(insertTasks(rdb.orm, broken)).rejects.toThrow();
    expect(await listTasks(rdb.orm, { upn: syntheticUpn(1) })).toHaveLength(5000);
  });
});
