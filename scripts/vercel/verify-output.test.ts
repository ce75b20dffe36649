// The Build Output checks, on small synthetic outputs shaped like what `vercel build` writes.
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { routeHandlersOf, verifyVercelOutput } from "./verify-output.ts";

let dir: string;
afterEach(() => rm(dir, { recursive: true, force: true }));

const SCRIPT = "self.__next_f.push([0])";
const hash = `'sha256-${createHash("sha256").update(SCRIPT).digest("base64")}'`;

async function output({
  runtime = "nodejs24.x",
  files = {} as Record<string, string>,
  csp = `script-src 'self' ${hash}`,
  expiration = false as number | false,
  crons = [] as { path: string; schedule: string }[],
  indexable = false,
  robots = "User-Agent: *\nDisallow: /\n",
  robotsTag = "noindex, nofollow" as string | null,
} = {}) {
  dir = await mkdtemp(path.join(os.tmpdir(), "vercel-output-"));
  const functions = path.join(dir, "output", "functions");
  await mkdir(path.join(functions, "api", "health.func"), { recursive: true });
  await mkdir(path.join(dir, "project"), { recursive: true });
  const filePathMap: Record<string, string> = {};
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, "project", name)), { recursive: true });
    await writeFile(path.join(dir, "project", name), content);
    filePathMap[name] = name;
  }
  await writeFile(
    path.join(functions, "api", "health.func", ".vc-config.json"),
    JSON.stringify({ runtime, launcherType: runtime === "edge" ? undefined : "Nodejs", filePathMap }),
  );
  await symlink("health.func", path.join(functions, "api", "posts.func")); // functions shared between routes
  await writeFile(
    path.join(functions, "index.prerender-config.json"),
    JSON.stringify({ type: "Prerender", expiration, fallback: { fsPath: "index.prerender-fallback.html" } }),
  );
  await writeFile(path.join(functions, "index.prerender-fallback.html"), `<html><script src="/_next/a.js"></script><script>${SCRIPT}</script></html>`);
  await writeFile(
    path.join(functions, "robots.txt.prerender-config.json"),
    JSON.stringify({ type: "Prerender", expiration: false, fallback: { fsPath: "robots.txt.prerender-fallback.body" } }),
  );
  await writeFile(path.join(functions, "robots.txt.prerender-fallback.body"), robots);
  // As `vercel build` writes next.config.ts's headers: one route for every path (and a redirect before it).
  const everyPath = "^(?:/((?:[^/]+?)(?:/(?:[^/]+?))*))?(?:/)?$";
  const routes = [
    { src: "^(?:/((?:[^/]+?)(?:/(?:[^/]+?))*))/$", headers: { Location: "/$1" }, status: 308, continue: true },
    { src: everyPath, headers: { "X-Content-Type-Options": "nosniff", ...(robotsTag && { "X-Robots-Tag": robotsTag }) }, continue: true },
    { src: "^(?:/)?$", headers: { "Content-Security-Policy": csp } },
  ];
  await writeFile(path.join(dir, "output", "config.json"), JSON.stringify({ routes, crons }));
  return verifyVercelOutput({
    outputDir: path.join(dir, "output"),
    projectDir: path.join(dir, "project"),
    routeHandlers: ["/api/health", "/api/posts"],
    staticPages: ["/"],
    indexable,
  });
}

