import { createRoute, z } from "@hono/zod-openapi";
import { apiRouter } from "../router.ts";
import { getConnInfo } from "@hono/node-server/conninfo";
import { clientAddress } from "./clientAddress.ts";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import * as store from "../../db/index.ts";
import type { AppEnv } from "../deps.ts";
import { SESSION_COOKIE } from "./session.ts";
import { loginKeys } from "./throttle.ts";

const Credentials = z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(1000) }).openapi("Credentials");
const Me = z.object({ username: z.string(), role: z.string() }).openapi("Me");

const login = createRoute({
  method: "post",
  path: "/auth/login",
  summary: "Sign in; sets an HttpOnly, SameSite=Strict session cookie",
  request: { body: { content: { "application/json": { schema: Credentials } }, required: true } },
  responses: {
    200: { description: "Signed in", content: { "application/json": { schema: Me } } },
    401: { description: "Wrong username or password", content: { "application/json": { schema: z.object({ message: z.string() }) } } },
    413: { description: "The body is larger than 4 KB", content: { "application/json": { schema: z.object({ message: z.string() }) } } },
    415: { description: "Not application/json", content: { "application/json": { schema: z.object({ message: z.string() }) } } },
    429: { description: "Too many failed attempts for this username from this address (or from this address, or for this username, far more often): wait (Retry-After seconds)", content: { "application/json": { schema: z.object({ message: z.string() }) } } },
  },
});

const logout = createRoute({
  method: "post",
  path: "/auth/logout",
  summary: "Sign out: the session is revoked on the server",
  responses: { 204: { description: "Signed out" } },
});

const me = createRoute({
  method: "get",
  path: "/auth/me",
  summary: "Who is signed in",
  responses: { 200: { description: "The signed-in user", content: { "application/json": { schema: Me } } } },
});

export const authRoutes = apiRouter()
  .openapi(login, async (c) => {
    const { username, password } = c.req.valid("json");
    const deps = c.var.deps;
    let address = "unknown";
    try {
      // Behind a trusted reverse proxy, the client it forwards for (server/auth/clientAddress.ts).
      address = clientAddress(getConnInfo(c).remote.address ?? "unknown", c.req.header("x-forwarded-for"), deps.trustedProxies ?? []);
    } catch {
      // not running on Node (tests through app.request): every attempt counts as from one address
    }
    const k = loginKeys(username, address);
    const keys = [k.pair, k.address, k.user];
    const wait = deps.loginThrottle.retryAfter(keys);
    if (wait > 0) {
      c.header("Retry-After", String(Math.ceil(wait / 1000)));
      return c.json({ message: `Too many failed sign-ins. Try again in ${Math.ceil(wait / 1000)} seconds.` }, 429);
    }
    const user = await store.verifyLogin(deps.rdb.orm, username, password);
    if (!user) {
      deps.loginThrottle.failed(keys);
      return c.json({ message: "Wrong username or password." }, 401);
    }
    deps.loginThrottle.succeeded([k.pair, k.user]);
    const session = await store.createSession(deps.rdb.orm, user.id, deps.sessionTtlMs);
    setCookie(c, SESSION_COOKIE, session.token, {
      httpOnly: true,
      sameSite: "Strict",
      secure: deps.secureCookies || new URL(c.req.url).protocol === "https:",
      path: "/",
      expires: new Date(session.expiresAt),
    });
    return c.json({ username: user.username, role: user.role }, 200);
  })
  .openapi(logout, async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) await store.revokeSession(c.var.deps.rdb.orm, token);
    deleteCookie(c, SESSION_COOKIE, { path: "/" });
    return c.body(null, 204);
  })
  .openapi(me, (c) => c.json({ username: c.var.user.username, role: c.var.user.role }, 200));
