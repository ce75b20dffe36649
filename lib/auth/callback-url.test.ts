// What next-auth would answer with a 500 is cleaned before it sees it; what it accepts is left alone.
import { describe, expect, it } from "vitest";
import { callbackUrlForNextAuth, cleanCallbackUrlCookies } from "@/lib/auth/callback-url";

const ORIGIN = "https://app.example.com";

describe("a callbackUrl for next-auth", () => {
  it.each(["/dashboard", "/dashboard/posts?x=1#y", "https://app.example.com/dashboard", "https://evil.example/"])(
    "keeps %j, which next-auth accepts (its redirect callback keeps it on this site)",
    (value) => {
      expect(callbackUrlForNextAuth(value, ORIGIN)).toBe(value);
    },
  );

  it.each([
    ["dashboard", "/dashboard"],
    ["dashboard/posts?x=1", "/dashboard/posts?x=1"],
    ["./settings", "/settings"],
  ])("turns the relative %j, which next-auth refuses, into the path it points to", (value, path) => {
    expect(callbackUrlForNextAuth(value, ORIGIN)).toBe(path);
  });

  it.each(["javascript:alert(1)", "data:text/html,x", "mailto:a@example.com", "ftp://example.com/"])("drops %j, which points nowhere on this site", (value) => {
    expect(callbackUrlForNextAuth(value, ORIGIN)).toBeUndefined();
  });
});

describe("the callback-url cookies", () => {
  it("are left alone when next-auth accepts them, or absent", () => {
    expect(cleanCallbackUrlCookies(null, ORIGIN)).toBeUndefined();
    expect(cleanCallbackUrlCookies("theme=dark", ORIGIN)).toBeUndefined();
    expect(cleanCallbackUrlCookies("next-auth.callback-url=https%3A%2F%2Fapp.example.com%2Fdashboard; a=b", ORIGIN)).toBeUndefined();
  });

  it("are rewritten to the path they point to, under both names, the other cookies kept", () => {
    expect(cleanCallbackUrlCookies("a=b; next-auth.callback-url=dashboard; __Secure-next-auth.callback-url=%64ashboard; c=d", ORIGIN)).toEqual({
      header: "a=b; next-auth.callback-url=%2Fdashboard; __Secure-next-auth.callback-url=%2Fdashboard; c=d",
      cleaned: [
        { name: "next-auth.callback-url", value: "/dashboard" },
        { name: "__Secure-next-auth.callback-url", value: "/dashboard" },
      ],
    });
  });

  it("are dropped when they point nowhere on this site, quoted or not", () => {
    expect(cleanCallbackUrlCookies('next-auth.callback-url="javascript:alert(1)"; a=b', ORIGIN)).toEqual({
      header: "a=b",
      cleaned: [{ name: "next-auth.callback-url", value: undefined }],
    });
  });

  it("judges every copy of a repeated cookie", () => {
    expect(cleanCallbackUrlCookies("next-auth.callback-url=/ok; next-auth.callback-url=x", ORIGIN)?.header).toBe(
      "next-auth.callback-url=/ok; next-auth.callback-url=%2Fx",
    );
  });
});
