/**
 * Letters that stay as printed (issue 15), over a real database on loopback: the first print freezes a letter (its
 * text, date and figures kept, their digest in the case's hash-chained history); marking it sent records the sent
 * date apart and never changes the letter's date; a letter whose purpose passed is withdrawn with a reason; many
 * letters print as one document and are marked sent all together or not at all; only casework may do these.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as store from "../../db/index.ts";
import { queryRaw } from "../../db/tx.ts";
import { mergeLetter } from "../../server/letters/index.ts";
import { shortDate } from "../../server/print/html.ts";
import type { RunningServer } from "../../server/main.ts";
import { Client, ROLE_USERS, schoolFiles, tempDatabase, testServer } from "./support.ts";

const db = tempDatabase();
let server: RunningServer;
let lead: Client;
const school = schoolFiles(52, 40, 62);
const orm = () => server.deps.rdb.orm;
let today = "2025-07-31";

beforeAll(async () => {
  server = await testServer(db.url);
  // The school's date moves on between a print and a sending in these tests.
  (server.deps as { today: () => string }).today = () => today;
  lead = new Client(server.url);
  await lead.login();
  expect((await lead.json("POST", "/api/imports/pupils", { csv: school.pupils })).status).toBe(200);
  expect((await lead.json("POST", "/api/imports/marks", { csv: school.marks })).status).toBe(200);
});
afterAll(async () => {
  await server.close();
  db.cleanup();
});

type Letter = { id: number; upn: string; title: string; date: string; subject: string; paragraphs: string[]; printed: { on: string; digest: string } | null; sent: { on: string; by: string; outcome: string } | null; withdrawn: { reason: string } | null; status: string };
type Task = { id: number; upn: string; title: string; template: string | null; rule: string; historySeq: number | null };

const openLetters = async () => (await lead.json("GET", "/api/letters?status=open")).body.letters as Task[];
const revisionOf = async (upn: string) => (await store.getCase(orm(), upn))!.revision;
const historyOf = (upn: string) => store.caseHistory(orm(), upn);
const verify = async () => (await lead.json("GET", "/api/audit/verify")).body;
/** A pupil with no other letter picked so far, so one test's letters do not move another's case. */
const used = new Set<string>();
async function pick(filter: (t: Task) => boolean = () => true): Promise<Task> {
  const t = (await openLetters()).find((l) => l.template && !used.has(l.upn) && filter(l));
  expect(t, "an open templated letter for an unused pupil").toBeDefined();
  used.add(t!.upn);
  return t!;
}

