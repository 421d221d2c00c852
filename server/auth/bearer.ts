import type { Context } from "hono";
import * as store from "../../db/index.ts";
import { dataVersion, VersionedCache } from "../../db/readCache.ts";
import { lookupApiToken, type TokenLookup } from "../../db/tokens.ts";
import type { AppEnv } from "../deps.ts";
import { permissionFor } from "./roles.ts";

/**
 * Machine clients: `Authorization: Bearer <token>` (db/tokens.ts). A request that carries an Authorization
 * header is judged by it alone, never by a cookie it may also carry: a token that is unknown, revoked or past its
 * last day gets 401 (with `WWW-Authenticate: Bearer`), and so does any other scheme.
 */
export type BearerResult = { readonly kind: "none" } | { readonly kind: "refused"; readonly message: string } | { readonly kind: "token"; readonly lookup: Extract<TokenLookup, { ok: true }> };

/** Token lookups by token hash, per database, for one data version: revoking a token is a write. */
const tokenCaches = new WeakMap<object, VersionedCache<TokenLookup>>();

async function lookupCached(rdb: store.RollcallDb, token: string, today: string): Promise<TokenLookup> {
  let cache = tokenCaches.get(rdb);
  if (!cache) tokenCaches.set(rdb, (cache = new VersionedCache<TokenLookup>(1_000)));
  const version = await dataVersion(rdb);
  const key = store.sessionTokenId(token);
  const hit = cache.get(version, key);
  // Expiry moves with the clock, not the data: a cached token is checked against today's date every time.
  if (hit?.ok && (hit.expiresOn === null || today <= hit.expiresOn)) return hit;
  const found = await lookupApiToken(rdb.orm, token, today);
  if (found.ok) cache.set(version, key, found);
  return found;
}

const todayUtc = () => new Date().toISOString().slice(0, 10);

export async function bearerAuth(c: Context<AppEnv>): Promise<BearerResult> {
  const header = c.req.header("authorization");
  if (header === undefined) return { kind: "none" };
  const m = /^Bearer[ ]+([A-Za-z0-9._~+/-]+=*)[ ]*$/i.exec(header);
  if (!m) return { kind: "refused", message: "Send a token as Authorization: Bearer <token>." };
  const token = m[1]!;
  if (token.length > 200) return { kind: "refused", message: "This token is not valid." };
  const rdb = c.var.deps.rdb;
  const found = await lookupCached(rdb, token, todayUtc());
  if (found.ok) return { kind: "token", lookup: found };
  if (found.userId !== undefined) {
    // A known token that no longer works: its user row records the attempt (an unknown token names nobody).
    await logTokenUse(c, found.userId, `refused (${found.why}): ${routeOf(c)}`);
  }
  const message = found.why === "revoked" ? "This token has been revoked." : found.why === "expired" ? "This token has expired." : "This token is not valid.";
  return { kind: "refused", message };
}

/** The request as its route pattern (`POST /api/cases/:upn/events`): never the path, which can carry a UPN. */
export function routeOf(c: Context<AppEnv>): string {
  const permission = permissionFor(c.req.method, c.req.path);
  return `${c.req.method} ${permission ? permission.path : "(a route not in the role table)"}`;
}

/**
 * One access-log row for a use of a token (`token.use`, the route and the answer's status), under the token's
 * user row, through the access log's sealed path (`logAccess`, db/accessLogWriter.ts); resolves once committed.
 */
export function logTokenUse(c: Context<AppEnv>, userId: number, detail: string): Promise<void> {
  return store.logAccess(c.var.deps.rdb.orm, { userId, action: "token.use", detail });
}
