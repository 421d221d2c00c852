/**
 * The address a sign-in came from, for the back-off (server/auth/throttle.ts).
 *
 * Behind a reverse proxy (docs/deployment.md asks for one before anyone reaches Rollcall over a network) every
 * connection comes from the proxy, so the whole school would share one address: a hundred failed sign-ins
 * anywhere would hold every colleague back. The proxies named in `ROLLCALL_TRUSTED_PROXIES` are therefore
 * believed about who they forward for: when the connection comes from one of them, the address is the right-most
 * entry of `X-Forwarded-For` that is not itself a trusted proxy (each proxy appends the address it was reached
 * from; entries further left are whatever the client sent, and anyone can send anything). From any other peer,
 * and by default (no trusted proxies), the header is ignored: a client cannot choose its own address.
 */
import { isIP } from "node:net";

/** `::ffff:192.0.2.1` (IPv4 seen on an IPv6 socket) as `192.0.2.1`; other addresses as they are, in lower case. */
export function plainAddress(address: string): string {
  const a = address.trim().toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  return mapped ? mapped[1]! : a;
}

/**
 * The client's address: `peer` (the connection's remote address), or, when `peer` is one of `trustedProxies`,
 * the right-most address in `forwardedFor` that is not a trusted proxy. An entry that is not an IP address ends
 * the search with `peer`, so a malformed header never yields an address of its own.
 */
export function clientAddress(peer: string, forwardedFor: string | undefined, trustedProxies: readonly string[]): string {
  const trusted = new Set(trustedProxies.map(plainAddress));
  let address = plainAddress(peer);
  if (!trusted.has(address) || !forwardedFor) return address;
  const hops = forwardedFor.split(",").map(plainAddress);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!;
    if (isIP(hop) === 0) return plainAddress(peer);
    address = hop;
    if (!trusted.has(hop)) return hop;
  }
  // Every hop a trusted proxy: the left-most is as far as anyone can tell.
  return address;
}
