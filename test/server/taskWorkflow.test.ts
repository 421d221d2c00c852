import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as store from "../../db/index.ts";
import type { RunningServer } from "../../server/main.ts";
import { shortDate } from "../../server/print/html.ts";
import { Client, schoolFiles, tempDatabase, testServer } from "./support.ts";

/**
 * Tasks and events as one workflow (issue 15), on a real database file and a real server on loopback: an event
 * recorded on a case completes the open tasks it answers, in the same transaction as its history entry; task
 * outcomes are history entries and raise their follow-ups; a task raised again while the same one is open merges
 * into it; a completion is undone by a later entry, never erased; and the audit still verifies.
 */
const db = tempDatabase();
let server: RunningServer;
let lead: Client;
let teacher: Client;
const school = schoolFiles(52, 40, 62);
const header = school.markLines[0]!;
const dates = [...new Set(school.markLines.slice(1).map((l) => l.split(",")[1]!))].sort();
const [day61, day62] = [dates[60]!, dates[61]!];
const pupilRows = school.pupils.trim().split("\n");
const upns = pupilRows.slice(1).map((r) => r.split(",")[0]!);
// Every other pupil has a social worker (synthetic): they raise the statutory same-day notifications.
const withSocialWorker = new Set(upns.filter((_, i) => i % 2 === 0));
const pupilsCsv = `${[pupilRows[0], ...pupilRows.slice(1).map((r) => {
  const cells = r.split(",");
  if (withSocialWorker.has(cells[0]!)) cells[9] = "Y";
  return cells.join(",");
})].join("\n")}\n`;
// Absent with no reason (N) on both of the last two days: one pupil without a social worker, one with.
const P = upns.find((u) => !withSocialWorker.has(u))!;
const Q = upns.find((u) => !withSocialWorker.has(u) && u !== P)!;
const S = upns.find((u) => withSocialWorker.has(u))!;
const absentN = new Set([P, Q, S]);
const linesOf = (ds: readonly string[]) =>
  `${[header, ...school.markLines.slice(1).filter((l) => ds.includes(l.split(",")[1]!)).map((l) => {
    const [upn, date, session] = l.split(",");
    return absentN.has(upn!) && (date === day61 || date === day62) ? `${upn},${date},${session},N` : l;
  })].join("\n")}\n`;

const orm = () => server.deps.rdb.orm;
const revisionOf = async (upn: string) => (await store.getCase(orm(), upn))!.revision;
const historyOf = (upn: string) => store.caseHistory(orm(), upn);
const openOf = (upn: string, kind?: string) => store.listTasks(orm(), { upn, status: "open", ...(kind ? { kind } : {}) });
async function record(upn: string, type: string, payload: unknown) {
  return lead.json("POST", `/api/cases/${upn}/events`, { json: { type, payload }, headers: { "If-Match": String(await revisionOf(upn)) } });
}
async function verified() {
  const r = await lead.json("GET", "/api/audit/verify");
  expect(r.status).toBe(200);
  expect(r.body).toMatchObject({ ok: true });
}

beforeAll(async () => {
  server = await testServer(db.url);
  lead = new Client(server.url);
  await lead.login();
  teacher = new Client(server.url);
  await teacher.login("teacher");
  expect((await lead.json("POST", "/api/imports/pupils", { csv: pupilsCsv })).status).toBe(200);
  expect((await lead.json("POST", "/api/imports/marks", { csv: linesOf(dates.slice(0, 61)) })).status).toBe(200);
  expect((await lead.json("POST", "/api/imports/marks", { csv: linesOf([day62]) })).status).toBe(200);
});
afterAll(async () => {
  await server.close();
  db.cleanup();
});

