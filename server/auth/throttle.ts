/**
 * Sign-in back-off. Failures are counted for three keys, each with its own allowance before attempts are refused
 * (429) for a time that doubles with each further failure, up to 15 minutes:
 * - `pair:<address> <user>`, one username from one address: 5 free failures. This is the back-off a person
 *   guessing one account meets.
 * - `address:<ip>`, one address for all usernames: 100 free failures. A school's staff often share one address,
 *   so one mistyped or guessed account must not lock out the others; the ceiling stops one address from trying
 *   password after password across every account.
 * - `user:<name>`, one username from every address: 50 free failures, which slows a guess spread over many
 *   addresses and which a person mistyping never reaches.
 * A correct password clears its pair and user keys (not the address's). In memory: one server process per school.
 */
export const FREE_FAILURES = { pair: 5, address: 100, user: 50 } as const;
const WINDOW_MS = 15 * 60 * 1000;
const MAX_BLOCK_MS = 15 * 60 * 1000;

/** The keys a sign-in attempt is counted under. */
export function loginKeys(username: string, address: string): { pair: string; address: string; user: string } {
  const user = username.trim().toLowerCase();
  return { pair: `pair:${address} ${user}`, address: `address:${address}`, user: `user:${user}` };
}

function freeFailures(key: string): number {
  if (key.startsWith("address:")) return FREE_FAILURES.address;
  if (key.startsWith("user:")) return FREE_FAILURES.user;
  return FREE_FAILURES.pair;
}

interface Entry {
  failures: number;
  last: number;
  blockedUntil: number;
}

export class LoginThrottle {
  readonly #entries = new Map<string, Entry>();
  constructor(private readonly now: () => number = Date.now) {}

  /** Milliseconds to wait before another attempt for any of these keys, or 0. */
  retryAfter(keys: readonly string[]): number {
    const t = this.now();
    return Math.max(0, ...keys.map((k) => (this.#entries.get(k)?.blockedUntil ?? 0) - t));
  }

  failed(keys: readonly string[]): void {
    const t = this.now();
    for (const key of keys) {
      const e = this.#entries.get(key);
      const failures = e && t - e.last < WINDOW_MS ? e.failures + 1 : 1;
      const free = freeFailures(key);
      const blockedUntil = failures > free ? t + Math.min(MAX_BLOCK_MS, 1000 * 2 ** Math.min(failures - free, 20)) : 0;
      this.#entries.set(key, { failures, last: t, blockedUntil });
    }
    if (this.#entries.size > 10_000) {
      for (const [k, e] of this.#entries) if (t - e.last > WINDOW_MS) this.#entries.delete(k);
    }
  }

  succeeded(keys: readonly string[]): void {
    for (const key of keys) this.#entries.delete(key);
  }
}
