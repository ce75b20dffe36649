import { describe, expect, it } from "vitest";
import { clientIp, clientIpHeader, CONNECTION_ADDRESS_HEADER } from "@/lib/client-ip";

const from = (headers: Record<string, string>, header = CONNECTION_ADDRESS_HEADER) => clientIp(new Request("http://localhost/", { headers }), header);

describe("clientIp", () => {
  it("reads the connection's address by default, wherever else a client claims to be", () => {
    expect(clientIpHeader({})).toBe(CONNECTION_ADDRESS_HEADER);
    expect(from({ [CONNECTION_ADDRESS_HEADER]: "198.51.100.7", "x-forwarded-for": "1.2.3.4", "x-real-ip": "5.6.7.8" })).toBe("198.51.100.7");
    expect(from({ "x-forwarded-for": "1.2.3.4", "x-real-ip": "5.6.7.8" })).toBe("unknown");
  });

  it("reads Vercel's header on Vercel, and the configured header when there is one", () => {
    expect(clientIpHeader({ VERCEL: "1" })).toBe("x-vercel-forwarded-for");
    expect(clientIpHeader({ VERCEL: "1", CLIENT_IP_HEADER: "x-real-ip" })).toBe("x-real-ip");
    expect(from({ "x-real-ip": "198.51.100.8", [CONNECTION_ADDRESS_HEADER]: "10.0.0.1" }, "x-real-ip")).toBe("198.51.100.8");
  });

  it.each([
    // A proxy that appends: whatever the client put on the left, the proxy's own entry is the last one.
    ["1.2.3.4, 10.0.0.1, 198.51.100.7", "198.51.100.7"],
    ["::ffff:127.0.0.1", "127.0.0.1"],
    // Anything that is no address shares one count, however long: no header makes a key of its own.
    ["not-an-address", "unknown"],
    ["9".repeat(10_000), "unknown"],
    ["", "unknown"],
  ])("x-forwarded-for: %s → %s, when configured", (value, expected) => {
    expect(from({ "x-forwarded-for": value }, "x-forwarded-for")).toBe(expected);
  });

  it("counts an IPv6 client by its /64, however the address is written", () => {
    const prefixes = ["2001:db8:aa:bb::1", "2001:DB8:AA:BB:ffff:ffff:ffff:ffff", "2001:0db8:00aa:00bb:1:2:3:4"].map((address) =>
      from({ [CONNECTION_ADDRESS_HEADER]: address }),
    );
    expect(new Set(prefixes)).toEqual(new Set(["2001:db8:aa:bb::/64"]));
    expect(from({ [CONNECTION_ADDRESS_HEADER]: "2001:db8:aa:bc::1" })).toBe("2001:db8:aa:bc::/64");
    expect(from({ [CONNECTION_ADDRESS_HEADER]: "::1" })).toBe("0:0:0:0::/64");
  });
});
