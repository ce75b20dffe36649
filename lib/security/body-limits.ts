// How large a request body each route accepts, enforced by the HTTP server before anything reads
// it (lib/security/request-guard.ts): a larger one answers 413, never a truncated body. Most of
// these routes belong to libraries (next-auth parses its forms whole; Next.js buffers what a
// server action or proxy.ts may read), so the cap has to come before them.
// It imports nothing: the request guard and lib/api/handler.ts both read it.

/** What an /api/v1 route reads as JSON (lib/api/handler.ts stops reading there too). */
export const API_BODY_LIMIT_BYTES = 64 * 1024;

const KIB = 1024;
const MIB = 1024 * KIB;

type BodyLimit = { prefix: string; bytes: number };

// First match wins. A path matches its prefix as a whole segment: "/api/auth/…", not "/api/authors".
const ROUTE_BODY_LIMITS: BodyLimit[] = [
  // next-auth's forms: an email address (254), a CSRF token (64), a callback path (2,048 before
  // encoding, lib/auth/protected.ts) — a few hundred bytes in practice.
  { prefix: "/api/auth", bytes: 8 * KIB },
  // Stripe publishes no maximum event size; events are a few KB to tens of KB (an invoice lists at
  // most 10 lines, a subscription 20 items). 1 MiB leaves room for Stripe adding fields.
  { prefix: "/api/stripe/webhook", bytes: 1 * MIB },
  { prefix: "/api", bytes: API_BODY_LIMIT_BYTES },
];

/** Pages: server actions and form posts. Next.js's own limit for a server action's body (serverActions.bodySizeLimit). */
const PAGE_BODY_LIMIT_BYTES = 1 * MIB;

/** The largest body `pathname` (decoded, without the query) accepts, in bytes. */
export function bodyLimitFor(pathname: string): number {
  const limit = ROUTE_BODY_LIMITS.find(({ prefix }) => pathname === prefix || pathname.startsWith(`${prefix}/`));
  return limit?.bytes ?? PAGE_BODY_LIMIT_BYTES;
}

/** "8 KiB", "1 MiB": a limit as a person reads it. */
export function formatBytes(bytes: number): string {
  return bytes >= MIB ? `${bytes / MIB} MiB` : `${bytes / KIB} KiB`;
}
