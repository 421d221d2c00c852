import type { MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import * as store from "../../db/index.ts";
import type { AppEnv } from "../deps.ts";

export const SESSION_COOKIE = "rollcall_session";

/** Paths anyone may call: health and signing in. */
const OPEN_PATHS = new Set(["/api/health", "/api/auth/login"]);

/**
 * Every API request but health and sign-in needs a live session: 401 otherwise, before anything else about
 * the request is looked at.
 */
export function requireSession(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!c.req.path.startsWith("/api/") || OPEN_PATHS.has(c.req.path)) return next();
    const token = getCookie(c, SESSION_COOKIE);
    const user = token ? await store.sessionUser(c.var.deps.rdb.orm, token, new Date()) : null;
    if (!user) return c.json({ message: "Sign in first." }, 401);
    c.set("user", { id: user.id, username: user.username, role: user.role, scope: user.scope });
    return next();
  };
}
