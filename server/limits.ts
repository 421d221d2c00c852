import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { AppEnv } from "./deps.ts";
import { IMPORT_LIMIT_BYTES } from "./imports/index.ts";

const KB = 1024;
const MB = 1024 * KB;

/** Sign-in carries a username and a password: a few KB is plenty. */
export const SIGN_IN_LIMIT_BYTES = 4 * KB;
/** Events, notes, tasks, users and every other JSON request. */
export const JSON_LIMIT_BYTES = 64 * KB;
/** A policy document (the largest preset is under 50 KB as JSON). */
export const POLICY_LIMIT_BYTES = 1 * MB;
/** The school's term dates (the calendar route's own limit). */
export const TERM_DATES_LIMIT_BYTES = 256 * KB;
/**
 * Longest free text (a note, a reason, an outcome) kept in a case's append-only history, in characters: about
 * 1,500 words. Longer text is refused (422) before anything is written.
 */
export const MAX_TEXT_CHARS = 10_000;

/**
 * The most a request's body may hold, by method and path. Imports and simulation carry whole register files
 * (a school year for 2,000 pupils is about 25 MB of CSV); everything else is small.
 */
export function bodyLimitFor(method: string, path: string): number {
  if (path === "/api/auth/login") return SIGN_IN_LIMIT_BYTES;
  if (path.startsWith("/api/imports/") || path === "/api/simulate") return IMPORT_LIMIT_BYTES;
  if (path === "/api/calendar" && method === "POST") return TERM_DATES_LIMIT_BYTES;
  if (path === "/api/policies" && method === "POST") return POLICY_LIMIT_BYTES;
  return JSON_LIMIT_BYTES;
}

function describe(bytes: number): string {
  return bytes >= MB ? `${bytes / MB} MB` : `${bytes / KB} KB`;
}

const limiters = new Map<number, MiddlewareHandler<AppEnv>>();
function limiter(maxSize: number): MiddlewareHandler<AppEnv> {
  let l = limiters.get(maxSize);
  if (!l) {
    // Connection: close, so the rest of a body too large to read is not read and thrown away either.
    l = bodyLimit({ maxSize, onError: (c) => c.json({ message: `The request is larger than ${describe(maxSize)}; nothing was read or changed.` }, 413, { Connection: "close" }) });
    limiters.set(maxSize, l);
  }
  return l;
}

/**
 * A body limit on every API route (`bodyLimitFor`): over it, 413 with a short message. A declared
 * Content-Length over the limit is refused before a byte of the body is read; a body without one is counted as
 * it arrives and refused as soon as it passes the limit.
 */
export function bodyLimits(): MiddlewareHandler<AppEnv> {
  return (c, next) => limiter(bodyLimitFor(c.req.method, c.req.path))(c, next);
}

/** Answers that may be kept by a browser or proxy: the API description and the printable stylesheet (no data). */
const CACHEABLE = new Set(["/api/openapi.json", "/api/print.css"]);

/**
 * `Cache-Control: no-store` on every API answer but the two above: they carry pupils' names, attendance and
 * safeguarding flags, which must not stay in a browser's or a proxy's cache.
 */
export function noStore(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    if (!CACHEABLE.has(c.req.path)) c.header("Cache-Control", "no-store");
  };
}

/** True for a real calendar date written YYYY-MM-DD (not 2026-02-30, not 0000-00-00; years 1000 to 9999). */
export function isCalendarDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1000 || mo < 1 || mo > 12 || d < 1) return false;
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

const DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Problems with the free text and dates inside a request's value (an event's payload): text longer than
 * MAX_TEXT_CHARS characters, and anything written as a date (YYYY-MM-DD) that is not a real calendar date.
 * Each is named by its field (`payload.text`); nothing of the value is quoted back.
 */
export function textAndDateProblems(value: unknown, field: string): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  const walk = (v: unknown, at: string, depth: number): void => {
    if (problems.length >= 100) return;
    if (typeof v === "string") {
      if (v.length > MAX_TEXT_CHARS) problems.push({ field: at, message: `at most ${MAX_TEXT_CHARS.toLocaleString("en-GB")} characters (this has ${v.length.toLocaleString("en-GB")})` });
      else if (DATE_SHAPE.test(v) && !isCalendarDate(v)) problems.push({ field: at, message: "not a real date (YYYY-MM-DD)" });
    } else if (depth > 20) {
      problems.push({ field: at, message: "nested too deeply" });
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => walk(item, `${at}.${i}`, depth + 1));
    } else if (v !== null && typeof v === "object") {
      for (const [k, item] of Object.entries(v)) walk(item, `${at}.${k}`, depth + 1);
    }
  };
  walk(value, field, 0);
  return problems;
}
