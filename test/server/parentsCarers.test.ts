import { afterAll, beforeAll, describe, expect, it } from "vitest";
// The server first: its routes extend zod with OpenAPI before any schema is made (server/cases/plan.ts needs it).
import { Client, ROLE_USERS, schoolFiles, tempDatabase, testServer } from "./support.ts";
import * as store from "../../db/index.ts";
import { parsePupilsCsv } from "../../machines/attendance/pupilsCsv.ts";
import { assembleEvidence } from "../../server/evidence/assemble.ts";
import { evidenceHtml } from "../../server/evidence/render.ts";
import type { RunningServer } from "../../server/main.ts";
import { noticeAddressees } from "../../server/parents/notices.ts";
import { PARENTS_CSV_HEADER } from "../../server/parents/synthetic.ts";

const db = tempDatabase();
let server: RunningServer;
const clients: Record<string, Client> = {};
const school = schoolFiles(15, 30, 60);
const pupils = parsePupilsCsv(school.pupils, "pupils.csv").pupils;
// The teacher teaches Year 3 and class 4A (support.ts).
const inClass = pupils.find((p) => p.yearGroup === "3" || p.class === "4A")!;
const outOfClass = pupils.find((p) => p.yearGroup !== "3" && p.class !== "4A")!;

const row = (upn: string, name: string, rest = "Mother,Y,Y,1 Test Row,Sampleton,ZZ99 1AA,07700 900111,jo@example.org,1,Y,Y") => `${upn},${name},${rest}`;
const file = (...rows: string[]) => `${PARENTS_CSV_HEADER}\n${rows.join("\n")}\n`;

beforeAll(async () => {
  server = await testServer(db.url);
  for (const [role, username] of Object.entries(ROLE_USERS)) {
    clients[role] = new Client(server.url);
    await clients[role]!.login(username);
  }
  const lead = clients["attendance-lead"]!;
  expect((await lead.json("POST", "/api/imports/pupils", { csv: school.pupils })).status).toBe(200);
  expect((await lead.json("POST", "/api/imports/marks", { csv: school.marks })).status).toBe(200);
});
afterAll(async () => {
  await server.close();
  db.cleanup();
});

const lead = () => clients["attendance-lead"]!;
const parentsOf = async (upn: string, role = "attendance-lead") => clients[role]!.json("GET", `/api/cases/${upn}/parents-carers`);

describe("the parents file", () => {
  it("is refused whole, every problem named by file line and column, when any row is wrong", async () => {
    const bad = file(
      row(inClass.upn, "Ms Jo Example"),
      row(inClass.upn, "Mr Lee Example", "Father,maybe,Y,1 Test Row,Sampleton,NOT A POSTCODE,07700 900112,not-an-email,1,Y,"),
      row(inClass.upn, "ms jo example"),
      row("A999999999999", "Ms Nobody"),
      row(outOfClass.upn, "Mr Phone", "Father,Y,N,,,,call me,,x,Y,"),
    );
    const r = await lead().json("POST", "/api/imports/parents?file=parents.csv", { csv: bad });
    expect(r.status).toBe(422);
    expect(r.body.message).toMatch(/parents file has problems; nothing was imported/);
    expect(r.body.errors).toEqual(
      expect.arrayContaining([
        { line: 3, field: "parental_responsibility", message: expect.stringContaining("not Y or N") },
        { line: 4, field: "name", message: expect.stringMatching(/line 2 and again on line 4/) },
        { line: 5, field: "upn", message: expect.any(String) },
        { line: 6, field: "priority", message: expect.stringContaining("whole number") },
      ]),
    );
    // Postcode and email are checked once the flags are right: the same row with a good flag.
    const r2 = await lead().json("POST", "/api/imports/parents", { csv: file(row(inClass.upn, "Mr Lee Example", "Father,Y,Y,1 Test Row,Sampleton,NOT A POSTCODE,call me,not-an-email,1,Y,")) });
    expect(r2.status).toBe(422);
    expect(r2.body.errors.map((e: { line: number; field: string }) => `${e.line}:${e.field}`).sort()).toEqual(["2:email", "2:phone", "2:postcode"]);
    expect((await parentsOf(inClass.upn)).body.parents).toEqual([]);
    expect((await parentsOf(outOfClass.upn)).body.parents).toEqual([]);
  });

  it("refuses a pupil not on roll, naming the line, and writes nothing of the good rows", async () => {
    const r = await lead().json("POST", "/api/imports/parents", { csv: file(row(inClass.upn, "Ms Jo Example"), row("L999314721002", "Ms Unknown")) });
    expect(r.status).toBe(422);
    expect(r.body.errors).toEqual([{ line: 3, field: "upn", message: expect.stringContaining("on roll: import the pupils file first") }]);
    expect((await parentsOf(inClass.upn)).body.history).toEqual([]);
  });

  it("imports once; the same file again changes nothing", async () => {
    const csv = file(
      row(inClass.upn, "Ms Jo Example"),
      row(inClass.upn, "Mr Lee Example", "Father,Y,N,9 Other Way,Testbury,zz99 2bb,01632 960111,,2,N,"),
      row(outOfClass.upn, "Mrs Pat Sample", "Grandparent,N,Y,2 Test Row,Sampleton,ZZ99 1AB,07700 900113,,,Y,N"),
    );
    const first = await lead().json("POST", "/api/imports/parents?file=parents.csv", { csv });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ alreadyImported: false, rows: 3, changed: 3, detail: { added: 3, changed: 0, removed: 0 } });
    expect((await lead().json("POST", "/api/imports/parents", { csv })).body).toMatchObject({ alreadyImported: true, importId: first.body.importId });
    const held = (await parentsOf(inClass.upn)).body;
    expect(held.view).toBe("all");
    expect(held.parents.map((p: { name: string; postcode: string; source: string }) => [p.name, p.postcode, p.source])).toEqual([
      ["Ms Jo Example", "ZZ99 1AA", `import ${first.body.importId}`],
      ["Mr Lee Example", "ZZ99 2BB", `import ${first.body.importId}`],
    ]);
  });
});

