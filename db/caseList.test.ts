/**
 * listCases reads a page by choosing its UPNs first and then the rows (one JSON text), and counts without the
 * pupils join when it can. These tests hold every page it gives to the plain join over every case (the path
 * for reads of more than a page): same rows, same order, same fields, same total.
 */
import { describe, expect, it } from "vitest";
import { allSaints } from "../machines/presets/allSaints.ts";
import { caseCountsByStage, getCase, getCaseWithPupilAndTasks, listCases, type CaseListQuery } from "./cases.ts";
import { publishPolicy } from "./policies.ts";
import { getPupil, upsertPupils } from "./pupils.ts";
import { completeTask, insertTasks, listTasks } from "./tasks.ts";
import { useTempDatabases, syntheticPupil, syntheticUpn } from "./testSupport.ts";
import { insertRows, writeTransaction, type Db } from "./tx.ts";

const temp = useTempDatabases();

const STAGES = ["expect", "monitor", "facilitate", "formalise", "closed"] as const;

/**
 * `n` pupils with few distinct names (so many share a surname and forename and the UPN decides the order),
 * some flagged, every one with a case; stage `expect` for most, the others spread; some open tasks, some
 * overdue on 2024-10-05.
 */
async function seedMany(db: Db, n: number, stageOf: (i: number) => string) {
  await publishPolicy(db, allSaints, "test");
  const surnames = ["Abbot", "Brook", "Carter", "Dunn", "Éclair", "abbot"];
  const forenames = ["Ada", "Ben", "Cara"];
  // UPNs in an order unrelated to the names.
  const pupils = Array.from({ length: n }, (_, i) =>
    syntheticPupil(((i * 7919) % n) + 1, {
      surname: surnames[i % surnames.length]!,
      forename: forenames[(i >> 2) % forenames.length]!,
      yearGroup: String(3 + (i % 3)),
      socialWorker: i % 5 === 0,
      ...(i % 4 === 0 ? { class: "4A" } : {}),
    }),
  );
  await upsertPupils(db, pupils);
  await writeTransaction(db, (tx) =>
    insertRows(
      tx,
      "INSERT INTO cases (upn, policy_id, policy_version, stage, state, value, context, revision, processed_through, opened_on, updated_at) VALUES",
      pupils.map((p, i) => {
        const stage = stageOf(i);
        return [p.upn, allSaints.id, allSaints.version, stage, stage, JSON.stringify(stage), JSON.stringify({ upn: p.upn, i, note: 'quotes " and \\ kept' }), 1 + (i % 3), i % 2 ? "2024-10-01" : null, "2024-09-04", "2024-09-04T08:00:00.000Z"];
      }),
    ),
  );
  const upns = pupils.map((p) => p.upn);
  await insertTasks(
    db,
    upns.filter((_, i) => i % 3 === 0).flatMap((upn, k) => [
      { upn, kind: "letter", title: "Letter", rule: "letter-1", createdOn: "2024-10-01", dueOn: k % 2 ? "2024-10-03" : "2024-10-20" },
      ...(k % 4 === 0 ? [{ upn, kind: "meeting", title: "SAP", rule: "sap", createdOn: "2024-10-01", dueOn: "2024-10-02" }] : []),
    ]),
  );
  return upns;
}

/** The same query read whole (the plain join), then sliced. */
async function expected(db: Db, query: CaseListQuery) {
  const all = await listCases(db, { ...query, limit: 1_000_000, offset: 0 });
  const offset = query.offset ?? 0;
  return { total: all.total, rows: all.rows.slice(offset, offset + (query.limit ?? 100)) };
}

