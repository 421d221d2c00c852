import { createRoute, z } from "@hono/zod-openapi";
import { apiRouter } from "../router.ts";
import * as store from "../../db/index.ts";
import { runSimulation } from "../../machines/case/runSimulation.ts";
import { simulationJson } from "../../machines/case/simulationReport.ts";
import { presetPolicy } from "../../machines/presets/index.ts";
import type { AppEnv } from "../deps.ts";
import { unprocessable } from "../errors.ts";

const SimulateRequest = z
  .object({
    policy: z.union([z.string().min(1), z.record(z.string(), z.unknown())]).openapi({ description: "a preset id, a published policy id, or a policy document" }),
    marks: z.string().min(1).openapi({ description: "marks CSV text: upn,date,session,mark" }),
    pupils: z.string().optional(),
    events: z.string().optional().openapi({ description: "scripted events CSV: upn,date,event,payload_json" }),
    calendar: z.string().optional(),
  })
  .openapi("SimulateRequest");

const simulate = createRoute({
  method: "post",
  path: "/simulate",
  summary: "Run a policy over a register, as `rollcall simulate --json` does; nothing is stored",
  request: { body: { content: { "application/json": { schema: SimulateRequest } }, required: true } },
  responses: {
    200: { description: "One object per pupil, sorted by UPN", content: { "application/json": { schema: z.array(z.record(z.string(), z.unknown())) } } },
    422: { description: "Problems with the policy or the files" },
  },
});

export const simulateRoutes = apiRouter().openapi(simulate, async (c) => {
  const body = c.req.valid("json");
  let policy: unknown = body.policy;
  let source = "policy";
  if (typeof body.policy === "string") {
    source = body.policy;
    policy = presetPolicy(body.policy) ?? (await store.getPolicy(c.var.deps.rdb.orm, body.policy))?.document;
    if (typeof policy === "string") policy = JSON.parse(policy);
    if (!policy) return unprocessable(c, [{ field: "policy", message: `no preset or published policy "${body.policy}"` }]) as never;
  }
  const run = runSimulation(policy, source, {
    marks: { text: body.marks, file: "marks" },
    ...(body.pupils ? { pupils: { text: body.pupils, file: "pupils" } } : {}),
    ...(body.events ? { events: { text: body.events, file: "events" } } : {}),
    ...(body.calendar ? { calendar: { text: body.calendar, file: "calendar" } } : {}),
  });
  if (!run.ok) {
    return unprocessable(c, [
      ...run.policyProblems.map((p) => ({ field: `policy.${p.path}`, message: p.message })),
      ...run.inputProblems.map((p) => ({ line: p.line, field: `${p.file}.${p.field}`, message: p.message })),
    ]) as never;
  }
  return c.json(run.results.map(simulationJson), 200);
});
