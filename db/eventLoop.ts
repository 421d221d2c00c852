/**
 * Long work on the request loop (an import: parsing, checking, register preparation, every case advanced)
 * gives the loop back by time, not by count: a fixed count of pupils or rows is a few milliseconds on a quiet
 * machine and hundreds on a busy one, and every request waiting meanwhile (a health check included) waits for
 * the whole piece. Such work calls `giveWayIfDue()` between small units; once about `SLICE_MS` of work has run
 * since the loop last had a turn, it yields with `setImmediate` (pending I/O, so other requests, runs first).
 *
 * The clock is shared by every caller in the process, and reset whenever any of them yields: two imports at once
 * still give way every slice between them. Never call it inside a write transaction where that would hold the
 * transaction open longer than needed.
 */

/** Milliseconds of synchronous work between turns of the loop. */
export const SLICE_MS = 8;

let lastTurn = performance.now();

/** True when work has run for a slice since the loop last had a turn. */
export function giveWayDue(): boolean {
  return performance.now() - lastTurn >= SLICE_MS;
}

/**
 * How long to pause, in milliseconds, when the work gives way (0: only a turn of the loop). Set by an import
 * worker (server/imports/worker.ts): there the loop has nothing else to run, and pausing is how the work leaves
 * the machine's cores to the server's request loop while it is busy serving reads.
 */
let pauseWhenGivingWay: (() => number) | null = null;

/** Sets (or, with null, clears) this thread's pause when giving way (see `pauseWhenGivingWay`). */
export function setGiveWayPause(pause: (() => number) | null): void {
  pauseWhenGivingWay = pause;
}

/** A promise that settles on the loop's next turn (after pending I/O), not in the same microtask queue. */
export function giveWay(): Promise<void> {
  const ms = pauseWhenGivingWay?.() ?? 0;
  return new Promise((resolve) => {
    const done = () => {
      lastTurn = performance.now();
      resolve();
    };
    if (ms > 0) setTimeout(done, ms);
    else setImmediate(done);
  });
}

/**
 * Yields to the loop when a slice of work has run since its last turn; otherwise settles at once. Use as
 * `await giveWayIfDue()` between units of work that each take well under a slice.
 */
export function giveWayIfDue(): Promise<void> | undefined {
  return giveWayDue() ? giveWay() : undefined;
}
