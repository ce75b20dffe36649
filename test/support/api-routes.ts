// Every route.ts under app/api/v1, found on disk (never a hand-kept list): its URL pattern, its
// path as the OpenAPI document writes it, and the module itself.
import { readdirSync } from "node:fs";
import path from "node:path";
import { operationsOf, type RouteModule } from "@/lib/api/openapi";

const API_DIR = path.resolve(import.meta.dirname, "../../app/api/v1");

export type ApiRouteFile = {
  /** Relative to app/api/v1: "posts/[id]/route.ts". */
  file: string;
  /** "/api/v1/posts/{id}" (a catch-all `[...path]` is "/api/v1/{path}"). */
  openApiPath: string;
  pattern: RegExp;
  /** The parameters Next.js would pass, from a match of `pattern`. */
  params: (match: RegExpMatchArray) => Record<string, string | string[]>;
  catchAll: boolean;
  module: RouteModule;
};

function routeFiles(dir = API_DIR): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === "route.ts" ? [path.relative(API_DIR, full)] : [];
  });
}

async function describeRoute(file: string): Promise<ApiRouteFile> {
  const segments = path.dirname(file) === "." ? [] : path.dirname(file).split(path.sep);
  const names: { name: string; catchAll: boolean }[] = [];
  const pattern = segments
    .map((segment) => {
      const catchAll = /^\[\.\.\.(\w+)\]$/.exec(segment);
      const dynamic = /^\[(\w+)\]$/.exec(segment);
      if (catchAll) return (names.push({ name: catchAll[1]!, catchAll: true }), "(.+)");
      if (dynamic) return (names.push({ name: dynamic[1]!, catchAll: false }), "([^/]+)");
      return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    })
    .join("/");
  const openApiPath = ["/api/v1", ...segments.map((segment) => segment.replace(/^\[(?:\.\.\.)?(\w+)\]$/, "{$1}"))].join("/");
  return {
    file,
    openApiPath,
    pattern: new RegExp(`^/api/v1/${pattern}$`),
    params: (match) =>
      Object.fromEntries(names.map(({ name, catchAll }, i) => [name, catchAll ? match[i + 1]!.split("/") : decodeURIComponent(match[i + 1]!)])),
    catchAll: names.some((name) => name.catchAll),
    module: (await import(path.join(API_DIR, file))) as RouteModule,
  };
}

// Most specific first, as Next.js routes: static segments before dynamic ones, a catch-all last.
const specificity = (route: ApiRouteFile) => [route.catchAll ? 1 : 0, (route.openApiPath.match(/\{/g) ?? []).length, -route.openApiPath.length];
const bySpecificity = (a: ApiRouteFile, b: ApiRouteFile) => {
  const [x, y] = [specificity(a), specificity(b)];
  return x[0]! - y[0]! || x[1]! - y[1]! || x[2]! - y[2]!;
};

export const API_ROUTE_FILES: ApiRouteFile[] = (await Promise.all(routeFiles().map(describeRoute))).sort(bySpecificity);

// Route files that are not operations of the API: the catch-all answers unknown paths with a 404,
// and the document does not describe itself.
const NOT_OPERATIONS = new Set(["[...path]/route.ts", "openapi.json/route.ts"]);

/** The route files the OpenAPI document must describe. */
export const DOCUMENTED_ROUTE_FILES = API_ROUTE_FILES.filter((route) => !NOT_OPERATIONS.has(route.file));

/**
 * What keeps the document from matching the route files, one sentence each: a file not listed (or
 * listed under another path), a method neither documented nor a deliberate 405, a documented path
 * with no file.
 */
export function documentationGaps(files: ApiRouteFile[], routes: Record<string, RouteModule>): string[] {
  const gaps: string[] = [];
  for (const route of files) {
    if (routes[route.openApiPath] !== route.module) {
      gaps.push(`app/api/v1/${route.file} is not documented: list it in app/api/v1/routes.ts as "${route.openApiPath}"`);
      continue;
    }
    const documented = operationsOf(route.module).map(([method]) => method);
    if (documented.length === 0) gaps.push(`app/api/v1/${route.file} has no method made with apiRoute()`);
    for (const [method, handler] of Object.entries(route.module).filter(([name]) => /^[A-Z]+$/.test(name))) {
      if (!documented.includes(method) && !(handler as { allowed?: string[] }).allowed) {
        gaps.push(`${method} in app/api/v1/${route.file} is undocumented: make it with apiRoute(), or methodNotAllowed() for a 405`);
      }
    }
  }
  for (const path of Object.keys(routes)) {
    if (!files.some((route) => route.openApiPath === path)) gaps.push(`${path} is documented, but no route file answers it`);
  }
  return gaps;
}
