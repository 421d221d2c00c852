import type { RollcallDb } from "../db/index.ts";
import type { LoginThrottle } from "./auth/throttle.ts";
import type { CaseService, PolicyCache } from "./cases/service.ts";

/** What every route needs, wired once in `createApp`. */
export interface ServerDeps {
  readonly rdb: RollcallDb;
  readonly cases: CaseService;
  readonly policies: PolicyCache;
  readonly schoolPolicyId: string;
  /** Today's date, `YYYY-MM-DD` (injectable for tests and demos). */
  readonly today: () => string;
  /** Session lifetime. */
  readonly sessionTtlMs: number;
  /** Mark the session cookie `Secure` (behind HTTPS). */
  readonly secureCookies: boolean;
  readonly loginThrottle: LoginThrottle;
  /** Other origins allowed to send state-changing requests (e.g. the Vite dev server). */
  readonly allowedOrigins: readonly string[];
  /**
   * Reverse proxies believed about whom they forward for (`X-Forwarded-For`), for the sign-in back-off
   * (server/auth/clientAddress.ts). Empty by default: the header is ignored.
   */
  readonly trustedProxies?: readonly string[];
}

export interface SessionUser {
  readonly id: number;
  readonly username: string;
  readonly role: string;
  /** A teacher's classes and year groups. */
  readonly scope: readonly string[];
  /** Set when the request came with an API token (server/auth/bearer.ts) rather than a session cookie. */
  readonly token?: { readonly id: number; readonly name: string };
}

export type AppEnv = { Variables: { user: SessionUser; deps: ServerDeps } };