describe("reading parents and carers: least privilege", () => {
  it("a teacher sees names, relationship and phone for their classes only; an auditor no contact details; a governor nothing; every read logged", async () => {
    const teacher = await parentsOf(inClass.upn, "teacher");
    expect(teacher.status).toBe(200);
    expect(teacher.body.view).toBe("phone");
    expect(teacher.body.history).toBeNull();
    expect(Object.keys(teacher.body.parents[0]).sort()).toEqual(["changedAt", "id", "name", "phone", "priority", "relationship", "removed", "version"]);
    expect((await parentsOf(outOfClass.upn, "teacher")).status).toBe(403);

    const auditor = await parentsOf(inClass.upn, "auditor");
    expect(auditor.status).toBe(200);
    expect(auditor.body.parents[0]).toMatchObject({ name: "Ms Jo Example", parentalResponsibility: true, liableForNotices: true });
    expect(JSON.stringify(auditor.body)).not.toMatch(/07700|Test Row|ZZ99|example\.org/);
    expect(auditor.body.history.length).toBeGreaterThan(0);

    expect((await parentsOf(inClass.upn, "governor")).status).toBe(403);
    expect((await parentsOf(inClass.upn, "admin")).status).toBe(403);

    const log = await store.accessLog(server.deps.rdb.orm, { upn: inClass.upn, limit: 50 });
    expect(log.filter((l) => l.action === "parents.view" && l.upn === inClass.upn).length).toBeGreaterThanOrEqual(3);
  });
});

describe("editing parents and carers", () => {
  const jo = {
    name: "Ms Jo Example",
    relationship: "Mother",
    parentalResponsibility: true,
    livesWithPupil: true,
    addressLines: ["3 New Street", "Sampleton"],
    postcode: "ZZ99 1AC",
    phone: "07700 900111",
    email: "jo@example.org",
    priority: 1,
    correspondence: true,
    liableForNotices: true,
  };

  it("the lead and officers add and change; a teacher or auditor cannot; wrong fields are named", async () => {
    expect((await clients.teacher!.json("POST", `/api/cases/${inClass.upn}/parents-carers`, { json: jo })).status).toBe(403);
    expect((await clients.auditor!.json("POST", `/api/cases/${inClass.upn}/parents-carers`, { json: jo })).status).toBe(403);
    const bad = await lead().json("POST", `/api/cases/${outOfClass.upn}/parents-carers`, { json: { ...jo, name: " ", email: "nope", postcode: "12345", priority: 0 } });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(["email", "name", "postcode", "priority"]);
    const added = await clients["attendance-officer"]!.json("POST", `/api/cases/${outOfClass.upn}/parents-carers`, { json: { ...jo, name: "Mr Kit Sample", relationship: "Foster carer" } });
    expect(added.status).toBe(200);
    expect(added.body.parents.map((p: { name: string }) => p.name)).toContain("Mr Kit Sample");
    expect((await lead().json("POST", `/api/cases/A999999999999/parents-carers`, { json: jo })).status).toBe(404);
  });

  it("a change is made against the version loaded: stale is a conflict; the history keeps every version", async () => {
    const before = (await parentsOf(inClass.upn)).body.parents.find((p: { name: string }) => p.name === "Ms Jo Example");
    const changed = await lead().json("POST", `/api/cases/${inClass.upn}/parents-carers/${before.id}`, { json: { ...jo, version: before.version } });
    expect(changed.status).toBe(200);
    const now = changed.body.parents.find((p: { id: number }) => p.id === before.id);
    expect(now).toMatchObject({ version: before.version + 1, addressLines: ["3 New Street", "Sampleton"], changedBy: "lead", source: "by hand" });
    const stale = await clients["attendance-officer"]!.json("POST", `/api/cases/${inClass.upn}/parents-carers/${before.id}`, { json: { ...jo, phone: "01632 960999", version: before.version } });
    expect(stale.status).toBe(409);
    // Another pupil's UPN cannot reach her.
    expect((await lead().json("POST", `/api/cases/${outOfClass.upn}/parents-carers/${before.id}`, { json: { ...jo, version: now.version } })).status).toBe(404);
    const history = changed.body.history.filter((h: { id: number }) => h.id === before.id);
    expect(history.map((h: { version: number; addressLines: string[] }) => [h.version, h.addressLines[0]])).toEqual([
      [1, "1 Test Row"],
      [2, "3 New Street"],
    ]);
  });

  it("removal needs a reason and keeps the person in the history", async () => {
    const lee = (await parentsOf(inClass.upn)).body.parents.find((p: { name: string }) => p.name === "Mr Lee Example");
    expect((await lead().json("POST", `/api/cases/${inClass.upn}/parents-carers/${lee.id}/remove`, { json: { version: lee.version, reason: " " } })).status).toBe(422);
    const removed = await lead().json("POST", `/api/cases/${inClass.upn}/parents-carers/${lee.id}/remove`, { json: { version: lee.version, reason: "No longer has contact" } });
    expect(removed.status).toBe(200);
    expect(removed.body.parents.map((p: { name: string }) => p.name)).toEqual(["Ms Jo Example"]);
    expect(removed.body.history.at(-1)).toMatchObject({ id: lee.id, removed: true, reason: "No longer has contact", changedBy: "lead" });
  });
});

