import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as store from "../../db/index.ts";
import type { RunningServer } from "../../server/main.ts";
import { Client, schoolFiles, tempDatabase, testServer } from "./support.ts";

const db = tempDatabase();
let server: RunningServer;
let client: Client;
const school = schoolFiles(31, 25, 40);
const header = school.markLines[0]!;
const body = school.markLines.slice(1);
const dates = [...new Set(body.map((l) => l.split(",")[1]!))].sort();
const lateDate = dates[15]!;

beforeAll(async () => {
  server = await testServer(db.url);
  client = new Client(server.url);
  await client.login();
  await client.json("POST", "/api/imports/pupils", { csv: school.pupils });
  // Every day but one: that day's file arrives after the others.
  const r = await client.json("POST", "/api/imports/marks", { csv: `${[header, ...body.filter((l) => l.split(",")[1] !== lateDate)].join("\n")}\n` });
  expect(r.status).toBe(200);
});
afterAll(async () => {
  await server.close();
  db.cleanup();
});

describe("a school day's register arriving late", () => {
  it("re-counts the school days a case keeps after that day, records it, and the audit still verifies", async () => {
    const cases = (await client.json("GET", "/api/cases?limit=100")).body.rows as { upn: string }[];
    const enteredOf = async (upn: string) => ((await store.getCase(server.deps.rdb.orm, upn))!.context as { entered: Record<string, { date: string; dayIndex: number }> }).entered;
    const enteredBefore = new Map<string, Record<string, { date: string; dayIndex: number }>>();
    for (const c of cases) enteredBefore.set(c.upn, await enteredOf(c.upn));

    const late = await client.json("POST", "/api/imports/marks?file=late.csv", { csv: `${[header, ...body.filter((l) => l.split(",")[1] === lateDate)].join("\n")}\n` });
    expect(late.status).toBe(200);

    let reindexed = 0;
    for (const [upn, entered] of enteredBefore) {
      const after = await enteredOf(upn);
      for (const [path, stamp] of Object.entries(entered)) {
        if (stamp.dayIndex < 0) continue;
        // Stamps from after the late day move up by one school day; earlier ones stay.
        expect(after[path]!.dayIndex).toBe(stamp.date > lateDate ? stamp.dayIndex + 1 : stamp.dayIndex);
        if (stamp.date > lateDate) reindexed++;
      }
    }
    expect(reindexed).toBeGreaterThan(0);
    const withEntry = cases.find((c) => Object.values(enteredBefore.get(c.upn)!).some((s) => s.dayIndex >= 0 && s.date > lateDate))!;
    const timeline = (await client.json("GET", `/api/cases/${withEntry.upn}/timeline`)).body.entries as { eventType: string; reason: string }[];
    expect(timeline.some((e) => e.eventType === "calendarChanged" && e.reason.includes(lateDate))).toBe(true);
    expect((await client.json("GET", "/api/audit/verify")).body).toMatchObject({ ok: true });
  });
});
