import { unstable_doesMiddlewareMatch } from "next/experimental/testing/server";
import { NextRequest, type NextResponse } from "next/server";
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

  it("names the request id in Server-Timing too, where a page's script can read it (the error pages show it)", () => {
    const page = proxy(new NextRequest("http://localhost/dashboard", { headers: { "x-request-id": "lb-1234567890" } }));
    expect(page.headers.get("server-timing")).toBe('request-id;desc="lb-1234567890"');
    const redirected = proxy(new NextRequest("http://localhost/dashboard/posts"));
    expect(redirected.headers.get("server-timing")).toBe(`request-id;desc="${redirected.headers.get("x-request-id")}"`);
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

describe("posts to a page from elsewhere", () => {
  const post = (path: string, headers: Record<string, string>) => proxy(new NextRequest(`http://app.example.com${path}`, { method: "POST", headers }));

  it.each(["garbage", "null", "http://[::1", "https://evil.example", "http://app.example.com.evil.example", "a:b"])(
    "answer 403 when the Origin is %j (Next.js would answer a server action with a 500)",
    async (origin) => {
      const response = post("/dashboard/posts", { origin, host: "app.example.com", "next-action": "7f00" });
      expect(response.status).toBe(403);
      expect(response.headers.get("x-request-id")).toBeTruthy();
      expect(await response.text()).toContain("accept posts from this site only");
    },
  );

  it("pass from this host, by Host or by the X-Forwarded-Host a proxy in front sets, and without an Origin", () => {
    expect(post("/pricing", { origin: "http://app.example.com", host: "app.example.com" }).status).toBe(200);
    expect(post("/pricing", { origin: "https://app.example.com", host: "10.0.0.1:3000", "x-forwarded-host": "app.example.com, lb" }).status).toBe(200);
    expect(post("/pricing", { host: "app.example.com" }).status).toBe(200);
  });

  it("leave the API's posts to the API (API keys carry no ambient authority)", () => {
    expect(post("/api/v1/posts", { origin: "garbage", host: "app.example.com" }).status).toBe(200);
  });
});

describe("a callback-url cookie next-auth would answer with a 500", () => {
  it.each(["next-auth.callback-url", "__Secure-next-auth.callback-url"])("is cleaned for the request and in the browser (%s)", (name) => {
    const response = proxy(new NextRequest("http://localhost/sign-in", { headers: { cookie: `a=b; ${name}=dashboard` } }));
    expect(response.headers.get("x-middleware-request-cookie")).toBe(`a=b; ${name}=%2Fdashboard`);
    const setCookie = response.headers.get("set-cookie")!;
    expect(setCookie.startsWith(`${name}=%2Fdashboard;`)).toBe(true);
    expect(setCookie).toMatch(/Path=\/; .*HttpOnly; SameSite=lax/i);
    expect(/; Secure/i.test(setCookie)).toBe(name.startsWith("__Secure-"));
  });

  it("is removed when it points off the site", () => {
    const response = proxy(new NextRequest("http://localhost/", { headers: { cookie: "next-auth.callback-url=javascript%3Aalert(1)" } }));
    expect(response.headers.get("x-middleware-request-cookie")).toBe("");
    expect(response.headers.get("set-cookie")).toMatch(/^next-auth\.callback-url=; Path=\/; Max-Age=0/i);
  });

  it("is left alone when next-auth accepts it", () => {
    const response = proxy(new NextRequest("http://localhost/", { headers: { cookie: "next-auth.callback-url=http%3A%2F%2Flocalhost%2Fdashboard" } }));
    expect(response.headers.get("set-cookie")).toBeNull();
  });
});

describe("the organization last used", () => {
  const visit = (path: string, cookie?: string) => proxy(new NextRequest(`http://localhost${path}`, { headers: cookie ? { cookie } : {} })) as NextResponse;

  it("is remembered from an organization's dashboard page, for old links to land in", () => {
    expect(visit("/dashboard/acme/posts?page=2", "next-auth.session-token=t").cookies.get("last-organization")).toMatchObject({
      value: "acme",
      httpOnly: true,
      sameSite: "lax",
      path: "/",
    });
  });

  it("is not changed by the account's pages, old links, or other pages, nor set again when it is the same", () => {
    for (const path of ["/dashboard/account", "/dashboard/posts", "/dashboard", "/pricing", "/api/v1/me"]) {
      expect(visit(path, "next-auth.session-token=t").cookies.get("last-organization"), path).toBeUndefined();
    }
    expect(visit("/dashboard/acme", "next-auth.session-token=t; last-organization=acme").cookies.get("last-organization")).toBeUndefined();
  });

  it("is not changed by a form post or a server action to an organization's page: its page would be rendered again after it", () => {
    const post = (headers: Record<string, string>) =>
      proxy(
        new NextRequest("http://localhost/dashboard/other/posts", {
          method: "POST",
          headers: { cookie: "next-auth.session-token=t; last-organization=acme", ...headers },
        }),
      ) as NextResponse;
    // With script (React's call: Next-Action) and without (the form's own post).
    const withScript = { "next-action": "7f00", accept: "text/x-component" };
    const withoutScript = { "content-type": "multipart/form-data; boundary=x" };
    for (const headers of [withScript, withoutScript] as Record<string, string>[]) {
      const response = post(headers);
      expect(response.headers.get("x-middleware-next"), JSON.stringify(headers)).toBe("1");
      expect(response.cookies.get("last-organization"), JSON.stringify(headers)).toBeUndefined();
      // Nothing for Next.js to merge into the action's cookies either.
      expect(response.headers.get("x-middleware-set-cookie"), JSON.stringify(headers)).toBeNull();
    }
  });

  it("is not changed by a page the browser fetched ahead of a click", () => {
    for (const headers of [{ "sec-purpose": "prefetch" }, { purpose: "prefetch" }] as Record<string, string>[]) {
      const response = proxy(
        new NextRequest("http://localhost/dashboard/other", { headers: { cookie: "last-organization=acme", ...headers } }),
      ) as NextResponse;
      expect(response.cookies.get("last-organization"), JSON.stringify(headers)).toBeUndefined();
    }
  });
});
