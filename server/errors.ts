import type { Context } from "hono";

/** One problem with a request, named by its line (for files) and field. */
export interface RequestProblem {
  readonly line?: number;
  readonly field: string;
  readonly message: string;
}

/** 422: the request is understood but cannot be carried out as it is; `errors` names each problem. */
export function unprocessable(c: Context, errors: readonly RequestProblem[], message = "The request has problems; nothing was changed.") {
  return c.json({ message, errors }, 422);
}

/** No If-Match header on a write to a case (428). */
export const IF_MATCH_MISSING = "Send the case's revision in an If-Match header.";

/** The case revision an If-Match header names (`7`, `"7"` or `W/"7"`), or the 428 message when it names none. */
export function revisionFromIfMatch(ifMatch: string | undefined): { revision: number } | { refused: string } {
  if (ifMatch === undefined) return { refused: IF_MATCH_MISSING };
  const revision = Number(ifMatch.replace(/^W\//, "").replace(/"/g, ""));
  return Number.isInteger(revision) ? { revision } : { refused: "If-Match must be the case's revision number." };
}
