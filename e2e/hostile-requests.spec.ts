// Hostile requests against the real server (`next start`), where the answers live in the HTTP server,
// Next.js or next-auth rather than in the app's own handlers: oversized bodies, next-auth's callback
// URLs, server actions from elsewhere, odd methods, the headers of Next.js's own answers. Whatever
// arrives answers 4xx (or what a well-formed request gets): never a 5xx.
import { PROTOTYPE_KEYS } from "../test/support/prototype-keys";
import { rawRequest } from "../test/support/raw-request";
import { expect, test } from "./fixtures";
import { userWithKeyAndSession } from "./support/database";

const MIB = 1024 * 1024;
const chunked = { "transfer-encoding": "chunked" };

test("bodies larger than their route accepts answer 413 in the route's shape before anything reads them, with or without a length", async ({ baseURL }) => {
  const { key } = await userWithKeyAndSession();
  const form = { "content-type": "application/x-www-form-urlencoded" };
  const json = { "content-type": "application/json" };
  for (const [path, headers, body] of [
    ["/api/auth/signin/email", form, `email=${"a".repeat(9 * MIB)}`],
    ["/api/auth/signin/email", { ...form, ...chunked }, `email=${"a".repeat(9 * 1024)}`],
    ["/api/auth/callback/email", form, "x".repeat(9 * 1024)],
    ["/api/stripe/webhook", { ...json, "stripe-signature": "t=1,v1=x" }, "x".repeat(10 * MIB)],
    ["/api/stripe/webhook", { ...json, ...chunked, "stripe-signature": "t=1,v1=x" }, "x".repeat(MIB + 1)],
    ["/api/v1/posts", { ...json, authorization: `Bearer ${key}` }, "x".repeat(64 * 1024 + 1)],
    ["/api/v1/posts", { ...json, ...chunked, authorization: `Bearer ${key}` }, "x".repeat(64 * 1024 + 1)],
  ] as const) {
    const what = `${path} ${"transfer-encoding" in headers ? "chunked" : "with a length"}, ${body.length} bytes`;
    const response = await rawRequest(baseURL!, path, headers, "POST", { body });
    expect(response.status, `${what}: ${response.body.slice(0, 200)}`).toBe(413);
    expect(JSON.parse(response.body), what).toMatchObject({
      error: { code: "payload_too_large", message: expect.stringContaining("the most this route accepts") },
    });
    expect(response.headers["x-request-id"], what).toMatch(/^[\w.:-]{8,}$/);
  }
  // A page's form post or server action: 1 MiB, answered in plain text.
  const page = await rawRequest(baseURL!, "/sign-in", { "content-type": "multipart/form-data; boundary=x" }, "POST", { body: "x".repeat(MIB + 1) });
  expect(page.status).toBe(413);
  expect(page.headers["content-type"]).toBe("text/plain; charset=utf-8");
  // The server is still there for everyone else.
  expect((await rawRequest(baseURL!, "/api/health/live")).status).toBe(200);
});

test("a chunked body within its route's limit reaches the route whole, never truncated", async ({ baseURL }) => {
  const { key } = await userWithKeyAndSession();
  const content = "é".repeat(20_000); // the longest content a post takes: 40,000 bytes of UTF-8
  const response = await rawRequest(baseURL!, "/api/v1/posts", { "content-type": "application/json", authorization: `Bearer ${key}`, ...chunked }, "POST", {
    body: JSON.stringify({ title: "chunked", content }),
  });
  expect(response.status, response.body.slice(0, 200)).toBe(201);
  expect(JSON.parse(response.body).content).toBe(content);
});

test("a callbackUrl next-auth refuses, in its query or its cookie, never makes a 500, and the cookie is cleaned in the browser", async ({ baseURL }) => {
  const { key } = await userWithKeyAndSession();
  for (const path of ["/api/auth/session", "/api/auth/csrf", "/api/auth/providers"]) {
    for (const callbackUrl of ["dashboard", "javascript:alert(1)", "dashboard/posts?x=1"]) {
      const response = await rawRequest(baseURL!, `${path}?callbackUrl=${encodeURIComponent(callbackUrl)}`);
      expect(response.status, `${path}?callbackUrl=${callbackUrl}: ${response.body.slice(0, 200)}`).toBe(200);
    }
  }
  // Signing in with one: the link's way back is the path it pointed to.
  const signIn = await rawRequest(baseURL!, "/api/auth/signin?callbackUrl=dashboard");
  expect(signIn.headers.location).not.toContain("error=");

  for (const name of ["next-auth.callback-url", "__Secure-next-auth.callback-url"]) {
    for (const path of ["/sign-in", "/api/auth/session", "/api/auth/csrf", "/api/v1/me"]) {
      const response = await rawRequest(baseURL!, path, { cookie: `${name}=dashboard`, authorization: `Bearer ${key}` });
      expect(response.status, `${name} on ${path}: ${response.body.slice(0, 200)}`).toBe(200);
      expect(response.headers["set-cookie"]?.join("\n"), `${name} on ${path}`).toContain(`${name}=%2Fdashboard`);
    }
  }
});