describe("listCases pages", () => {
  it("give the rows, order, fields and total of the whole list, for every filter and offset", async () => {
    const { rdb } = await temp();
    await seedMany(rdb.orm, 120, (i) => (i % 4 === 0 ? STAGES[1 + ((i >> 2) % 4)]! : "expect"));
    const today = "2024-10-05";
    const queries: CaseListQuery[] = [
      {},
      { stage: "expect" },
      { stage: "monitor" },
      { stage: ["monitor", "closed", "monitor"] },
      { yearGroup: "4" },
      { flags: ["socialWorker"] },
      { search: "bro" },
      { overdueTasks: true },
      { overdueTasks: true, stage: "expect" },
    ];
    let nonEmpty = 0;
    for (const q of queries) {
      for (const [limit, offset] of [[50, 0], [50, 50], [7, 13], [50, 100], [1, 119], [10, 500]] as const) {
        const query = { ...q, today, limit, offset };
        const page = await listCases(rdb.orm, query);
        expect(page, JSON.stringify(query)).toEqual(await expected(rdb.orm, query));
        if (page.rows.length > 0) nonEmpty++;
      }
    }
    expect(nonEmpty).toBeGreaterThanOrEqual(20);
  });

  it("order pupils with the same name by UPN, and keep the task counts", async () => {
    const { rdb } = await temp();
    await seedMany(rdb.orm, 40, () => "expect");
    const page = await listCases(rdb.orm, { limit: 40, offset: 0, today: "2024-10-05" });
    const keys = page.rows.map((r) => [r.pupil.surname, r.pupil.forename, r.upn] as const);
    const sorted = [...keys].sort((a, b) => (a[0] !== b[0] ? (a[0] < b[0] ? -1 : 1) : a[1] !== b[1] ? (a[1] < b[1] ? -1 : 1) : a[2] < b[2] ? -1 : 1));
    expect(keys).toEqual(sorted);
    expect(new Set(keys.map((k) => `${k[0]} ${k[1]}`)).size).toBeLessThan(keys.length);
    expect(page.rows.some((r) => r.openTasks === 2 && r.overdueTasks >= 1)).toBe(true);
    expect(page.rows[0]!.context).toMatchObject({ note: 'quotes " and \\ kept' });
    expect(page.rows.every((r) => typeof r.pupil.socialWorker === "boolean")).toBe(true);
  });

  it("find a common stage's page by walking the names, and a rare stage's by its index, alike", async () => {
    const { rdb } = await temp();
    // Above the 2,000 matches where a stage's page is found in name order rather than sorted.
    await seedMany(rdb.orm, 2_300, (i) => (i % 50 === 0 ? "monitor" : "expect"));
    for (const stage of ["expect", "monitor"]) {
      for (const offset of [0, 450, 2_240]) {
        const query = { stage, limit: 50, offset, today: "2024-10-05" };
        expect(await listCases(rdb.orm, query)).toEqual(await expected(rdb.orm, query));
      }
    }
    expect((await listCases(rdb.orm, { stage: "expect", limit: 50, offset: 0 })).total).toBe(2_254);
  });

  it("take the total from the counts by stage when given, and count otherwise", async () => {
    const { rdb } = await temp();
    await seedMany(rdb.orm, 60, (i) => STAGES[i % STAGES.length]!);
    const stageCounts = await caseCountsByStage(rdb.orm);
    for (const q of [{}, { stage: "monitor" }, { stage: ["monitor", "closed"] }, { stage: "enforce" }] as CaseListQuery[]) {
      expect((await listCases(rdb.orm, { ...q, stageCounts, limit: 5 })).total).toBe((await listCases(rdb.orm, { ...q, limit: 5 })).total);
    }
    // Counts the caller got wrong are used as given only where they apply: another filter is counted.
    const wrong = { expect: 1_000 };
    expect((await listCases(rdb.orm, { stageCounts: wrong, limit: 5 })).total).toBe(1_000);
    expect((await listCases(rdb.orm, { stageCounts: wrong, yearGroup: "3", limit: 5 })).total).toBe(20);
  });
});

describe("getCaseWithPupilAndTasks", () => {
  it("reads what getCase, getPupil and the open tasks of listTasks give, in one statement", async () => {
    const { rdb } = await temp();
    const upns = await seedMany(rdb.orm, 12, (i) => STAGES[i % STAGES.length]!);
    await upsertPupils(rdb.orm, [syntheticPupil(3, { forename: "Zoë", surname: "O'Neil", dateOfBirth: "2016-02-29", sex: "F", class: "4A", eal: true, send: true })]);
    const [first] = await insertTasks(rdb.orm, [
      { upn: syntheticUpn(3), kind: "call", title: "Call home", rule: "first-day-call", createdOn: "2024-10-01" },
      { upn: syntheticUpn(3), kind: "letter", title: "Letter \"1\"", rule: "letter-1", template: "letter-1", createdOn: "2024-10-01", dueOn: "2024-10-08" },
      { upn: syntheticUpn(3), kind: "letter", title: "Done", rule: "letter-0", createdOn: "2024-09-20", dueOn: "2024-09-23" },
    ]);
    await completeTask(rdb.orm, first!.id + 2, { outcome: "sent", actor: "lead", at: "2024-09-23T10:00:00.000Z" });
    let withTasks = 0;
    for (const upn of [...upns, syntheticUpn(3)]) {
      const read = await getCaseWithPupilAndTasks(rdb.orm, upn);
      const openTasks = await listTasks(rdb.orm, { upn, status: "open" });
      expect(read).toEqual({ case: await getCase(rdb.orm, upn), pupil: await getPupil(rdb.orm, upn), openTasks });
      // Key order too: the API's JSON is written in it.
      expect(JSON.stringify(read!.openTasks)).toBe(JSON.stringify(openTasks));
      expect(JSON.stringify(read!.pupil)).toBe(JSON.stringify(await getPupil(rdb.orm, upn)));
      if (openTasks.length > 0) withTasks++;
    }
    expect(withTasks).toBeGreaterThan(2);
    const zoe = await getCaseWithPupilAndTasks(rdb.orm, syntheticUpn(3));
    expect(zoe!.openTasks.map((t) => t.title)).toEqual(['Letter "1"', "Call home"]);
    expect(zoe!.pupil).toMatchObject({ forename: "Zoë", class: "4A", eal: true, sex: "F" });
    expect(await getCaseWithPupilAndTasks(rdb.orm, syntheticUpn(999))).toBeUndefined();
  });
});
