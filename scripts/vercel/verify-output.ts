// Checks what `vercel build` produced (.vercel/output, the Build Output API) against what this app
// needs on Vercel: every route handler a Node.js function (the Stripe webhook needs the raw body
// and the `stripe` library; Prisma needs Node), the marketing pages static, their CSP hashes
// matching the HTML that ships, no native Prisma engine bundled, every function within budget, every
// cron served by a route handler, and indexing as the deployment's environment wants it: a preview
// keeps every crawler out (robots.txt and an X-Robots-Tag on every path), production does not.
import { readdir, readFile, realpath, stat } from "node:fs/promises";
import path from "node:path";
import { inlineScriptHashes } from "../csp-static-pages.ts";

/**
 * Uncompressed size budgets per function. The Vercel builder puts Next.js's whole server runtime
 * (~90 MB, source maps included) in every Next.js function; the total stays well under Vercel's
 * 250 MB limit, and what the app itself brings (its code and dependencies) has its own, tighter budget.
 */
export const FUNCTION_SIZE_BUDGET_BYTES = 150 * 1024 * 1024;
export const APP_SIZE_BUDGET_BYTES = 25 * 1024 * 1024;
const NEXT_RUNTIME = /(^|\/)node_modules\/next\//;
const NATIVE_PRISMA_ENGINE = /(libquery_engine|query_engine|query-engine|schema-engine|migration-engine)[^/]*$|\.so\.node$/;
/**
 * Project files no request ever reads. One in a function means the build traced the whole project
 * (a path built from `process.cwd()` the tracer could not narrow down).
 */
const NOT_RUNTIME =
  /^(package-lock\.json|tsconfig\.tsbuildinfo|README\.md|(docs|tools|e2e|test|examples|scripts|packages|playwright-report|test-results|bench-results|\.github)\/)/;

export type FunctionReport = {
  routes: string[];
  directory: string;
  runtime: string;
  files: number;
  bytes: number;
  appBytes: number;
  nativeEngines: string[];
  /** Project files that are not the app's (tooling, docs, tests): see NOT_RUNTIME. */
  strayFiles: string[];
};
export type VerifyReport = { functions: FunctionReport[]; staticPages: string[]; problems: string[] };

type VcConfig = { runtime?: string; launcherType?: string; filePathMap?: Record<string, string> };
type PrerenderConfig = { expiration?: number | false; fallback?: { fsPath?: string } };
type Route = { src?: string; status?: number; headers?: Record<string, string> };

/** Paths of every kind a crawler can reach: pages, metadata routes, public/ files, the API. */
const CRAWLABLE_PATHS = ["/", "/pricing", "/sign-in", "/dashboard", "/robots.txt", "/sitemap.xml", "/favicon.ico", "/api/health"];

/**
 * @param outputDir .vercel/output
 * @param projectDir where the filePathMap's relative paths point (the project)
 * @param routeHandlers the app's route handlers, e.g. "/api/health" (from the build's app-paths-manifest)
 * @param staticPages the pages that must be prerendered, e.g. "/", "/pricing"
 * @param indexable whether the build is for production (lib/seo.ts's isIndexable at build time)
 */
export async function verifyVercelOutput({
  outputDir,
  projectDir,
  routeHandlers,
  staticPages,
  indexable,
  budgets = { total: FUNCTION_SIZE_BUDGET_BYTES, app: APP_SIZE_BUDGET_BYTES },
}: {
  outputDir: string;
  projectDir: string;
  routeHandlers: string[];
  staticPages: string[];
  indexable: boolean;
  budgets?: { total: number; app: number };
}): Promise<VerifyReport> {
  const problems: string[] = [];
  const functionsDir = path.join(outputDir, "functions");
  const byDirectory = new Map<string, FunctionReport>();

  for (const route of routeHandlers) {
    const funcDir = path.join(functionsDir, `${route === "/" ? "index" : route.slice(1)}.func`);
    const config = await readJson<VcConfig>(path.join(funcDir, ".vc-config.json"));
    if (!config) {
      problems.push(`${route}: no function in the output (expected ${path.relative(outputDir, funcDir)})`);
      continue;
    }
    const real = await realpath(funcDir);
    const report = byDirectory.get(real) ?? (await describeFunction(real, config, projectDir));
    report.routes.push(route);
    byDirectory.set(real, report);
    if (!config.runtime?.startsWith("nodejs") || config.launcherType !== "Nodejs") {
      problems.push(`${route}: runs on ${config.runtime ?? "an unknown runtime"}, not Node.js`);
    }
  }
  for (const report of byDirectory.values()) {
    if (report.nativeEngines.length > 0) problems.push(`${report.routes.join(", ")}: bundles a native Prisma engine (${report.nativeEngines.join(", ")})`);
    if (report.strayFiles.length > 0) {
      problems.push(
        `${report.routes.join(", ")}: bundles ${report.strayFiles.length} project files no request reads (${report.strayFiles.slice(0, 3).join(", ")}…): ` +
          "the build traced the whole project; a path built from process.cwd() needs /* turbopackIgnore: true */",
      );
    }
    if (report.bytes > budgets.total) {
      problems.push(`${report.routes.join(", ")}: ${megabytes(report.bytes)} MB, over the ${megabytes(budgets.total)} MB budget`);
    }
    if (report.appBytes > budgets.app) {
      problems.push(`${report.routes.join(", ")}: the app's own files are ${megabytes(report.appBytes)} MB, over the ${megabytes(budgets.app)} MB budget`);
    }
  }

  const config = await readJson<{ routes?: Route[]; crons?: { path: string; schedule: string }[] }>(path.join(outputDir, "config.json"));
  for (const page of staticPages) problems.push(...(await checkStaticPage(functionsDir, page, config?.routes ?? [])));
  problems.push(...(await checkIndexing(functionsDir, config?.routes ?? [], indexable)));
  // vercel.json `crons` land in config.json; a cron whose path no route handler serves would fail daily, silently.
  for (const cron of config?.crons ?? []) {
    if (!routeHandlers.includes(cron.path.split("?")[0]!)) problems.push(`cron ${cron.path} (${cron.schedule}): no route handler serves it`);
  }

  return { functions: [...byDirectory.values()], staticPages, problems };
}

