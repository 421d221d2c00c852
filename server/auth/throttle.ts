/**
 * Sign-in back-off: after a few failures for a username (5) or from an address (20: a school's staff often share
 * one address), further attempts are refused (429) for a time that doubles with each failure, up to 15 minutes.
 * Keys are `user:<name>` or `address:<ip>`. In memory: one server process per school.
 */
export const FREE_FAILURES = { user: 5, address: 20 } as const;
const WINDOW_MS = 15 * 60 * 1000;
const MAX_BLOCK_MS = 15 * 60 * 1000;

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
      const free = key.startsWith("address:") ? FREE_FAILURES.address : FREE_FAILURES.user;
      const blockedUntil = failures > free ? t + Math.min(MAX_BLOCK_MS, 1000 * 2 ** (failures - free)) : 0;
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
