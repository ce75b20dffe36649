import { describe, expect, it } from "vitest";
import { hasSessionCookie, isProtectedPath, safeCallbackUrl, signInPath } from "@/lib/auth/protected";

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

describe("where sign-in sends people back", () => {
  it("keeps paths on this site", () => {
    expect(safeCallbackUrl("/dashboard/settings?tab=1")).toBe("/dashboard/settings?tab=1");
    expect(signInPath("/dashboard/settings")).toBe("/sign-in?callbackUrl=%2Fdashboard%2Fsettings");
    expect(signInPath("/dashboard")).toBe("/sign-in");
  });

  it.each(["https://evil.example.com", "//evil.example.com", "/\\evil.example.com", "javascript:alert(1)", undefined, 42])(
    "never redirects off-site: %s",
    (value) => {
      expect(safeCallbackUrl(value)).toBe("/dashboard");
    },
  );
});
