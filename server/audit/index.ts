import { createRoute, z } from "@hono/zod-openapi";
import { apiRouter } from "../router.ts";
import * as store from "../../db/index.ts";
import { auditCheckpoint, checkCheckpoint, type Checkpoint } from "../../db/auditSeals.ts";
import { keepCheckpoint } from "./checkpoints.ts";
import { verifyAuditTrail } from "./verify.ts";
import type { AppEnv } from "../deps.ts";

const Check = z
  .object({ ok: z.boolean(), checked: z.number(), firstBroken: z.string().nullable(), upn: z.string().optional(), seq: z.number().optional() })
  .openapi("AuditCheck");

const verify = createRoute({
  method: "get",
  path: "/audit/verify",
  summary: "Check the audit trail: hash chains, sealed case heads, sealed tallies (history, access log, cases), register seals, the newest kept checkpoint, and a replay of every case",
  responses: {
    200: {
      description: "ok is false when any check fails; each check names the first broken thing of its kind",
      content: {
        "application/json": {
          schema: z
            .object({
              ok: z.boolean(),
              checked: z.number(),
              firstBrokenAt: z.object({ upn: z.string(), seq: z.number(), why: z.string() }).nullable(),
              key: z.object({ id: z.string(), source: z.string(), olderKeys: z.array(z.string()) }),
              checks: z.object({ chains: Check, heads: Check, history: Check, registers: Check, accessLog: Check, cases: Check, checkpoint: Check, replay: Check }),
            })
            .openapi("AuditVerification"),
        },
      },
    },
  },
});

const CheckpointSchema = z
  .object({
    kind: z.literal("rollcall-audit-checkpoint"),
    version: z.literal(1),
    at: z.string().max(40),
    keyId: z.string().max(64),
    publicKey: z.string().max(200),
    history: z.object({ maxId: z.number().int().min(0), entries: z.number().int().min(0), cases: z.number().int().min(0), root: z.string().max(64) }),
    accessLog: z.object({ maxId: z.number().int().min(0), rows: z.number().int().min(0) }),
    signature: z.string().max(200),
  })
  .openapi("AuditCheckpoint");

const checkpoint = createRoute({
  method: "get",
  path: "/audit/checkpoint",
  summary: "A checkpoint of the audit trail signed with the server's Ed25519 audit key: keep it, and later ask whether the trail still extends it",
  responses: { 200: { description: "The signed checkpoint", content: { "application/json": { schema: CheckpointSchema } } } },
});

const checkpointVerify = createRoute({
  method: "post",
  path: "/audit/checkpoint/verify",
  summary: "Whether today's audit trail extends an earlier checkpoint (or an evidence bundle's): nothing it covered removed or changed",
  request: { body: { content: { "application/json": { schema: CheckpointSchema } }, required: true } },
  responses: {
    200: {
      description: "extends is true when the checkpoint's signature holds under a key this server holds and every entry and access-log row it covered is still there, unchanged",
      content: { "application/json": { schema: z.object({ extends: z.boolean(), signatureValid: z.boolean(), keyKnown: z.boolean(), problems: z.array(z.string()) }).openapi("AuditCheckpointCheck") } },
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
  .openapi(verify, async (c) => c.json(await verifyAuditTrail(c.var.deps), 200))
  .openapi(checkpoint, async (c) => {
    const made = await auditCheckpoint(c.var.deps.rdb.orm);
    keepCheckpoint(c.var.deps.rdb, made);
    return c.json(made, 200);
  })
  .openapi(checkpointVerify, async (c) => c.json(await checkCheckpoint(c.var.deps.rdb.orm, c.req.valid("json") as Checkpoint), 200))
  .openapi(access, async (c) => {
    const q = c.req.valid("query");
    const users = new Map((await store.listUsers(c.var.deps.rdb.orm)).map((u) => [u.id, u.username]));
    const entries = (await store.accessLog(c.var.deps.rdb.orm, { upn: q.upn, limit: q.limit })).map((e) => ({ ...e, username: e.userId === null ? null : (users.get(e.userId) ?? null) }));
    return c.json({ entries }, 200);
  });