describe("a letter is frozen when first printed", () => {
  it("keeps its text, date and figures after the pupil's details and marks change; the digest is in the history", async () => {
    const task = await pick();
    const draft = (await lead.json("GET", `/api/letters/${task.id}`)).body as Letter;
    expect(draft.printed).toBeNull();
    const historyBefore = (await historyOf(task.upn)).length;
    // Reading does not freeze: only a print, a document or a PDF does.
    expect((await historyOf(task.upn)).length).toBe(historyBefore);

    const doc = await lead.request("GET", `/api/letters/${task.id}/document`);
    expect(doc.status).toBe(200);
    const printedHtml = await doc.text();
    const printed = (await lead.json("GET", `/api/letters/${task.id}`)).body as Letter;
    expect(printed.printed).toMatchObject({ on: "2025-07-31" });
    expect(printed.date).toBe("2025-07-31");
    const history = await historyOf(task.upn);
    expect(history).toHaveLength(historyBefore + 1);
    expect(history.at(-1)).toMatchObject({ eventType: "letterPrinted", actor: ROLE_USERS["attendance-lead"] });
    expect((history.at(-1)!.event as { digest: string }).digest).toBe(printed.printed!.digest);
    const copy = (await store.getLetterCopy(orm(), task.id))!;
    expect(copy.digest).toBe(store.letterDigest({ taskId: task.id, upn: task.upn, ...(copy.letter as object) }));
    expect(copy.historySeq).toBe(history.at(-1)!.seq);

    // The pupil's surname and one of their marks before the letter was raised change; the school's date moves on.
    const pupil = (await store.getPupil(orm(), task.upn))!;
    const renamed = school.pupils.replace(`${task.upn},${pupil.forename},${pupil.surname},`, `${task.upn},${pupil.forename},Renamedson,`);
    expect(renamed).not.toBe(school.pupils);
    expect((await lead.json("POST", "/api/imports/pupils", { csv: renamed })).status).toBe(200);
    const raised = (await store.getTask(orm(), task.id))!.createdOn;
    const line = school.markLines.find((l) => l.startsWith(`${task.upn},`) && l.split(",")[1]! < raised && l.endsWith(",/"));
    if (line) {
      const amended = `upn,date,session,mark\n${line.replace(/,\/$/, ",O")}\n`;
      expect((await lead.json("POST", "/api/imports/marks", { csv: amended })).status).toBe(200);
    }
    today = "2025-08-01";
    try {
      // The control: merged today, the letter would now say something else.
      const live = await mergeLetter(server.deps, (await store.getTask(orm(), task.id))!);
      expect(live.subject).toContain("Renamedson");
      expect(live.date).toBe("2025-08-01");

      const again = (await lead.json("GET", `/api/letters/${task.id}`)).body as Letter;
      expect(again.subject).toBe(printed.subject);
      expect(again.subject).not.toContain("Renamedson");
      expect(again.paragraphs).toEqual(printed.paragraphs);
      expect(again.date).toBe("2025-07-31");
      expect(again.printed!.digest).toBe(printed.printed!.digest);
      const reprint = await (await lead.request("GET", `/api/letters/${task.id}/document`)).text();
      expect(reprint).toBe(printedHtml);
      // A reprint is not a second freeze.
      expect((await historyOf(task.upn)).filter((e) => e.eventType === "letterPrinted")).toHaveLength(1);

      // Marked sent a day later: the sent date is recorded apart; the letter's own date does not change.
      const sent = await lead.json("POST", `/api/letters/${task.id}/sent`, { json: { how: "Letter sent by post" }, headers: { "If-Match": String(await revisionOf(task.upn)) } });
      expect(sent.status).toBe(200);
      expect(sent.body.letter.date).toBe("2025-07-31");
      expect(sent.body.letter.sent).toMatchObject({ on: "2025-08-01", by: ROLE_USERS["attendance-lead"], outcome: "Letter sent by post" });
      expect(sent.body.letter.printed.on).toBe("2025-07-31");
      expect((await historyOf(task.upn)).at(-1)).toMatchObject({ eventType: "letterSent", schoolDate: "2025-08-01" });

      // The evidence bundle shows the letter as the auditor needs it: printed when and by whom (the digest the
      // history holds), and sent on the sent date recorded, not the moment the task was closed.
      const bundle = await (await lead.request("GET", `/api/cases/${task.upn}/evidence`)).text();
      const row = bundle.split("<tr>").find((r) => r.includes(printed.printed!.digest.slice(0, 12)));
      expect(row, "the letter's row carries its printed digest").toBeDefined();
      expect(row).toContain(`${shortDate("2025-07-31")} by ${ROLE_USERS["attendance-lead"]}`);
      expect(row).toContain(`<td>${shortDate("2025-08-01")}</td>`);
      expect(row).toContain("Letter sent by post");
    } finally {
      today = "2025-07-31";
    }
    expect(await verify()).toMatchObject({ ok: true });
  });

  it("the copy cannot be rewritten or deleted, even by SQL", async () => {
    const [copy] = await queryRaw<[number]>(orm(), "SELECT task_id FROM letter_copies LIMIT 1");
    expect(copy).toBeDefined();
    await expect(queryRaw(orm(), "UPDATE letter_copies SET letter = '{}' WHERE task_id = ?", [copy![0]])).rejects.toThrow(/append-only/);
    await expect(queryRaw(orm(), "DELETE FROM letter_copies WHERE task_id = ?", [copy![0]])).rejects.toThrow(/append-only/);
  });

  it("an auditor reads and prints without freezing: the draft is marked as a draft", async () => {
    const task = await pick();
    const auditor = new Client(server.url);
    await auditor.login(ROLE_USERS.auditor);
    const doc = await auditor.request("GET", `/api/letters/${task.id}/document`);
    expect(doc.status).toBe(200);
    expect(await doc.text()).toContain("Draft: not yet printed");
    expect(await store.getLetterCopy(orm(), task.id)).toBeUndefined();
    expect((await auditor.json("POST", `/api/letters/${task.id}/print`)).status).toBe(403);
    // The control: the lead's print does freeze it.
    const print = await lead.json("POST", `/api/letters/${task.id}/print`);
    expect(print.status).toBe(200);
    expect(print.body.letter.printed).not.toBeNull();
    expect(print.body.revision).toBe(await revisionOf(task.upn));
    expect(await store.getLetterCopy(orm(), task.id)).toBeDefined();
  });
});

