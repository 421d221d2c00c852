import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../deps.ts";

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Cross-site request forgery: a state-changing request that a browser marks as coming from another site (its
 * `Origin` differs from this server's, or `Sec-Fetch-Site: cross-site`) is refused. Requests without an Origin
 * (curl, scripts) carry no ambient browser cookie and are let through to the session check. The session cookie
 * is also `SameSite=Strict`. Requests made with an API token (`Authorization: Bearer`, judged by the token alone)
 * are not checked: a browser never adds that header on its own, so another site cannot forge one.
 */
export function csrfGuard(allowedOrigins: readonly string[] = []): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (SAFE.has(c.req.method)) return next();
    // An API token is sent by the client itself, never attached by a browser: nothing for another site to ride on.
    if (c.var.user?.token) return next();
    const origin = c.req.header("origin");
    const site = c.req.header("sec-fetch-site");
    const own = new URL(c.req.url).origin;
    if (site === "cross-site" || (origin !== undefined && origin !== own && !allowedOrigins.includes(origin))) {
      return c.json({ message: "Refused: this request came from another site." }, 403);
    }
    return next();
  };
}
