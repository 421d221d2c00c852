import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PERMISSIONS, ROLES, type Role } from "../../server/auth/roles.ts";
import type { RunningServer } from "../../server/main.ts";
import { Client, ROLE_USERS, schoolFiles, tempDatabase, testServer } from "./support.ts";

const db = tempDatabase();
let server: RunningServer;
const school = schoolFiles(21, 40, 30);
const clients = new Map<Role, Client>();
let anonymous: Client;
let inScopeUpn: string;
let outOfScopeUpn: string;
const names: string[] = [];

beforeAll(async () => {
  server = await testServer(db.url);
  for (const role of ROLES) {
    const client = new Client(server.url);
    expect((await client.login(ROLE_USERS[role])).status).toBe(200);
    clients.set(role, client);
  }
  anonymous = new Client(server.url);
  const lead = clients.get("attendance-lead")!;
  expect((await lead.json("POST", "/api/imports/pupils", { csv: school.pupils })).status).toBe(200);
  expect((await lead.json("POST", "/api/imports/marks", { csv: school.marks })).status).toBe(200);
  const rows = (await lead.json("GET", "/api/cases?limit=500")).body.rows as { upn: string; yearGroup: string; forename: string; surname: string }[];
  inScopeUpn = rows.find((r) => r.yearGroup === "3")!.upn;
  outOfScopeUpn = rows.find((r) => r.yearGroup !== "3" && r.yearGroup !== "4")!.upn;
  for (const r of rows) names.push(r.forename, r.surname);
});
afterAll(async () => {
  await server.close();
  db.cleanup();
});

/** One request per route; bodies chosen so that an allowed request does no lasting harm. */
function requestFor(method: string, path: string): { path: string; json?: unknown; csv?: string; headers?: Record<string, string> } {
  const p = path.replace(":upn", inScopeUpn).replace(":id", "999999");
  if (path === "/api/imports/pupils") return { path: p, csv: school.pupils };
  if (path === "/api/imports/marks") return { path: p, csv: school.marks };
  if (path === "/api/cases/:upn/events") return { path: p, headers: { "If-Match": "999" }, json: { type: "note", payload: { text: "x" } } };
  if (path === "/api/tasks/:id/complete") return { path: p, json: { outcome: "done" } };
  if (path === "/api/policies" && method === "POST") return { path: p, json: {} };
  if (path === "/api/policies/:id/migrate") return { path: p.replace("999999", "all-saints"), json: { version: 999, dryRun: true } };
  if (path === "/api/policies/:id/versions") return { path: p.replace("999999", "all-saints") };
  if (path === "/api/simulate") return { path: p, json: {} };
  // Clearing a flag that is not set changes nothing.
  if (path === "/api/celebrate/exclusions/:upn" && method === "POST") return { path: p, json: { excluded: false } };
  if (path.startsWith("/api/celebrate/certificates")) return { path: `${p}?period=halfTerm&halfTerm=0` };
  if (path === "/api/users") return method === "POST" ? { path: p, json: { username: `u${Math.random().toString(36).slice(2, 8)}`, password: "a long enough password", role: "auditor" } } : { path: p };
  return { path: p };
}

const table = PERMISSIONS.filter((p) => p.path !== "/api/auth/logout");

