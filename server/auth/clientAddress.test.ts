import { describe, expect, it } from "vitest";
import { clientAddress, plainAddress } from "./clientAddress.ts";

const PROXY = "10.0.0.2";

describe("the address a sign-in came from", () => {
  it("ignores X-Forwarded-For by default, and from a peer that is not a trusted proxy", () => {
    expect(clientAddress("198.51.100.7", "203.0.113.5", [])).toBe("198.51.100.7");
    expect(clientAddress("198.51.100.7", "203.0.113.5", [PROXY])).toBe("198.51.100.7");
  });

  it("behind a trusted proxy, is the right-most forwarded address that is not a trusted proxy", () => {
    expect(clientAddress(PROXY, "203.0.113.5", [PROXY])).toBe("203.0.113.5");
    // What the client sent is on the left; the proxy appended the address it was reached from.
    expect(clientAddress(PROXY, "192.0.2.99, 203.0.113.5", [PROXY])).toBe("203.0.113.5");
    // Two proxies in a row, both trusted.
    expect(clientAddress(PROXY, "192.0.2.99, 203.0.113.5, 10.0.0.1", [PROXY, "10.0.0.1"])).toBe("203.0.113.5");
    // Every hop trusted: the left-most.
    expect(clientAddress(PROXY, "10.0.0.1", [PROXY, "10.0.0.1"])).toBe("10.0.0.1");
  });

  it("falls back to the proxy's own address when the header is missing or malformed", () => {
    expect(clientAddress(PROXY, undefined, [PROXY])).toBe(PROXY);
    expect(clientAddress(PROXY, "", [PROXY])).toBe(PROXY);
    expect(clientAddress(PROXY, "203.0.113.5, not-an-address", [PROXY])).toBe(PROXY);
    expect(clientAddress(PROXY, "x".repeat(10_000), [PROXY])).toBe(PROXY);
  });

  it("reads IPv4 seen on an IPv6 socket as IPv4, and IPv6 as it is", () => {
    expect(plainAddress("::ffff:127.0.0.1")).toBe("127.0.0.1");
    expect(clientAddress("::ffff:10.0.0.2", "2001:DB8::5", [PROXY])).toBe("2001:db8::5");
  });
});
