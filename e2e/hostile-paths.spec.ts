// Hostile paths against the real server (`next start`): the escapes an in-process call cannot
// send — `fetch` and `new URL` would reject or re-encode them — sent byte for byte over HTTP.
// Whatever arrives answers 4xx with the security headers and a request id: never a 5xx.
import { rawRequest } from "../test/support/raw-request";
import { expect, test } from "./fixtures";
import { userWithKeyAndSession } from "./support/database";

const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

const API_PATHS = [
  "/api/v1/posts/%zz",
  "/api/v1/posts/%E0%A4%A",
  "/api/v1/posts/%",
  "/api/v1/posts/%00",
  "/api/v1/posts/cm0%00x",
  "/api/v1/posts/%01",
  "/api/v1/posts/a%0Ab",
  "/api/v1/posts/%C3%A9",
  "/api/v1/posts/%FF",
  "/api/v1/posts/x.png",
  "/api/v1/%zz",
  "/api/v1/%zz/x.png",
  `/api/v1/posts?cursor=${cursor(["-271821-04-20T00:00:00.000Z", "x"])}`,
  `/api/v1/posts?cursor=${cursor(["0000-01-01T00:00:00.000Z", "x"])}`,
  `/api/v1/posts?cursor=${cursor(["2026-01-01T00:00:00.000Z", "\u0000"])}`,
  "/api/v1/posts?cursor=%zz",
];

const PAGE_PATHS = [
  "/dashboard/posts/%zz",
  "/dashboard/posts/%E0%A4%A",
  "/dashboard/posts/%00",
  "/dashboard/posts/%01",
  "/dashboard/posts/%C3%A9",
  "/dashboard/posts/x.png",
  "/%zz",
  "/x.png",
];

test("hostile ids and escapes in /api/v1 answer 4xx in the API's error shape, with a request id", async ({ baseURL }) => {
  const { key } = await userWithKeyAndSession();
  for (const path of API_PATHS) {
    for (const headers of [{ authorization: `Bearer ${key}` }, {}] as Record<string, string>[]) {
      const response = await rawRequest(baseURL!, path, headers);
      const what = `${path} ${headers.authorization ? "with" : "without"} a key`;
      expect(response.status, `${what}: ${response.body.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
      expect(response.status, what).toBeLessThan(500);
      expect(JSON.parse(response.body), what).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
      expect(response.headers["x-request-id"], what).toMatch(/^[\w.:-]{8,}$/);
      expect(response.headers["content-security-policy"], what).toBe("default-src 'none'; frame-ancestors 'none'");
    }
  }
  // A malformed escape is refused as such, before authentication.
  const malformed = await rawRequest(baseURL!, "/api/v1/posts/%zz");
  expect(malformed.status).toBe(400);
  expect(JSON.parse(malformed.body)).toMatchObject({ error: { code: "invalid_request" } });
  // An id that is not one is refused before it reaches the database.
  const nul = await rawRequest(baseURL!, "/api/v1/posts/%00", { authorization: `Bearer ${key}` });
  expect(nul.status).toBe(400);
});

test("hostile ids and escapes in pages answer 4xx, with the security headers, signed in or not", async ({ baseURL }) => {
  const { cookie, organizationSlug } = await userWithKeyAndSession();
  for (const path of PAGE_PATHS) {
    for (const headers of [{ cookie }, {}] as Record<string, string>[]) {
      let response = await rawRequest(baseURL!, path, headers);
      const what = `${path} ${headers.cookie ? "signed in" : "signed out"}`;
      // Signed in, an old dashboard link goes on to the same path in the user's organization first.
      if (response.status === 307 && headers.cookie) {
        expect(response.headers.location, what).toBe(path.replace("/dashboard/", `/dashboard/${organizationSlug}/`));
        response = await rawRequest(baseURL!, response.headers.location!, headers);
      }
      // Signed out, a dashboard page sends to sign-in first.
      if (response.status === 307) {
        expect(headers.cookie, what).toBeUndefined();
        expect(response.headers.location, what).toMatch(/^\/sign-in\?callbackUrl=/);
      } else {
        expect(response.status, `${what}: ${response.body.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
        expect(response.status, what).toBeLessThan(500);
      }
      expect(response.headers["x-request-id"], what).toMatch(/^[\w.:-]{8,}$/);
      expect(response.headers["content-security-policy"], what).toContain("frame-ancestors 'none'");
      expect(response.headers["strict-transport-security"], what).toBeDefined();
    }
  }
});

test("requests Next.js itself would answer with a 500 answer 4xx with the security headers", async ({ baseURL }) => {
  const { cookie, organizationSlug } = await userWithKeyAndSession();
  const landing = await rawRequest(baseURL!, "/");
  const chunk = /src="(\/_next\/static\/[^"]+\.js)"/.exec(landing.body)![1]!;
  // Any method but GET and HEAD on a static file: 405.
  for (const [method, path] of [
    ["POST", "/favicon.ico"],
    ["PUT", "/icon.svg"],
    ["OPTIONS", "/apple-touch-icon.png"],
    ["POST", chunk],
  ] as const) {
    const response = await rawRequest(baseURL!, path, {}, method);
    expect(response.status, `${method} ${path}: ${response.body.slice(0, 200)}`).toBe(405);
    expect(response.headers.allow, path).toBe("GET, HEAD");
    expect(response.headers["x-content-type-options"], path).toBe("nosniff");
  }
  expect((await rawRequest(baseURL!, chunk)).status).toBe(200);
  // A client-side navigation with a router state Next.js cannot parse: 400, on a page rendered per
  // request as on a generated image.
  for (const path of [`/dashboard/${organizationSlug}/posts`, "/opengraph-image", "/pricing/twitter-image"]) {
    const headers = { cookie, rsc: "1", "next-router-state-tree": "%%%garbage" };
    let response = await rawRequest(baseURL!, path, headers);
    // A page sends a navigation first to its URL with the cache-busting `_rsc` parameter, as the client would have asked.
    if (response.status === 307 && response.headers.location?.includes("_rsc=")) response = await rawRequest(baseURL!, response.headers.location, headers);
    expect(response.status, `${path}: ${response.body.slice(0, 200)}`).toBe(400);
    expect(response.headers["x-request-id"], path).toMatch(/^[\w.:-]{8,}$/);
  }
  // Next.js's own error page is not a page: 404.
  expect((await rawRequest(baseURL!, "/_global-error")).status).toBe(404);
});

test("TRACE, a method Next.js cannot handle, answers 405 with the security headers on every kind of path", async ({ baseURL }) => {
  const { cookie, key } = await userWithKeyAndSession();
  for (const path of ["/", "/pricing", "/dashboard", "/sign-in", "/robots.txt", "/favicon.ico", "/api/health", "/api/v1/me", "/api/stripe/webhook"]) {
    const response = await rawRequest(baseURL!, path, { cookie, authorization: `Bearer ${key}` }, "TRACE");
    expect(response.status, `${path}: ${response.body.slice(0, 200)}`).toBe(405);
    expect(response.headers.allow, path).toContain("GET");
    expect(response.headers["x-content-type-options"], path).toBe("nosniff");
    expect(response.headers["strict-transport-security"], path).toBeDefined();
    expect(response.headers["x-request-id"], path).toMatch(/^[\w.:-]{8,}$/);
    if (path.startsWith("/api/")) expect(JSON.parse(response.body), path).toMatchObject({ error: { code: "method_not_allowed" } });
  }
});
