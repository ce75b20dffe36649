// The client's address, for limits counted per client (sign-in emails). The last entry of
// X-Forwarded-For is the one the nearest proxy saw: Vercel replaces the header with the client's
// address, proxies such as nginx (`$proxy_add_x_forwarded_for`) or a load balancer append it, and
// `next start` sets it when absent — entries further left are whatever the client sent, and are
// never trusted. IPv6 clients are counted by their /64: one host usually holds the whole prefix.
import { isIPv6 } from "node:net";

export function clientIp(request: Request): string {
  const forwarded = request.headers.get("x-forwarded-for")?.split(",").at(-1)?.trim();
  const address = forwarded || request.headers.get("x-real-ip")?.trim() || "unknown";
  return isIPv6(address) ? ipv6Prefix(address) : address.replace(/^::ffff:/i, "");
}

/** The first four groups of an IPv6 address (its /64), expanded: `2001:db8::1` → `2001:db8:0:0::/64`. */
function ipv6Prefix(address: string): string {
  if (/^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(address)) return address.slice(7); // an IPv4 client on a dual-stack socket
  const [head = "", tail = ""] = address.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = address.includes("::") ? [...left, ...Array(8 - left.length - right.length).fill("0"), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((group) => group.toLowerCase().replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}