describe("verifyVercelOutput", () => {
  it("accepts Node.js functions, a static page whose CSP allows its scripts, and reports sizes once per shared function", async () => {
    const report = await output({ files: { "node_modules/pg/index.js": "x".repeat(1000), "node_modules/next/dist/server.js": "y".repeat(5000) } });
    expect(report.problems).toEqual([]);
    expect(report.functions).toEqual([expect.objectContaining({ routes: ["/api/health", "/api/posts"], runtime: "nodejs24.x", files: 3, strayFiles: [] })]);
    const [fn] = report.functions;
    expect(fn!.bytes).toBeGreaterThanOrEqual(6000); // the project files it references, and its own config
    expect(fn!.bytes - fn!.appBytes).toBe(5000); // Next.js's runtime is counted apart from the app's own files
  });

  it("refuses an Edge function: the webhook needs the raw body and the stripe library, Prisma needs Node", async () => {
    expect((await output({ runtime: "edge" })).problems).toEqual(["/api/health: runs on edge, not Node.js", "/api/posts: runs on edge, not Node.js"]);
  });

  it("refuses a bundled native Prisma engine", async () => {
    const report = await output({ files: { "node_modules/.prisma/client/libquery_engine-debian-openssl-3.0.x.so.node": "elf" } });
    expect(report.problems).toEqual([expect.stringContaining("native Prisma engine")]);
  });

  it("refuses a function that traced the whole project: tooling, docs and the lock file", async () => {
    const report = await output({ files: { "package-lock.json": "{}", "docs/benchmarks.md": "#", "tools/bench/index.ts": "x", "lib/db.ts": "x" } });
    expect(report.problems).toEqual([
      expect.stringContaining("bundles 3 project files no request reads (docs/benchmarks.md, package-lock.json, tools/bench/index.ts…)"),
    ]);
    expect(report.functions[0]!.strayFiles).toEqual(["docs/benchmarks.md", "package-lock.json", "tools/bench/index.ts"]);
  });

  it("refuses a missing function, a page that is not static, and a CSP that does not match the HTML", async () => {
    const missing = await verifyVercelOutput({
      outputDir: path.join((await output(), dir), "output"),
      projectDir: dir,
      routeHandlers: ["/api/gone"],
      staticPages: [],
      indexable: false,
    });
    expect(missing.problems).toEqual([expect.stringContaining("/api/gone: no function")]);
    expect((await output({ expiration: 60 })).problems).toEqual([expect.stringContaining("with revalidation")]);
    expect((await output({ csp: "script-src 'self' 'sha256-other='" })).problems).toEqual([expect.stringContaining("does not allow 1 inline script")]);
  });

  it("refuses a cron that no route handler serves, and accepts one that is", async () => {
    expect((await output({ crons: [{ path: "/api/health", schedule: "0 4 * * *" }] })).problems).toEqual([]);
    expect((await output({ crons: [{ path: "/api/cron/gone", schedule: "0 4 * * *" }] })).problems).toEqual([
      "cron /api/cron/gone (0 4 * * *): no route handler serves it",
    ]);
  });

  it("accepts a preview that keeps crawlers out, and a production build that lets them in", async () => {
    expect((await output()).problems).toEqual([]);
    const production = await output({
      indexable: true,
      robots: "User-Agent: *\nAllow: /\nDisallow: /dashboard\n\nSitemap: https://x/sitemap.xml\n",
      robotsTag: null,
    });
    expect(production.problems).toEqual([]);
  });

  it("refuses a preview whose robots.txt lets crawlers in, or that serves a path without X-Robots-Tag: noindex", async () => {
    expect((await output({ robots: "User-Agent: *\nAllow: /\nDisallow: /dashboard\n" })).problems).toEqual(["/robots.txt: a preview build lets crawlers in"]);
    const untagged = await output({ robotsTag: null });
    expect(untagged.problems).toHaveLength(8);
    expect(untagged.problems).toContain("/api/health: a preview build serves it without X-Robots-Tag: noindex");
    expect(untagged.problems).toContain("/favicon.ico: a preview build serves it without X-Robots-Tag: noindex");
  });

  it("refuses a production build that keeps crawlers out", async () => {
    const problems = (await output({ indexable: true })).problems;
    expect(problems).toContain("/robots.txt: a production build does not allow crawlers in");
    expect(problems).toContain("/pricing: a production build serves it with X-Robots-Tag: noindex, nofollow");
  });

  it("enforces the size budgets", async () => {
    const files = { "node_modules/big/index.js": "z".repeat(3000) };
    await output({ files });
    const report = await verifyVercelOutput({
      outputDir: path.join(dir, "output"),
      projectDir: path.join(dir, "project"),
      routeHandlers: ["/api/health"],
      staticPages: [],
      indexable: false,
      budgets: { total: 10_000, app: 1000 },
    });
    expect(report.problems).toEqual([expect.stringContaining("the app's own files")]);
  });
});

describe("routeHandlersOf", () => {
  it("lists the app's route handlers from the build, without route groups", async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "next-dir-"));
    await mkdir(path.join(dir, "server"), { recursive: true });
    await writeFile(
      path.join(dir, "server", "app-paths-manifest.json"),
      JSON.stringify({ "/(marketing)/page": "x", "/api/health/route": "x", "/api/v1/posts/[id]/route": "x", "/(group)/feed/route": "x" }),
    );
    expect(await routeHandlersOf(dir)).toEqual(["/api/health", "/api/v1/posts/[id]", "/feed"]);
  });
});
