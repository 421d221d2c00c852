/**
 * 100% certificates and the celebration-only exclusion flag, on loopback over a real database file: who earned
 * a certificate (the same as the engine's own list), who may see names, the document and the PDF (one A4
 * landscape page per certificate), the access log, and that the flag changes celebration figures only.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as store from "../../db/index.ts";
import { inScope, ROLES, type Role } from "../../server/auth/roles.ts";
import { certificateRange, certificates, classRegister, halfTerms } from "../../machines/celebrate/index.ts";
import type { RunningServer } from "../../server/main.ts";
import { Client, ROLE_USERS, schoolFiles, TEACHER_SCOPE, tempDatabase, testServer } from "./support.ts";

// Importing a school and printing PDFs with Chromium: generous limits for a busy machine (no timing is tested).
vi.setConfig({ hookTimeout: 60_000, testTimeout: 60_000 });

const ARTIFACTS = fileURLToPath(new URL("../../test-artifacts", import.meta.url));

const db = tempDatabase();
let server: RunningServer;
const school = schoolFiles(11, 80, 75);
const clients = new Map<Role, Client>();
const as = (role: Role) => clients.get(role)!;

beforeAll(async () => {
  server = await testServer(db.url);
  for (const role of ROLES) {
    const client = new Client(server.url);
    expect((await client.login(ROLE_USERS[role])).status).toBe(200);
    clients.set(role, client);
  }
  expect((await as("attendance-lead").json("POST", "/api/imports/pupils", { csv: school.pupils })).status).toBe(200);
  expect((await as("attendance-lead").json("POST", "/api/imports/marks", { csv: school.marks })).status).toBe(200);
});
afterAll(async () => {
  await server.close();
  db.cleanup();
});

/** The engine's own answer, straight from the database. */
async function expected(period: { kind: "halfTerm"; halfTerm: number } | { kind: "year" }) {
  const orm = server.deps.rdb.orm;
  const pupils = await store.listPupils(orm);
  const cr = classRegister(await store.loadRegister(orm), pupils);
  return { list: certificates(cr, pupils, certificateRange(cr, period)!), pupils, cr };
}

async function accessLog(): Promise<{ action: string; username: string; upn: string | null; detail: string | null }[]> {
  return (await as("auditor").json("GET", "/api/audit/access")).body.entries;
}

/** Pages in a PDF as Chromium writes it (one `/Type /Page` object per page), and their sizes. */
function pdfPages(bytes: Buffer): { pages: number; boxes: string[] } {
  const text = bytes.toString("latin1");
  return { pages: (text.match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length, boxes: [...text.matchAll(/\/MediaBox\s*\[([^\]]+)\]/g)].map((m) => m[1]!.trim()) };
}

