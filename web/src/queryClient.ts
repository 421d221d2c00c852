import { hashKey, type Query, QueryClient } from "@tanstack/react-query";
import { ApiError } from "./api/client.ts";

/**
 * The web app's server state lives in one TanStack Query cache. A query key names what was asked for and every
 * input of the request: its first element is one of these, and a pupil's keys all begin `["case", upn]`.
 *
 * - `["case", upn]` the case; `["case", upn, "attendance" | "history" | "celebrationExclusion"]` its other views
 * - `["caseload"]`, `["today"]`, `["dashboard"]`, `["celebrate", week, target]`, `["letter", id]`, `["audit", mayVerify]`
 * - `["users"]`, `["tokens"]`: the administrator's lists, which no pupil write changes
 */
export type Resource = "case" | "caseload" | "today" | "dashboard" | "celebrate" | "letter" | "audit" | "users" | "tokens";
export type LoadKey = readonly [Resource, ...(string | number | boolean | null | undefined)[]];

/** A 4xx is an answer (not found, not allowed, changed since): asking again gives the same. A lost connection or a 5xx may not. */
export const retryable = (failures: number, e: unknown) => failures < 1 && !(e instanceof ApiError && e.status >= 400 && e.status < 500);

export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // A pupil's case changes when someone records against it: a little while fresh, then asked again on the next visit.
        staleTime: 30_000,
        // Switching tabs back and forth during a meeting is not a reason to reload every query on the page.
        refetchOnWindowFocus: false,
        retry: retryable,
        // Say "could not reach the server" (the request's own error) rather than wait silently for the browser to be online.
        networkMode: "always",
      },
    },
  });
}

/** The one cache the app shares (main.tsx provides it; useLoad uses it directly, so a page renders without a provider). */
export const queryClient = makeQueryClient();

const ADMIN: readonly Resource[] = ["users", "tokens"];

/**
 * What a write seen through `key` may have changed besides `key` itself. A pupil's write (`["case", upn, …]`) changes
 * that pupil's keys and the lists drawn from every pupil, never another pupil's; a write whose pupil the key does not
 * name (a letter marked sent, an import, a task completed from Today) may have changed any pupil; the administrator's
 * users and tokens only each other.
 */
export function relatedTo(key: LoadKey): (query: Query) => boolean {
  const hash = hashKey(key);
  const [kind, upn] = key;
  return (query) => {
    const [otherKind, otherUpn] = query.queryKey as unknown as LoadKey;
    if (query.queryHash === hash) return false;
    if (ADMIN.includes(kind)) return ADMIN.includes(otherKind);
    if (ADMIN.includes(otherKind)) return false;
    if (kind === "case" && otherKind === "case") return otherUpn === upn;
    return true;
  };
}

/** Marks what a write through `key` may have changed stale: those on screen load again, the rest on their next visit. */
export const invalidateRelated = (key: LoadKey, client: QueryClient = queryClient) => client.invalidateQueries({ predicate: relatedTo(key) });

/**
 * For a write made outside useLoad (a task completed from Today or a case page): everything cached about the pupil is
 * stale, and what is on screen of it loads again (a case page gets the new revision); the lists drawn from every pupil
 * are stale for their next visit, but one on screen is not reloaded for each task (Today keeps its own record of what
 * was done and has a Refresh button).
 */
export const pupilWritten = (upn: string, client: QueryClient = queryClient) =>
  Promise.all([
    client.invalidateQueries({ queryKey: ["case", upn] }),
    client.invalidateQueries({ predicate: (q) => q.queryKey[0] !== "case" && relatedTo(["case", upn])(q), refetchType: "none" }),
  ]).then(() => undefined);
