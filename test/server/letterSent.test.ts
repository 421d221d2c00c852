import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as store from "../../db/index.ts";
import type { RunningServer } from "../../server/main.ts";
import { Client, schoolFiles, tempDatabase, testServer } from "./support.ts";

/** Marking a letter sent records the "Letter sent" entry and completes the task together, or neither. */
const db = tempDatabase();
let server: RunningServer;
let lead: Client;
const school = schoolFiles(52, 40, 60);

beforeAll(async () => {
  server = await testServer(db.url);
  lead = new Client(server.url);
  await lead.login();
  expect((await lead.json("POST", "/api/imports/pupils", { csv: school.pupils })).status).toBe(200);
  expect((await lead.json("POST", "/api/imports/marks", { csv: school.marks })).status).toBe(200);
});
afterAll(async () => {
  await server.close();
  db.cleanup();
});

async function openLetters() {
  return (await lead.json("GET", "/api/letters?status=open")).body.letters as { id: number; upn: string; title: string }[];
}
const revisionOf = async (upn: string) => (await store.getCase(server.deps.rdb.orm, upn))!.revision;
const notesOf = async (upn: string) => (await store.caseHistory(server.deps.rdb.orm, upn)).filter((e) => e.eventType === "letterSent");

describe("marking a letter sent", () => {
  it("records the sending and completes the task in one step, once", async () => {
    const [letter] = await openLetters();
    expect(letter).toBeDefined();
    const revision = await revisionOf(letter!.upn);
    const notesBefore = (await notesOf(letter!.upn)).length;

    expect((await lead.json("POST", `/api/letters/${letter!.id}/sent`, { json: { how: "Posted" } })).status).toBe(428);
    const stale = await lead.json("POST", `/api/letters/${letter!.id}/sent`, { json: { how: "Posted" }, headers: { "If-Match": String(revision - 1) } });
    expect(stale.status).toBe(409);
    expect(stale.body.revision).toBe(revision);
    expect((await store.getTask(server.deps.rdb.orm, letter!.id))!.status).toBe("open");
    expect(await notesOf(letter!.upn)).toHaveLength(notesBefore);

    const sent = await lead.json("POST", `/api/letters/${letter!.id}/sent`, { json: { how: "Posted" }, headers: { "If-Match": String(revision) } });
    expect(sent.status).toBe(200);
    expect(sent.body.revision).toBe(revision + 1);
    expect(sent.body.letter.sent).toMatchObject({ by: "lead", outcome: "Posted" });
    const task = (await store.getTask(server.deps.rdb.orm, letter!.id))!;
    expect([task.status, task.outcome, task.completedBy]).toEqual(["done", "Posted", "lead"]);
    const notes = await notesOf(letter!.upn);
    expect(notes).toHaveLength(notesBefore + 1);
    expect(notes.at(-1)!.reason).toContain(`Letter sent: ${letter!.title}`);

    const again = await lead.json("POST", `/api/letters/${letter!.id}/sent`, { json: { how: "Posted" }, headers: { "If-Match": String(revision + 1) } });
    expect(again.status).toBe(409);
    expect(again.body.message).toContain("already been marked sent");
    expect(await notesOf(letter!.upn)).toHaveLength(notesBefore + 1);
    expect((await lead.json("GET", "/api/audit/verify")).body).toMatchObject({ ok: true });
  });

  it("undoes the note when the task cannot be completed in the same transaction", async () => {
    const letter = (await openLetters())[0]!;
    const revision = await revisionOf(letter.upn);
    const historyBefore = (await store.caseHistory(server.deps.rdb.orm, letter.upn)).length;
    const result = await server.deps.cases.recordEvent(letter.upn, revision, { type: "note", payload: { text: "Letter sent: test" } }, "lead", {
      alsoInTransaction: async () => false,
    });
    expect(result).toEqual({ status: "refused-with" });
    expect(await revisionOf(letter.upn)).toBe(revision);
    expect(await store.caseHistory(server.deps.rdb.orm, letter.upn)).toHaveLength(historyBefore);
    expect((await store.getTask(server.deps.rdb.orm, letter.id))!.status).toBe("open");
  });

  it("is the caseworkers' to do: a teacher is refused", async () => {
    const teacher = new Client(server.url);
    await teacher.login("teacher");
    const letter = (await openLetters())[0]!;
    const r = await teacher.json("POST", `/api/letters/${letter.id}/sent`, { json: { how: "Posted" }, headers: { "If-Match": String(await revisionOf(letter.upn)) } });
    expect(r.status).toBe(403);
  });
});
