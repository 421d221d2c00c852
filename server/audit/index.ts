import { createRoute, z } from "@hono/zod-openapi";
import { apiRouter } from "../router.ts";
import * as store from "../../db/index.ts";
import type { AppEnv } from "../deps.ts";

const verify = createRoute({
  method: "get",
  path: "/audit/verify",
  summary: "Recompute every case's hash chain and replay each history from its start against the stored state",
  responses: {
    200: {
      description: "ok is false at the first entry that does not hold",
      content: {
        "application/json": {
          schema: z
            .object({ ok: z.boolean(), checked: z.number(), firstBrokenAt: z.object({ upn: z.string(), seq: z.number(), why: z.string() }).nullable() })
            .openapi("AuditVerification"),
        },
      },
    },
  },
});

const access = createRoute({
  method: "get",
  path: "/audit/access",
  summary: "The access log: who read or changed which pupil's record, newest first (auditors)",
  request: { query: z.object({ upn: z.string().max(20).optional(), limit: z.coerce.number().int().min(1).max(10_000).default(500) }) },
  responses: { 200: { description: "Access log entries", content: { "application/json": { schema: z.object({ entries: z.array(z.record(z.string(), z.unknown())) }) } } } },
});

export const auditRoutes = apiRouter()
  .openapi(verify, async (c) => c.json(await c.var.deps.cases.verifyAudit(), 200))
  .openapi(access, async (c) => {
    const q = c.req.valid("query");
    const users = new Map((await store.listUsers(c.var.deps.rdb.orm)).map((u) => [u.id, u.username]));
    const entries = (await store.accessLog(c.var.deps.rdb.orm, { upn: q.upn, limit: q.limit })).map((e) => ({ ...e, username: e.userId === null ? null : (users.get(e.userId) ?? null) }));
    return c.json({ entries }, 200);
  });