describe("withdrawing a letter", () => {
  it("closes it as withdrawn with the reason in the history; it cannot then be sent or withdrawn again", async () => {
    const task = await pick();
    const revision = await revisionOf(task.upn);
    expect((await lead.json("POST", `/api/letters/${task.id}/withdraw`, { json: { reason: "Moved school" } })).status).toBe(428);
    expect((await lead.json("POST", `/api/letters/${task.id}/withdraw`, { json: { reason: "" }, headers: { "If-Match": String(revision) } })).status).toBe(422);
    expect((await lead.json("POST", `/api/letters/${task.id}/withdraw`, { json: { reason: "Moved school" }, headers: { "If-Match": String(revision - 1) } })).status).toBe(409);
    expect((await store.getTask(orm(), task.id))!.status).toBe("open");

    const r = await lead.json("POST", `/api/letters/${task.id}/withdraw`, { json: { reason: "The family moved away; the new school has the case" }, headers: { "If-Match": String(revision) } });
    expect(r.status).toBe(200);
    expect(r.body.revision).toBe(revision + 1);
    expect(r.body.letter).toMatchObject({ status: "cancelled", withdrawn: { by: ROLE_USERS["attendance-lead"], reason: "The family moved away; the new school has the case" }, sent: null });
    expect((await historyOf(task.upn)).at(-1)).toMatchObject({ eventType: "letterWithdrawn", reason: expect.stringContaining("The family moved away") });

    const send = await lead.json("POST", `/api/letters/${task.id}/sent`, { json: { how: "Posted" }, headers: { "If-Match": String(revision + 1) } });
    expect(send.status).toBe(409);
    expect(send.body.message).toBe("This letter was withdrawn and cannot be sent: The family moved away; the new school has the case");
    const twice = await lead.json("POST", `/api/letters/${task.id}/withdraw`, { json: { reason: "again" }, headers: { "If-Match": String(revision + 1) } });
    expect(twice.status).toBe(409);
    expect(await revisionOf(task.upn)).toBe(revision + 1);
  });

  it("a sent letter cannot be withdrawn", async () => {
    const task = await pick();
    const sent = await lead.json("POST", `/api/letters/${task.id}/sent`, { json: { how: "Posted" }, headers: { "If-Match": String(await revisionOf(task.upn)) } });
    expect(sent.status).toBe(200);
    const r = await lead.json("POST", `/api/letters/${task.id}/withdraw`, { json: { reason: "Too late" }, headers: { "If-Match": String(await revisionOf(task.upn)) } });
    expect(r.status).toBe(409);
    expect(r.body.message).toBe("This letter has already been sent, so it cannot be withdrawn.");
    // Sent without a print first: what was sent is kept all the same.
    expect(await store.getLetterCopy(orm(), task.id)).toBeDefined();
  });

  it("an invitation whose meeting was held cannot be marked sent, even reopened", async () => {
    const meetings = await store.listTasks(orm(), { status: "open", kind: "meeting" });
    const letters = await store.listTasks(orm(), { status: "open", kind: "letter" });
    const meeting = meetings.find((m) => m.historySeq !== null && !used.has(m.upn) && letters.some((l) => l.upn === m.upn && l.historySeq === m.historySeq))!;
    expect(meeting, "a meeting raised with its invitation letter").toBeDefined();
    used.add(meeting.upn);
    const letter = letters.find((l) => l.upn === meeting.upn && l.historySeq === meeting.historySeq)!;
    const held = await lead.json("POST", `/api/cases/${meeting.upn}/events`, { headers: { "If-Match": String(await revisionOf(meeting.upn)) }, json: { type: "sapMeetingHeld", payload: { attendees: ["Parent"], reviewDate: "2025-07-31" } } });
    expect(held.status).toBe(200);
    expect((await store.getTask(orm(), letter.id))!.status).toBe("cancelled");
    expect((await lead.json("POST", `/api/tasks/${letter.id}/reopen`, { json: { reason: "Opened by mistake" } })).status).toBe(200);
    const view = (await lead.json("GET", `/api/letters/${letter.id}`)).body;
    expect(view.moot).toMatch(/meeting it invites to has been held/);
    const send = await lead.json("POST", `/api/letters/${letter.id}/sent`, { json: { how: "Posted" }, headers: { "If-Match": String(await revisionOf(meeting.upn)) } });
    expect(send.status).toBe(409);
    expect(send.body.message).toMatch(/cannot be sent: the meeting it invites to has been held/);
    expect((await store.getTask(orm(), letter.id))!.status).toBe("open");
    // Withdrawing is still possible.
    const w = await lead.json("POST", `/api/letters/${letter.id}/withdraw`, { json: { reason: "The meeting was held" }, headers: { "If-Match": String(await revisionOf(meeting.upn)) } });
    expect(w.status).toBe(200);
  });
});

