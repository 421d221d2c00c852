/**
 * The attendance series, letters and the evidence bundle, on loopback over a real database file: what they
 * hold, who may read them (through the permission table), and that every read is in the access log.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PERMISSIONS, ROLES, type Role } from "../../server/auth/roles.ts";
import type { RunningServer } from "../../server/main.ts";
import { MERGE_FIELDS, mergeTemplate } from "../../server/letters/merge.ts";
import { PRESETS } from "../../machines/presets/index.ts";
import { Client, ROLE_USERS, schoolFiles, tempDatabase, testServer } from "./support.ts";

const ARTIFACTS = fileURLToPath(new URL("../../test-artifacts", import.meta.url));
/** The PDFs go to test-artifacts/ (not committed) to be looked at. */
function keep(name: string, bytes: Buffer): void {
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, name), bytes);
}

const db = tempDatabase();
let server: RunningServer;
const school = schoolFiles(7, 40, 80);
const clients = new Map<Role, Client>();
let cases: { upn: string; forename: string; surname: string; yearGroup: string; stage: string; attendancePct: number | null }[];
let letter: { id: number; upn: string; title: string; template: string | null };

const as = (role: Role) => clients.get(role)!;

async function accessFor(upn: string): Promise<{ action: string; username: string; upn: string; detail: string | null }[]> {
  return (await as("auditor").json("GET", `/api/audit/access?upn=${upn}`)).body.entries;
}

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
  cases = (await lead.json("GET", "/api/cases?limit=500")).body.rows;
  const letters = (await lead.json("GET", "/api/letters?status=open")).body.letters as (typeof letter)[];
  const found = letters.find((l) => l.template);
  expect(found, "the synthetic school raises at least one templated letter").toBeDefined();
  letter = found!;
});
afterAll(async () => {
  await server.close();
  db.cleanup();
});

describe("GET /api/cases/{upn}/attendance", () => {
  it("gives one point per school day, ending on the case page's own figures, with the policy's bands", async () => {
    const upn = cases.find((c) => c.attendancePct !== null && c.attendancePct < 95)?.upn ?? cases[0]!.upn;
    const lead = as("attendance-lead");
    const series = await lead.json("GET", `/api/cases/${upn}/attendance`);
    const view = (await lead.json("GET", `/api/cases/${upn}`)).body;
    expect(series.status).toBe(200);
    expect(series.body.days).toHaveLength(80);
    expect(series.body.asOf).toBe(view.metrics.asOf);
    const last = series.body.days.at(-1);
    expect(last.date).toBe(view.metrics.asOf);
    expect(last.attendancePct).toBeCloseTo(view.metrics.attendancePct, 2);
    expect(last.unauthorisedLast10Weeks).toBe(view.metrics.unauthorisedSessionsLast10SchoolWeeks);
    expect(last.possibleSessions).toBe(view.metrics.possibleSessions);
    // Cumulative: possible sessions never go down, and the days are in order.
    const days = series.body.days as { date: string; possibleSessions: number }[];
    for (let i = 1; i < days.length; i++) {
      expect(days[i]!.date > days[i - 1]!.date).toBe(true);
      expect(days[i]!.possibleSessions).toBeGreaterThanOrEqual(days[i - 1]!.possibleSessions);
    }
    expect(series.body.bands.map((b: { id: string }) => b.id)).toEqual(PRESETS["all-saints"]!.bands.map((b) => b.id));
    expect(series.body.penaltyThreshold).toEqual({ sessions: 10, schoolWeeks: 10 });
    expect(await accessFor(upn)).toContainEqual(expect.objectContaining({ action: "case.attendance", username: "lead", upn }));
  });

  it("is for the roles that read the case; a teacher only for their classes", async () => {
    const inScope = cases.find((c) => c.yearGroup === "3")!.upn;
    const outOfScope = cases.find((c) => c.yearGroup !== "3" && c.yearGroup !== "4")!.upn;
    expect((await as("teacher").request("GET", `/api/cases/${inScope}/attendance`)).status).toBe(200);
    expect((await as("teacher").request("GET", `/api/cases/${outOfScope}/attendance`)).status).toBe(403);
    expect((await as("governor").request("GET", `/api/cases/${inScope}/attendance`)).status).toBe(403);
    expect((await as("admin").request("GET", `/api/cases/${inScope}/attendance`)).status).toBe(403);
    expect((await as("auditor").request("GET", `/api/cases/${inScope}/attendance`)).status).toBe(200);
    expect((await as("attendance-lead").request("GET", "/api/cases/Z000000000000/attendance")).status).toBe(404);
  });
});

