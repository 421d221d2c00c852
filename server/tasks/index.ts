import { createRoute, z } from "@hono/zod-openapi";
import { apiRouter } from "../router.ts";
import * as store from "../../db/index.ts";
import { TASK_KINDS } from "../../machines/policy/schema.ts";
import { inScope, TEACHER_TASK_KINDS } from "../auth/roles.ts";
import type { AppEnv } from "../deps.ts";

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
  })
  .openapi("Task");

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
    }),
  },
  responses: { 200: { description: "Tasks", content: { "application/json": { schema: z.object({ today: z.string(), tasks: z.array(TaskSchema) }) } } } },
});

const completeTask = createRoute({
  method: "post",
  path: "/tasks/{id}/complete",
  summary: "Mark a task done with its outcome (a call made, a letter sent, a visit done)",
  request: {
    params: z.object({ id: z.coerce.number().int().openapi({ param: { name: "id", in: "path" } }) }),
    body: { content: { "application/json": { schema: z.object({ outcome: z.string().trim().min(1).max(2000) }) } }, required: true },
  },
  responses: { 200: { description: "Done" }, 404: { description: "No such open task" } },
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
    let tasks = await store.listTasks(c.var.deps.rdb.orm, { ...q, today });
    const user = c.var.user;
    if (user.role === "teacher") {
      const mine = new Set((await store.listPupils(c.var.deps.rdb.orm)).filter((p) => inScope(user.scope, p)).map((p) => p.upn));
      tasks = tasks.filter((t) => mine.has(t.upn) && TEACHER_TASK_KINDS.includes(t.kind));
    }
    if (q.upn) await store.logAccess(c.var.deps.rdb.orm, { userId: user.id, action: "tasks.view", upn: q.upn });
    return c.json({ today, tasks }, 200);
  })
  .openapi(completeTask, async (c) => {
    const user = c.var.user;
    if (user.role === "teacher") {
      const task = await store.getTask(c.var.deps.rdb.orm, c.req.valid("param").id);
      if (!task) return c.json({ message: "No such open task." }, 404) as never;
      const pupil = await store.getPupil(c.var.deps.rdb.orm, task.upn);
      if (!pupil || !inScope(user.scope, pupil) || !TEACHER_TASK_KINDS.includes(task.kind)) {
        return c.json({ message: "Teachers record first-day-call outcomes for their own classes." }, 403) as never;
      }
    }
    const done = await store.completeTask(c.var.deps.rdb.orm, c.req.valid("param").id, { outcome: c.req.valid("json").outcome, actor: c.var.user.username, at: new Date().toISOString() });
    return done ? c.json({ ok: true }, 200) : c.json({ message: "No such open task." }, 404);
  })
  .openapi(listLetters, async (c) => {
    const q = c.req.valid("query");
    const letters = await store.listTasks(c.var.deps.rdb.orm, { kind: "letter", status: q.status, upn: q.upn });
    await store.logAccess(c.var.deps.rdb.orm, { userId: c.var.user.id, action: "letters.view", upn: q.upn ?? null, detail: `${letters.length} letters` });
    return c.json({ letters }, 200);
  });
