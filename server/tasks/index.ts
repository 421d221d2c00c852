import { createRoute, z } from "@hono/zod-openapi";
import { apiRouter } from "../router.ts";
import * as store from "../../db/index.ts";
import { TASK_KINDS } from "../../machines/policy/schema.ts";
import { inScope, TEACHER_TASK_KINDS } from "../auth/roles.ts";
import type { AppEnv } from "../deps.ts";
import { isSafeguarding } from "../../machines/tasks/index.ts";
import { completeTaskRecorded, reopenTaskRecorded } from "./workflow.ts";

/** A task as stored (db/tasks.ts `TaskRecord`): a call, a visit, a meeting, a letter to send. */
export const TaskSchema = z
  .object({
    id: z.number(),
    upn: z.string(),
    kind: z.string(),
    title: z.string(),
    rule: z.string(),
    template: z.string().nullable(),
    createdOn: z.string(),
    dueOn: z.string().nullable(),
    status: z.enum(["open", "done", "cancelled"]),
    outcome: z.string().nullable(),
    completedBy: z.string().nullable(),
    completedAt: z.string().nullable(),
    historySeq: z.number().nullable(),
    /** Times the same task (pupil, kind, rule) was raised again while this one was open, merged into it. */
    raisedAgain: z.number(),
    lastRaisedOn: z.string().nullable(),
    /** Who the task is with (a username), or null: unassigned. */
    assignee: z.string().nullable(),
    /** A safeguarding notification (the social worker, the Virtual School, a concern raised with the DSL): shown first. */
    safeguarding: z.boolean(),
  })
  .openapi("Task");

/** A stored task as the API shows it. */
export function taskView(t: store.TaskRecord): z.infer<typeof TaskSchema> {
  return { ...t, raisedAgain: t.raisedAgain ?? 0, lastRaisedOn: t.lastRaisedOn ?? null, assignee: t.assignee ?? null, safeguarding: isSafeguarding(t) };
}

const TaskChangeSchema = z.object({ id: z.number(), kind: z.string(), title: z.string(), status: z.enum(["done", "cancelled"]), outcome: z.string() });
const FollowUpSchema = z.object({ kind: z.string(), title: z.string(), rule: z.string(), dueInSchoolDays: z.number() });

const listTasks = createRoute({
  method: "get",
  path: "/tasks",
  summary: "Tasks: due today, overdue, or all open; by kind or pupil",
  request: {
    query: z.object({
      due: z.enum(["today", "overdue"]).optional(),
      kind: z.enum(TASK_KINDS).optional(),
      upn: z.string().optional(),
      status: z.enum(["open", "done", "cancelled"]).default("open"),
      /** `me`: the signed-in person's; `none`: unassigned; or a username. */
      assignee: z.string().min(1).max(100).optional(),
    }),
  },
  responses: { 200: { description: "Tasks", content: { "application/json": { schema: z.object({ today: z.string(), tasks: z.array(TaskSchema) }) } } } },
});

const completeTask = createRoute({
  method: "post",
  path: "/tasks/{id}/complete",
  summary:
    "Mark a task done with its outcome (a call made, a letter sent, a visit done): recorded in the case's history with the older open tasks it answers and the follow-ups its outcome raises, together or not at all",
  request: {
    params: z.object({ id: z.coerce.number().int().openapi({ param: { name: "id", in: "path" } }) }),
    body: {
      content: {
        "application/json": {
          schema: z.object({
            outcome: z.string().trim().min(1).max(2000),
            /** A written note: required with "Pupil seen, safe and well" for a child with a social worker or looked after. */
            note: z.string().trim().max(2000).optional(),
          }),
        },
      },
      required: true,
    },
  },
  responses: {
    200: {
      description: "Done",
      content: {
        "application/json": {
          schema: z.object({ ok: z.literal(true), completed: z.array(TaskChangeSchema), followUps: z.array(FollowUpSchema), historySeq: z.number().nullable() }),
        },
      },
    },
    404: { description: "No such open task" },
    409: { description: "The case kept moving on: try again" },
    422: { description: "A written note is needed for this outcome (needsNote: true)" },
  },
});

const reopenTask = createRoute({
  method: "post",
  path: "/tasks/{id}/reopen",
  summary: "Undo a task's completion: the task is open again and the reason recorded in the case's history (nothing is deleted)",
  request: {
    params: z.object({ id: z.coerce.number().int().openapi({ param: { name: "id", in: "path" } }) }),
    body: { content: { "application/json": { schema: z.object({ reason: z.string().trim().min(1).max(2000) }) } }, required: true },
  },
  responses: {
    200: { description: "Open again", content: { "application/json": { schema: z.object({ ok: z.literal(true), task: TaskSchema, historySeq: z.number().nullable() }) } } },
    404: { description: "No such task" },
    409: { description: "The task is open already" },
  },
});

