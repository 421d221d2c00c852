import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "./deps.ts";

/**
 * A router for one unit of the API. A request that fails its schema gets 422 with each problem named by its
 * field, the same shape as every other "cannot do this" answer.
 */
export function apiRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        return c.json(
          {
            message: "The request has problems; nothing was changed.",
            errors: result.error.issues.map((i) => ({ field: i.path.length ? i.path.join(".") : "body", message: i.message })),
          },
          422,
        );
      }
    },
  });
}
