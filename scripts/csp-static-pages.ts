// Runs after `next build` (npm run build). A prerendered page is the same file for every visitor,
// so it cannot carry a per-request CSP nonce: instead its policy allows exactly the inline scripts
// it contains, by their SHA-256 hashes. This adds that policy, per static page, to the headers of
// the build's routing manifest — which `next start` and Vercel both apply.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { pageContentSecurityPolicy, scriptHashSource, STATIC_PAGES } from "../lib/security/headers.ts";

const nextDir = path.resolve(import.meta.dirname, "..", ".next");
const INTERNAL_PAGES = new Set(["/_global-error"]);
// The 404 page answers any URL, under the nonce policy proxy.ts gives every path it does not know
// to be static: prerendered, it has no nonce and its scripts are blocked (app/global-not-found.tsx).
const NOT_FOUND_PAGE = "/_not-found";

type HeaderRule = { source: string; headers: { key: string; value: string }[]; regex: string };

export async function addStaticPagePolicies(dir = nextDir) {
  const prerendered = await staticPages(dir);
  if (prerendered.includes(NOT_FOUND_PAGE)) {
    throw new Error(
      "The build prerendered the 404 page, whose scripts the nonce policy would block: keep app/global-not-found.tsx rendered per request (await connection()).",
    );
  }
  const expected = [...STATIC_PAGES].sort();
  if (JSON.stringify(prerendered) !== JSON.stringify(expected)) {
    throw new Error(
      `The build prerendered ${JSON.stringify(prerendered)} but lib/security/headers.ts lists STATIC_PAGES ${JSON.stringify(expected)}. ` +
        "Update STATIC_PAGES (those pages get a hash-based policy instead of a nonce).",
    );
  }
  const manifestPath = path.join(dir, "routes-manifest.json");
  const manifest = JSON.parse(await readFile(manifestPath, "utf8")) as { headers: HeaderRule[] };
  const rules: HeaderRule[] = [];
  for (const page of prerendered) {
    const html = await readFile(path.join(dir, "server", "app", `${page === "/" ? "index" : page.slice(1)}.html`), "utf8");
    const policy = pageContentSecurityPolicy({ scriptSources: inlineScriptHashes(html) });
    rules.push({ source: page, headers: [{ key: "Content-Security-Policy", value: policy }], regex: `^${escapeRegExp(page === "/" ? "" : page)}(?:/)?$` });
  }
  manifest.headers = [...manifest.headers.filter((rule) => !STATIC_PAGES.includes(rule.source)), ...rules];
  await writeFile(manifestPath, JSON.stringify(manifest));
  return rules;
}

/** `'sha256-…'` for every inline script the browser would run. */
export function inlineScriptHashes(html: string): string[] {
  const hashes = new Set<string>();
  for (const [, attributes, body] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    if (/\bsrc\s*=/i.test(attributes!)) continue;
    const type = /\btype\s*=\s*["']?([^"'\s>]+)/i.exec(attributes!)?.[1]?.toLowerCase();
    if (type && type !== "text/javascript" && type !== "module") continue; // data blocks never run
    hashes.add(scriptHashSource(body!));
  }
  return [...hashes];
}

async function staticPages(dir: string): Promise<string[]> {
  const manifest = JSON.parse(await readFile(path.join(dir, "prerender-manifest.json"), "utf8")) as {
    routes: Record<string, { routeType?: string; initialRevalidateSeconds: number | false }>;
  };
  return Object.entries(manifest.routes)
    .filter(([route, entry]) => entry.routeType !== "route" && !INTERNAL_PAGES.has(route))
    .map(([route]) => route)
    .sort();
}

function escapeRegExp(value: string) {
  return value.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rules = await addStaticPagePolicies();
  console.log(`CSP: script hashes added for the static pages ${rules.map((rule) => rule.source).join(", ")}`);
}