/** Who may hold tasks: the attendance lead and officers (active people, not API tokens). */
const ASSIGNABLE_ROLES: readonly string[] = ["attendance-lead", "attendance-officer"];

const AssignmentSchema = z
  .object({
    id: z.number(),
    taskId: z.number(),
    assignee: z.string().nullable(),
    previous: z.string().nullable(),
    assignedBy: z.string(),
    assignedAt: z.string(),
    /** `assigned` (by the lead), `taken` (assign to me), `released`, `rule` (a new task to the case's key worker). */
    how: z.string(),
  })
  .openapi("TaskAssignment");

const assignTask = createRoute({
  method: "post",
  path: "/tasks/{id}/assign",
  summary:
    "Give an open task to someone (the attendance lead: to any lead or officer) or take it (an officer: an unassigned task, to themselves), or make it unassigned; every change is kept with who made it",
  request: {
    params: z.object({ id: z.coerce.number().int().openapi({ param: { name: "id", in: "path" } }) }),
    body: {
      content: {
        "application/json": {
          schema: z.object({
            /** A username, or null: unassigned. */
            assignee: z.string().trim().min(1).max(100).nullable(),
            /** Who the person saw it with: if it changed meanwhile, nothing is written (409). */
            expect: z.string().nullable().optional(),
          }),
        },
      },
      required: true,
    },
  },
  responses: {
    200: { description: "Assigned", content: { "application/json": { schema: z.object({ ok: z.literal(true), task: TaskSchema, assignment: AssignmentSchema.nullable() }) } } },
    403: { description: "Not yours to give" },
    404: { description: "No such open task" },
    409: { description: "Someone else changed who has it" },
    422: { description: "No lead or officer of that name" },
  },
});

const listAssignees = createRoute({
  method: "get",
  path: "/tasks/assignees",
  summary: "Who tasks can be assigned to: the active attendance leads and officers (usernames and roles only)",
  responses: {
    200: { description: "People", content: { "application/json": { schema: z.object({ me: z.string(), people: z.array(z.object({ username: z.string(), role: z.string() })) }) } } },
  },
});

const listAssignments = createRoute({
  method: "get",
  path: "/tasks/{id}/assignments",
  summary: "Who a task was assigned to, by whom and when, oldest first",
  request: { params: z.object({ id: z.coerce.number().int().openapi({ param: { name: "id", in: "path" } }) }) },
  responses: {
    200: { description: "Assignments", content: { "application/json": { schema: z.object({ assignments: z.array(AssignmentSchema) }) } } },
    404: { description: "No such task" },
  },
});

const listLetters = createRoute({
  method: "get",
  path: "/letters",
  summary: "Letters raised by the policy: to send (open) or sent (done)",
  request: { query: z.object({ status: z.enum(["open", "done"]).default("open"), upn: z.string().optional() }) },
  responses: { 200: { description: "Letters", content: { "application/json": { schema: z.object({ letters: z.array(TaskSchema) }) } } } },
});

