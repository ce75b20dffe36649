import { describe, expect, it } from "vitest";
import { localRedirectPath } from "@/lib/redirect-target";

const ORIGIN = "https://app.example.com";

describe("where a redirect target may lead", () => {
  it.each([
    ["/dashboard", "/dashboard"],
    ["/dashboard/settings?tab=1#name", "/dashboard/settings?tab=1#name"],
    ["https://app.example.com/dashboard?x=1", "/dashboard?x=1"],
    ["dashboard", "/dashboard"],
    ["/dashboard/../pricing", "/pricing"],
    ["/d\u00e9j\u00e0", "/d%C3%A9j%C3%A0"],
    ["/\u3000/evil.example", "/%E3%80%80/evil.example"],
    ["/\u2028/evil.example", "/%E2%80%A8/evil.example"],
    ["/x\u0000y", "/x%00y"],
    ["/dashboard/%E0%A4%A", "/dashboard/%E0%A4%A"],
    ["/%2f/evil.example", "/%2f/evil.example"],
    ["https:evil.example", "/evil.example"],
  ])("keeps %j on this site as %j", (value, path) => {
    expect(localRedirectPath(value, ORIGIN)).toBe(path);
  });

  it.each([
    "https://evil.example",
    "http://app.example.com/dashboard",
    "http:evil.example",
    "https://app.example.com.evil.example/",
    "https://app.example.com@evil.example/",
    "//evil.example",
    " //evil.example",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "\\/evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "\t//evil.example",
    "\u0000//evil.example",
    "/.//evil.example",
    "/x/..//evil.example",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "https://[::1",
    "http://%zz",
    "",
    undefined,
    null,
    42,
    ["/dashboard", "//evil.example"],
  ])("never leads off-site, nor throws: %j", (value) => {
    expect(localRedirectPath(value, ORIGIN)).toBeNull();
  });

  it("refuses everything when the origin itself is not a URL", () => {
    expect(localRedirectPath("/dashboard", "not a url")).toBeNull();
  });
});
