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
