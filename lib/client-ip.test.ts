import { describe, expect, it } from "vitest";
import { clientIp } from "@/lib/client-ip";

const from = (headers: Record<string, string>) => clientIp(new Request("http://localhost/", { headers }));

describe("clientIp", () => {
  it.each([
    [{ "x-forwarded-for": "198.51.100.7" }, "198.51.100.7"],
    // Whatever the client put on the left, the proxy's own entry is the last one.
    [{ "x-forwarded-for": "1.2.3.4, 10.0.0.1, 198.51.100.7" }, "198.51.100.7"],
    [{ "x-forwarded-for": "::ffff:127.0.0.1" }, "127.0.0.1"],
    [{ "x-real-ip": "198.51.100.8" }, "198.51.100.8"],
    [{}, "unknown"],
  ])("%j → %s", (headers, expected) => {
    expect(from(headers)).toBe(expected);
  });

  it("counts an IPv6 client by its /64, however the address is written", () => {
    const prefixes = ["2001:db8:aa:bb::1", "2001:DB8:AA:BB:ffff:ffff:ffff:ffff", "2001:0db8:00aa:00bb:1:2:3:4"].map((address) =>
      from({ "x-forwarded-for": address }),
    );
    expect(new Set(prefixes)).toEqual(new Set(["2001:db8:aa:bb::/64"]));
    expect(from({ "x-forwarded-for": "2001:db8:aa:bc::1" })).toBe("2001:db8:aa:bc::/64");
    expect(from({ "x-forwarded-for": "::1" })).toBe("0:0:0:0::/64");
  });
});
