import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as store from "../../db/index.ts";
import type { RunningServer } from "../../server/main.ts";
import { Client, ROLE_USERS, schoolFiles, tempDatabase, testServer } from "./support.ts";

/**
 * Task assignees (issue 15, migration 0013) on a real server: the lead assigns and reassigns, an officer takes an
 * unassigned task and may not take one from a colleague, a teacher assigns nothing, every change is kept
 * (append-only) with who made it, and a new task on a pupil goes to the case's key worker.
 */
const db = tempDatabase();
let server: RunningServer;
let lead: Client;
let officer: Client;
let teacher: Client;
const school = schoolFiles(53, 30, 40);
const LEAD = ROLE_USERS["attendance-lead"];
const OFFICER = ROLE_USERS["attendance-officer"];
const orm = () => server.deps.rdb.orm;
type T = { id: number; upn: string; kind: string; assignee: string | null };

beforeAll(async () => {
  server = await testServer(db.url);
  lead = new Client(server.url);
  await lead.login();
  officer = new Client(server.url);
  await officer.login(OFFICER);
  teacher = new Client(server.url);
  await teacher.login("teacher");
  expect((await lead.json("POST", "/api/imports/pupils", { csv: school.pupils })).status).toBe(200);
  expect((await lead.json("POST", "/api/imports/marks", { csv: school.marks })).status).toBe(200);
});
afterAll(async () => {
  await server.close();
  db.cleanup();
});

const openTasks = async (c: Client, query = "") => (await c.json("GET", `/api/tasks?status=open${query}`)).body.tasks as T[];

