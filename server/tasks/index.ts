import { createRoute, z } from "@hono/zod-openapi";
import { apiRouter } from "../router.ts";
import * as store from "../../db/index.ts";
import { TASK_KINDS } from "../../machines/policy/schema.ts";
import type { AppEnv } from "../deps.ts";

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
  responses: { 200: { description: "Tasks", content: { "application/json": { schema: z.object({ today: z.string(), tasks: z.array(z.record(z.string(), z.unknown())) }) } } } },
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
  responses: { 200: { description: "Letters", content: { "application/json": { schema: z.object({ letters: z.array(z.record(z.string(), z.unknown())) }) } } } },
});

export const taskRoutes = apiRouter()
  .openapi(listTasks, async (c) => {
    const q = c.req.valid("query");
    const today = c.var.deps.today();
    const tasks = await store.listTasks(c.var.deps.rdb.orm, { ...q, today });
    return c.json({ today, tasks }, 200);
  })
  .openapi(completeTask, async (c) => {
    const done = await store.completeTask(c.var.deps.rdb.orm, c.req.valid("param").id, { outcome: c.req.valid("json").outcome, actor: c.var.user.username, at: new Date().toISOString() });
    return done ? c.json({ ok: true }, 200) : c.json({ message: "No such open task." }, 404);
  })
  .openapi(listLetters, async (c) => {
    const q = c.req.valid("query");
    return c.json({ letters: await store.listTasks(c.var.deps.rdb.orm, { kind: "letter", status: q.status, upn: q.upn }) }, 200);
  });
