import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../server/main.ts";
import { Client, schoolFiles, tempDatabase, testServer } from "./support.ts";

const db = tempDatabase();
let server: RunningServer;
let client: Client;
const school = schoolFiles(11, 30, 60);

beforeAll(async () => {
  server = await testServer(db.url);
  client = new Client(server.url);
});
afterAll(async () => {
  await server.close();
  db.cleanup();
});

describe("the API on loopback, over a real database file", () => {
  it("answers health without a session, and 401 to anything else", async () => {
    expect((await client.request("GET", "/api/health")).status).toBe(200);
    expect((await client.request("GET", "/api/cases")).status).toBe(401);
    expect((await client.request("POST", "/api/imports/pupils", { csv: school.pupils })).status).toBe(401);
  });

  it("signs in with the admin password, setting an HttpOnly SameSite=Strict cookie", async () => {
    const bad = await client.login("admin", "not the password");
    expect(bad.status).toBe(401);
    const res = await client.login();
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ username: "lead", role: "attendance-lead" });
    expect(res.headers.get("set-cookie")).toMatch(/HttpOnly/i);
    expect(res.headers.get("set-cookie")).toMatch(/SameSite=Strict/i);
  });

  it("imports pupils and marks, opening and advancing a case for every pupil", async () => {
    const p = await client.json("POST", "/api/imports/pupils?file=pupils.csv", { csv: school.pupils });
    expect(p.status).toBe(200);
    expect(p.body.rows).toBe(30);
    const m = await client.json("POST", "/api/imports/marks?file=marks.csv", { csv: school.marks });
    expect(m.status).toBe(200);
    expect(m.body.detail.casesAdvanced).toBe(30);
    const list = await client.json("GET", "/api/cases?limit=100");
    expect(list.body.total).toBe(30);
    expect(Object.values(list.body.countsByStage as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(30);
  });

  it("shows a case with its stage, state, revision, metrics and the events allowed now", async () => {
    const list = await client.json("GET", "/api/cases?limit=100");
    const upn = list.body.rows[0].upn;
    const view = await client.json("GET", `/api/cases/${upn}`);
    expect(view.status).toBe(200);
    expect(Object.keys(view.body)).toEqual(expect.arrayContaining(["upn", "stage", "state", "revision", "metrics", "availableEvents", "tasks"]));
    expect(view.body.metrics.possibleSessions).toBeGreaterThan(0);
    expect(view.body.availableEvents.map((e: { type: string }) => e.type)).toContain("note");
    const timeline = await client.json("GET", `/api/cases/${upn}/timeline`);
    expect(timeline.body.entries[0].eventType).toBe("caseOpened");
    expect(timeline.body.entries.map((e: { seq: number }) => e.seq)).toEqual(timeline.body.entries.map((_: unknown, i: number) => i + 1));
  });

  it("filters the caseload by stage and pages it", async () => {
    const all = await client.json("GET", "/api/cases?limit=100");
    const stage = all.body.rows.find((r: { stage: string }) => r.stage !== "expect")?.stage ?? "expect";
    const filtered = await client.json("GET", `/api/cases?stage=${stage}&limit=100`);
    expect(filtered.body.rows.length).toBe(all.body.countsByStage[stage]);
    expect(filtered.body.rows.every((r: { stage: string }) => r.stage === stage)).toBe(true);
    const page = await client.json("GET", "/api/cases?limit=5&offset=5");
    expect(page.body.rows.map((r: { upn: string }) => r.upn)).toEqual(all.body.rows.slice(5, 10).map((r: { upn: string }) => r.upn));
  });

  it("refuses a search in the URL, where a pupil's name would be logged", async () => {
    const surname = (await client.json("GET", "/api/cases?limit=1")).body.rows[0].surname as string;
    const r = await client.json("GET", `/api/cases?search=${encodeURIComponent(surname)}`);
    expect(r.status).toBe(422);
    expect(r.body.errors).toEqual([expect.objectContaining({ field: "search", message: expect.stringContaining("would be logged") })]);
    expect(JSON.stringify(r.body)).not.toContain(surname);
  });

  it("records a note with If-Match, and answers a stale revision with 409 before looking at the body", async () => {
    const upn = (await client.json("GET", "/api/cases?limit=1")).body.rows[0].upn;
    const before = (await client.json("GET", `/api/cases/${upn}`)).body;
    const stale = await client.json("POST", `/api/cases/${upn}/events`, { headers: { "If-Match": String(before.revision + 7) }, json: { type: "no-such-event" } });
    expect(stale.status).toBe(409);
    const bad = await client.json("POST", `/api/cases/${upn}/events`, { headers: { "If-Match": String(before.revision) }, json: { type: "note", payload: {} } });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].field).toBe("text");
    const ok = await client.json("POST", `/api/cases/${upn}/events`, { headers: { "If-Match": String(before.revision) }, json: { type: "note", payload: { text: "Spoke to mum at the gate." } } });
    expect(ok.status).toBe(200);
    expect(ok.body.revision).toBe(before.revision + 1);
    const timeline = (await client.json("GET", `/api/cases/${upn}/timeline`)).body.entries;
    expect(timeline.at(-1)).toMatchObject({ eventType: "note", actor: "lead", payload: { text: "Spoke to mum at the gate." } });
  });

  it("refuses an event the case does not accept now, naming why", async () => {
    const upn = (await client.json("GET", "/api/cases?stage=expect&limit=1")).body.rows[0]?.upn;
    if (!upn) return;
    const view = (await client.json("GET", `/api/cases/${upn}`)).body;
    const r = await client.json("POST", `/api/cases/${upn}/events`, { headers: { "If-Match": String(view.revision) }, json: { type: "reopenCase", payload: { reason: "x" } } });
    expect(r.status).toBe(422);
    expect(r.body.message).toMatch(/not allowed/);
  });

  it("publishes the OpenAPI document with every endpoint", async () => {
    const doc = await client.json("GET", "/api/openapi.json");
    const paths = Object.keys(doc.body.paths);
    for (const p of ["/api/health", "/api/auth/login", "/api/imports/pupils", "/api/imports/marks", "/api/cases", "/api/cases/{upn}", "/api/cases/{upn}/events", "/api/cases/{upn}/timeline", "/api/audit/verify", "/api/tasks", "/api/policies", "/api/simulate"]) {
      expect(paths).toContain(p);
    }
  });

  it("verifies the audit trail", async () => {
    const v = await client.json("GET", "/api/audit/verify");
    expect(v.body).toMatchObject({ ok: true, firstBrokenAt: null });
    expect(v.body.checked).toBeGreaterThanOrEqual(30);
  });
});