describe("GET /api/celebrate/certificates", () => {
  it("lists for the lead exactly the pupils the engine finds with 100% in the half term, with their figures", async () => {
    const { cr } = await expected({ kind: "year" });
    expect(halfTerms(cr.calendar).length).toBeGreaterThanOrEqual(2);
    for (const halfTerm of [0, 1]) {
      const { status, body } = await as("attendance-lead").json("GET", `/api/celebrate/certificates?period=halfTerm&halfTerm=${halfTerm}`);
      expect(status).toBe(200);
      const { list } = await expected({ kind: "halfTerm", halfTerm });
      expect(body.count).toBe(list.certificates.length);
      expect(body.count).toBeGreaterThan(0);
      expect(body.eligible).toBe(list.eligible);
      expect(body.pupils.map((p: { upn: string }) => p.upn)).toEqual(list.certificates.map((c) => c.upn));
      expect(body.pupils[0]).toMatchObject({ ...list.certificates[0], attendancePct: 100 });
      expect(body.pupils.every((p: { attendedSessions: number; possibleSessions: number }) => p.possibleSessions > 0 && p.attendedSessions === p.possibleSessions)).toBe(true);
      expect([body.from, body.to]).toEqual([list.from, list.to]);
      expect(body.periodWords).toMatch(/^in the half term \d+ \w+ \d{4} to \d+ \w+ \d{4}$/);
    }
  });

  it("the year so far is the default period, and fewer pupils keep 100% over it than over its first half term", async () => {
    const year = (await as("attendance-lead").json("GET", "/api/celebrate/certificates")).body;
    const first = (await as("attendance-lead").json("GET", "/api/celebrate/certificates?period=halfTerm&halfTerm=0")).body;
    const { list } = await expected({ kind: "year" });
    expect(year.period).toBe("year");
    expect(year.pupils.map((p: { upn: string }) => p.upn)).toEqual(list.certificates.map((c) => c.upn));
    expect(year.count).toBeLessThanOrEqual(first.count);
    for (const p of year.pupils as { upn: string }[]) expect(first.pupils.map((q: { upn: string }) => q.upn)).toContain(p.upn);
  });

  it("a teacher sees names only for their classes; the whole school's count is the same", async () => {
    const lead = (await as("attendance-lead").json("GET", "/api/celebrate/certificates?period=halfTerm&halfTerm=0")).body;
    const teacher = (await as("teacher").json("GET", "/api/celebrate/certificates?period=halfTerm&halfTerm=0")).body;
    const { pupils } = await expected({ kind: "year" });
    const mine = lead.pupils.filter((p: { upn: string }) => inScope(TEACHER_SCOPE, pupils.find((q) => q.upn === p.upn)!));
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.length).toBeLessThan(lead.pupils.length);
    expect(teacher.pupils).toEqual(mine);
    expect(teacher.count).toBe(lead.count);
  });

  it("governors and auditors get the count and no names, and their reads are not logged as naming anyone", async () => {
    const lead = (await as("attendance-lead").json("GET", "/api/celebrate/certificates?period=halfTerm&halfTerm=1")).body;
    const names = (lead.pupils as { forename: string; surname: string; upn: string }[]).flatMap((p) => [p.forename, p.surname, p.upn]);
    for (const role of ["governor", "auditor"] as const) {
      const res = await as(role).request("GET", "/api/celebrate/certificates?period=halfTerm&halfTerm=1");
      const text = await res.text();
      expect(res.status).toBe(200);
      const body = JSON.parse(text);
      expect(body.pupils).toBeNull();
      expect(body.count).toBe(lead.count);
      for (const n of names) expect(text).not.toContain(`"${n}"`);
      expect(text).not.toMatch(/\b[A-HJ-NP-RT-Z]\d{11}[0-9A-HJ-NP-RT-Z]\b/);
      for (const path of ["/api/celebrate/certificates/document", "/api/celebrate/certificates/pdf"]) expect((await as(role).request("GET", path)).status).toBe(403);
    }
    const log = await accessLog();
    expect(log.filter((e) => e.action === "celebrate.certificates" && (e.username === "governor" || e.username === "auditor"))).toEqual([]);
  });

  it("records in the access log who saw which pupils' certificates", async () => {
    const body = (await as("attendance-officer").json("GET", "/api/celebrate/certificates?period=halfTerm&halfTerm=0")).body;
    const entry = (await accessLog()).find((e) => e.action === "celebrate.certificates" && e.username === "officer")!;
    expect(entry).toBeDefined();
    const detail = JSON.parse(entry.detail!);
    expect(detail).toMatchObject({ period: "halfTerm", halfTerm: 0, from: body.from, to: body.to, pupils: body.count });
    expect(detail.upns).toEqual(body.pupils.map((p: { upn: string }) => p.upn));
  });

  it("refuses a half term that does not exist and a period it does not know", async () => {
    expect((await as("attendance-lead").json("GET", "/api/celebrate/certificates?period=halfTerm&halfTerm=99")).status).toBe(404);
    expect((await as("attendance-lead").json("GET", "/api/celebrate/certificates/pdf?period=halfTerm&halfTerm=99")).status).toBe(404);
    expect((await as("attendance-lead").json("GET", "/api/celebrate/certificates?period=term")).status).toBe(422);
  });
});

