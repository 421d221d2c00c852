/**
 * GET /api/cases/{upn}/guards on loopback over a real database file (synthetic school): the case's path with its
 * dates, every rule's guard judged on the case's figures leaf by leaf with a legal step's gates, the same roles
 * and scope as the case read, and each read in the access log.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROLES, type Role } from "../../server/auth/roles.ts";
import type { RunningServer } from "../../server/main.ts";
import { Client, ROLE_USERS, schoolFiles, tempDatabase, testServer } from "./support.ts";

const db = tempDatabase();
let server: RunningServer;
const school = schoolFiles(7, 40, 80);
const clients = new Map<Role, Client>();
let rows: { upn: string; yearGroup: string; stage: string; state: string; attendancePct: number | null }[];
const as = (role: Role) => clients.get(role)!;

type Leaf = { kind: string; words: string; left: { figure: string; value: number | null; unit: string } | null; operator: string | null; right: number | null; holds: boolean | null; text: string };
type Node = Leaf | { kind: "all" | "any" | "not"; parts: Node[]; holds: boolean | null };
const leaves = (n: Node | null): Leaf[] => (!n ? [] : "parts" in n ? n.parts.flatMap(leaves) : [n]);

beforeAll(async () => {
  server = await testServer(db.url);
  for (const role of ROLES) {
    const client = new Client(server.url);
    expect((await client.login(ROLE_USERS[role])).status).toBe(200);
    clients.set(role, client);
  }
  const lead = as("attendance-lead");
  expect((await lead.json("POST", "/api/imports/pupils", { csv: school.pupils })).status).toBe(200);
  expect((await lead.json("POST", "/api/imports/marks", { csv: school.marks })).status).toBe(200);
  rows = (await lead.json("GET", "/api/cases?limit=500")).body.rows;
}, 120_000);
afterAll(async () => {
  await server.close();
  db.cleanup();
});

describe("GET /api/cases/{upn}/guards", () => {
  it("gives a moved case's path with its dates, ending where the case is, and every rule judged on today's figures", async () => {
    const moved = rows.find((r) => r.stage !== "expect" && r.attendancePct !== null);
    expect(moved, "the synthetic school has a case that moved stages").toBeDefined();
    const lead = as("attendance-lead");
    const res = await lead.json("GET", `/api/cases/${moved!.upn}/guards`);
    expect(res.status).toBe(200);
    const view = (await lead.json("GET", `/api/cases/${moved!.upn}`)).body;
    const body = res.body as { upn: string; state: string; asOf: string; path: { state: string; enteredOn: string; leftOn: string | null; rule: string | null; event: string }[]; rules: { rule: string; from: string; to: string; guard: Node | null; gates: { title: string; holds: boolean; figures: string }[]; holds: boolean | null; applies: boolean }[] };
    expect(body.upn).toBe(moved!.upn);
    expect(body.asOf).toBe(view.metrics.asOf);
    // The path: opened, then each move in date order; the last visit is where the case is now and has not left.
    expect(body.path.length).toBeGreaterThan(1);
    expect(body.path[0]!.event).toBe("caseOpened");
    expect(body.path.at(-1)).toMatchObject({ state: view.state, leftOn: null });
    for (let i = 1; i < body.path.length; i++) {
      expect(body.path[i]!.enteredOn >= body.path[i - 1]!.enteredOn).toBe(true);
      expect(body.path[i - 1]!.leftOn).toBe(body.path[i]!.enteredOn);
    }
    expect(body.path.some((v) => v.rule !== null)).toBe(true);
    // Every rule that moves a case, judged; a year-to-date attendance leaf quotes the case's own figure.
    expect(body.rules.length).toBeGreaterThan(10);
    const attendanceLeaves = body.rules.flatMap((r) => leaves(r.guard)).filter((l) => l.kind === "attendance" && l.left?.figure === "attendance");
    expect(attendanceLeaves.length).toBeGreaterThan(0);
    for (const l of attendanceLeaves) {
      expect(l.left!.value).toBeCloseTo(view.metrics.attendancePct, 6);
      expect(l.text).toBe(`attendance ${view.metrics.attendancePct.toFixed(1)}% ${l.operator} ${l.right}%: ${l.holds}`);
      expect(l.holds).toBe(l.operator === "<" ? view.metrics.attendancePct < l.right! : l.operator === "≥" ? view.metrics.attendancePct >= l.right! : l.holds);
    }
    // Rules declared where the case is now apply; others are judged as if it were there.
    expect(body.rules.some((r) => r.applies)).toBe(true);
    expect(body.rules.some((r) => !r.applies)).toBe(true);
    // A legal step's statutory gates, judged with the figures they read.
    const legal = body.rules.filter((r) => r.gates.length > 0);
    expect(legal.length).toBeGreaterThan(0);
    for (const g of legal.flatMap((r) => r.gates)) expect(typeof g.holds === "boolean" && g.title.length > 0 && g.figures.length > 0).toBe(true);
    // Each read is in the access log.
    const access = (await as("auditor").json("GET", `/api/audit/access?upn=${moved!.upn}`)).body.entries as { action: string; username: string; upn: string }[];
    expect(access).toContainEqual(expect.objectContaining({ action: "case.guards", username: "lead", upn: moved!.upn }));
  });

  it("is read by the roles that read the case, a teacher only for their classes, never a governor or admin", async () => {
    const upn = rows[0]!.upn;
    for (const role of ["attendance-lead", "attendance-officer", "auditor"] as const) expect((await as(role).json("GET", `/api/cases/${upn}/guards`)).status, role).toBe(200);
    for (const role of ["governor", "admin"] as const) expect((await as(role).json("GET", `/api/cases/${upn}/guards`)).status, role).toBe(403);
    const inScope = rows.find((r) => r.yearGroup === "3")!.upn;
    const outOfScope = rows.find((r) => r.yearGroup !== "3" && r.yearGroup !== "4")!.upn;
    expect((await as("teacher").json("GET", `/api/cases/${inScope}/guards`)).status).toBe(200);
    const refused = await as("teacher").json("GET", `/api/cases/${outOfScope}/guards`);
    expect(refused.status).toBe(403);
    expect(JSON.stringify(refused.body)).not.toContain("rules");
    const access = (await as("auditor").json("GET", `/api/audit/access?upn=${outOfScope}`)).body.entries as { action: string; username: string }[];
    expect(access.filter((e) => e.action === "case.guards" && e.username === "teacher")).toEqual([]);
    expect((await as("attendance-lead").json("GET", "/api/cases/Z999999999999/guards")).status).toBe(404);
  });
});
