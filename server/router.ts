import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "./deps.ts";
import { unprocessable } from "./errors.ts";

/**
 * A router for one unit of the API. A request that fails its schema gets 422 with each problem named by its
 * field, the same shape (and the same caps on size) as every other "cannot do this" answer.
 */
export function apiRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        return unprocessable(
          c,
          result.error.issues.map((i) => ({ field: i.path.length ? i.path.join(".") : "body", message: i.message })),
        );
      }
    },
  });
}
