import { createRoute, z } from "@hono/zod-openapi";
import { apiRouter } from "../router.ts";
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

export const auditRoutes = apiRouter().openapi(verify, async (c) => c.json(await c.var.deps.cases.verifyAudit(), 200));
