import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../deps.ts";
import { isRole, permissionFor } from "./roles.ts";

/**
 * After the session: is this role allowed this route? Decided from the method and path alone, before the
 * request's payload is read. Routes missing from the table are refused, and so are routes only a person may
 * use (managing users and tokens) when the request came with an API token.
 */
export function authorize(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!c.req.path.startsWith("/api/")) return next();
    const user = c.get("user");
    if (!user) return next(); // open routes (health, sign-in): requireSession let them through
    const permission = permissionFor(c.req.method, c.req.path);
    if (!permission || !isRole(user.role) || !permission.roles.includes(user.role)) {
      return c.json({ message: "Your role does not allow this." }, 403);
    }
    if (user.token && permission.peopleOnly) {
      return c.json({ message: "An API token cannot do this: sign in as a person." }, 403);
    }
    return next();
  };
}