/** The headers the Build Output's routes add to a response for `pathname` (redirects left out). */
function headersFor(pathname: string, routes: Route[]) {
  const matching = routes.filter((route) => route.src && route.headers && route.status === undefined && new RegExp(route.src).test(pathname));
  return Object.assign({}, ...matching.map((route) => route.headers)) as Record<string, string>;
}

async function checkIndexing(functionsDir: string, routes: Route[], indexable: boolean) {
  const problems: string[] = [];
  const prerender = await readJson<PrerenderConfig>(path.join(functionsDir, "robots.txt.prerender-config.json"));
  const robots = prerender?.fallback?.fsPath && (await readFile(path.join(functionsDir, prerender.fallback.fsPath), "utf8").catch(() => undefined));
  if (!robots || prerender.expiration !== false) problems.push("/robots.txt: not a static file in the output");
  else if (indexable && !/^Allow: \/$/m.test(robots)) problems.push("/robots.txt: a production build does not allow crawlers in");
  else if (!indexable && !(/^Disallow: \/$/m.test(robots) && !/^Allow:/m.test(robots))) problems.push("/robots.txt: a preview build lets crawlers in");
  for (const pathname of CRAWLABLE_PATHS) {
    const tag = headersFor(pathname, routes)["X-Robots-Tag"];
    if (!indexable && !tag?.includes("noindex")) problems.push(`${pathname}: a preview build serves it without X-Robots-Tag: noindex`);
    if (indexable && tag?.includes("noindex")) problems.push(`${pathname}: a production build serves it with X-Robots-Tag: ${tag}`);
  }
  return problems;
}

async function checkStaticPage(functionsDir: string, page: string, routes: Route[]) {
  const base = path.join(functionsDir, page === "/" ? "index" : page.slice(1));
  const prerender = await readJson<PrerenderConfig>(`${base}.prerender-config.json`);
  if (!prerender) return [`${page}: not prerendered (no ${path.basename(base)}.prerender-config.json): it would render on every request`];
  if (prerender.expiration !== false) return [`${page}: prerendered with revalidation (${prerender.expiration} s), not static`];
  const html = await readFile(path.join(functionsDir, prerender.fallback?.fsPath ?? `${path.basename(base)}.prerender-fallback.html`), "utf8").catch(
    () => undefined,
  );
  if (!html) return [`${page}: its prerendered HTML is missing`];

  const policy = routes.find((route) => route.src && new RegExp(route.src).test(page) && route.headers?.["Content-Security-Policy"])?.headers?.[
    "Content-Security-Policy"
  ];
  if (!policy) return [`${page}: no Content-Security-Policy route (scripts/csp-static-pages.ts did not run in the build)`];
  const missing = inlineScriptHashes(html).filter((hash) => !policy.includes(hash));
  return missing.length > 0 ? [`${page}: the CSP does not allow ${missing.length} inline script(s) of the HTML that ships`] : [];
}

async function describeFunction(directory: string, config: VcConfig, projectDir: string): Promise<FunctionReport> {
  const files = new Map<string, string>(); // name in the function → file on disk
  for (const [name, source] of Object.entries(config.filePathMap ?? {})) files.set(name, path.resolve(projectDir, source));
  for (const file of await listFiles(directory)) files.set(path.relative(directory, file), file);
  let bytes = 0;
  let appBytes = 0;
  for (const [name, file] of files) {
    const size = (await stat(file).catch(() => undefined))?.size ?? 0;
    bytes += size;
    if (!NEXT_RUNTIME.test(name)) appBytes += size;
  }
  return {
    routes: [],
    directory,
    runtime: config.runtime ?? "unknown",
    files: files.size,
    bytes,
    appBytes,
    nativeEngines: [...files.keys()].filter((name) => NATIVE_PRISMA_ENGINE.test(name)),
    strayFiles: [...files.keys()].filter((name) => NOT_RUNTIME.test(name)).sort(),
  };
}

async function listFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

async function readJson<T>(file: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(file, "utf8")) as T;
  } catch {
    return undefined;
  }
}

export function megabytes(bytes: number) {
  return (bytes / 1024 / 1024).toFixed(1);
}

/** The app's route handlers, from the Next.js build: "/api/health/route" → "/api/health". */
export async function routeHandlersOf(nextDir: string): Promise<string[]> {
  const manifest = (await readJson<Record<string, string>>(path.join(nextDir, "server", "app-paths-manifest.json"))) ?? {};
  return Object.keys(manifest)
    .filter((entry) => entry.endsWith("/route"))
    .map((entry) => entry.slice(0, -"/route".length).replace(/\/\([^)]+\)/g, "") || "/")
    .sort();
}
