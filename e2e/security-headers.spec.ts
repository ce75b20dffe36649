import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";

const STATIC_HEADERS = {
  "strict-transport-security": "max-age=63072000; includeSubDomains; preload",
  "x-content-type-options": "nosniff",
  "referrer-policy": "strict-origin-when-cross-origin",
  "x-frame-options": "DENY",
};

/** Collects the CSP violations a page reports, from its first script on. */
async function watchViolations(page: Page) {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) =>
      console.error(`Content Security Policy violation: ${event.violatedDirective} ${event.blockedURI}`),
    );
  });
  return violations;
}

async function hydrated(page: Page) {
  await expect.poll(() => page.evaluate(() => typeof (window as { next?: { version?: string } }).next?.version)).toBe("string");
}

test("every kind of response carries the security headers", async ({ request, signIn, page }) => {
  // An image extension says nothing about a route: `x.png` paths are API calls and 404 pages like any other.
  for (const path of [
    "/",
    "/pricing",
    "/sign-in",
    "/api/health",
    "/api/v1/me",
    "/api/v1/openapi.json",
    // Files in public/ and the metadata routes.
    "/favicon.ico",
    "/icon.svg",
    "/apple-touch-icon.png",
    "/manifest.webmanifest",
    "/robots.txt",
    "/sitemap.xml",
    "/no-such-page",
    "/x.png",
    "/a/b.jpg",
    "/api/v1/posts/x.png",
    "/api/x.svg",
  ]) {
    const response = await request.get(path, { maxRedirects: 0 });
    const headers = response.headers();
    for (const [name, value] of Object.entries(STATIC_HEADERS)) expect(headers[name], `${path} ${name}`).toBe(value);
    expect(headers["permissions-policy"], path).toContain("camera=()");
    expect(headers["content-security-policy"], path).toContain("frame-ancestors 'none'");
    expect(headers["content-security-policy"], path).not.toContain("unsafe-eval");
    expect(headers["x-request-id"], path).toMatch(/^[\w.:-]{8,}$/);
  }
  // A redirect to sign-in too.
  const redirect = await request.get("/dashboard", { maxRedirects: 0 });
  expect(redirect.status()).toBe(307);
  expect(redirect.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(redirect.headers()["strict-transport-security"]).toBeDefined();

  await signIn();
  const dashboard = await page.request.get("/dashboard");
  expect(dashboard.headers()["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
});

test("API responses allow nothing; pages rendered per request get a fresh nonce; static pages their script hashes", async ({ request }) => {
  expect((await request.get("/api/health")).headers()["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");

  const nonces = await Promise.all(
    [request.get("/sign-in"), request.get("/sign-in")].map(async (r) => /'nonce-([^']+)'/.exec((await r).headers()["content-security-policy"]!)?.[1]),
  );
  expect(nonces[0]).toBeDefined();
  expect(nonces[0]).not.toBe(nonces[1]);

  const landing = (await request.get("/")).headers()["content-security-policy"]!;
  expect(landing).toMatch(/script-src 'self'( 'sha256-[A-Za-z0-9+/=]+')+;/);
  expect(landing).not.toContain("nonce-");
  const scriptSrc = landing.split("; ").find((directive) => directive.startsWith("script-src "))!;
  expect(scriptSrc).not.toContain("'unsafe-inline'"); // inline scripts run only when their hash is listed
});

test("a request id from upstream is kept, a malformed one replaced", async ({ request }) => {
  for (const path of ["/api/health", "/api/v1/posts/x.png", "/x.png"]) {
    expect((await request.get(path, { headers: { "x-request-id": "lb-1234567890" } })).headers()["x-request-id"], path).toBe("lb-1234567890");
    expect((await request.get(path, { headers: { "x-request-id": "<script>" } })).headers()["x-request-id"], path).toMatch(/^[\w.:-]{8,}$/);
  }
});

for (const path of ["/no-such-page", "/x.png"]) {
  test(`the 404 page at ${path} runs its scripts under its nonce policy, without a single violation`, async ({ page }) => {
    const violations = await watchViolations(page);
    const response = await page.goto(path);
    expect(response!.status()).toBe(404);
    expect(response!.headers()["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    await hydrated(page);
    expect(violations).toEqual([]);
  });
}

for (const path of ["/", "/pricing", "/sign-in"]) {
  test(`${path} runs its scripts under the policy, without a single violation`, async ({ page }) => {
    const violations = await watchViolations(page);
    await page.goto(path);
    await hydrated(page);
    expect(violations).toEqual([]);
  });
}

test("the dashboard runs its scripts under its nonce policy, without a single violation", async ({ page, signIn, dashboardPage }) => {
  const violations = await watchViolations(page);
  await signIn();
  await dashboardPage.expectVisible();
  await hydrated(page);
  await dashboardPage.openSection("Settings");
  expect(violations).toEqual([]);
});
