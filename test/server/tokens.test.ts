/**
 * API tokens (issue 18), over loopback against a real server on a temp database file: the role table's tests
 * run with a token of each role, which must get what a signed-in person of that role gets and no more (and
 * never user or token management); revoked, expired, unknown → 401; the Origin check is for cookies only; every
 * use is in the access log under the token's name, and the audit trail still verifies.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "../../db/tokens.ts";
import * as store from "../../db/index.ts";
import { PERMISSIONS, ROLES, type Role } from "../../server/auth/roles.ts";
import type { RunningServer } from "../../server/main.ts";
import { ADMIN_PASSWORD, Client, ROLE_USERS, schoolFiles, tempDatabase, testServer } from "./support.ts";

const db = tempDatabase();
let server: RunningServer;
const school = schoolFiles(18, 40, 30);
/** A person of each role, signed in; the teacher has no classes, like a teacher's token. */
const people = new Map<Role, Client>();
/** A token client of each role. */
const machines = new Map<Role, Client>();
const secrets = new Map<Role, string>();
let admin: Client;
let inScopeUpn: string;

/** A client that sends `Authorization: Bearer <token>` and no cookie. */
class TokenClient extends Client {
  constructor(base: string, readonly token: string) {
    super(base);
  }
  override request(method: string, path: string, options: Parameters<Client["request"]>[2] = {}): Promise<Response> {
    return super.request(method, path, { ...options, headers: { authorization: `Bearer ${this.token}`, ...options.headers } });
  }
}

beforeAll(async () => {
  server = await testServer(db.url);
  await store.createUser(server.deps.rdb.orm, { username: "teacher.noclass", password: ADMIN_PASSWORD, role: "teacher" });
  admin = new Client(server.url);
  expect((await admin.login("admin")).status).toBe(200);
  for (const role of ROLES) {
    const person = new Client(server.url);
    expect((await person.login(role === "teacher" ? "teacher.noclass" : ROLE_USERS[role])).status).toBe(200);
    people.set(role, person);
    const made = await admin.json("POST", "/api/tokens", { json: { name: `mis-${role}`, role } });
    expect(made.status).toBe(201);
    expect(Object.keys(made.body).sort()).toEqual(["expiresOn", "id", "name", "role", "token"]);
    expect(made.body).toMatchObject({ name: `mis-${role}`, role, expiresOn: null });
    expect(made.body.token).toMatch(/^rct_[A-Za-z0-9_-]{43}$/);
    secrets.set(role, made.body.token);
    machines.set(role, new TokenClient(server.url, made.body.token));
  }
  const lead = machines.get("attendance-lead")!;
  expect((await lead.json("POST", "/api/imports/pupils", { csv: school.pupils })).status).toBe(200);
  expect((await lead.json("POST", "/api/imports/marks", { csv: school.marks })).status).toBe(200);
  const rows = (await lead.json("GET", "/api/cases?limit=500")).body.rows as { upn: string; yearGroup: string }[];
  inScopeUpn = rows.find((r) => r.yearGroup === "3")!.upn;
}, 60_000);
afterAll(async () => {
  await server.close();
  db.cleanup();
});

/** One request per route (as in access.test.ts); bodies chosen so that an allowed request does no lasting harm. */
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
  if (path === "/api/celebrate/exclusions/:upn" && method === "POST") return { path: p, json: { excluded: false } };
  if (path === "/api/celebrate/draw") return { path: p, json: { halfTerm: 999 } };
  if (path.startsWith("/api/celebrate/certificates")) return { path: `${p}?period=halfTerm&halfTerm=0` };
  if (path === "/api/audit/checkpoint/verify") return { path: p, json: {} };
  if (path === "/api/users" && method === "POST") return { path: p, json: { username: `u${Math.random().toString(36).slice(2, 8)}`, password: "a long enough password", role: "auditor" } };
  if (path === "/api/tokens" && method === "POST") return { path: p, json: { name: `t${Math.random().toString(36).slice(2, 8)}`, role: "auditor" } };
  return { path: p };
}