describe("no duplicate open tasks", () => {
  it("a task raised again while the same one is open merges into it, and the API says so", async () => {
    const open = await store.listTasks(orm(), { status: "open" });
    const keys = new Map<string, number>();
    for (const t of open.filter((t) => t.kind !== "first-day-call" && t.kind !== "letter")) keys.set(`${t.upn} ${t.kind} ${t.rule}`, (keys.get(`${t.upn} ${t.kind} ${t.rule}`) ?? 0) + 1);
    expect([...keys].filter(([, n]) => n > 1)).toEqual([]);
    // S was absent with no reason on both days: one open social-worker notification, raised again on the second.
    const notes = open.filter((t) => t.upn === S && t.rule === "statutory:social-worker");
    expect(notes).toHaveLength(1);
    expect(notes[0]!.raisedAgain).toBeGreaterThanOrEqual(1);
    expect(notes[0]!.lastRaisedOn).toBe(day62);
    const listed = (await lead.json("GET", `/api/tasks?upn=${S}&kind=notification`)).body.tasks as { id: number; raisedAgain: number; lastRaisedOn: string; safeguarding: boolean }[];
    expect(listed.find((t) => t.id === notes[0]!.id)).toMatchObject({ raisedAgain: notes[0]!.raisedAgain, lastRaisedOn: day62, safeguarding: true });
    // The history still lists what each day raised.
    const raisedIn = (await historyOf(S)).filter((e) => (e.tasks as { rule: string }[]).some((t) => t.rule === "statutory:social-worker"));
    expect(raisedIn.length).toBeGreaterThanOrEqual(2);
  });
});

describe("first-day calls", () => {
  it("today's call answers yesterday's still-open call for the same pupil, in one history entry", async () => {
    const calls = (await openOf(P, "first-day-call")).filter((t) => t.rule === "statutory:first-day-call");
    const yesterday = calls.find((t) => t.createdOn === day61)!;
    const today = calls.find((t) => t.createdOn === day62)!;
    expect(yesterday && today).toBeTruthy();
    const before = (await historyOf(P)).length;
    const r = await lead.json("POST", `/api/tasks/${today.id}/complete`, { json: { outcome: "Spoke to parent: reason given" } });
    expect(r.status).toBe(200);
    expect(r.body.ok).toBe(true);
    expect(r.body.completed.map((c: { id: number }) => c.id)).toEqual(expect.arrayContaining([today.id, yesterday.id]));
    // Only the same duty: the policy's own first-day-call tasks (a call to explore barriers) stay open.
    expect((await openOf(P, "first-day-call")).filter((t) => t.rule === "statutory:first-day-call")).toEqual([]);
    const policyCalls = calls.length ? (await store.listTasks(orm(), { upn: P, kind: "first-day-call" })).filter((t) => t.rule !== "statutory:first-day-call") : [];
    for (const t of policyCalls) expect(r.body.completed.map((c: { id: number }) => c.id)).not.toContain(t.id);
    expect((await store.getTask(orm(), yesterday.id))!).toMatchObject({ status: "done", completedBy: "lead" });
    expect((await store.getTask(orm(), yesterday.id))!.outcome).toContain(`first-day call of ${day62}`);
    expect((await store.getTask(orm(), today.id))!).toMatchObject({ status: "done", outcome: "Spoke to parent: reason given" });
    const history = await historyOf(P);
    expect(history).toHaveLength(before + 1);
    const entry = history.at(-1)!;
    expect(entry.seq).toBe(r.body.historySeq);
    expect(entry.eventType).toBe("taskCompleted");
    expect(entry.actor).toBe("lead");
    expect(entry.event).toMatchObject({ taskId: today.id, outcome: "Spoke to parent: reason given" });
    expect(entry.reason).toContain("Spoke to parent");
    // The history page and the evidence bundle read it in words.
    const timeline = (await lead.json("GET", `/api/cases/${P}/timeline`)).body.entries;
    expect(timeline.at(-1)).toMatchObject({ eventType: "taskCompleted", payload: { task: today.title, outcome: "Spoke to parent: reason given", alsoAnswered: [expect.stringContaining(yesterday.title)] } });
    const evidence = await lead.request("GET", `/api/cases/${P}/evidence`);
    expect(evidence.status).toBe(200);
    expect(await evidence.text()).toContain("Spoke to parent: reason given");
    await verified();
  });

  it("no answer: home visit needed raises a home-visit task from the call's history entry", async () => {
    const call = (await openOf(Q, "first-day-call")).find((t) => t.createdOn === day62)!;
    const r = await lead.json("POST", `/api/tasks/${call.id}/complete`, { json: { outcome: "No answer: home visit needed" } });
    expect(r.status).toBe(200);
    expect(r.body.followUps).toEqual([expect.objectContaining({ kind: "home-visit", rule: "follow-up:first-day-call-no-answer" })]);
    const visits = (await openOf(Q, "home-visit")).filter((t) => t.rule === "follow-up:first-day-call-no-answer");
    expect(visits).toHaveLength(1);
    expect(visits[0]!.historySeq).toBe(r.body.historySeq);
    const entry = (await historyOf(Q)).at(-1)!;
    expect(entry.eventType).toBe("taskCompleted");
    expect(entry.tasks).toEqual([expect.objectContaining({ kind: "home-visit", rule: "follow-up:first-day-call-no-answer" })]);

    // The evidence bundle shows the call done and the visit it raised still to do, with its due date.
    const bundle = await (await lead.request("GET", `/api/cases/${Q}/evidence`)).text();
    const stillToDo = bundle.slice(bundle.indexOf('id="still-to-do"'), bundle.indexOf('id="notes"'));
    expect(stillToDo).toContain("Home visit: no answer to the first-day call");
    expect(stillToDo).not.toContain("Nothing is still to do");
    expect(stillToDo).toContain(shortDate(visits[0]!.dueOn));
  });

  it("the evidence bundle lists every piece of casework still open, and says so when there is none", async () => {
    const stillToDoOf = async (upn: string) => {
      const bundle = await (await lead.request("GET", `/api/cases/${upn}/evidence`)).text();
      return bundle.slice(bundle.indexOf('id="still-to-do"'), bundle.indexOf('id="notes"'));
    };
    const casework = async (upn: string) => (await openOf(upn)).filter((t) => t.kind !== "letter");
    let none: string | undefined;
    let some: string | undefined;
    for (const upn of upns) {
      const open = await casework(upn);
      if (open.length === 0) none ??= upn;
      else some ??= upn;
    }
    expect(none).toBeDefined();
    expect(some).toBeDefined();
    expect(await stillToDoOf(none!)).toContain("Nothing is still to do on this case.");
    const listed = await stillToDoOf(some!);
    expect(listed).not.toContain("Nothing is still to do");
    for (const t of await casework(some!)) expect(listed).toContain(t.title);
  });

  it("a teacher records a call for their own classes only, as before", async () => {
    const out = (await store.listTasks(orm(), { status: "open", kind: "first-day-call" }))[0];
    if (out) {
      const pupil = (await store.getPupil(orm(), out.upn))!;
      const inScope = pupil.yearGroup === "3" || pupil.class === "4A";
      const r = await teacher.json("POST", `/api/tasks/${out.id}/complete`, { json: { outcome: "No answer: message left" } });
      expect(r.status).toBe(inScope ? 200 : 403);
    }
    expect((await teacher.json("POST", "/api/tasks/999999/complete", { json: { outcome: "x" } })).status).toBe(404);
  });
});

