/**
 * The caseload and case reads after writes: new marks, events and more cases show at once (nothing read is
 * kept from an earlier request), and every read of a named pupil is in the access log by the time the
 * response arrives.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as store from "../../db/index.ts";
import { syntheticUpn } from "../../db/testSupport.ts";
import type { RunningServer } from "../../server/main.ts";
import { Client, schoolFiles, tempDatabase, testServer } from "./support.ts";

const db = tempDatabase();
let server: RunningServer;
let client: Client;
const school = schoolFiles(23, 12, 30);
const header = school.markLines[0]!;
const body = school.markLines.slice(1);
const dates = [...new Set(body.map((l) => l.split(",")[1]!))].sort();
const firstDays = new Set(dates.slice(0, 20));

beforeAll(async () => {
  server = await testServer(db.url, { today: dates.at(-1)! });
  client = new Client(server.url);
  await client.login();
  expect((await client.json("POST", "/api/imports/pupils?file=pupils.csv", { csv: school.pupils })).status).toBe(200);
  const first = [header, ...body.filter((l) => firstDays.has(l.split(",")[1]!))];
  expect((await client.json("POST", "/api/imports/marks?file=first.csv", { csv: `${first.join("\n")}\n` })).status).toBe(200);
});
afterAll(async () => {
  await server.close();
  db.cleanup();
});

const row = async (upn: string) => ((await client.json("GET", "/api/cases?limit=50")).body.rows as { upn: string; attendancePct: number | null; revision: number }[]).find((r) => r.upn === upn)!;

describe("case reads after writes", () => {
  it("show newly imported marks in the case and the caseload at once", async () => {
    const upn = (await client.json("GET", "/api/cases?limit=50")).body.rows[0].upn as string;
    const before = (await client.json("GET", `/api/cases/${upn}`)).body;
    expect((await row(upn)).attendancePct).toBe(before.metrics.attendancePct);
    // The last ten days: this pupil absent without authority every session, the others as generated.
    const rest = body.filter((l) => !firstDays.has(l.split(",")[1]!)).map((l) => {
      const [u, date, session] = l.split(",");
      return u === upn ? `${u},${date},${session},O` : l;
    });
    expect((await client.json("POST", "/api/imports/marks?file=rest.csv", { csv: `${[header, ...rest].join("\n")}\n` })).status).toBe(200);
    const after = (await client.json("GET", `/api/cases/${upn}`)).body;
    expect(after.metrics.possibleSessions).toBe(before.metrics.possibleSessions + 20);
    expect(after.metrics.attendancePct).toBeLessThan(before.metrics.attendancePct);
    expect((await row(upn)).attendancePct).toBe(after.metrics.attendancePct);
  });

  it("show an event's new revision, and a new case in the counts and the total", async () => {
    const list = (await client.json("GET", "/api/cases?limit=50")).body;
    const upn = list.rows[1].upn as string;
    const before = (await client.json("GET", `/api/cases/${upn}`)).body;
    const ok = await client.json("POST", `/api/cases/${upn}/events`, { headers: { "If-Match": String(before.revision) }, json: { type: "note", payload: { text: "Called home." } } });
    expect(ok.status).toBe(200);
    expect((await client.json("GET", `/api/cases/${upn}`)).body.revision).toBe(before.revision + 1);
    expect((await row(upn)).revision).toBe(before.revision + 1);

    // One more pupil: a copy of the first with a new UPN and name.
    const [, ...fields] = school.pupils.split("\n")[1]!.split(",");
    const pupils = `${school.pupils.trimEnd()}\n${[syntheticUpn(99), "Late", "Joiner", ...fields.slice(2)].join(",")}\n`;
    expect((await client.json("POST", "/api/imports/pupils?file=more.csv", { csv: pupils })).status).toBe(200);
    const firstUpn = body[0]!.split(",")[0]!;
    const joinerMarks = body.filter((l) => l.startsWith(`${firstUpn},`)).map((l) => l.replace(firstUpn, syntheticUpn(99)));
    expect(joinerMarks.length).toBeGreaterThan(0);
    expect((await client.json("POST", "/api/imports/marks?file=joiner.csv", { csv: `${[header, ...joinerMarks].join("\n")}\n` })).status).toBe(200);
    const more = (await client.json("GET", "/api/cases?limit=50")).body;
    expect(more.total).toBe(list.total + 1);
    expect(Object.values(more.countsByStage as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(list.total + 1);
  });

  it("log every read of a case before answering it", async () => {
    const upn = (await client.json("GET", "/api/cases?limit=50")).body.rows[2].upn as string;
    const count = async () => (await store.accessLog(server.deps.rdb.orm, { upn })).filter((e) => e.action === "case.view").length;
    const before = await count();
    const views = await Promise.all(Array.from({ length: 8 }, () => client.request("GET", `/api/cases/${upn}`)));
    expect(views.map((r) => r.status)).toEqual(Array.from({ length: 8 }, () => 200));
    expect(await count()).toBe(before + 8);
  });
});