describe("the certificates as a document and a PDF", () => {
  it("the HTML has one certificate per pupil, merged from the template, and is logged", async () => {
    const view = (await as("attendance-lead").json("GET", "/api/celebrate/certificates?period=halfTerm&halfTerm=0")).body;
    const res = await as("attendance-lead").request("GET", "/api/celebrate/certificates/document?period=halfTerm&halfTerm=0");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const text = await res.text();
    expect(text.match(/<section class="certificate"/g)).toHaveLength(view.count);
    expect(text).toContain('<link rel="stylesheet" href="/api/print.css">');
    expect(text).not.toMatch(/\{\{|\[pupil\.|\[period\]|\[school\.name\]/);
    for (const p of view.pupils as { forename: string; surname: string; classLabel: string; upn: string }[]) {
      const section = text.slice(text.indexOf(`data-upn="${p.upn}"`));
      expect(section.slice(0, 1200)).toContain(`<p class="certificate-name">${p.forename} ${p.surname}</p>`);
      expect(section.slice(0, 1200)).toContain(`<p class="certificate-class">${p.classLabel}</p>`);
    }
    expect(text).toContain(`for attending every session ${view.periodWords}.`);
    expect(text).toContain(view.school);
    expect((await accessLog()).some((e) => e.action === "celebrate.certificates.document" && e.username === "lead")).toBe(true);
  });

  it("a teacher's document holds only their classes' certificates", async () => {
    const mine = (await as("teacher").json("GET", "/api/celebrate/certificates?period=halfTerm&halfTerm=0")).body;
    const text = await (await as("teacher").request("GET", "/api/celebrate/certificates/document?period=halfTerm&halfTerm=0")).text();
    expect([...text.matchAll(/data-upn="([^"]+)"/g)].map((m) => m[1])).toEqual(mine.pupils.map((p: { upn: string }) => p.upn));
  });

  it("the PDF has one A4 landscape page per certificate; 503 in plain words without Chromium", async () => {
    const view = (await as("attendance-lead").json("GET", "/api/celebrate/certificates?period=halfTerm&halfTerm=1")).body;
    const res = await as("attendance-lead").request("GET", "/api/celebrate/certificates/pdf?period=halfTerm&halfTerm=1");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("content-disposition")).toMatch(/attachment; filename="certificates-half-term-2-\d{4}-\d{2}-\d{2}\.pdf"/);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
    const { pages, boxes } = pdfPages(bytes);
    expect(pages).toBe(view.count);
    // A4 landscape: 842 × 595 points, wider than tall, on every page.
    expect(boxes.length).toBeGreaterThanOrEqual(1);
    for (const box of boxes) {
      const [, , w, h] = box.split(/\s+/).map(Number);
      expect(Math.round(w!)).toBe(842);
      expect(Math.round(h!)).toBe(595);
    }
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, "certificates.pdf"), bytes);
    expect((await accessLog()).some((e) => e.action === "celebrate.certificates.pdf" && e.username === "lead")).toBe(true);
    const saved = process.env.ROLLCALL_CHROMIUM;
    process.env.ROLLCALL_CHROMIUM = "/nonexistent/chromium";
    try {
      const none = await as("attendance-lead").json("GET", "/api/celebrate/certificates/pdf?period=halfTerm&halfTerm=1");
      expect(none.status).toBe(503);
      expect(none.body.message).toMatch(/Print/);
    } finally {
      if (saved === undefined) delete process.env.ROLLCALL_CHROMIUM;
      else process.env.ROLLCALL_CHROMIUM = saved;
    }
  });
});

describe("the celebration-only exclusion (a long-term individual circumstance)", () => {
  it("leaves the pupil out of class figures and the draw only, not their own certificate; the case's history and the access log say who did it", async () => {
    const lead = as("attendance-lead");
    const first = (await lead.json("GET", "/api/celebrate/certificates?period=halfTerm&halfTerm=0")).body;
    const pupil = first.pupils[0] as { upn: string; class: string };
    const weekOf = (await lead.json("GET", "/api/celebrate?week=0")).body;
    const before = {
      row: weekOf.celebration.ranking.find((r: { class: string }) => r.class === pupil.class),
      tickets: weekOf.perfectDays.length,
      metrics: (await lead.json("GET", `/api/cases/${pupil.upn}`)).body.metrics,
      dashboard: (await lead.json("GET", "/api/dashboard")).body,
      excludedPupils: weekOf.excludedPupils,
    };
    expect(before.excludedPupils).toBe(0);
    expect((await lead.json("GET", `/api/celebrate/exclusions/${pupil.upn}`)).body).toEqual({ upn: pupil.upn, excluded: false, reason: null, by: null, at: null });

    const set = await lead.json("POST", `/api/celebrate/exclusions/${pupil.upn}`, { json: { excluded: true, reason: "Long-term medical treatment" } });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ upn: pupil.upn, excluded: true, reason: "Long-term medical treatment", by: "lead" });
    expect(set.body.at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect((await as("auditor").json("GET", `/api/celebrate/exclusions/${pupil.upn}`)).body).toEqual(set.body);

    const after = (await lead.json("GET", "/api/celebrate?week=0")).body;
    const row = after.celebration.ranking.find((r: { class: string }) => r.class === pupil.class);
    expect(row.pupils).toBe(before.row.pupils - 1);
    // The pupil had 100% that half term: the class loses as many attended sessions as possible ones.
    expect(row.possibleSessions).toBeLessThan(before.row.possibleSessions);
    expect(before.row.possibleSessions - row.possibleSessions).toBe(before.row.attendedSessions - row.attendedSessions);
    expect(after.excludedPupils).toBe(1);
    expect((await as("governor").json("GET", "/api/celebrate?week=0")).body.excludedPupils).toBeNull();
    const firstNow = (await lead.json("GET", "/api/celebrate/certificates?period=halfTerm&halfTerm=0")).body;
    // A certificate is the pupil's own: it stands.
    expect(firstNow.pupils.map((p: { upn: string }) => p.upn)).toEqual(first.pupils.map((p: { upn: string }) => p.upn));
    expect(firstNow.eligible).toBe(first.eligible);
    // Statutory and pupil figures are untouched: the case's own figures and the governors' dashboard.
    expect((await lead.json("GET", `/api/cases/${pupil.upn}`)).body.metrics).toEqual(before.metrics);
    expect((await lead.json("GET", "/api/dashboard")).body).toEqual(before.dashboard);

    const timeline = (await lead.json("GET", `/api/cases/${pupil.upn}/timeline`)).body.entries as { eventType: string; actor: string; payload: { text?: string } | null }[];
    const note = timeline.filter((e) => e.eventType === "note").at(-1)!;
    expect(note.actor).toBe("lead");
    expect(JSON.stringify(note)).toContain("Left out of class celebration figures for a long-term individual circumstance (not statutory figures): Long-term medical treatment");
    const access = (await as("auditor").json("GET", `/api/audit/access?upn=${pupil.upn}`)).body.entries as { action: string; username: string; detail: string }[];
    expect(access).toContainEqual(expect.objectContaining({ action: "pupil.celebration-exclusion", username: "lead" }));
    expect(JSON.parse(access.find((e) => e.action === "pupil.celebration-exclusion")!.detail)).toEqual({ excluded: true, reason: "Long-term medical treatment" });

    // Cleared: counted again, and that is recorded too.
    const cleared = await lead.json("POST", `/api/celebrate/exclusions/${pupil.upn}`, { json: { excluded: false } });
    expect(cleared.body).toMatchObject({ excluded: false, reason: null, by: "lead" });
    const again = (await lead.json("GET", "/api/celebrate?week=0")).body;
    expect(again.celebration.ranking.find((r: { class: string }) => r.class === pupil.class)).toEqual(before.row);
    expect(again.perfectDays.length).toBe(before.tickets);
    const notes = ((await lead.json("GET", `/api/cases/${pupil.upn}/timeline`)).body.entries as { eventType: string }[]).filter((e) => e.eventType === "note");
    expect(JSON.stringify(notes.at(-1))).toContain("Counted in class celebration figures again");
    expect((await as("auditor").json("GET", "/api/audit/verify")).body.ok).toBe(true);
  });

  it("needs a reason; only the lead may set it; an unchanged flag records nothing", async () => {
    const upn = (await store.listPupils(server.deps.rdb.orm))[3]!.upn;
    const noReason = await as("attendance-lead").json("POST", `/api/celebrate/exclusions/${upn}`, { json: { excluded: true, reason: "  " } });
    expect(noReason.status).toBe(422);
    expect(noReason.body.errors[0].field).toBe("reason");
    expect((await as("attendance-officer").json("POST", `/api/celebrate/exclusions/${upn}`, { json: { excluded: true, reason: "x" } })).status).toBe(403);
    expect((await as("teacher").json("GET", `/api/celebrate/exclusions/${upn}`)).status).toBe(403);
    expect((await as("attendance-lead").json("POST", "/api/celebrate/exclusions/NOSUCHPUPIL1", { json: { excluded: false } })).status).toBe(404);
    const history = (await as("attendance-lead").json("GET", `/api/cases/${upn}/timeline`)).body.entries.length;
    expect((await as("attendance-lead").json("POST", `/api/celebrate/exclusions/${upn}`, { json: { excluded: false } })).body.excluded).toBe(false);
    expect((await as("attendance-lead").json("GET", `/api/cases/${upn}/timeline`)).body.entries.length).toBe(history);
    expect((await as("auditor").json("GET", `/api/audit/access?upn=${upn}`)).body.entries.filter((e: { action: string }) => e.action === "pupil.celebration-exclusion")).toEqual([]);
  });
});

