import { describe, expect, it } from "vitest";
import { inTransaction } from "./client.ts";
import {
  addParentCarer,
  applyParentsFile,
  changeParentCarer,
  listParentsCarers,
  parentsCarersHistory,
  removeParentCarer,
  type ParentCarerDetails,
} from "./parentsCarers.ts";
import { upsertPupils } from "./pupils.ts";
import { execRaw } from "./tx.ts";
import { syntheticPupil, syntheticUpn, useTempDatabases } from "./testSupport.ts";

const temp = useTempDatabases();
const A = syntheticUpn(1);
const B = syntheticUpn(2);

const mum: ParentCarerDetails = {
  name: "Ms Jo Example",
  relationship: "Mother",
  parentalResponsibility: true,
  livesWithPupil: true,
  addressLines: ["1 Test Row", "Sampleton"],
  postcode: "ZZ99 1AA",
  phone: "01632 960001",
  email: "jo@example.org",
  priority: 1,
  correspondence: true,
  liableForNotices: true,
};
const gran: ParentCarerDetails = { ...mum, name: "Mrs Pat Example", relationship: "Grandparent", parentalResponsibility: false, priority: 2, correspondence: false, liableForNotices: null, phone: null, email: null };

async function school() {
  const t = await temp();
  await upsertPupils(t.rdb.orm, [syntheticPupil(1), syntheticPupil(2)]);
  return t;
}

describe("parents and carers, versioned", () => {
  it("adds, changes and removes by new versions, keeping who did what when; stale edits are refused", async () => {
    const { rdb } = await school();
    const jo = await addParentCarer(rdb.orm, A, mum, { by: "lead", at: "2025-03-03T09:00:00.000Z" });
    const pat = await addParentCarer(rdb.orm, A, gran, { by: "officer" });
    expect(pat.parentId).toBe(jo.parentId + 1);
    expect((await listParentsCarers(rdb.orm, A)).map((p) => p.name)).toEqual(["Ms Jo Example", "Mrs Pat Example"]);
    expect(await listParentsCarers(rdb.orm, B)).toEqual([]);

    const moved = await changeParentCarer(rdb.orm, A, jo.parentId, 1, { ...mum, addressLines: ["2 Test Row", "Sampleton"] }, { by: "lead", at: "2025-03-04T09:00:00.000Z" });
    expect(moved).toMatchObject({ status: "ok", changed: true, parent: { version: 2, addressLines: ["2 Test Row", "Sampleton"], changedBy: "lead" } });
    // Made from version 1 again: someone changed her since.
    expect(await changeParentCarer(rdb.orm, A, jo.parentId, 1, mum, { by: "officer" })).toMatchObject({ status: "conflict", current: { version: 2 } });
    // The same details again: no new version.
    expect(await changeParentCarer(rdb.orm, A, jo.parentId, 2, { ...mum, addressLines: ["2 Test Row", "Sampleton"] }, { by: "lead" })).toMatchObject({ status: "ok", changed: false });
    // Another pupil's UPN does not reach her.
    expect(await changeParentCarer(rdb.orm, B, jo.parentId, 2, mum, { by: "lead" })).toEqual({ status: "not-found" });

    expect(await removeParentCarer(rdb.orm, A, pat.parentId, 1, { by: "lead", reason: "moved away" })).toMatchObject({ status: "ok", parent: { removed: true, version: 2 } });
    expect((await listParentsCarers(rdb.orm, A)).map((p) => p.name)).toEqual(["Ms Jo Example"]);
    expect(await removeParentCarer(rdb.orm, A, pat.parentId, 2, { by: "lead" })).toEqual({ status: "not-found" });

    const history = await parentsCarersHistory(rdb.orm, A);
    expect(history.map((h) => [h.name, h.version, h.removed, h.changedBy, h.reason])).toEqual([
      ["Ms Jo Example", 1, false, "lead", null],
      ["Mrs Pat Example", 1, false, "officer", null],
      ["Ms Jo Example", 2, false, "lead", null],
      ["Mrs Pat Example", 2, true, "lead", "moved away"],
    ]);
    expect(history[0]!.addressLines).toEqual(["1 Test Row", "Sampleton"]);
  });

  it("refuses UPDATE and DELETE: the record is append-only", async () => {
    const { rdb } = await school();
    await addParentCarer(rdb.orm, A, mum, { by: "lead" });
    await expect(execRaw(rdb.orm, "UPDATE parents_carers SET name = 'Someone else'")).rejects.toThrow(/append-only/);
    await expect(execRaw(rdb.orm, "DELETE FROM parents_carers")).rejects.toThrow(/append-only/);
    expect((await listParentsCarers(rdb.orm, A))[0]!.name).toBe("Ms Jo Example");
  });

  it("a parents file is what is held for the pupils it names: adds, changes, removes; other pupils keep theirs", async () => {
    const { rdb } = await school();
    await addParentCarer(rdb.orm, A, mum, { by: "lead" });
    await addParentCarer(rdb.orm, A, gran, { by: "lead" });
    await addParentCarer(rdb.orm, B, { ...mum, name: "Mr Kit Sample" }, { by: "lead" });
    const dad: ParentCarerDetails = { ...mum, name: "Mr Lee Example", relationship: "Father", priority: 2 };
    const counts = await applyParentsFile(
      rdb.orm,
      [
        // Matched by name whatever its case, spaces and full stops.
        { upn: A, details: { ...mum, name: "ms  jo example.", phone: "07700 900123" } },
        { upn: A, details: dad },
      ],
      { by: "lead", source: "import 1" },
    );
    expect(counts).toEqual({ added: 1, changed: 1, removed: 1, unchanged: 0 });
    expect((await listParentsCarers(rdb.orm, A)).map((p) => [p.name, p.phone, p.source])).toEqual([
      ["ms  jo example.", "07700 900123", "import 1"],
      ["Mr Lee Example", "01632 960001", "import 1"],
    ]);
    expect((await listParentsCarers(rdb.orm, B)).map((p) => p.name)).toEqual(["Mr Kit Sample"]);
    const pat = (await parentsCarersHistory(rdb.orm, A)).filter((h) => h.name === "Mrs Pat Example");
    expect(pat.map((h) => [h.version, h.removed, h.reason])).toEqual([[1, false, null], [2, true, "not in the parents file"]]);
    // The same file again changes nothing.
    expect(await applyParentsFile(rdb.orm, [{ upn: A, details: { ...mum, name: "ms  jo example.", phone: "07700 900123" } }, { upn: A, details: dad }], { by: "lead" })).toEqual({ added: 0, changed: 0, removed: 0, unchanged: 2 });
  });

  it("a file applied inside a transaction that fails leaves nothing behind", async () => {
    const { rdb } = await school();
    await expect(
      inTransaction(rdb, async (tx) => {
        await applyParentsFile(tx, [{ upn: A, details: mum }], { by: "lead" });
        throw new Error("the import failed after applying the file");
      }),
    ).rejects.toThrow(/failed/);
    expect(await parentsCarersHistory(rdb.orm, A)).toEqual([]);
    // A UPN with no pupil fails the whole file (the foreign key), writing none of it.
    await expect(applyParentsFile(rdb.orm, [{ upn: A, details: mum }, { upn: syntheticUpn(9), details: mum }], { by: "lead" })).rejects.toThrow();
    expect(await parentsCarersHistory(rdb.orm, A)).toEqual([]);
  });
});