describe("letters", () => {
  it("every merge field the preset policies use is one Rollcall fills", () => {
    for (const policy of Object.values(PRESETS)) {
      for (const l of policy.letters ?? []) {
        for (const [, name] of l.body.matchAll(/\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}/g)) expect(Object.keys(MERGE_FIELDS), `${policy.id} ${l.id}`).toContain(name);
      }
    }
  });

  it("leaves an unknown or empty field visibly as [field] and lists it", () => {
    const r = mergeTemplate("Dear {{parent.name}}, {{pupil.forename}} is at {{ attendancePct }}%; target {{target.attendancePct}} {{no.such}}", {
      "parent.name": "Parent/Carer of Ada Lovelace",
      "pupil.forename": "Ada",
      attendancePct: "87.5",
      "target.attendancePct": null,
    });
    expect(r.text).toBe("Dear Parent/Carer of Ada Lovelace, Ada is at 87.5%; target [target.attendancePct] [no.such]");
    expect(r.missing).toEqual(["target.attendancePct", "no.such"]);
  });

  it("renders a letter task from its template: pupil, figures and date merged, nothing left in braces", async () => {
    const lead = as("attendance-lead");
    const r = await lead.json("GET", `/api/letters/${letter.id}`);
    expect(r.status).toBe(200);
    const pupil = cases.find((c) => c.upn === letter.upn)!;
    // The figures are those of the day the policy raised the letter.
    const series = (await lead.json("GET", `/api/cases/${letter.upn}/attendance`)).body.days as { date: string; attendancePct: number }[];
    const raised = series.filter((d) => d.date <= (letter as unknown as { createdOn: string }).createdOn).at(-1)!;
    expect(r.body.figuresAsOf).toBe(raised.date);
    const text = r.body.paragraphs.join("\n");
    expect(r.body.template.id).toBe(letter.template);
    expect(text).toContain(pupil.forename);
    expect(text).not.toMatch(/\{\{|\}\}/);
    expect(Math.abs(Number(r.body.fields.attendancePct) - raised.attendancePct)).toBeLessThanOrEqual(0.051);
    const body = PRESETS["all-saints"]!.letters!.find((l) => l.id === letter.template)!.body;
    if (body.includes("{{attendancePct}}")) expect(text).toContain(`${r.body.fields.attendancePct}%`);
    expect(r.body.date).toBe("2025-07-31");
    // No parents or carers held for this pupil: the salutation falls back, the address is shown missing.
    expect(r.body.recipient).toBe(`Parent/Carer of ${pupil.forename} ${pupil.surname}\n[parent.address]`);
    expect(r.body.fields["school.name"]).toBe(PRESETS["all-saints"]!.source.school);
    for (const m of r.body.missing) expect(text + r.body.recipient).toContain(`[${m}]`);
    expect(r.body.sent).toBeNull();
    expect(await accessFor(letter.upn)).toContainEqual(expect.objectContaining({ action: "letter.view", username: "lead", upn: letter.upn }));
  });

  it("gives the letter as a printable HTML document with its stylesheet allowed by the CSP", async () => {
    const res = await as("attendance-officer").request("GET", `/api/letters/${letter.id}/document`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/html/);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("content-security-policy")).toMatch(/default-src 'self'/);
    const body = await res.text();
    expect(body).toContain('<link rel="stylesheet" href="/api/print.css">');
    expect(body).toContain(letter.title.split(":")[0]!);
    const css = await as("governor").request("GET", "/api/print.css");
    expect(css.status).toBe(200);
    expect(css.headers.get("content-type")).toMatch(/text\/css/);
  });

  it("prints the letter to PDF with Chromium, and answers 503 in plain words without it", async () => {
    const res = await as("attendance-lead").request("GET", `/api/letters/${letter.id}/pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
    expect(bytes.length).toBeGreaterThan(1000);
    keep("letter.pdf", bytes);
    const saved = process.env.ROLLCALL_CHROMIUM;
    process.env.ROLLCALL_CHROMIUM = "/nonexistent/chromium";
    try {
      const none = await as("attendance-lead").json("GET", `/api/letters/${letter.id}/pdf`);
      expect(none.status).toBe(503);
      expect(none.body.message).toMatch(/Chromium/);
      expect(none.body.message).toMatch(/Print/);
    } finally {
      if (saved === undefined) delete process.env.ROLLCALL_CHROMIUM;
      else process.env.ROLLCALL_CHROMIUM = saved;
    }
  });

  it("is read by casework and auditors only", async () => {
    for (const role of ROLES) {
      const status = (await as(role).request("GET", `/api/letters/${letter.id}`)).status;
      if (["attendance-lead", "attendance-officer", "auditor"].includes(role)) expect(status, role).toBe(200);
      else expect(status, role).toBe(403);
    }
    expect((await as("attendance-lead").request("GET", "/api/letters/999999")).status).toBe(404);
  });

  it("marked sent: the task is done, the note is in the history, and the letter shows when it was sent", async () => {
    const lead = as("attendance-lead");
    const view = (await lead.json("GET", `/api/cases/${letter.upn}`)).body;
    const note = await lead.json("POST", `/api/cases/${letter.upn}/events`, { headers: { "If-Match": String(view.revision) }, json: { type: "note", payload: { text: `Letter sent: ${letter.title}` } } });
    expect(note.status).toBe(200);
    expect((await lead.json("POST", `/api/tasks/${letter.id}/complete`, { json: { outcome: "Letter sent by post" } })).status).toBe(200);
    const timeline = (await lead.json("GET", `/api/cases/${letter.upn}/timeline`)).body.entries;
    expect(timeline.at(-2)).toMatchObject({ eventType: "note", payload: { text: `Letter sent: ${letter.title}` } });
    // The task's completion is a history entry of its own (issue 15).
    expect(timeline.at(-1)).toMatchObject({ eventType: "taskCompleted", payload: { task: letter.title, outcome: "Letter sent by post" } });
    const after = (await lead.json("GET", `/api/letters/${letter.id}`)).body;
    expect(after.status).toBe("done");
    expect(after.sent).toMatchObject({ by: "lead", outcome: "Letter sent by post" });
  });
});

describe("the evidence bundle", () => {
  let upn: string;
  beforeAll(() => {
    upn = letter.upn;
  });

  it("holds the pupil, the summary, the record by week, stage changes, letters, notes and the verified audit chain", async () => {
    const lead = as("attendance-lead");
    const view = (await lead.json("GET", `/api/cases/${upn}`)).body;
    const revision = view.revision;
    expect((await lead.json("POST", `/api/cases/${upn}/events`, { headers: { "If-Match": String(revision) }, json: { type: "note", payload: { text: "Mum said <script>alert(1)</script> & more" } } })).status).toBe(200);
    const res = await lead.request("GET", `/api/cases/${upn}/evidence`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/html/);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = await res.text();
    const pupil = cases.find((c) => c.upn === upn)!;
    expect(body).toContain(`${pupil.forename} ${pupil.surname}`);
    expect(body).toContain("Attendance record by week");
    expect(body).toContain(`${view.metrics.attendancePct.toFixed(1)}%`);
    expect(body).toContain(`${view.metrics.attendedSessions} of ${view.metrics.possibleSessions} possible sessions attended`);
    const timeline = (await lead.json("GET", `/api/cases/${upn}/timeline`)).body.entries as { from: string; to: string; reason: string | null; hash: string }[];
    const moves = timeline.filter((e) => e.from && e.from !== e.to && e.reason);
    expect(moves.length).toBeGreaterThan(0);
    for (const m of moves) expect(body).toContain(m.reason!.replace(/&/g, "&amp;").replace(/'/g, "&#39;"));
    expect(body).toContain(letter.title);
    expect(body).toContain("Letter sent by post");
    expect(body).toContain(`Letter sent: ${letter.title}`);
    expect(body).toContain("Audit chain verified for this case");
    expect(body).toContain(timeline.at(-1)!.hash);
    // Everything from people is escaped.
    expect(body).not.toContain("<script>");
    expect(body).toContain("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more");
    // 80 school days are at least 16 school weeks, each a row with its marks.
    const weeks = [...body.matchAll(/<tr data-week="(\d{4}-\d{2}-\d{2})">(.*?)<\/tr>/g)];
    expect(weeks.length).toBeGreaterThanOrEqual(16);
    expect(weeks[0]![2]).toMatch(/<td class="code">[^<]+ [^<]+<\/td>/);
    expect(await accessFor(upn)).toContainEqual(expect.objectContaining({ action: "case.evidence", username: "lead", upn }));
  });

  it("is for the attendance lead and auditors only", async () => {
    for (const role of ROLES) {
      const status = (await as(role).request("GET", `/api/cases/${upn}/evidence`)).status;
      if (role === "attendance-lead" || role === "auditor") expect(status, role).toBe(200);
      else expect(status, role).toBe(403);
    }
    expect((await as("auditor").request("GET", "/api/cases/Z000000000000/evidence")).status).toBe(404);
  });

  it("prints to PDF (auditor), logged; 503 without Chromium", async () => {
    const res = await as("auditor").request("GET", `/api/cases/${upn}/evidence.pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("content-disposition")).toMatch(/attachment; filename="evidence-/);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
    keep("evidence-bundle.pdf", bytes);
    // A bundle of several sections runs to more than one A4 page.
    expect((bytes.toString("latin1").match(/\/Type\s*\/Page\b/g) ?? []).length).toBeGreaterThan(1);
    expect(await accessFor(upn)).toContainEqual(expect.objectContaining({ action: "case.evidence.pdf", username: "auditor", upn }));
    expect((await as("attendance-officer").request("GET", `/api/cases/${upn}/evidence.pdf`)).status).toBe(403);
    const saved = process.env.ROLLCALL_CHROMIUM;
    process.env.ROLLCALL_CHROMIUM = "/nonexistent/chromium";
    try {
      expect((await as("attendance-lead").request("GET", `/api/cases/${upn}/evidence.pdf`)).status).toBe(503);
    } finally {
      if (saved === undefined) delete process.env.ROLLCALL_CHROMIUM;
      else process.env.ROLLCALL_CHROMIUM = saved;
    }
  });
});

describe("the permission table", () => {
  it("covers each new route with the roles this file expects", () => {
    const roles = (method: string, path: string) => PERMISSIONS.find((p) => p.method === method && p.path === path)?.roles;
    expect(roles("GET", "/api/cases/:upn/attendance")).toEqual(roles("GET", "/api/cases/:upn"));
    expect(roles("GET", "/api/cases/:upn/evidence")).toEqual(["attendance-lead", "auditor"]);
    expect(roles("GET", "/api/cases/:upn/evidence.pdf")).toEqual(["attendance-lead", "auditor"]);
    for (const p of ["/api/letters/:id", "/api/letters/:id/document", "/api/letters/:id/pdf"]) expect(roles("GET", p)).toEqual(roles("GET", "/api/letters"));
  });
});