describe("home visits", () => {
  it("a home visit with no answer completes the open visit and raises another; a concern raises a safeguarding notification", async () => {
    const visit = (await openOf(Q, "home-visit"))[0]!;
    const r = await record(Q, "homeVisitMade", { outcome: "no-answer" });
    expect(r.status).toBe(200);
    expect((await store.getTask(orm(), visit.id))!).toMatchObject({ status: "done", outcome: "Home visit made: No answer at the door" });
    const history = await historyOf(Q);
    expect(history.at(-2)!.eventType).toBe("homeVisitMade");
    const answered = history.at(-1)!;
    expect(answered.eventType).toBe("tasksAnswered");
    expect(answered.revisionAfter).toBe(history.at(-2)!.revisionAfter);
    expect(answered.reason).toContain(visit.title);
    const again = (await openOf(Q, "home-visit")).filter((t) => t.rule === "follow-up:home-visit-no-answer");
    expect(again).toHaveLength(1);
    expect(again[0]!.historySeq).toBe(answered.seq);

    const concern = await record(Q, "homeVisitMade", { outcome: "concern-raised", notes: "Parent distressed; DSL told at 11:20" });
    expect(concern.status).toBe(200);
    expect((await store.getTask(orm(), again[0]!.id))!.status).toBe("done");
    const notes = (await lead.json("GET", `/api/tasks?upn=${Q}&kind=notification`)).body.tasks as { rule: string; safeguarding: boolean }[];
    expect(notes.filter((t) => t.rule === "follow-up:safeguarding-concern")).toEqual([expect.objectContaining({ safeguarding: true })]);
    await verified();
  });

  it("the one-click 'safe and well' needs a written note for a child with a social worker", async () => {
    const call = (await openOf(S, "first-day-call")).find((t) => t.createdOn === day62)!;
    expect((await lead.json("POST", `/api/tasks/${call.id}/complete`, { json: { outcome: "No answer: home visit needed" } })).status).toBe(200);
    const visit = (await openOf(S, "home-visit")).find((t) => t.rule === "follow-up:first-day-call-no-answer")!;
    const before = (await historyOf(S)).length;
    const refused = await lead.json("POST", `/api/tasks/${visit.id}/complete`, { json: { outcome: "Pupil seen, safe and well" } });
    expect(refused.status).toBe(422);
    expect(refused.body.needsNote).toBe(true);
    expect((await store.getTask(orm(), visit.id))!.status).toBe("open");
    expect(await historyOf(S)).toHaveLength(before);
    // A home visit recorded as an event with no notes does not close it either; the history says why.
    expect((await record(S, "homeVisitMade", { outcome: "seen" })).status).toBe(200);
    expect((await store.getTask(orm(), visit.id))!.status).toBe("open");
    expect((await historyOf(S)).at(-1)!.reason).toContain("a written note is needed");
    const done = await lead.json("POST", `/api/tasks/${visit.id}/complete`, { json: { outcome: "Pupil seen, safe and well", note: "Seen at the door with mum at 10:05; says she has a cold" } });
    expect(done.status).toBe(200);
    expect((await store.getTask(orm(), visit.id))!.outcome).toBe("Pupil seen, safe and well. Note: Seen at the door with mum at 10:05; says she has a cold");
    // For a child without a social worker the one click is enough.
    const other = (await store.listTasks(orm(), { status: "open", kind: "home-visit" })).find((t) => !withSocialWorker.has(t.upn));
    if (other) expect((await lead.json("POST", `/api/tasks/${other.id}/complete`, { json: { outcome: "Pupil seen, safe and well" } })).status).toBe(200);
  });
});

