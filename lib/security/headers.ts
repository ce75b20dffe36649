// Security headers. Every response gets the static ones (next.config.ts); the Content-Security-
// Policy depends on the response: pages rendered per request carry a per-request nonce (proxy.ts),
// the prerendered marketing pages the hashes of their inline scripts (added after `next build` by
// scripts/csp-static-pages.ts, since a static page cannot carry a per-request nonce), and API
// responses a policy that allows nothing (they are JSON, never documents).
import { createHash } from "node:crypto";
import { indexingHeaders } from "../seo.ts";
import { THEME_SCRIPT } from "../theme.ts";

/** The pages `next build` prerenders; the build fails if this list and the build disagree. */
export const STATIC_PAGES = ["/", "/pricing"];

const STATIC_SECURITY_HEADERS = [
  { key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains; preload" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

/** The headers every response carries, whatever answers it (next.config.ts, lib/security/request-guard.ts). */
export function everyResponseHeaders() {
  return [...STATIC_SECURITY_HEADERS, ...indexingHeaders()];
}

export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

/**
 * The policy of an HTML page. `scriptSources` allows its scripts: a nonce (with 'strict-dynamic',
 * so the scripts Next.js loads from them are trusted too) or the hashes of its inline scripts.
 */
export function pageContentSecurityPolicy({ scriptSources, development = false }: { scriptSources: string[]; development?: boolean }) {
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    // React's development build needs eval for its debugging features; production never gets it.
    "script-src": ["'self'", ...scriptSources, ...(development ? ["'unsafe-eval'"] : [])],
    // Next.js and React set inline style attributes; styles cannot run code.
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'", ...(development ? ["ws:"] : [])],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    // A form may post here; Stripe's pages are where upgrade and billing forms end up without JavaScript.
    "form-action": ["'self'", "https://checkout.stripe.com", "https://billing.stripe.com"],
    "frame-ancestors": ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(" ")}`)
    .join("; ");
}

/** The CSP source of an inline script: its SHA-256 hash. */
export function scriptHashSource(script: string) {
  return `'sha256-${createHash("sha256").update(script, "utf8").digest("base64")}'`;
}

/**
 * A page rendered per request: its nonce, and the hash of the theme script (lib/theme.ts), which
 * every page runs before its first paint. The root layout renders that script without the nonce —
 * reading the request's nonce there would render every page per request, the static ones included.
 */
export function nonceSources(nonce: string) {
  return [`'nonce-${nonce}'`, "'strict-dynamic'", scriptHashSource(THEME_SCRIPT)];
}
