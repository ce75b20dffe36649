import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { addStaticPagePolicies } from "./csp-static-pages.ts";

let dir: string;
afterEach(() => rm(dir, { recursive: true, force: true }));

async function fakeBuild(routes: string[], { notFoundPrerendered = false } = {}) {
  dir = await mkdtemp(path.join(os.tmpdir(), "next-build-"));
  await mkdir(path.join(dir, "server", "app"), { recursive: true });
  const entry = { routeType: "page", initialRevalidateSeconds: false };
  await writeFile(
    path.join(dir, "prerender-manifest.json"),
    JSON.stringify({ routes: Object.fromEntries([...routes, ...(notFoundPrerendered ? ["/_not-found"] : [])].map((r) => [r, entry])) }),
  );
  await writeFile(path.join(dir, "routes-manifest.json"), JSON.stringify({ headers: [{ source: "/:path*", headers: [], regex: "^.*$" }] }));
  for (const route of routes)
    await writeFile(path.join(dir, "server", "app", `${route === "/" ? "index" : route.slice(1)}.html`), `<script>page("${route}")</script>`);
}

describe("addStaticPagePolicies", () => {
  it("adds one hash-based policy per static page to the routing manifest, once however often it runs", async () => {
    await fakeBuild(["/", "/pricing"]);
    await addStaticPagePolicies(dir);
    await addStaticPagePolicies(dir);
    const { headers } = JSON.parse(await readFile(path.join(dir, "routes-manifest.json"), "utf8"));
    expect(headers.map((rule: { source: string }) => rule.source)).toEqual(["/:path*", "/", "/pricing"]);
    expect(headers[1].headers[0].value).toMatch(/script-src 'self' 'sha256-[^']+';/);
    expect(new RegExp(headers[1].regex).test("/")).toBe(true);
    expect(new RegExp(headers[2].regex).test("/pricing")).toBe(true);
    expect(new RegExp(headers[2].regex).test("/pricing-old")).toBe(false);
  });

  it("fails the build when a page is prerendered that STATIC_PAGES does not list", async () => {
    await fakeBuild(["/", "/pricing", "/about"]);
    await expect(addStaticPagePolicies(dir)).rejects.toThrow(/STATIC_PAGES/);
  });

  it("fails the build when the 404 page was prerendered: without a nonce, its scripts would be blocked", async () => {
    await fakeBuild(["/", "/pricing"], { notFoundPrerendered: true });
    await expect(addStaticPagePolicies(dir)).rejects.toThrow(/404 page/);
  });
});
