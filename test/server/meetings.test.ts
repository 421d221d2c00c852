import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as store from "../../db/index.ts";
import { calendarCsvLines } from "../../machines/cohort/cohortCsv.ts";
import { englishSchoolYear } from "../../machines/cohort/englishSchoolYear.ts";
import type { RunningServer } from "../../server/main.ts";
import { Client, schoolFiles, tempDatabase, testServer } from "./support.ts";

/**
 * Meetings as first-class (issue 15), on a real database and server: a SAP meeting scheduled (a history entry; the
 * meeting task due that day; the invitation carries its date, time and place), held with a review date checked
 * against the term dates and actions that become tasks, and the plan the case page shows. Today is 31 July 2025;
 * the term dates in force run from 2024-25 through 2025-26.
 */
const db = tempDatabase();
let server: RunningServer;
let lead: Client;
let teacher: Client;
const school = schoolFiles(52, 40, 62);
const termDates = `${[...calendarCsvLines(englishSchoolYear(2024)), ...[...calendarCsvLines(englishSchoolYear(2025))].slice(1)].join("\n")}\n`;
const orm = () => server.deps.rdb.orm;
const revisionOf = async (upn: string) => (await store.getCase(orm(), upn))!.revision;
const historyOf = (upn: string) => store.caseHistory(orm(), upn);
let upn: string;
let meetingTask: number;
let letterTask: number;

const sap = { kind: "sap", date: "2025-09-04", time: "09:30", place: "Room 2, main building", invitees: ["Parent", "Attendance lead", "AHT"] };
const held = (over: Record<string, unknown> = {}) => ({ attendees: ["Parent", "Attendance lead"], barriers: ["Morning routine"], targetAttendancePct: 95, reviewDate: "2025-09-22", ...over });

beforeAll(async () => {
  server = await testServer(db.url);
  lead = new Client(server.url);
  await lead.login();
  teacher = new Client(server.url);
  await teacher.login("teacher");
  expect((await lead.json("POST", "/api/calendar?file=terms.csv", { csv: termDates })).status).toBe(200);
  expect((await lead.json("POST", "/api/imports/pupils", { csv: school.pupils })).status).toBe(200);
  expect((await lead.json("POST", "/api/imports/marks", { csv: school.marks })).status).toBe(200);
  const meetings = await store.listTasks(orm(), { status: "open", kind: "meeting" });
  const letters = await store.listTasks(orm(), { status: "open", kind: "letter" });
  const meeting = meetings.find((m) => m.historySeq !== null && /School Attendance Panel/.test(m.title) && letters.some((l) => l.upn === m.upn && l.historySeq === m.historySeq))!;
  expect(meeting, "a pupil invited to a SAP, with its invitation letter").toBeDefined();
  upn = meeting.upn;
  meetingTask = meeting.id;
  letterTask = letters.find((l) => l.upn === upn && l.historySeq === meeting.historySeq)!.id;
});
afterAll(async () => {
  await server.close();
  db.cleanup();
});

describe("a SAP meeting scheduled", () => {
  it("refuses a day that is not a school day, naming the field, and records nothing", async () => {
    const before = (await historyOf(upn)).length;
    const r = await lead.json("POST", `/api/cases/${upn}/meetings`, { json: { ...sap, date: "2025-08-12" }, headers: { "If-Match": String(await revisionOf(upn)) } });
    expect(r.status).toBe(422);
    expect(r.body.errors).toEqual([{ field: "date", message: expect.stringMatching(/Tuesday 12 August 2025 is not a school day.*the next is Wednesday 3 September 2025/) }]);
    const bad = await lead.json("POST", `/api/cases/${upn}/meetings`, { json: { ...sap, time: "half nine" }, headers: { "If-Match": String(await revisionOf(upn)) } });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(["time"]);
    expect(await historyOf(upn)).toHaveLength(before);
    // Only casework schedules meetings; a stale revision is refused before anything else.
    expect((await teacher.json("POST", `/api/cases/${upn}/meetings`, { json: sap, headers: { "If-Match": String(await revisionOf(upn)) } })).status).toBe(403);
    expect((await lead.json("POST", `/api/cases/${upn}/meetings`, { json: sap, headers: { "If-Match": "0" } })).status).toBe(409);
  });

  it("is a history entry; the meeting task is due that day and the invitation says when and where", async () => {
    const r = await lead.json("POST", `/api/cases/${upn}/meetings`, { json: sap, headers: { "If-Match": String(await revisionOf(upn)) } });
    expect(r.status).toBe(200);
    expect(r.body.nextMeeting).toMatchObject({ kind: "sap", date: "2025-09-04", time: "09:30", place: "Room 2, main building" });
    expect((await store.getTask(orm(), meetingTask))!).toMatchObject({ status: "open", dueOn: "2025-09-04" });
    const last = (await historyOf(upn)).at(-1)!;
    expect(last).toMatchObject({ eventType: "meetingScheduled", actor: "lead" });
    expect(last.reason).toContain("School Attendance Panel meeting on Thursday 4 September 2025 at 9.30am, Room 2, main building");
    const letter = await lead.json("GET", `/api/letters/${letterTask}`);
    expect(letter.status).toBe(200);
    expect(letter.body.fields).toMatchObject({ meetingDate: "Thursday 4 September 2025", meetingTime: "9.30am", meetingPlace: "Room 2, main building" });
    expect(letter.body.paragraphs.join("\n")).toContain("Thursday 4 September 2025 at 9.30am, at Room 2, main building");
    expect(letter.body.missing).not.toContain("meetingDate");
  });

  it("rearranged: a later entry, the task due on the new day", async () => {
    const r = await lead.json("POST", `/api/cases/${upn}/meetings`, { json: { ...sap, date: "2025-09-05", time: "14:00" }, headers: { "If-Match": String(await revisionOf(upn)) } });
    expect(r.status).toBe(200);
    expect((await store.getTask(orm(), meetingTask))!.dueOn).toBe("2025-09-05");
    expect((await historyOf(upn)).at(-1)!.reason).toMatch(/rearranged for Friday 5 September 2025 at 2pm/);
    expect((await lead.json("GET", `/api/letters/${letterTask}`)).body.fields.meetingTime).toBe("2pm");
  });
});