describe("the role table, run with a token of each role", () => {
  const table = PERMISSIONS.filter((p) => p.path !== "/api/auth/logout");
  for (const permission of table) {
    for (const role of ROLES) {
      const allowed = permission.roles.includes(role) && !permission.peopleOnly;
      it(`${permission.method} ${permission.path} with a ${role} token: ${allowed ? "what a person of the role gets" : "refused"}`, async () => {
        const req = requestFor(permission.method, permission.path);
        const byToken = await machines.get(role)!.request(permission.method, req.path, req);
        if (!allowed) {
          expect(byToken.status).toBe(403);
          return;
        }
        const byPerson = await people.get(role)!.request(permission.method, req.path, req);
        expect(byToken.status).not.toBe(401);
        expect(byToken.status).toBe(byPerson.status);
        if (byToken.status === 403) {
          // Allowed by the role table; refused for the pupil (a teacher's token, like this teacher, has no classes).
          const said = (await byToken.json()).message;
          expect(said).toBe("This pupil is not in your classes.");
          expect((await byPerson.json()).message).toBe(said);
        }
      });
    }
  }

  it("refuses before reading the body: a governor token's malformed import is 403, not 422", async () => {
    const r = await machines.get("governor")!.request("POST", "/api/imports/marks", { csv: "not,a,register" });
    expect(r.status).toBe(403);
  });

  it("a token cannot reach /api/users or /api/tokens, whatever its role (an admin token included)", async () => {
    for (const role of ROLES) {
      const t = machines.get(role)!;
      expect((await t.request("GET", "/api/users")).status).toBe(403);
      expect((await t.request("POST", "/api/users", { json: { username: "sneaky", password: "a long enough password", role: "admin" } })).status).toBe(403);
      expect((await t.request("POST", "/api/users/1/disable")).status).toBe(403);
      expect((await t.request("GET", "/api/tokens")).status).toBe(403);
      expect((await t.request("POST", "/api/tokens", { json: { name: "another", role: "admin" } })).status).toBe(403);
      expect((await t.request("POST", "/api/tokens/1/revoke")).status).toBe(403);
    }
    expect((await admin.json("GET", "/api/users")).body.users.map((u: { username: string }) => u.username)).not.toContain("sneaky");
  });

  it("who am I, with a token: the token's name and role", async () => {
    const me = await machines.get("attendance-officer")!.json("GET", "/api/auth/me");
    expect(me).toEqual({ status: 200, body: { username: "token:mis-attendance-officer", role: "attendance-officer" } });
  });
});

describe("managing tokens", () => {
  it("lists tokens without their secrets, and people without the tokens' user rows", async () => {
    const res = await admin.request("GET", "/api/tokens");
    const text = await res.text();
    for (const secret of secrets.values()) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/rct_|hash/i);
    const tokens = JSON.parse(text).tokens as { name: string; role: string; status: string; createdBy: string }[];
    expect(tokens.filter((t) => t.name.startsWith("mis-")).map((t) => [t.name, t.role, t.status, t.createdBy])).toEqual(
      ROLES.map((r) => [`mis-${r}`, r, "active", "admin"]),
    );
    const users = (await admin.json("GET", "/api/users")).body.users as { username: string }[];
    expect(users.some((u) => u.username.startsWith("token:"))).toBe(false);
  });

  it("refuses a taken name (409), a past or unreal expiry and unknown fields (422)", async () => {
    expect((await admin.json("POST", "/api/tokens", { json: { name: "mis-auditor", role: "auditor" } })).status).toBe(409);
    const past = await admin.json("POST", "/api/tokens", { json: { name: "old", role: "auditor", expiresOn: "2020-01-01" } });
    expect(past.status).toBe(422);
    expect(past.body.errors[0].field).toBe("expiresOn");
    expect((await admin.json("POST", "/api/tokens", { json: { name: "feb30", role: "auditor", expiresOn: "2099-02-30" } })).status).toBe(422);
    expect((await admin.json("POST", "/api/tokens", { json: { name: "x1", role: "superuser" } })).status).toBe(422);
    expect((await admin.json("POST", "/api/tokens", { json: { name: "x2", role: "auditor", scope: ["Y3"] } })).status).toBe(422);
  });

  it("a token's user cannot sign in with any password", async () => {
    const c = new Client(server.url);
    expect((await c.login("token:mis-admin", secrets.get("admin")!)).status).toBe(401);
  });

  it("a revoked token gets 401 from then on; revoking again is 409, an unknown token 404", async () => {
    const made = await admin.json("POST", "/api/tokens", { json: { name: "nightly-2026", role: "attendance-officer", expiresOn: "2099-12-31" } });
    expect(made.status).toBe(201);
    const t = new TokenClient(server.url, made.body.token);
    expect((await t.request("GET", "/api/tasks")).status).toBe(200);
    const revoked = await admin.json("POST", `/api/tokens/${made.body.id}/revoke`);
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ name: "nightly-2026", status: "revoked", revokedBy: "admin" });
    const after = await t.request("GET", "/api/tasks");
    expect(after.status).toBe(401);
    expect(after.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(await after.json()).toEqual({ message: "This token has been revoked." });
    expect((await t.request("POST", "/api/imports/marks", { csv: school.marks })).status).toBe(401);
    expect((await admin.json("POST", `/api/tokens/${made.body.id}/revoke`)).status).toBe(409);
    expect((await admin.json("POST", "/api/tokens/999999/revoke")).status).toBe(404);
  });

  it("an expired token gets 401 (the day after its last day); one ending today still works", async () => {
    const orm = server.deps.rdb.orm;
    const adminId = (await store.findUserByUsername(orm, "admin"))!.id;
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const today = new Date().toISOString().slice(0, 10);
    const old = await createApiToken(orm, { name: "expired-one", role: "auditor", expiresOn: yesterday, createdBy: adminId });
    const fresh = await createApiToken(orm, { name: "ends-today", role: "auditor", expiresOn: today, createdBy: adminId });
    const res = await new TokenClient(server.url, old.token).request("GET", "/api/cases");
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ message: "This token has expired." });
    expect((await new TokenClient(server.url, fresh.token).request("GET", "/api/cases")).status).toBe(200);
    const listed = (await admin.json("GET", "/api/tokens")).body.tokens as { name: string; status: string }[];
    expect(listed.find((t) => t.name === "expired-one")!.status).toBe("expired");
  });

  it("an unknown token, a malformed header or another scheme gets 401, even with a good session cookie", async () => {
    const lead = new Client(server.url);
    await lead.login("lead");
    for (const authorization of ["Bearer rct_nottherealone", "Bearer", "Basic YWRtaW46eA==", `Bearer ${secrets.get("auditor")}x`]) {
      const res = await lead.request("GET", "/api/cases", { headers: { authorization } });
      expect(res.status, authorization).toBe(401);
    }
    expect((await lead.request("GET", "/api/cases")).status).toBe(200);
  });
});

