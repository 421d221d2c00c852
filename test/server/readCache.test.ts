/**
 * The server keeps caseload pages, sessions, the school's policy and the calendar for one data version
 * (db/readCache.ts). These tests read once (so the cache holds the answer), change the data, and read again:
 * each would fail if a stale answer were served. Writes through this server, writes by another connection
 * to the same file (another process, as far as this one can tell), and another user's scope.
 */
import { createClient, type Client as LibsqlClient } from "@libsql/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as store from "../../db/index.ts";
import type { RunningServer } from "../../server/main.ts";
import { Client, ROLE_USERS, schoolFiles, tempDatabase, testServer } from "./support.ts";

const db = tempDatabase();
let server: RunningServer;
let lead: Client;
let other: LibsqlClient;
const school = schoolFiles(41, 40, 20);

type Row = { upn: string; surname: string; yearGroup: string; attendancePct: number | null; revision: number; stage: string };
const page = async (client: Client, query = "limit=50") => {
  const res = await client.json("GET", `/api/cases?${query}`);
  expect(res.status).toBe(200);
  return res.body as { total: number; rows: Row[]; countsByStage: Record<string, number> };
};

beforeAll(async () => {
  server = await testServer(db.url, { today: "2024-10-31" });
  lead = new Client(server.url);
  await lead.login();
  expect((await lead.json("POST", "/api/imports/pupils?file=pupils.csv", { csv: school.pupils })).status).toBe(200);
  expect((await lead.json("POST", "/api/imports/marks?file=marks.csv", { csv: school.marks })).status).toBe(200);
  // Another connection to the same file, as another process (a CLI import) would have.
  other = createClient({ url: db.url });
  await other.execute("PRAGMA busy_timeout=5000");
});
afterAll(async () => {
  other.close();
  await server.close();
  db.cleanup();
});

describe("cached reads are never stale", () => {
  it("a caseload page read twice is the same; a write by another connection shows on the next read", async () => {
    const first = await page(lead);
    expect(await page(lead)).toEqual(first);
    const upn = first.rows[0]!.upn;
    await other.execute({ sql: "UPDATE pupils SET surname = 'Aardvark-Changed' WHERE upn = ?", args: [upn] });
    const after = await page(lead);
    expect(after.rows.find((r) => r.upn === upn)?.surname).toBe("Aardvark-Changed");
    expect((await lead.json("GET", `/api/cases/${upn}`)).body.pupil.surname).toBe("Aardvark-Changed");
  });

  it("marks imported through the server change the cached page's attendance", async () => {
    const before = await page(lead);
    const upn = before.rows[1]!.upn;
    const pct = before.rows[1]!.attendancePct;
    expect(pct).not.toBeNull();
    // Every session of this pupil rewritten as an unauthorised absence.
    const lines = school.markLines.slice(1).filter((l) => l.startsWith(`${upn},`)).map((l) => l.split(",").slice(0, 3).concat("O").join(","));
    expect(lines.length).toBeGreaterThan(0);
    expect((await lead.json("POST", "/api/imports/marks?file=absent.csv", { csv: `${[school.markLines[0], ...lines].join("\n")}\n` })).status).toBe(200);
    const after = (await page(lead)).rows.find((r) => r.upn === upn)!;
    expect(after.attendancePct).toBe(0);
    expect(after.attendancePct).not.toBe(pct);
  });

  it("an event recorded through the server shows in the case view and the caseload", async () => {
    const upn = (await page(lead)).rows[2]!.upn;
    const view = (await lead.json("GET", `/api/cases/${upn}`)).body;
    const ok = await lead.json("POST", `/api/cases/${upn}/events`, { headers: { "If-Match": String(view.revision) }, json: { type: "note", payload: { text: "Spoke to parent." } } });
    expect(ok.status).toBe(200);
    expect((await lead.json("GET", `/api/cases/${upn}`)).body.revision).toBe(view.revision + 1);
    expect((await page(lead)).rows.find((r) => r.upn === upn)!.revision).toBe(view.revision + 1);
  });

  it("a case's stage changed by another connection shows in the counts by stage", async () => {
    const before = await page(lead);
    const row = before.rows.find((r) => r.stage !== "closed")!;
    await other.execute({ sql: "UPDATE cases SET stage = 'closed' WHERE upn = ?", args: [row.upn] });
    const after = await page(lead);
    expect(after.countsByStage.closed ?? 0).toBe((before.countsByStage.closed ?? 0) + 1);
    expect(after.rows.find((r) => r.upn === row.upn)!.stage).toBe("closed");
  });

  it("a teacher never gets the lead's page, nor the lead the teacher's", async () => {
    const teacher = new Client(server.url);
    await teacher.login(ROLE_USERS.teacher);
    const leadPage = await page(lead);
    const teacherPage = await page(teacher);
    expect(teacherPage.total).toBeGreaterThan(0);
    expect(teacherPage.total).toBeLessThan(leadPage.total);
    expect(teacherPage.rows.every((r) => r.yearGroup === "3" || r.yearGroup === "4")).toBe(true);
    // And in the other order, with the teacher's page now cached.
    expect((await page(lead)).total).toBe(leadPage.total);
    expect((await page(teacher)).total).toBe(teacherPage.total);
  });

  it("every caseload read is logged, cached or not, before the response", async () => {
    const me = await store.findUserByUsername(server.deps.rdb.orm, ROLE_USERS["attendance-lead"]);
    const count = async () => (await store.accessLog(server.deps.rdb.orm, { userId: me!.id, limit: 100_000 })).filter((e) => e.action === "caseload.view").length;
    await page(lead, "limit=10&offset=10");
    const before = await count();
    for (let i = 0; i < 3; i++) await page(lead, "limit=10&offset=10");
    expect(await count()).toBe(before + 3);
  });
});

describe("cached sessions", () => {
  it("a user disabled by another connection is refused at once", async () => {
    const officer = new Client(server.url);
    await officer.login(ROLE_USERS["attendance-officer"]);
    expect((await officer.request("GET", "/api/cases?limit=5")).status).toBe(200);
    expect((await officer.request("GET", "/api/cases?limit=5")).status).toBe(200);
    await other.execute({ sql: "UPDATE users SET disabled = 1 WHERE username = ?", args: [ROLE_USERS["attendance-officer"]] });
    expect((await officer.request("GET", "/api/cases?limit=5")).status).toBe(401);
  });

  it("a user disabled through this server is refused at once", async () => {
    const auditor = new Client(server.url);
    await auditor.login(ROLE_USERS.auditor);
    expect((await auditor.request("GET", "/api/auth/me")).status).toBe(200);
    const me = await store.findUserByUsername(server.deps.rdb.orm, ROLE_USERS.auditor);
    await store.setUserDisabled(server.deps.rdb.orm, me!.id, true);
    expect((await auditor.request("GET", "/api/auth/me")).status).toBe(401);
  });
});
