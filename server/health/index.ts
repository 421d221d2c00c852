import { createRoute, z } from "@hono/zod-openapi";
import { apiRouter } from "../router.ts";
import type { AppEnv } from "../deps.ts";

const health = createRoute({
  method: "get",
  path: "/health",
  summary: "Is the server up?",
  responses: { 200: { description: "Up", content: { "application/json": { schema: z.object({ ok: z.literal(true) }) } } } },
});

export const healthRoutes = apiRouter().openapi(health, (c) => c.json({ ok: true as const }, 200));