describe("the SAP meeting held", () => {
  it("refuses a review date in a holiday with 422 naming the field, and records nothing", async () => {
    const before = (await historyOf(upn)).length;
    const r = await lead.json("POST", `/api/cases/${upn}/events`, { json: { type: "sapMeetingHeld", payload: held({ reviewDate: "2025-08-29" }) }, headers: { "If-Match": String(await revisionOf(upn)) } });
    expect(r.status).toBe(422);
    expect(r.body.errors).toEqual([{ field: "reviewDate", message: expect.stringMatching(/29 August 2025 is not a school day \(a holiday or closure/) }]);
    const halfTerm = await lead.json("POST", `/api/cases/${upn}/events`, { json: { type: "sapMeetingHeld", payload: held({ reviewDate: "2025-10-29" }) }, headers: { "If-Match": String(await revisionOf(upn)) } });
    expect(halfTerm.status).toBe(422);
    expect(halfTerm.body.errors[0].field).toBe("reviewDate");
    expect(await historyOf(upn)).toHaveLength(before);
    expect((await store.getTask(orm(), meetingTask))!.status).toBe("open");
  });

  it("offers the review date from the policy's target period, counted in school days", async () => {
    const view = await lead.json("GET", `/api/cases/${upn}`);
    // All Saints: a three-week (15 school day) target; from 31 July 2025 that is 15 school days into the autumn term.
    expect(view.body.eventDefaults.sapMeetingHeld).toEqual({ reviewDate: "2025-09-23", reviewSchoolDays: "15" });
  });

  it("with two actions agreed: each a task due on its date; the meeting task done, the invitation withdrawn; the plan shows them", async () => {
    const actions = [
      { action: "Breakfast club place", owner: "Attendance lead", dueDate: "2025-09-05" },
      { action: "Alarm clock at home", owner: "Parent", dueDate: "2025-09-10" },
    ];
    const r = await lead.json("POST", `/api/cases/${upn}/events`, { json: { type: "sapMeetingHeld", payload: held({ actions }) }, headers: { "If-Match": String(await revisionOf(upn)) } });
    expect(r.status).toBe(200);
    const tasks = (await store.listTasks(orm(), { upn, kind: "agreed-action" })).map((t) => [t.title, t.dueOn, t.status]);
    expect(tasks).toEqual([
      ["Breakfast club place (Attendance lead)", "2025-09-05", "open"],
      ["Alarm clock at home (Parent)", "2025-09-10", "open"],
    ]);
    expect((await store.getTask(orm(), meetingTask))!.status).toBe("done");
    expect((await store.getTask(orm(), letterTask))!.status).toBe("cancelled");
    const first = (await store.listTasks(orm(), { upn, kind: "agreed-action" }))[0]!;
    expect((await lead.json("POST", `/api/tasks/${first.id}/complete`, { json: { outcome: "Done" } })).status).toBe(200);
    const plan = await lead.json("GET", `/api/cases/${upn}/plan`);
    expect(plan.status).toBe(200);
    expect(plan.body.target).toMatchObject({ attendancePct: 95 });
    expect(plan.body.reviewOn).toBe("2025-09-22");
    expect(plan.body.actions.map((a: { action: string; owner: string; dueOn: string; status: string }) => [a.action, a.owner, a.dueOn, a.status])).toEqual([
      ["Breakfast club place", "Attendance lead", "2025-09-05", "done"],
      ["Alarm clock at home", "Parent", "2025-09-10", "open"],
    ]);
    // Nothing attended since the target was set (the register ends before it); 14 school days to the review.
    expect(plan.body.progress).toMatchObject({ possibleSince: 0, sessionsToReview: 28, needed: 27, reachable: true });
    expect(plan.body.progress.words).toBe("No sessions yet since the target was set: needs 27 of the next 28 sessions to reach 95% by the review.");
    expect(plan.body.lastMeeting).toMatchObject({ barriers: ["Morning routine"] });
  });

  it("an agreed action due before the meeting is refused, naming the action", async () => {
    const before = (await historyOf(upn)).length;
    const actions = [{ action: "Breakfast club place", owner: "Attendance lead", dueDate: "2025-09-05" }, { action: "Letter home", owner: "AL", dueDate: "2025-07-30" }];
    const r = await lead.json("POST", `/api/cases/${upn}/events`, { json: { type: "sapMeetingHeld", payload: held({ actions }) }, headers: { "If-Match": String(await revisionOf(upn)) } });
    expect(r.status).toBe(422);
    expect(r.body.errors).toEqual([{ field: "actions.1.dueDate", message: "an agreed action cannot be due before the meeting (Thursday 31 July 2025)" }]);
    expect(await historyOf(upn)).toHaveLength(before);
  });

  it("the audit still verifies: the schedule entries leave the case where it is", async () => {
    const r = await lead.json("GET", "/api/audit/verify");
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ ok: true });
  });
});
