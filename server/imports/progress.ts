import { giveWay } from "../../db/eventLoop.ts";

export { giveWayIfDue } from "../../db/eventLoop.ts";

/**
 * Long work on the request loop (an import: parsing, checking, writing, every case advanced) gives the loop
 * back between pieces, so other requests are served meanwhile: a promise that settles on the loop's next turn
 * (after pending I/O), not in the same microtask queue. Work cut into small units calls `giveWayIfDue()`
 * (db/eventLoop.ts) between them instead, which yields only once a slice of time has run.
 */
export function yieldToLoop(): Promise<void> {
  return giveWay();
}

/**
 * A named point in an import where the kill tests stop the process as `kill -9` would
 * (test/server/importKill.test.ts). `ROLLCALL_KILL_AT=name:N` makes the Nth time the process passes `name`
 * send itself SIGKILL: no cleanup, no commit, nothing flushed. Without the variable (always, outside those
 * tests) this does nothing.
 */
export function killPoint(name: string): void {
  const spec = process.env.ROLLCALL_KILL_AT;
  if (!spec) return;
  const colon = spec.lastIndexOf(":");
  const at = colon < 0 ? spec : spec.slice(0, colon);
  if (at !== name) return;
  const n = colon < 0 ? 1 : Number(spec.slice(colon + 1));
  const count = (passes.get(name) ?? 0) + 1;
  passes.set(name, count);
  if (count >= n) process.kill(process.pid, "SIGKILL");
}

const passes = new Map<string, number>();
