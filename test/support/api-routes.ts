// Every route.ts under app/api/v1, found on disk (never a hand-kept list): its URL pattern, its
// path as the OpenAPI document writes it, and the module itself.
import { readdirSync } from "node:fs";
import path from "node:path";
import type { RouteModule } from "@/lib/api/openapi";

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
