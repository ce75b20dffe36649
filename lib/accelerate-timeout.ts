// A client-side bound on every round trip to an Accelerate endpoint. Prisma Client has none: an
// endpoint that accepts the connection and never answers would hold the request for undici's own
// 300 s header timeout. The pg path has its query_timeout (lib/db.ts); this is its counterpart.
//
// Why globalThis.fetch: Prisma Client 7 has no fetch or timeout option. Its Accelerate executor
// (node_modules/@prisma/client/runtime/client.js, the remote executor's request method) calls
// `globalThis.fetch`, read at each call, for the connection info, raw queries and interactive
// transactions (start, queries, commit, rollback); only model operations take another fetch, the
// one `withAccelerate({ fetch })` is given. So the bound is installed on globalThis.fetch, once per
// process, and applies only to requests to the endpoints registered here: every other request
// (Stripe, OAuth, Next.js's own) is passed on untouched, the same arguments to the same fetch.

/** The error a round trip that ran out of time rejects with (lib/database-errors.ts treats it as busy). */
export const ACCELERATE_TIMEOUT_MESSAGE = "The Accelerate endpoint did not answer in time";

// Kept on globalThis: Next.js evaluates this module once per module graph, and every evaluation
// must find the same registry instead of wrapping fetch again.
const REGISTRY = Symbol.for("prisma-saas-starter.accelerateTimeouts");
type Registry = Map<string, number>;
const holder = globalThis as { [REGISTRY]?: Registry };

/**
 * Bounds every request to the endpoint of `accelerateUrl` (its host and port: `prisma://` and
 * `prisma+postgres://` URLs name the host Prisma Client sends its requests to) to `timeoutMs`,
 * from the request until its body is read.
 */
export function boundAccelerateRequests(accelerateUrl: string, timeoutMs: number): void {
  registry().set(new URL(accelerateUrl).host, timeoutMs);
}

function registry(): Registry {
  if (holder[REGISTRY]) return holder[REGISTRY];
  const timeouts: Registry = new Map();
  holder[REGISTRY] = timeouts;
  const unbounded = globalThis.fetch;
  globalThis.fetch = function fetch(input, init) {
    const timeoutMs = timeouts.get(new URL(input instanceof Request ? input.url : input).host);
    if (timeoutMs === undefined) return unbounded(input, init);
    const controller = new AbortController();
    // Aborting with our own error makes fetch, or the body read after it, reject with exactly it.
    setTimeout(() => controller.abort(new Error(ACCELERATE_TIMEOUT_MESSAGE)), timeoutMs).unref();
    const signal = init?.signal ? AbortSignal.any([init.signal, controller.signal]) : controller.signal;
    return unbounded(input, { ...init, signal });
  };
  return timeouts;
}