describe("letters and the evidence bundle", () => {
  it("a letter is addressed to the parents who get letters, at their address; none held shows [parent.address]", async () => {
    const letters = (await lead().json("GET", "/api/letters?status=open")).body.letters as { id: number; upn: string }[];
    const held = letters.find((l) => l.upn === inClass.upn);
    const none = letters.find((l) => l.upn !== inClass.upn && l.upn !== outOfClass.upn);
    expect(held, "a letter for the pupil with parents").toBeDefined();
    expect(none, "a letter for a pupil with none").toBeDefined();
    const letter = (await lead().json("GET", `/api/letters/${held!.id}`)).body;
    expect(letter.recipient).toBe("Ms Jo Example\n3 New Street\nSampleton\nZZ99 1AC");
    expect(letter.paragraphs[0]).toMatch(/^Dear Ms Jo Example,/);
    expect(letter.missing).not.toContain("parent.address");
    const bare = (await lead().json("GET", `/api/letters/${none!.id}`)).body;
    expect(bare.recipient).toMatch(/^Parent\/Carer of .+\n\[parent\.address\]$/);
    expect(bare.missing).toContain("parent.address");
  });

  it("names who each notice was addressed to, as held that day, and lists the parents and carers", async () => {
    const bundle = (await assembleEvidence(server.deps, inClass.upn, "lead"))!;
    expect(bundle.parentsCarers.map((p) => p.name)).toEqual(["Ms Jo Example"]);
    const history = await store.parentsCarersHistory(server.deps.rdb.orm, inClass.upn);
    const firstImport = history[0]!.changedAt;
    const entries = [
      // Named, before Mr Lee Example was removed: found as held then.
      { seq: 90, date: "2024-10-01", recordedAt: firstImport, eventType: "noticeToImproveIssued", payload: { parent: "mr lee example", improvementPeriodSchoolDays: 15 } },
      // Named now that he has been removed: not among those held.
      { seq: 91, date: "2024-11-01", recordedAt: "2999-01-01T00:00:00.000Z", eventType: "penaltyNoticeIssued", payload: { parent: "Mr Lee Example" } },
      // No name: the liable parents with parental responsibility.
      { seq: 92, date: "2024-11-02", recordedAt: "2999-01-01T00:00:00.000Z", eventType: "penaltyNoticeIssued", payload: { parent: "" } },
      // Not a notice.
      { seq: 93, date: "2024-11-03", recordedAt: "2999-01-01T00:00:00.000Z", eventType: "note", payload: { text: "Mr Lee Example called" } },
    ];
    const notices = noticeAddressees(entries, history);
    expect(notices.map((n) => [n.seq, n.how, n.addressees.map((a) => `${a.name} v${a.version}`), n.problem !== null])).toEqual([
      [90, "named", ["Mr Lee Example v1"], false],
      [91, "named", [], true],
      [92, "liable", ["Ms Jo Example v2"], false],
    ]);
    const page = evidenceHtml({ ...bundle, notices });
    expect(page).toContain("Parents and carers");
    expect(page).toMatch(/<strong>Mr Lee Example<\/strong> \(Father; parental responsibility yes; liable for notices not said\), 9 Other Way, Testbury, ZZ99 2BB/);
    expect(page).toContain("Mr Lee Example was not among the parents and carers held for this pupil when it was recorded");
    expect(page).toContain("No parent was named on the notice: the parents held liable with parental responsibility.");
    // The bundle as served lists the parents too.
    const served = await clients.auditor!.request("GET", `/api/cases/${inClass.upn}/evidence`);
    expect(served.status).toBe(200);
    expect(await served.text()).toContain("3 New Street, Sampleton, ZZ99 1AC");
  });
});
