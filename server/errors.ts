import type { Context } from "hono";

/** One problem with a request, named by its line (for files) and field. */
export interface RequestProblem {
  readonly line?: number;
  readonly field: string;
  readonly message: string;
}

/** At most this many problems go back in one answer; the rest are counted (`moreErrors`). */
export const MAX_PROBLEMS = 1_000;
/** A value quoted back to the sender is cut to this many characters. */
export const MAX_QUOTED_CHARS = 100;
/** A problem's message and field are cut to this many characters (a message may quote a value). */
const MAX_MESSAGE_CHARS = 300;
const MAX_FIELD_CHARS = 100;

/** `text` cut to `max` characters, with "…" when it was longer: for any value an answer quotes back. */
export function clip(text: string, max: number = MAX_QUOTED_CHARS): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** A value the sender sent, ready to quote in a message: at most MAX_QUOTED_CHARS characters. */
export function quote(value: unknown): string {
  return clip(typeof value === "string" ? value : String(value));
}

/**
 * A list of problems as it goes back to the sender: the first MAX_PROBLEMS, each field and message cut short so
 * nothing large the sender sent is echoed back, and how many more there were. Every 422 goes through here.
 */
export function cappedProblems(errors: readonly RequestProblem[]): { errors: RequestProblem[]; moreErrors?: number } {
  const kept = errors.slice(0, MAX_PROBLEMS).map((e) => ({
    ...(e.line !== undefined ? { line: e.line } : {}),
    field: clip(String(e.field), MAX_FIELD_CHARS),
    message: clip(String(e.message), MAX_MESSAGE_CHARS),
  }));
  return errors.length > MAX_PROBLEMS ? { errors: kept, moreErrors: errors.length - MAX_PROBLEMS } : { errors: kept };
}

/** 422: the request is understood but cannot be carried out as it is; `errors` names each problem (capped). */
export function unprocessable(c: Context, errors: readonly RequestProblem[], message = "The request has problems; nothing was changed.") {
  return c.json({ message, ...cappedProblems(errors) }, 422);
}

/** No If-Match header on a write to a case (428). */
export const IF_MATCH_MISSING = "Send the case's revision in an If-Match header.";

/**
 * The case revision an If-Match header names (`7`, `"7"` or `W/"7"`), or the 428 message when it names none
 * (absent, empty, `""`, or not a whole number).
 */
export function revisionFromIfMatch(ifMatch: string | undefined): { revision: number } | { refused: string } {
  if (ifMatch === undefined) return { refused: IF_MATCH_MISSING };
  const bare = ifMatch.trim().replace(/^W\//, "").replace(/^"(.*)"$/, "$1").trim();
  if (bare === "") return { refused: IF_MATCH_MISSING };
  return /^\d{1,15}$/.test(bare) ? { revision: Number(bare) } : { refused: "If-Match must be the case's revision number." };
}
