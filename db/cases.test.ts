import { describe, expect, it } from "vitest";
import { allSaints } from "../machines/presets/allSaints.ts";
import { caseCountsByStage, getCase, insertCase, listCases, updateCaseIfRevision, type NewCase } from "./cases.ts";
import { publishPolicy } from "./policies.ts";
import { upsertPupils } from "./pupils.ts";
import { insertTasks } from "./tasks.ts";
import { useTempDatabases, syntheticPupil, syntheticUpn } from "./testSupport.ts";
import type { Db } from "./tx.ts";

const temp = useTempDatabases();

function newCase(n: number, stage = "expect", state = stage): NewCase {
  return {
    upn: syntheticUpn(n),
    policyId: allSaints.id,
    policyVersion: allSaints.version,
    stage,
    state,
    value: stage === state ? stage : { [stage]: state.split(".")[1] },
    context: { upn: syntheticUpn(n), entered: { "": { date: "2024-09-04", dayIndex: -1 } } },
    processedThrough: null,
    openedOn: "2024-09-04",
    updatedAt: "2024-09-04T08:00:00.000Z",
  };
}

async function seed(db: Db) {
  await publishPolicy(db, allSaints, "test");
  await upsertPupils(db, [
    syntheticPupil(1, { forename: "Ada", surname: "Brook", yearGroup: "3", socialWorker: true }),
    syntheticPupil(2, { forename: "Ben", surname: "Carter", yearGroup: "3", pupilPremium: true, socialWorker: true }),
    syntheticPupil(3, { forename: "Cara", surname: "Abbot", yearGroup: "5", pupilPremium: true }),
    syntheticPupil(4, { forename: "Dev", surname: "Dunn", yearGroup: "5" }),
  ]);
  await insertCase(db, newCase(1));
  await insertCase(db, newCase(2, "facilitate", "facilitate.letter2"));
  await insertCase(db, newCase(3, "facilitate", "facilitate.letter3"));
  await insertCase(db, newCase(4, "monitor", "monitor.letter1"));
}

describe("cases", () => {
  it("stores and reads back a case at revision 1", async () => {
    const { rdb } = await temp();
    await seed(rdb.orm);
    const stored = await getCase(rdb.orm, syntheticUpn(2));
    expect(stored).toMatchObject({ upn: syntheticUpn(2), stage: "facilitate", state: "facilitate.letter2", revision: 1, processedThrough: null });
    expect(stored!.value).toEqual({ facilitate: "letter2" });
    expect(stored!.context).toEqual(newCase(2).context);
    expect(await getCase(rdb.orm, syntheticUpn(9))).toBeUndefined();
  });

  it("needs a known pupil and a published policy, and one case per pupil", async () => {
    const { rdb } = await temp();
    await seed(rdb.orm);
    await expect(insertCase(rdb.orm, newCase(9))).rejects.toThrow(/FOREIGN KEY/);
    await upsertPupils(rdb.orm, [syntheticPupil(9)]);
    await expect(insertCase(rdb.orm, { ...newCase(9), policyVersion: 99 })).rejects.toThrow(/FOREIGN KEY/);
    await expect(insertCase(rdb.orm, newCase(1))).rejects.toThrow(/UNIQUE|PRIMARY KEY/);
  });

  it("updates only at the expected revision: a stale revision returns false and changes nothing", async () => {
    const { rdb } = await temp();
    await seed(rdb.orm);
    const upn = syntheticUpn(1);
    const next = { stage: "monitor", state: "monitor.letter1", value: { monitor: "letter1" }, context: { n: 1 }, processedThrough: "2024-09-05" };
    expect(await updateCaseIfRevision(rdb.orm, upn, 1, next)).toBe(true);
    const after = await getCase(rdb.orm, upn);
    expect(after).toMatchObject({ revision: 2, stage: "monitor", processedThrough: "2024-09-05", context: { n: 1 } });

    const stale = { ...next, stage: "enforce", state: "enforce", value: "enforce", context: { n: 2 }, processedThrough: "2024-09-06" };
    expect(await updateCaseIfRevision(rdb.orm, upn, 1, stale)).toBe(false);
    expect(await getCase(rdb.orm, upn)).toEqual(after);
    expect(await updateCaseIfRevision(rdb.orm, syntheticUpn(9), 1, stale)).toBe(false);
    expect(await updateCaseIfRevision(rdb.orm, upn, 2, { ...stale, policyVersion: allSaints.version })).toBe(true);
    expect((await getCase(rdb.orm, upn))!.revision).toBe(3);
  });

  it("lists cases with their pupils, filtered and paged", async () => {
    const { rdb } = await temp();
    await seed(rdb.orm);
    const all = await listCases(rdb.orm, { limit: 10, offset: 0 });
    expect(all.total).toBe(4);
    expect(all.rows.map((r) => r.pupil.surname)).toEqual(["Abbot", "Brook", "Carter", "Dunn"]);
    expect(all.rows[1]!.pupil).toMatchObject({ forename: "Ada", socialWorker: true, yearGroup: "3" });

    const page = await listCases(rdb.orm, { limit: 2, offset: 2 });
    expect(page.total).toBe(4);
    expect(page.rows.map((r) => r.pupil.surname)).toEqual(["Carter", "Dunn"]);

    const ids = async (q: Parameters<typeof listCases>[1]) => (await listCases(rdb.orm, q)).rows.map((r) => r.upn).sort();
    expect(await ids({ stage: "facilitate" })).toEqual([syntheticUpn(2), syntheticUpn(3)].sort());
    expect(await ids({ stage: ["expect", "monitor"] })).toEqual([syntheticUpn(1), syntheticUpn(4)].sort());
    expect(await ids({ yearGroup: "5" })).toEqual([syntheticUpn(3), syntheticUpn(4)].sort());
    expect(await ids({ flags: ["socialWorker", "pupilPremium"] })).toEqual([syntheticUpn(2)]);
    expect(await ids({ search: "car" })).toEqual([syntheticUpn(2), syntheticUpn(3)].sort()); // Carter, Cara
    expect(await ids({ search: "ada brook" })).toEqual([syntheticUpn(1)]);
    expect(await ids({ search: syntheticUpn(4).slice(0, 13) })).toEqual([syntheticUpn(4)]);
    expect(await ids({ search: "%" })).toEqual([]);
    await expect(listCases(rdb.orm, { flags: ["naughty"] })).rejects.toThrow(/unknown pupil flag/);
    expect(await caseCountsByStage(rdb.orm)).toEqual({ expect: 1, facilitate: 2, monitor: 1 });
  });

  it("counts open and overdue tasks, and filters on overdue", async () => {
    const { rdb } = await temp();
    await seed(rdb.orm);
    await insertTasks(rdb.orm, [
      { upn: syntheticUpn(2), kind: "letter", title: "Letter 2", rule: "letter-2", createdOn: "2024-10-01", dueOn: "2024-10-03" },
      { upn: syntheticUpn(2), kind: "meeting", title: "SAP", rule: "sap", createdOn: "2024-10-01", dueOn: "2024-10-20" },
      { upn: syntheticUpn(3), kind: "letter", title: "Letter 3", rule: "letter-3", createdOn: "2024-10-01", dueOn: "2024-10-10" },
    ]);
    const overdue = await listCases(rdb.orm, { overdueTasks: true, today: "2024-10-05" });
    expect(overdue.total).toBe(1);
    expect(overdue.rows[0]).toMatchObject({ upn: syntheticUpn(2), openTasks: 2, overdueTasks: 1 });
    expect((await listCases(rdb.orm, { overdueTasks: true, today: "2024-10-15" })).total).toBe(2);
  });
});