describe("every route as every role, and as anonymous", () => {
  it("the permission table covers every route the API publishes", async () => {
    const doc = (await clients.get("admin")!.json("GET", "/api/openapi.json")).body;
    const published = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ":$1")}`),
    );
    const covered = new Set(PERMISSIONS.map((p) => `${p.method} ${p.path}`));
    const open = new Set(["GET /api/health", "POST /api/auth/login"]);
    expect(published.filter((r) => !covered.has(r) && !open.has(r))).toEqual([]);
  });

  for (const permission of table) {
    for (const role of [...ROLES, "anonymous" as const]) {
      const allowed = role !== "anonymous" && permission.roles.includes(role);
      it(`${permission.method} ${permission.path} as ${role}: ${allowed ? "allowed" : "refused"}`, async () => {
        const client = role === "anonymous" ? anonymous : clients.get(role)!;
        const req = requestFor(permission.method, permission.path);
        const res = await client.request(permission.method, req.path, req);
        if (role === "anonymous") expect(res.status).toBe(401);
        else if (allowed) expect([401, 403]).not.toContain(res.status);
        else expect(res.status).toBe(403);
      });
    }
  }

  it("refuses before looking at the payload: a governor's malformed import is 403, not 422", async () => {
    const r = await clients.get("governor")!.request("POST", "/api/imports/marks", { csv: "not,a,register" });
    expect(r.status).toBe(403);
  });
});

describe("what each role sees", () => {
  it("a governor never receives a UPN or a pupil's name", async () => {
    const governor = clients.get("governor")!;
    const bodies: string[] = [];
    for (const p of table.filter((p) => p.method === "GET")) {
      const res = await governor.request("GET", requestFor("GET", p.path).path);
      bodies.push(await res.text());
    }
    const all = bodies.join("\n");
    expect(all).not.toMatch(/\b[A-HJ-NP-RT-Z]\d{11}[0-9A-HJ-NP-RT-Z]\b/);
    for (const name of names) expect(all).not.toContain(`"${name}"`);
    const dashboard = (await governor.json("GET", "/api/dashboard")).body;
    expect(dashboard.school.pupils).toBe(40);
  });

  it("a teacher sees only their classes", async () => {
    const teacher = clients.get("teacher")!;
    const list = (await teacher.json("GET", "/api/cases?limit=500")).body.rows as { yearGroup: string }[];
    expect(list.length).toBeGreaterThan(0);
    expect(list.every((r) => r.yearGroup === "3" || r.yearGroup === "4")).toBe(true);
    expect((await teacher.request("GET", `/api/cases/${outOfScopeUpn}`)).status).toBe(403);
    expect((await teacher.request("GET", `/api/cases/${inScopeUpn}`)).status).toBe(200);
  });

  it("an auditor's view of a case appears in the access log", async () => {
    const auditor = clients.get("auditor")!;
    expect((await auditor.request("GET", `/api/cases/${inScopeUpn}/timeline`)).status).toBe(200);
    const log = (await auditor.json("GET", `/api/audit/access?upn=${inScopeUpn}`)).body.entries as { username: string; action: string; upn: string }[];
    expect(log).toContainEqual(expect.objectContaining({ username: "auditor", action: "case.timeline", upn: inScopeUpn }));
  });

  it("certificates name pupils only for casework and teachers (their classes); governors and auditors get the count", async () => {
    const lead = (await clients.get("attendance-lead")!.json("GET", "/api/celebrate/certificates?period=halfTerm&halfTerm=0")).body;
    expect(lead.pupils.length).toBe(lead.count);
    expect(lead.count).toBeGreaterThan(0);
    for (const role of ["governor", "auditor"] as const) {
      const body = (await clients.get(role)!.json("GET", "/api/celebrate/certificates?period=halfTerm&halfTerm=0")).body;
      expect(body.pupils).toBeNull();
      expect(body.count).toBe(lead.count);
    }
    const teacher = (await clients.get("teacher")!.json("GET", "/api/celebrate/certificates?period=halfTerm&halfTerm=0")).body;
    const inClass = (lead.pupils as { upn: string; yearGroup: string; class: string }[]).filter((p) => p.yearGroup === "3" || p.class === "4A").map((p) => p.upn);
    expect(teacher.pupils.map((p: { upn: string }) => p.upn)).toEqual(inClass);
  });

  it("an attendance officer cannot record a penalty notice; the lead's decision", async () => {
    const officer = clients.get("attendance-officer")!;
    const view = (await officer.json("GET", `/api/cases/${inScopeUpn}`)).body;
    const r = await officer.json("POST", `/api/cases/${inScopeUpn}/events`, { headers: { "If-Match": String(view.revision) }, json: { type: "penaltyNoticeIssued", payload: { parent: "P" } } });
    expect(r.status).toBe(403);
  });
});

describe("sign-in and sessions", () => {
  it("repeated failures for a user get 429 with a back-off, even with the right password", async () => {
    const client = new Client(server.url);
    for (let i = 0; i < 6; i++) expect((await client.login("governor", "wrong password!")).status).toBe(401);
    const blocked = await client.login("governor");
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("a state-changing request from a foreign Origin is refused; the same origin is not", async () => {
    const lead = clients.get("attendance-lead")!;
    const foreign = await lead.request("POST", `/api/tasks/999999/complete`, { json: { outcome: "x" }, headers: { origin: "https://evil.example" } });
    expect(foreign.status).toBe(403);
    const crossSite = await lead.request("POST", `/api/tasks/999999/complete`, { json: { outcome: "x" }, headers: { "sec-fetch-site": "cross-site" } });
    expect(crossSite.status).toBe(403);
    const same = await lead.request("POST", `/api/tasks/999999/complete`, { json: { outcome: "x" }, headers: { origin: server.url } });
    expect(same.status).toBe(404);
  });

  it("a revoked session (signed out) is refused", async () => {
    const client = new Client(server.url);
    await client.login("auditor");
    expect((await client.request("GET", "/api/auth/me")).status).toBe(200);
    expect((await client.request("POST", "/api/auth/logout")).status).toBe(204);
    const stale = new Client(server.url);
    (stale as unknown as { cookie: string }).cookie = (client as unknown as { cookie: string }).cookie;
    expect((await stale.request("GET", "/api/auth/me")).status).toBe(401);
  });

  it("an expired session is refused", async () => {
    const short = tempDatabase();
    const s = await testServer(short.url, { sessionTtlMs: 300 });
    try {
      const client = new Client(s.url);
      await client.login("auditor");
      expect((await client.request("GET", "/api/auth/me")).status).toBe(200);
      await new Promise((r) => setTimeout(r, 500));
      expect((await client.request("GET", "/api/auth/me")).status).toBe(401);
    } finally {
      await s.close();
      short.cleanup();
    }
  });
});
