import type { MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import * as store from "../../db/index.ts";
import { dataVersion, VersionedCache } from "../../db/readCache.ts";
import type { AppEnv } from "../deps.ts";
import { bearerAuth, logTokenUse, routeOf } from "./bearer.ts";

export const SESSION_COOKIE = "rollcall_session";

/** Paths anyone may call: health, signing in, and the API's description (it holds no data). */
export const OPEN_PATHS = new Set(["/api/health", "/api/auth/login", "/api/openapi.json"]);

type SessionEntry = { readonly user: store.User; readonly expiresAt: string };

/**
 * Live sessions by token hash, per database, for one data version (db/readCache.ts): signing out, disabling
 * a user, changing a role or revoking sessions are writes, which change the version, so the next request
 * looks the session up again. Expiry is checked on every request. Unknown tokens are not kept.
 */
const sessionCaches = new WeakMap<object, VersionedCache<SessionEntry>>();

/** The signed-in user of `token` now, or null. */
export async function sessionUserCached(rdb: store.RollcallDb, token: string, now: Date): Promise<store.User | null> {
  let cache = sessionCaches.get(rdb);
  if (!cache) sessionCaches.set(rdb, (cache = new VersionedCache<SessionEntry>(1_000)));
  const version = await dataVersion(rdb);
  const key = store.sessionTokenId(token);
  const at = now.toISOString();
  const hit = cache.get(version, key);
  if (hit && hit.expiresAt > at) return hit.user;
  const found = await store.sessionUserUntil(rdb.orm, token, now);
  if (found) cache.set(version, key, found);
  return found?.user ?? null;
}

/**
 * One request at a time per turn of the event loop, in arrival order. libuv accepts at most one new
 * connection per turn of the loop, and one turn reads every connection that has a request waiting: under a
 * burst of requests on open keep-alive connections, each turn runs all of them, and a client connecting
 * meanwhile waits for as many turns as there are connections before it (hundreds of milliseconds at a few
 * dozen). Starting one request per turn keeps turns short, so new connections are accepted, and their
 * requests queued, within about one request's time; requests already parsed are started in order.
 */
const waiting: (() => void)[] = [];
let draining = false;
function nextTurn(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    if (!draining) {
      draining = true;
      setImmediate(startOne);
    }
  });
}
function startOne(): void {
  const start = waiting.shift();
  // Scheduled from inside the check phase: runs on the next turn, after the loop has polled again.
  if (waiting.length > 0) setImmediate(startOne);
  else draining = false;
  start?.();
}

/**
 * Every API request but the open paths needs a live session, or an API token (server/auth/bearer.ts): 401
 * otherwise, before anything else about the request is looked at. A request with an Authorization header is
 * judged by its token alone; every request made with a token is written to the access log under the token's
 * name, with the route and the answer's status, before the answer goes out.
 */
export function requireSession(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!c.req.path.startsWith("/api/") || OPEN_PATHS.has(c.req.path)) return next();
    await nextTurn();
    const bearer = await bearerAuth(c);
    if (bearer.kind === "refused") return c.json({ message: bearer.message }, 401, { "WWW-Authenticate": 'Bearer realm="rollcall"' });
    if (bearer.kind === "token") {
      const { user, tokenId, name } = bearer.lookup;
      c.set("user", { id: user.id, username: user.username, role: user.role, scope: [], token: { id: tokenId, name } });
      await next();
      await logTokenUse(c, user.id, `${routeOf(c)} ${c.res.status}`);
      return;
    }
    const token = getCookie(c, SESSION_COOKIE);
    const user = token ? await sessionUserCached(c.var.deps.rdb, token, new Date()) : null;
    if (!user) return c.json({ message: "Sign in first." }, 401);
    c.set("user", { id: user.id, username: user.username, role: user.role, scope: [...user.scope] });
    return next();
  };
}
