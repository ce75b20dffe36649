import { describe, expect, it } from "vitest";
import { hasSessionCookie, isProtectedPath, signInPath } from "@/lib/auth/protected";

describe("what is protected", () => {
  it.each(["/dashboard", "/dashboard/settings", "/dashboard/api-keys/new"])("%s needs a signed-in user", (path) => {
    expect(isProtectedPath(path)).toBe(true);
  });

  it.each(["/", "/pricing", "/sign-in", "/dashboards", "/api/health"])("%s does not", (path) => {
    expect(isProtectedPath(path)).toBe(false);
  });

  it("recognises next-auth's session cookie over http and https", () => {
    expect(hasSessionCookie(new Map([["next-auth.session-token", "x"]]))).toBe(true);
    expect(hasSessionCookie(new Map([["__Secure-next-auth.session-token", "x"]]))).toBe(true);
    expect(hasSessionCookie(new Map([["next-auth.csrf-token", "x"]]))).toBe(false);
  });
});

describe("the way to sign-in", () => {
  it("carries the current path along, and leaves it out when it is where sign-in leads anyway", () => {
    expect(signInPath("/dashboard/settings?tab=1")).toBe("/sign-in?callbackUrl=%2Fdashboard%2Fsettings%3Ftab%3D1");
    expect(signInPath("/dashboard")).toBe("/sign-in");
    expect(signInPath()).toBe("/sign-in");
  });

  it("comes back without the query when the path is too long to carry in a redirect", () => {
    const long = `/dashboard/posts?${"a=1&".repeat(2000)}`;
    expect(signInPath(long)).toBe("/sign-in?callbackUrl=%2Fdashboard%2Fposts");
    expect(signInPath(`/dashboard?${"a=1&".repeat(2000)}`)).toBe("/sign-in");
    expect(signInPath(`/dashboard/${"x".repeat(3000)}`)).toBe("/sign-in");
    const ok = `/dashboard/posts?q=${"x".repeat(1000)}`;
    expect(signInPath(ok)).toBe(`/sign-in?${new URLSearchParams({ callbackUrl: ok })}`);
  });
});