describe("many letters at once", () => {
  it("prints several letters as one document, each frozen, and marks them all sent together", async () => {
    const a = await pick();
    const b = await pick((t) => t.title === a.title);
    const c = await pick();
    const ids = [a.id, b.id, c.id];
    const html = await lead.request("POST", "/api/letters/print", { json: { ids, format: "html" } });
    expect(html.status).toBe(200);
    const text = await html.text();
    expect(text.match(/<article class="letter">/g)).toHaveLength(3);
    for (const id of ids) expect(await store.getLetterCopy(orm(), id)).toBeDefined();
    const json = await lead.json("POST", "/api/letters/print", { json: { ids } });
    expect(json.status).toBe(200);
    expect(json.body.letters.map((l: Letter) => l.id)).toEqual(ids);
    expect(Object.keys(json.body.revisions).sort()).toEqual([a.upn, b.upn, c.upn].sort());

    // One stale revision: nothing at all is recorded.
    const stale = ids.map((id, i) => ({ id, revision: json.body.revisions[[a, b, c][i]!.upn] - (i === 2 ? 1 : 0) }));
    const refused = await lead.json("POST", "/api/letters/sent", { json: { letters: stale, how: "Letter sent by post" } });
    expect(refused.status).toBe(409);
    for (const id of ids) expect((await store.getTask(orm(), id))!.status).toBe("open");

    const fresh = ids.map((id, i) => ({ id, revision: json.body.revisions[[a, b, c][i]!.upn] }));
    const sent = await lead.json("POST", "/api/letters/sent", { json: { letters: fresh, how: "Letter sent by post" } });
    expect(sent.status).toBe(200);
    for (const id of ids) expect((await store.getTask(orm(), id))!).toMatchObject({ status: "done", outcome: "Letter sent by post" });
    expect(sent.body.letters.every((l: Letter) => l.sent?.on === "2025-07-31")).toBe(true);
    for (const t of [a, b, c]) expect((await historyOf(t.upn)).at(-1)!.eventType).toBe("letterSent");
    expect(await verify()).toMatchObject({ ok: true });
  });

  it("is all or nothing: one letter already sent and nothing else is recorded", async () => {
    const a = await pick();
    const b = await pick();
    const one = await lead.json("POST", `/api/letters/${b.id}/sent`, { json: { how: "Posted" }, headers: { "If-Match": String(await revisionOf(b.upn)) } });
    expect(one.status).toBe(200);
    const historyA = (await historyOf(a.upn)).length;
    const r = await lead.json("POST", "/api/letters/sent", { json: { letters: [{ id: a.id, revision: await revisionOf(a.upn) }, { id: b.id, revision: await revisionOf(b.upn) }], how: "Posted" } });
    expect(r.status).toBe(409);
    expect(r.body.problems).toEqual([{ id: b.id, message: "This letter has already been marked sent." }]);
    expect((await store.getTask(orm(), a.id))!.status).toBe("open");
    expect(await historyOf(a.upn)).toHaveLength(historyA);
    expect(await store.getLetterCopy(orm(), a.id)).toBeUndefined();
    // An unknown letter: nothing printed either.
    expect((await lead.json("POST", "/api/letters/print", { json: { ids: [a.id, 99_999_999] } })).status).toBe(404);
    expect(await store.getLetterCopy(orm(), a.id)).toBeUndefined();
  });

  it("lists the letters to send with their kind, print date and case revision (not taken for a letter id)", async () => {
    const a = await pick();
    await lead.json("POST", `/api/letters/${a.id}/print`);
    const r = await lead.json("GET", "/api/letters/due");
    expect(r.status).toBe(200);
    const open = await openLetters();
    expect(r.body.letters.map((l: { id: number }) => l.id).sort()).toEqual(open.map((l) => l.id).sort());
    const mine = r.body.letters.find((l: { id: number }) => l.id === a.id);
    expect(mine).toMatchObject({ printedOn: "2025-07-31", revision: await revisionOf(a.upn), letterKind: expect.any(String) });
    const kinds = new Set(r.body.letters.map((l: { letterKind: string }) => l.letterKind));
    expect([...kinds].every((k) => ["concern", "recognition", "legal-warning", "information", null].includes(k as string))).toBe(true);
    const teacher = new Client(server.url);
    await teacher.login(ROLE_USERS.teacher);
    expect((await teacher.json("GET", "/api/letters/due")).status).toBe(403);
  });

  it("is casework's: a teacher, a governor and an auditor are refused", async () => {
    const a = await pick();
    for (const role of ["teacher", "governor", "auditor"] as const) {
      const client = new Client(server.url);
      await client.login(ROLE_USERS[role]);
      expect((await client.json("POST", "/api/letters/print", { json: { ids: [a.id] } })).status).toBe(403);
      expect((await client.json("POST", "/api/letters/sent", { json: { letters: [{ id: a.id, revision: await revisionOf(a.upn) }], how: "Posted" } })).status).toBe(403);
      expect((await client.json("POST", `/api/letters/${a.id}/withdraw`, { json: { reason: "no" }, headers: { "If-Match": String(await revisionOf(a.upn)) } })).status).toBe(403);
    }
    expect(await store.getLetterCopy(orm(), a.id)).toBeUndefined();
    expect((await store.getTask(orm(), a.id))!.status).toBe("open");
    // The control: the officer may.
    const officer = new Client(server.url);
    await officer.login(ROLE_USERS["attendance-officer"]);
    expect((await officer.json("POST", "/api/letters/print", { json: { ids: [a.id] } })).status).toBe(200);
    expect((await lead.json("GET", "/api/audit/verify")).body).toMatchObject({ ok: true });
  });
});
