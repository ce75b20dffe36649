// The client's address, for limits counted per client (sign-in emails, failed API authentications).
// A header a client sends is never trusted by itself: anyone reaching the server directly could
// claim any address, and so any number of them. The address comes from, in this order:
// - CLIENT_IP_HEADER, when set: the header your proxy sets (`x-real-ip` behind nginx,
//   `x-forwarded-for` when the proxy appends to it — its last entry is what the proxy saw). Set it
//   only when every request reaches the server through that proxy;
// - on Vercel (VERCEL=1), `x-vercel-forwarded-for`, which Vercel's edge sets to the client's
//   address, overwriting whatever the client sent;
// - otherwise the TCP connection's peer: `next start`'s HTTP server writes it on the request
//   (lib/security/request-guard.ts), replacing a client's header of the same name.
// Anything that is not an IP address counts as "unknown", so no header can make a key of its own.
// IPv6 clients are counted by their /64: one host usually holds the whole prefix.
import { isIP, isIPv6 } from "node:net";
import { getServerEnv } from "@/lib/env";

/** Where the HTTP server writes the connection's peer address (a client's own is replaced). */
export const CONNECTION_ADDRESS_HEADER = "x-starter-connection-address";
const VERCEL_CLIENT_IP_HEADER = "x-vercel-forwarded-for";

/** The header the client's address is read from, as configured for this deployment. */
export function clientIpHeader(env: { CLIENT_IP_HEADER?: string; VERCEL?: string } = { ...getServerEnv(), VERCEL: process.env.VERCEL }): string {
  if (env.CLIENT_IP_HEADER) return env.CLIENT_IP_HEADER;
  return env.VERCEL === "1" ? VERCEL_CLIENT_IP_HEADER : CONNECTION_ADDRESS_HEADER;
}

export function clientIp(request: Request, header = clientIpHeader()): string {
  const address =
    request.headers
      .get(header)
      ?.split(",")
      .at(-1)
      ?.trim()
      .replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "") ?? "";
  if (!isIP(address)) return "unknown";
  return isIPv6(address) ? ipv6Prefix(address) : address;
}

/** The first four groups of an IPv6 address (its /64), expanded: `2001:db8::1` → `2001:db8:0:0::/64`. */
function ipv6Prefix(address: string): string {
  const [head = "", tail = ""] = address.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = address.includes("::") ? [...left, ...Array(8 - left.length - right.length).fill("0"), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((group) => group.toLowerCase().replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}