test("a server action or form post from another origin, or an Origin no one can parse, answers 403 before Next.js", async ({ baseURL }) => {
  const { cookie } = await userWithKeyAndSession();
  for (const path of ["/", "/sign-in", "/dashboard/posts"]) {
    for (const origin of ["garbage", "null", "http://[::1", "https://evil.example"]) {
      const response = await rawRequest(
        baseURL!,
        path,
        { cookie, origin, "next-action": "7f".padEnd(42, "0"), "content-type": "text/plain;charset=UTF-8" },
        "POST",
        { body: "[]" },
      );
      expect(response.status, `${path} from ${origin}: ${response.body.slice(0, 200)}`).toBe(403);
      expect(response.headers["x-content-type-options"]).toBe("nosniff");
    }
  }
  // From this site, an action that does not exist is Next.js's to answer, and it does with a 4xx.
  const own = await rawRequest(baseURL!, "/", { origin: baseURL!, "next-action": "7f".padEnd(42, "0"), "content-type": "text/plain;charset=UTF-8" }, "POST", {
    body: "[]",
  });
  expect(own.status).toBeGreaterThanOrEqual(400);
  expect(own.status).toBeLessThan(500);
});

test("a signed-in page writing through the API is recognised as this site by the public origin (NEXTAUTH_URL)", async ({ baseURL }) => {
  const { cookie } = await userWithKeyAndSession();
  const write = (origin: string) =>
    rawRequest(baseURL!, "/api/v1/posts", { cookie, origin, "content-type": "application/json" }, "POST", { body: JSON.stringify({ title: "from the page" }) });
  // A client without Sec-Fetch-Site, on the address NEXTAUTH_URL names (the e2e server's).
  expect((await write(new URL(baseURL!).origin)).status).toBe(201);
  expect((await write("https://evil.example")).status).toBe(403);
});

test("the API's answers are private and never stored; odd methods answer 405 with Allow in its error shape", async ({ baseURL }) => {
  const { key, cookie } = await userWithKeyAndSession();
  for (const headers of [{ authorization: `Bearer ${key}` }, { cookie }, {}] as Record<string, string>[]) {
    const response = await rawRequest(baseURL!, "/api/v1/me", headers);
    expect(response.headers["cache-control"], JSON.stringify(Object.keys(headers))).toBe("private, no-store");
  }
  for (const method of ["PROPFIND", "MKCOL", "SEARCH"]) {
    for (const path of ["/api/v1/posts", "/api/v1/me", "/api/health"]) {
      const response = await rawRequest(baseURL!, path, { authorization: `Bearer ${key}` }, method);
      expect(response.status, `${method} ${path}`).toBe(405);
      expect(response.headers.allow, `${method} ${path}`).toBe("GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
      expect(JSON.parse(response.body), `${method} ${path}`).toMatchObject({ error: { code: "method_not_allowed" } });
    }
  }
});

test("Next.js's own answers — a trailing-slash redirect, a .rsc 404 — carry the security headers and a request id", async ({ baseURL }) => {
  for (const path of ["/pricing/", "/dashboard/", "/api/v1/me/", "/sign-in/?x=1", "/pricing.rsc", "/.rsc", "/x.rsc"]) {
    const response = await rawRequest(baseURL!, path);
    expect(response.status, path).toBeLessThan(500);
    expect(response.headers["strict-transport-security"], path).toBe("max-age=63072000; includeSubDomains; preload");
    expect(response.headers["x-content-type-options"], path).toBe("nosniff");
    expect(response.headers["x-frame-options"], path).toBe("DENY");
    expect(response.headers["content-security-policy"], path).toContain("frame-ancestors 'none'");
    expect(response.headers["x-request-id"], path).toMatch(/^[\w.:-]{8,}$/);
  }
  expect((await rawRequest(baseURL!, "/pricing/")).status).toBe(308);
});

test("another user's post is a 404, not a page that says so with a 200", async ({ baseURL }) => {
  const me = await userWithKeyAndSession();
  const someoneElse = await userWithKeyAndSession();
  const mine = `/dashboard/${me.organizationSlug}/posts`;
  expect((await rawRequest(baseURL!, `${mine}/${me.postId}`, { cookie: me.cookie })).status).toBe(200);
  const theirs = await rawRequest(baseURL!, `${mine}/${someoneElse.postId}`, { cookie: me.cookie });
  expect(theirs.status).toBe(404);
  expect(theirs.body).toContain("Page not found");
  expect((await rawRequest(baseURL!, `${mine}/nothing-here`, { cookie: me.cookie })).status).toBe(404);
});

test("another organization's dashboard is a 404, exactly like a slug nobody has", async ({ baseURL }) => {
  const me = await userWithKeyAndSession();
  const someoneElse = await userWithKeyAndSession();
  expect((await rawRequest(baseURL!, `/dashboard/${me.organizationSlug}`, { cookie: me.cookie })).status).toBe(200);
  for (const path of [
    `/dashboard/${someoneElse.organizationSlug}`,
    `/dashboard/${someoneElse.organizationSlug}/posts/${someoneElse.postId}`,
    "/dashboard/nobody-has-it",
  ]) {
    const response = await rawRequest(baseURL!, path, { cookie: me.cookie });
    expect(response.status, path).toBe(404);
  }
});

test("the sign-in error page explains only the errors it knows: a key every object has is not one", async ({ baseURL }) => {
  for (const error of [...PROTOTYPE_KEYS, "prototype"]) {
    const response = await rawRequest(baseURL!, `/auth-error?error=${error}`);
    expect(response.status, error).toBe(200);
    expect(response.body, error).toContain("Something went wrong while signing you in.");
  }
});
