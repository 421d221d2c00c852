import { describe, expect, it } from "vitest";
import { FREE_FAILURES, LoginThrottle } from "./throttle.ts";

describe("sign-in back-off", () => {
  it("blocks a username after 5 failures, for a time that doubles with each further failure", () => {
    let now = 0;
    const t = new LoginThrottle(() => now);
    const keys = ["user:officer"];
    for (let i = 0; i < FREE_FAILURES.user; i++) t.failed(keys);
    expect(t.retryAfter(keys)).toBe(0);
    t.failed(keys);
    expect(t.retryAfter(keys)).toBe(2000);
    t.failed(keys);
    expect(t.retryAfter(keys)).toBe(4000);
    now += 4000;
    expect(t.retryAfter(keys)).toBe(0);
  });

  it("allows an address 20 failures (staff share one), and a success clears only the username", () => {
    const t = new LoginThrottle(() => 0);
    for (let i = 0; i < FREE_FAILURES.address; i++) t.failed([`user:u${i}`, "address:10.0.0.1"]);
    expect(t.retryAfter(["address:10.0.0.1"])).toBe(0);
    t.failed(["user:x", "address:10.0.0.1"]);
    expect(t.retryAfter(["user:y", "address:10.0.0.1"])).toBeGreaterThan(0);
    t.succeeded(["user:x"]);
    expect(t.retryAfter(["address:10.0.0.1"])).toBeGreaterThan(0);
  });

  it("forgets failures older than 15 minutes", () => {
    let now = 0;
    const t = new LoginThrottle(() => now);
    for (let i = 0; i < FREE_FAILURES.user; i++) t.failed(["user:a"]);
    now += 16 * 60 * 1000;
    t.failed(["user:a"]);
    expect(t.retryAfter(["user:a"])).toBe(0);
  });
});