describe("the pupils file's optional celebration_exclusion column", () => {
  const withColumn = (reasons: Record<string, string>) => {
    const [header, ...rows] = school.pupils.trim().split("\n");
    return `${header},celebration_exclusion\n${rows.map((r) => `${r},${reasons[r.split(",")[0]!] ?? ""}`).join("\n")}\n`;
  };
  const flag = async (upn: string) => (await as("attendance-lead").json("GET", `/api/celebrate/exclusions/${upn}`)).body;

  it("sets and clears the flag with the reason given; a file without the column leaves it as it is; the access log says so", async () => {
    const [a, b] = (await store.listPupils(server.deps.rdb.orm)).slice(10, 12).map((p) => p.upn) as [string, string];
    expect((await as("attendance-lead").json("POST", "/api/imports/pupils", { csv: withColumn({ [a]: "Long-term illness", [b]: "Hospital school" }) })).status).toBe(200);
    expect(await flag(a)).toMatchObject({ excluded: true, reason: "Long-term illness", by: "pupils import" });
    expect(await flag(b)).toMatchObject({ excluded: true, reason: "Hospital school" });
    expect([...(await store.celebrationExclusions(server.deps.rdb.orm))].sort()).toEqual([a, b].sort());

    // The usual file, with no such column: nothing changes.
    // (A different ending, so it is a new file and not the one already imported.)
    const plain = `${school.pupils.trim()}\r\n`;
    const imported = await as("attendance-lead").json("POST", "/api/imports/pupils", { csv: plain });
    expect(imported.status).toBe(200);
    expect(imported.body.alreadyImported).toBe(false);
    expect((await flag(a)).excluded).toBe(true);

    // The column empty for b: b counts again; a keeps its reason.
    expect((await as("attendance-lead").json("POST", "/api/imports/pupils", { csv: withColumn({ [a]: "Long-term illness" }) })).status).toBe(200);
    expect(await flag(b)).toMatchObject({ excluded: false, reason: null, by: "pupils import" });
    expect((await flag(a)).reason).toBe("Long-term illness");

    const access = (await as("auditor").json("GET", `/api/audit/access?upn=${b}`)).body.entries as { action: string; username: string | null; detail: string }[];
    const changes = access.filter((e) => e.action === "pupil.celebration-exclusion").map((e) => JSON.parse(e.detail));
    expect(changes).toEqual([
      { excluded: false, reason: null, by: "pupils import" },
      { excluded: true, reason: "Hospital school", by: "pupils import" },
    ]);
    // Clean up for the other tests: a counted again.
    expect((await as("attendance-lead").json("POST", `/api/celebrate/exclusions/${a}`, { json: { excluded: false } })).status).toBe(200);
  });
});