export const taskRoutes = apiRouter()
  .openapi(listTasks, async (c) => {
    const q = c.req.valid("query");
    const today = c.var.deps.today();
    const user = c.var.user;
    const assignee = q.assignee === undefined ? undefined : q.assignee === "none" ? null : q.assignee === "me" ? user.username : q.assignee;
    let tasks = await store.listTasks(c.var.deps.rdb.orm, { ...q, today, assignee });
    if (user.role === "teacher") {
      const mine = new Set((await store.listPupils(c.var.deps.rdb.orm)).filter((p) => inScope(user.scope, p)).map((p) => p.upn));
      tasks = tasks.filter((t) => mine.has(t.upn) && TEACHER_TASK_KINDS.includes(t.kind));
    }
    if (q.upn) await store.logAccess(c.var.deps.rdb.orm, { userId: user.id, action: "tasks.view", upn: q.upn });
    return c.json({ today, tasks: tasks.map(taskView) }, 200);
  })
  .openapi(completeTask, async (c) => {
    const user = c.var.user;
    const id = c.req.valid("param").id;
    if (user.role === "teacher" && !(await teacherMay(c.var.deps, user.scope, id))) {
      return c.json({ message: "Teachers record first-day-call outcomes for their own classes." }, 403) as never;
    }
    const body = c.req.valid("json");
    const result = await completeTaskRecorded(c.var.deps, id, { outcome: body.outcome, ...(body.note ? { note: body.note } : {}) }, user.username);
    switch (result.status) {
      case "ok":
        return c.json({ ok: true as const, completed: result.completed, followUps: result.followUps, historySeq: result.historySeq }, 200);
      case "needs-note":
        return c.json({ message: result.message, needsNote: true }, 422) as never;
      case "busy":
        return c.json({ message: "The case kept changing while this was saved; try again." }, 409) as never;
      default:
        return c.json({ message: "No such open task." }, 404) as never;
    }
  })
  .openapi(reopenTask, async (c) => {
    const user = c.var.user;
    const id = c.req.valid("param").id;
    if (user.role === "teacher" && !(await teacherMay(c.var.deps, user.scope, id))) {
      return c.json({ message: "Teachers record first-day-call outcomes for their own classes." }, 403) as never;
    }
    const result = await reopenTaskRecorded(c.var.deps, id, c.req.valid("json").reason, user.username);
    switch (result.status) {
      case "ok":
        return c.json({ ok: true as const, task: taskView((await store.getTask(c.var.deps.rdb.orm, id))!), historySeq: result.historySeq }, 200);
      case "open":
        return c.json({ message: "This task is open already." }, 409) as never;
      case "busy":
        return c.json({ message: "The case kept changing while this was saved; try again." }, 409) as never;
      default:
        return c.json({ message: "No such task." }, 404) as never;
    }
  })
  .openapi(listAssignees, async (c) => {
    const people = (await store.listUsers(c.var.deps.rdb.orm)).filter((u) => !u.disabled && ASSIGNABLE_ROLES.includes(u.role)).map((u) => ({ username: u.username, role: u.role }));
    return c.json({ me: c.var.user.username, people }, 200);
  })
  .openapi(assignTask, async (c) => {
    const user = c.var.user;
    const id = c.req.valid("param").id;
    const body = c.req.valid("json");
    const orm = c.var.deps.rdb.orm;
    const task = await store.getTask(orm, id);
    if (!task || task.status !== "open") return c.json({ message: "No such open task." }, 404) as never;
    const lead = user.role === "attendance-lead";
    // An officer takes an unassigned task, or gives back their own; the lead gives any task to anyone who may hold it.
    const officerMay = user.role === "attendance-officer" && ((body.assignee === user.username && task.assignee === null) || (body.assignee === null && task.assignee === user.username));
    if (!lead && !officerMay) {
      return c.json({ message: user.role === "attendance-officer" ? "Officers take unassigned tasks or give back their own; the attendance lead reassigns." : "Only the attendance lead assigns tasks." }, 403) as never;
    }
    if (body.assignee !== null) {
      const person = await store.findUserByUsername(orm, body.assignee);
      if (!person || person.disabled || !ASSIGNABLE_ROLES.includes(person.role)) {
        return c.json({ message: `There is no attendance lead or officer called "${body.assignee}".`, problems: [{ field: "assignee", message: "not a lead or officer" }] }, 422) as never;
      }
    }
    const how = body.assignee === null ? "released" : body.assignee === user.username ? "taken" : "assigned";
    const result = await store.assignTask(orm, id, { assignee: body.assignee, by: user.username, how, ...(body.expect !== undefined ? { expect: body.expect } : {}) });
    if (result.status === "missing") return c.json({ message: "No such open task." }, 404) as never;
    if (result.status === "changed") return c.json({ message: "Someone else changed who has this task; it has been reloaded." }, 409) as never;
    await store.logAccess(orm, { userId: user.id, action: "tasks.assign", upn: task.upn, detail: `task ${id}: ${task.assignee ?? "unassigned"} → ${body.assignee ?? "unassigned"}` });
    return c.json({ ok: true as const, task: taskView((await store.getTask(orm, id))!), assignment: result.status === "ok" ? result.assignment : null }, 200);
  })
  .openapi(listAssignments, async (c) => {
    const id = c.req.valid("param").id;
    const task = await store.getTask(c.var.deps.rdb.orm, id);
    if (!task) return c.json({ message: "No such task." }, 404) as never;
    if (c.var.user.role === "teacher" && !(await teacherMay(c.var.deps, c.var.user.scope, id))) return c.json({ message: "No such task." }, 404) as never;
    return c.json({ assignments: await store.assignmentsOf(c.var.deps.rdb.orm, id) }, 200);
  })
  .openapi(listLetters, async (c) => {
    const q = c.req.valid("query");
    const letters = await store.listTasks(c.var.deps.rdb.orm, { kind: "letter", status: q.status, upn: q.upn });
    await store.logAccess(c.var.deps.rdb.orm, { userId: c.var.user.id, action: "letters.view", upn: q.upn ?? null, detail: `${letters.length} letters` });
    return c.json({ letters: letters.map(taskView) }, 200);
  });

/** A teacher records first-day calls for pupils in their own classes only. */
async function teacherMay(deps: AppEnv["Variables"]["deps"], scope: Parameters<typeof inScope>[0], id: number): Promise<boolean> {
  const task = await store.getTask(deps.rdb.orm, id);
  if (!task) return true; // 404 follows
  const pupil = await store.getPupil(deps.rdb.orm, task.upn);
  return !!pupil && inScope(scope, pupil) && TEACHER_TASK_KINDS.includes(task.kind);
}
