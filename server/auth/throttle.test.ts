import { describe, expect, it } from "vitest";
import { FREE_FAILURES, LoginThrottle, loginKeys } from "./throttle.ts";

const all = (k: ReturnType<typeof loginKeys>) => [k.pair, k.address, k.user];

describe("sign-in back-off", () => {
  it("blocks a username from one address after 5 failures, for a time that doubles with each further failure", () => {
    let now = 0;
    const t = new LoginThrottle(() => now);
    const keys = all(loginKeys("Officer", "10.0.0.1"));
    for (let i = 0; i < FREE_FAILURES.pair; i++) t.failed(keys);
    expect(t.retryAfter(keys)).toBe(0);
    t.failed(keys);
    expect(t.retryAfter(keys)).toBe(2000);
    t.failed(keys);
    expect(t.retryAfter(keys)).toBe(4000);
    now += 4000;
    expect(t.retryAfter(keys)).toBe(0);
  });

  it("does not lock other users out of a shared address: 20 failures for one user leave the next user free", () => {
    const t = new LoginThrottle(() => 0);
    const a = all(loginKeys("teacher.a", "10.0.0.1"));
    for (let i = 0; i < 20; i++) t.failed(a);
    expect(t.retryAfter(a)).toBeGreaterThan(0);
    expect(t.retryAfter(all(loginKeys("teacher.b", "10.0.0.1")))).toBe(0);
    // the same user from another address is not blocked either: the pair is
    expect(t.retryAfter(all(loginKeys("teacher.a", "10.0.0.2")))).toBe(0);
  });

  it("blocks an address past its much higher ceiling, whatever the username; a success clears only the user's keys", () => {
    const t = new LoginThrottle(() => 0);
    for (let i = 0; i < FREE_FAILURES.address; i++) t.failed(all(loginKeys(`u${i}`, "10.0.0.1")));
    expect(t.retryAfter(all(loginKeys("fresh", "10.0.0.1")))).toBe(0);
    t.failed(all(loginKeys("x", "10.0.0.1")));
    expect(t.retryAfter(all(loginKeys("y", "10.0.0.1")))).toBeGreaterThan(0);
    const x = loginKeys("x", "10.0.0.1");
    t.succeeded([x.pair, x.user]);
    expect(t.retryAfter([x.address])).toBeGreaterThan(0);
    expect(t.retryAfter(all(loginKeys("y", "10.0.0.9")))).toBe(0);
  });

  it("blocks a username guessed from many addresses past its own ceiling", () => {
    const t = new LoginThrottle(() => 0);
    for (let i = 0; i < FREE_FAILURES.user; i++) t.failed(all(loginKeys("lead", `10.0.${i}.1`)));
    expect(t.retryAfter(all(loginKeys("lead", "10.9.9.9")))).toBe(0);
    t.failed(all(loginKeys("lead", "10.9.9.8")));
    expect(t.retryAfter(all(loginKeys("lead", "10.9.9.9")))).toBeGreaterThan(0);
    expect(t.retryAfter(all(loginKeys("officer", "10.9.9.9")))).toBe(0);
  });

  it("forgets failures older than 15 minutes", () => {
    let now = 0;
    const t = new LoginThrottle(() => now);
    const keys = all(loginKeys("a", "10.0.0.1"));
    for (let i = 0; i < FREE_FAILURES.pair; i++) t.failed(keys);
    now += 16 * 60 * 1000;
    t.failed(keys);
    expect(t.retryAfter(keys)).toBe(0);
  });
});
