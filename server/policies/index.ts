import { createRoute, z } from "@hono/zod-openapi";
import { apiRouter } from "../router.ts";
import * as store from "../../db/index.ts";
import { checkPolicy } from "../../machines/policy/checkPolicy.ts";
import type { AppEnv } from "../deps.ts";
import { unprocessable } from "../errors.ts";

const Id = z.object({ id: z.string().min(1).openapi({ param: { name: "id", in: "path" }, example: "all-saints" }) });

const list = createRoute({
  method: "get",
  path: "/policies",
  summary: "Published policies (latest version of each) and the school's current policy",
  responses: { 200: { description: "Policies", content: { "application/json": { schema: z.object({ current: z.string(), policies: z.array(z.record(z.string(), z.unknown())) }) } } } },
});
const versions = createRoute({
  method: "get",
  path: "/policies/{id}/versions",
  summary: "Every published version of a policy, with its document",
  request: { params: Id },
  responses: { 200: { description: "Versions, oldest first", content: { "application/json": { schema: z.object({ versions: z.array(z.record(z.string(), z.unknown())) }) } } }, 404: { description: "No such policy" } },
});
const publish = createRoute({
  method: "post",
  path: "/policies",
  summary: "Publish a new version of a policy (checked first; versions are immutable)",
  request: { body: { content: { "application/json": { schema: z.record(z.string(), z.unknown()).openapi("PolicyDocument") } }, required: true } },
  responses: { 201: { description: "Published" }, 422: { description: "The policy fails its check: each problem by its path" } },
});
const migrate = createRoute({
  method: "post",
  path: "/policies/{id}/migrate",
  summary: "Move open cases to a version of the policy; dryRun (default true) reports what would change",
  request: { params: Id, body: { content: { "application/json": { schema: z.object({ version: z.number().int().min(1), dryRun: z.boolean().default(true) }) } }, required: true } },
  responses: { 200: { description: "What changed (or would)" }, 404: { description: "No such version" } },
});

export const policyRoutes = apiRouter()
  .openapi(list, async (c) => c.json({ current: c.var.deps.schoolPolicyId, policies: (await store.listPolicies(c.var.deps.rdb.orm)) as unknown as Record<string, unknown>[] }, 200))
  .openapi(versions, async (c) => {
    const { id } = c.req.valid("param");
    const all = await store.policyVersions(c.var.deps.rdb.orm, id);
    if (all.length === 0) return c.json({ message: "No such policy." }, 404);
    const versions = await Promise.all(all.map(async (v) => ({ ...v, document: (await store.getPolicy(c.var.deps.rdb.orm, id, v.version))?.document ?? null })));
    return c.json({ versions: versions as unknown as Record<string, unknown>[] }, 200);
  })
  .openapi(publish, async (c) => {
    const document = c.req.valid("json");
    const result = checkPolicy(document, "policy");
    if (!result.ok || !result.compiled) return unprocessable(c, result.problems.map((p) => ({ field: p.path || "(policy)", message: p.message })), "The policy does not pass its check; nothing was published.") as never;
    const latest = await store.getPolicy(c.var.deps.rdb.orm, result.compiled.policy.id);
    if (latest && latest.version >= result.compiled.policy.version) {
      return unprocessable(c, [{ field: "version", message: `version ${latest.version} is already published; publish ${latest.version + 1} or later` }]) as never;
    }
    const published = await store.publishPolicy(c.var.deps.rdb.orm, result.compiled.policy, c.var.user.username);
    return c.json(published, 201);
  })
  .openapi(migrate, async (c) => {
    const { id } = c.req.valid("param");
    const { version, dryRun } = c.req.valid("json");
    if (!(await store.getPolicy(c.var.deps.rdb.orm, id, version))) return c.json({ message: `No version ${version} of ${id}.` }, 404);
    return c.json(await c.var.deps.cases.migrateCases(id, version, dryRun, c.var.user.username), 200);
  });
