// What a browser, a crawler and a link preview fetch besides the pages: icons, the web manifest,
// robots.txt, the sitemap and the social images — each served, typed and absolute where it must be.
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "./fixtures";
import { E2E_PORT } from "./support/settings";

const ORIGIN = `http://127.0.0.1:${E2E_PORT}`;

/** Width and height from a PNG's IHDR chunk. */
function pngSize(body: Buffer) {
  expect(body.subarray(1, 4).toString("latin1")).toBe("PNG");
  return { width: body.readUInt32BE(16), height: body.readUInt32BE(20) };
}

test("the icons and the web manifest are served with their types", async ({ request }) => {
  for (const [url, type] of [
    ["/favicon.ico", /^image\/(x-icon|vnd\.microsoft\.icon)/],
    ["/icon.svg", /^image\/svg\+xml/],
    ["/apple-touch-icon.png", /^image\/png/],
    ["/icon-192.png", /^image\/png/],
    ["/icon-512.png", /^image\/png/],
    ["/manifest.webmanifest", /^application\/manifest\+json/],
  ] as const) {
    const response = await request.get(url);
    expect(response.status(), url).toBe(200);
    expect(response.headers()["content-type"], url).toMatch(type);
  }
  const manifest = (await (await request.get("/manifest.webmanifest")).json()) as { name: string; icons: { src: string }[] };
  expect(manifest.name).toBe("Acme SaaS");
  for (const icon of manifest.icons) expect((await request.get(icon.src)).status(), icon.src).toBe(200);
});

test("robots.txt keeps crawlers out of the dashboard, the API and sign-in, and points to the sitemap", async ({ request }) => {
  const response = await request.get("/robots.txt");
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toMatch(/^text\/plain/);
  const robots = await response.text();
  expect(robots).toMatch(/^User-Agent: \*\nAllow: \/\n/);
  for (const path of ["/dashboard", "/api/", "/sign-in"]) expect(robots).toContain(`Disallow: ${path}\n`);
  expect(robots).toContain(`Sitemap: ${ORIGIN}/sitemap.xml`);
});

test("the sitemap lists the marketing pages at absolute URLs", async ({ request }) => {
  const response = await request.get("/sitemap.xml");
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toMatch(/^application\/xml/);
  const locations = [...(await response.text()).matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => match[1]);
  expect(locations).toEqual([`${ORIGIN}/`, `${ORIGIN}/pricing`]);
});

test("the marketing pages carry their title, description, canonical URL, icons and social images", async ({ page, request }) => {
  for (const [url, title] of [
    ["/", "Acme SaaS — a Next.js SaaS starter with Prisma in production"],
    ["/pricing", "Pricing · Acme SaaS"],
  ] as const) {
    await page.goto(url);
    await expect(page).toHaveTitle(title);
    const head = page.locator("head");
    const meta = (selector: string) => head.locator(selector).getAttribute("content");
    expect(await meta('meta[name="description"]'), url).toBeTruthy();
    // Next.js writes the origin alone for `/`: the same URL.
    const absolute = async (value: Promise<string | null>) => new URL((await value)!).href;
    expect(await absolute(head.locator('link[rel="canonical"]').getAttribute("href"))).toBe(`${ORIGIN}${url}`);
    expect(await absolute(meta('meta[property="og:url"]'))).toBe(`${ORIGIN}${url}`);
    expect(await meta('meta[property="og:title"]')).toBe(title);
    expect(await meta('meta[name="twitter:card"]')).toBe("summary_large_image");
    expect(await head.locator('link[rel="manifest"]').getAttribute("href")).toBe("/manifest.webmanifest");
    expect(await head.locator('link[rel="icon"]').first().getAttribute("href")).toBe("/favicon.ico");

    for (const property of ['meta[property="og:image"]', 'meta[name="twitter:image"]']) {
      const image = (await meta(property))!;
      expect(image, `${url} ${property}`).toMatch(new RegExp(`^${ORIGIN}${url === "/" ? "" : url}/(opengraph|twitter)-image`));
      const response = await request.get(image);
      expect(response.status(), image).toBe(200);
      expect(response.headers()["content-type"]).toBe("image/png");
      expect(response.headers()["x-content-type-options"]).toBe("nosniff"); // the security headers, as every response
      expect(response.headers()["strict-transport-security"]).toBeDefined();
      expect(pngSize(await response.body())).toEqual({ width: 1200, height: 630 });
    }
    expect(await meta('meta[property="og:image:alt"]')).toBeTruthy();
  }
});

test("the favicon no browser tab asks for in vain: no 404 and no console error on the marketing pages", async ({ page }) => {
  const problems: string[] = [];
  page.on("console", (message) => message.type() === "error" && problems.push(message.text()));
  page.on("response", (response) => response.status() >= 400 && problems.push(`${response.status()} ${response.url()}`));
  for (const url of ["/", "/pricing"]) {
    await page.goto(url);
    await page.waitForLoadState("networkidle");
  }
  expect((await page.request.get("/favicon.ico")).status()).toBe(200);
  expect(problems).toEqual([]);
});

test("robots.txt, the sitemap, the manifest and the social images are files made by the build, not functions run per request", async () => {
  const manifest = JSON.parse(readFileSync(path.join(".next", "prerender-manifest.json"), "utf8")) as { routes: Record<string, unknown> };
  const routes = Object.keys(manifest.routes);
  for (const route of ["/robots.txt", "/sitemap.xml", "/manifest.webmanifest"]) expect(routes, route).toContain(route);
  // Image routes get a hash of their source in their path.
  for (const image of [/^\/opengraph-image-\w+$/, /^\/twitter-image-\w+$/, /^\/pricing\/opengraph-image-\w+$/, /^\/pricing\/twitter-image-\w+$/]) {
    expect(
      routes.filter((route) => image.test(route)),
      String(image),
    ).toHaveLength(1);
  }
});