describe("meetings, referrals and penalty notices", () => {
  it("the SAP meeting held completes the 'Hold the SAP' task and withdraws the unsent invitation; undo reopens it with a reason", async () => {
    const meetings = await store.listTasks(orm(), { status: "open", kind: "meeting" });
    const letters = await store.listTasks(orm(), { status: "open", kind: "letter" });
    const meeting = meetings.find((m) => m.historySeq !== null && letters.some((l) => l.upn === m.upn && l.historySeq === m.historySeq) && /School Attendance Panel/.test(m.title))!;
    expect(meeting).toBeDefined();
    const letter = letters.find((l) => l.upn === meeting.upn && l.historySeq === meeting.historySeq)!;
    const r = await record(meeting.upn, "sapMeetingHeld", { attendees: ["Parent", "Attendance lead"], reviewDate: "2025-07-31" });
    expect(r.status).toBe(200);
    expect((await store.getTask(orm(), meeting.id))!).toMatchObject({ status: "done", outcome: "Meeting held on 2025-07-31", completedBy: "lead" });
    expect((await store.getTask(orm(), letter.id))!).toMatchObject({ status: "cancelled", outcome: "Not sent: the meeting it invites to was held on 2025-07-31" });
    const history = await historyOf(meeting.upn);
    expect(history.at(-2)!.eventType).toBe("sapMeetingHeld");
    expect(history.at(-1)).toMatchObject({ eventType: "tasksAnswered" });
    expect(history.at(-1)!.event).toMatchObject({ by: "sapMeetingHeld", changes: expect.arrayContaining([expect.objectContaining({ id: meeting.id, status: "done" }), expect.objectContaining({ id: letter.id, status: "cancelled" })]) });
    // The withdrawn letter can no longer be marked sent.
    const sent = await lead.json("POST", `/api/letters/${letter.id}/sent`, { json: { how: "Posted" }, headers: { "If-Match": String(await revisionOf(meeting.upn)) } });
    expect(sent.status).toBe(409);
    expect(sent.body.message).toBe("This letter was withdrawn and cannot be sent: Not sent: the meeting it invites to was held on 2025-07-31");

    // Undo: the task is open again, the reason in the history, the completion still there before it.
    const length = history.length;
    const undo = await lead.json("POST", `/api/tasks/${meeting.id}/reopen`, { json: { reason: "Recorded on the wrong pupil" } });
    expect(undo.status).toBe(200);
    expect(undo.body.task).toMatchObject({ id: meeting.id, status: "open", outcome: null });
    const after = await historyOf(meeting.upn);
    expect(after).toHaveLength(length + 1);
    expect(after.slice(0, length).map((e) => e.hash)).toEqual(history.map((e) => e.hash));
    expect(after.at(-1)).toMatchObject({ eventType: "taskReopened", seq: undo.body.historySeq });
    expect(after.at(-1)!.event).toMatchObject({ taskId: meeting.id, reason: "Recorded on the wrong pupil", was: { status: "done", outcome: "Meeting held on 2025-07-31" } });
    expect((await lead.json("POST", `/api/tasks/${meeting.id}/reopen`, { json: { reason: "again" } })).status).toBe(409);
    expect((await lead.json("POST", `/api/tasks/${meeting.id}/reopen`, { json: { reason: "" } })).status).toBe(422);
    expect((await lead.json("POST", "/api/tasks/999999/reopen", { json: { reason: "x" } })).status).toBe(404);
    // The reopened task is done again by its outcome, as any other.
    expect((await lead.json("POST", `/api/tasks/${meeting.id}/complete`, { json: { outcome: "Meeting held" } })).status).toBe(200);
    await verified();
  });

  it("a referral made completes the open referral task", async () => {
    const referral = (await store.listTasks(orm(), { status: "open", kind: "referral" }))[0]!;
    expect(referral).toBeDefined();
    const r = await record(referral.upn, "referralMade", { to: "Attendance officer (synthetic)", purpose: "agency" });
    expect(r.status).toBe(200);
    expect((await store.getTask(orm(), referral.id))!).toMatchObject({ status: "done", outcome: "Referral made to Attendance officer (synthetic)" });
  });

  it("a notice to improve or a penalty notice completes the penalty-notice decision", async () => {
    const tasks = await store.listTasks(orm(), { status: "open", kind: "penalty-notice" });
    expect(tasks.length).toBeGreaterThan(0);
    let answered = 0;
    for (const task of tasks) {
      for (const [type, payload] of [
        ["noticeToImproveIssued", { parent: "Parent (synthetic)", improvementPeriodSchoolDays: 15 }],
        ["penaltyNoticeIssued", { parent: "Parent (synthetic)" }],
      ] as const) {
        const r = await record(task.upn, type, payload);
        if (r.status !== 200) continue; // a statutory gate may refuse it for this case
        expect((await store.getTask(orm(), task.id))!.status).toBe("done");
        expect((await store.getTask(orm(), task.id))!.outcome).toMatch(/issued to Parent \(synthetic\)/);
        expect((await historyOf(task.upn)).at(-1)!.eventType).toBe("tasksAnswered");
        answered++;
        break;
      }
    }
    expect(answered).toBeGreaterThan(0);
    await verified();
  });

  it("an event that answers nothing writes no extra entry", async () => {
    const upn = upns[upns.length - 1]!;
    const before = (await historyOf(upn)).length;
    expect((await record(upn, "note", { text: "Spoke to the class teacher" })).status).toBe(200);
    const after = await historyOf(upn);
    expect(after).toHaveLength(before + 1);
    expect(after.at(-1)!.eventType).toBe("note");
  });
});

describe("the audit after all of it", () => {
  it("verifies, and every task outcome is in a history entry", async () => {
    await verified();
    const done = (await store.listTasks(orm(), { status: "done" })).filter((t) => t.completedBy === "lead");
    expect(done.length).toBeGreaterThan(3);
    for (const t of done) {
      const entries = await historyOf(t.upn);
      const inHistory = entries.some((e) => ["taskCompleted", "tasksAnswered"].includes(e.eventType) && JSON.stringify(e.event).includes(`"id":${t.id},`));
      expect(inHistory, `task ${t.id} ${t.title}`).toBe(true);
    }
  });
});
