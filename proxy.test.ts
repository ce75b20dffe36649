import { unstable_doesMiddlewareMatch } from "next/experimental/testing/server";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { config, proxy } from "@/proxy";

const matches = (url: string) => unstable_doesMiddlewareMatch({ config, url });

describe("which requests the proxy sees", () => {
  it.each([
    "/",
    "/pricing",
    "/dashboard/posts/x",
    "/api/v1/me",
    "/api/v1/posts/x.png",
    "/api/v1/posts/x.JPG",
    "/x.png",
    "/x.svg",
    "/a/b.webp",
    "/favicon.ico",
    "/robots.txt",
    "/_next/foo",
    "/api/v1/posts/%zz",
  ])("%s: every route, whatever its extension", (path) => {
    expect(matches(path)).toBe(true);
  });

  it.each(["/_next/static/chunks/app.js", "/_next/static/media/font.woff2", "/_next/image?url=%2Fx.png&w=64&q=75"])(
    "%s: not the build's static files",
    (path) => {
      expect(matches(path)).toBe(false);
    },
  );
});

describe("what the proxy answers", () => {
  it("gives every response a request id, replacing a malformed one and keeping a well-formed one", () => {
    const forged = proxy(new NextRequest("http://localhost/api/v1/me", { headers: { "x-request-id": "<script>alert(1)</script>" } }));
    expect(forged.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const upstream = proxy(new NextRequest("http://localhost/api/v1/me", { headers: { "x-request-id": "lb-1234567890" } }));
    expect(upstream.headers.get("x-request-id")).toBe("lb-1234567890");
  });

  it.each(["/api/v1/posts/%zz", "/api/v1/posts/%E0%A4%A", "/api/v1/%", "/api/v1/posts/a%2"])("answers %s with 400 in the API's error shape", async (path) => {
    const response = proxy(new NextRequest(`http://localhost${path}`));
    expect(response.status).toBe(400);
    expect(response.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(response.headers.get("x-request-id")).toBeTruthy();
    expect(await response.json()).toMatchObject({ error: { code: "invalid_request", message: expect.stringContaining("percent-escape") } });
  });

  it.each(["/dashboard/posts/%zz", "/%E0%A4%A", "/pricing%ff"])("answers the page %s with a plain 400", async (path) => {
    const response = proxy(new NextRequest(`http://localhost${path}`));
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(response.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(await response.text()).toContain("percent-escape");
  });

  it.each(["/api/v1/posts/%00", "/d%C3%A9j%C3%A0", "/api/v1/posts/%25zz"])("lets %s through: well-formed escapes are the route's to judge", (path) => {
    expect(proxy(new NextRequest(`http://localhost${path}`)).status).toBe(200);
  });

  it("answers Next.js's own error page, which renders with a 500, with a 404", () => {
    expect(proxy(new NextRequest("http://localhost/_global-error")).status).toBe(404);
  });
});