describe("the Origin check is for cookies", () => {
  it("a token with no Origin passes, and so does one with a foreign Origin; a cookie with a foreign Origin is still refused", async () => {
    const officer = machines.get("attendance-officer")!;
    // 404: the task does not exist, so the request got past the session, Origin and role checks.
    expect((await officer.request("POST", "/api/tasks/999999/complete", { json: { outcome: "x" } })).status).toBe(404);
    expect((await officer.request("POST", "/api/tasks/999999/complete", { json: { outcome: "x" }, headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site" } })).status).toBe(404);
    const person = new Client(server.url);
    await person.login("officer");
    expect((await person.request("POST", "/api/tasks/999999/complete", { json: { outcome: "x" }, headers: { origin: "https://evil.example" } })).status).toBe(403);
    expect((await person.request("POST", "/api/tasks/999999/complete", { json: { outcome: "x" }, headers: { "sec-fetch-site": "cross-site" } })).status).toBe(403);
    expect((await person.request("POST", "/api/tasks/999999/complete", { json: { outcome: "x" }, headers: { origin: server.url } })).status).toBe(404);
  });
});

describe("the access log names the token", () => {
  it("every use, with its route and status; what it read and imported, under its name; the audit trail verifies", async () => {
    const t = await admin.json("POST", "/api/tokens", { json: { name: "mis-connector", role: "attendance-lead" } });
    const mis = new TokenClient(server.url, t.body.token);
    expect((await mis.request("GET", `/api/cases/${inScopeUpn}`)).status).toBe(200);
    expect((await mis.request("POST", "/api/imports/marks", { csv: school.marks })).status).toBe(200);
    expect((await mis.request("GET", "/api/audit/access")).status).toBe(403);
    await admin.json("POST", `/api/tokens/${t.body.id}/revoke`);
    expect((await mis.request("GET", "/api/cases")).status).toBe(401);

    const auditor = new Client(server.url);
    await auditor.login("auditor");
    const entries = (await auditor.json("GET", "/api/audit/access?limit=10000")).body.entries as { username: string | null; action: string; upn: string | null; detail: string | null }[];
    const mine = entries.filter((e) => e.username === "token:mis-connector").reverse();
    const uses = mine.filter((e) => e.action === "token.use").map((e) => e.detail);
    expect(uses).toEqual([
      "GET /api/cases/:upn 200",
      "POST /api/imports/marks 200",
      "GET /api/audit/access 403",
      "refused (revoked): GET /api/cases",
    ]);
    // The route's own record of reading the case is the token's too.
    expect(mine.some((e) => e.action !== "token.use" && e.upn === inScopeUpn)).toBe(true);
    // Paths carry UPNs: a token.use row never does.
    expect(mine.filter((e) => e.action === "token.use").every((e) => e.upn === null && !e.detail!.includes(inScopeUpn))).toBe(true);
    const actions = entries.filter((e) => e.username === "admin").map((e) => e.action);
    expect(actions).toContain("token.create");
    expect(actions).toContain("token.revoke");

    const verify = (await admin.json("GET", "/api/audit/verify")).body;
    expect(verify.ok).toBe(true);
    expect(verify.checks.accessLog.ok).toBe(true);
  });
});

describe("the API description", () => {
  it("is readable without signing in", async () => {
    const res = await fetch(`${server.url}/api/openapi.json`);
    expect(res.status).toBe(200);
    expect((await res.json()).openapi).toBe("3.1.0");
  });
});