describe("who a task is with", () => {
  it("new tasks start unassigned when the case has no key worker, and the assignees are the leads and officers", async () => {
    const all = await openTasks(lead);
    expect(all.length).toBeGreaterThan(3);
    expect(all.every((t) => t.assignee === null)).toBe(true);
    const people = (await officer.json("GET", "/api/tasks/assignees")).body as { me: string; people: { username: string; role: string }[] };
    expect(people.me).toBe(OFFICER);
    expect(people.people.map((p) => p.username).sort()).toEqual([LEAD, OFFICER].sort());
    expect((await teacher.json("GET", "/api/tasks/assignees")).status).toBe(403);
  });

  it("an officer takes an unassigned task but not a colleague's; the lead reassigns; each change is kept with who made it", async () => {
    const [a, b] = (await openTasks(lead)).filter((t) => t.kind !== "first-day-call");
    // Taking an unassigned task.
    const took = await officer.json("POST", `/api/tasks/${a!.id}/assign`, { json: { assignee: OFFICER, expect: null } });
    expect(took.status).toBe(200);
    expect(took.body.task.assignee).toBe(OFFICER);
    // Control: the lead's task is not the officer's to take, nor may they give a task to someone else.
    expect((await lead.json("POST", `/api/tasks/${b!.id}/assign`, { json: { assignee: LEAD } })).status).toBe(200);
    expect((await officer.json("POST", `/api/tasks/${b!.id}/assign`, { json: { assignee: OFFICER } })).status).toBe(403);
    expect((await officer.json("POST", `/api/tasks/${a!.id}/assign`, { json: { assignee: LEAD } })).status).toBe(403);
    expect((await teacher.json("POST", `/api/tasks/${a!.id}/assign`, { json: { assignee: "teacher" } })).status).toBe(403);
    // Not a lead or officer: refused, naming the field.
    const nobody = await lead.json("POST", `/api/tasks/${a!.id}/assign`, { json: { assignee: "teacher" } });
    expect(nobody.status).toBe(422);
    expect(nobody.body.problems[0].field).toBe("assignee");
    // Someone changed it meanwhile: nothing written.
    expect((await lead.json("POST", `/api/tasks/${a!.id}/assign`, { json: { assignee: LEAD, expect: null } })).status).toBe(409);
    expect((await lead.json("POST", `/api/tasks/${a!.id}/assign`, { json: { assignee: LEAD, expect: OFFICER } })).status).toBe(200);
    const history = (await lead.json("GET", `/api/tasks/${a!.id}/assignments`)).body.assignments as { assignee: string | null; previous: string | null; assignedBy: string; how: string }[];
    expect(history.map((h) => [h.previous, h.assignee, h.assignedBy, h.how])).toEqual([
      [null, OFFICER, OFFICER, "taken"],
      [OFFICER, LEAD, LEAD, "taken"],
    ]);
    // The filter: mine, unassigned, a named person.
    expect((await openTasks(lead, "&assignee=me")).map((t) => t.id).sort()).toEqual([a!.id, b!.id].sort());
    expect((await openTasks(officer, "&assignee=me")).map((t) => t.id)).toEqual([]);
    expect((await openTasks(officer, "&assignee=none")).every((t) => t.assignee === null)).toBe(true);
    expect((await openTasks(officer, `&assignee=${LEAD}`)).length).toBe(2);
  });

  it("the assignment record is append-only", async () => {
    await expect(server.deps.rdb.client.execute("UPDATE task_assignments SET assignee = 'x'")).rejects.toThrow(/append-only/);
    await expect(server.deps.rdb.client.execute("DELETE FROM task_assignments")).rejects.toThrow(/append-only/);
  });

  it("a new task on a pupil goes to the case's key worker (whom their latest assignment named); another pupil's stays unassigned", async () => {
    const [held] = (await openTasks(lead)).filter((t) => t.assignee === LEAD);
    const withSomeone = new Set((await openTasks(lead)).filter((t) => t.assignee !== null).map((t) => t.upn));
    const other = (await openTasks(lead)).find((t) => !withSomeone.has(t.upn))!;
    const inserted = await store.insertTasks(orm(), [
      { upn: held!.upn, kind: "home-visit", title: "Home visit (test)", rule: "test:key-worker", createdOn: "2025-01-06" },
      { upn: other.upn, kind: "home-visit", title: "Home visit (test)", rule: "test:key-worker", createdOn: "2025-01-06" },
    ]);
    expect(inserted.map((t) => t.assignee)).toEqual([LEAD, null]);
    const added = await store.addTasks(orm(), [{ upn: held!.upn, kind: "letter", title: "Letter (test)", rule: "test:key-worker-2", createdOn: "2025-01-06" }]);
    expect(added).toBe(1);
    const letter = (await store.listTasks(orm(), { upn: held!.upn, kind: "letter", status: "open" })).find((t) => t.rule === "test:key-worker-2")!;
    expect(letter.assignee).toBe(LEAD);
    const byRule = await store.assignmentsOf(orm(), inserted[0]!.id);
    expect(byRule).toMatchObject([{ assignee: LEAD, previous: null, assignedBy: store.RULE_ASSIGNER, how: "rule" }]);
    expect(await store.assignmentsOf(orm(), inserted[1]!.id)).toEqual([]);
    // The key worker stays when the task is done (the visit it raises again goes to them); made unassigned, none.
    expect((await lead.json("POST", `/api/tasks/${inserted[1]!.id}/complete`, { json: { outcome: "No answer at the door" } })).status).toBe(200);
    const again = (await store.listTasks(orm(), { upn: other.upn, kind: "home-visit", status: "open" })).find((t) => t.rule === "follow-up:home-visit-no-answer");
    expect(again?.assignee ?? null).toBeNull();
    expect((await lead.json("POST", `/api/tasks/${inserted[0]!.id}/complete`, { json: { outcome: "No answer at the door" } })).status).toBe(200);
    const againHeld = (await store.listTasks(orm(), { upn: held!.upn, kind: "home-visit", status: "open" })).find((t) => t.rule === "follow-up:home-visit-no-answer");
    expect(againHeld?.assignee).toBe(LEAD);
    expect((await lead.json("POST", `/api/tasks/${againHeld!.id}/assign`, { json: { assignee: null } })).status).toBe(200);
    const [later] = await store.insertTasks(orm(), [{ upn: held!.upn, kind: "review", title: "Review (test)", rule: "test:after-release", createdOn: "2025-01-07" }]);
    expect(later!.assignee).toBeNull();
  });
});
