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
    // A URL fetch cannot parse is passed on too, for fetch to reject as it always did.
    const url = URL.parse(input instanceof Request ? input.url : input);
    const timeoutMs = url ? timeouts.get(url.host) : undefined;
    if (!url || timeoutMs === undefined) return unbounded(input, init);
    if (url.pathname === "/transaction/start") return startTransactionWithin(unbounded, url, init, timeoutMs);
    const controller = new AbortController();
    // Aborting with our own error makes fetch, or the body read after it, reject with exactly it.
    setTimeout(() => controller.abort(new Error(ACCELERATE_TIMEOUT_MESSAGE)), timeoutMs).unref();
    return unbounded(input, { ...init, signal: withCallerSignal(init, controller.signal) });
  };
  return timeouts;
}

/**
 * How long the answer to a transaction start its caller gave up on is still awaited, to roll that
 * transaction back: an endpoint frozen longer leaves the ones it then starts to their own timeout.
 */
const ABANDONED_START_WAIT_MS = 60_000;

/**
 * A transaction start is not aborted when its caller gives up: an endpoint that was frozen still
 * serves the request it had received, and the transaction it starts would hold one of its
 * connections until the transaction's timeout (up to Accelerate's cap), for nobody. Once the
 * endpoint answers again, enough of those would keep every later request waiting for a connection.
 * So the caller is answered at the bound, and the transaction, if the endpoint starts it, is rolled
 * back at once.
 */
function startTransactionWithin(unbounded: typeof fetch, url: URL, init: RequestInit | undefined, timeoutMs: number): Promise<Response> {
  const started = unbounded(url, { ...init, signal: withCallerSignal(init, AbortSignal.timeout(ABANDONED_START_WAIT_MS)) });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(ACCELERATE_TIMEOUT_MESSAGE));
      void started.then((response) => rollBack(unbounded, url, init, response)).catch(() => {});
    }, timeoutMs);
    // Once the timer fired these settle nothing: the caller was answered already.
    started.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}

async function rollBack(unbounded: typeof fetch, startUrl: URL, init: RequestInit | undefined, started: Response) {
  if (!started.ok) return void started.body?.cancel();
  const { id } = (await started.json()) as { id: string };
  // The same headers Prisma Client sends (the key, its version), and the engine the endpoint routed the start to.
  const headers = new Headers(init?.headers);
  const engine = started.headers.get("Accelerate-Query-Engine-Jwt");
  if (engine) headers.set("Accelerate-Query-Engine-Jwt", engine);
  const response = await unbounded(new URL(`/transaction/${id}/rollback`, startUrl), {
    method: "POST",
    headers,
    signal: AbortSignal.timeout(ABANDONED_START_WAIT_MS),
  });
  await response.body?.cancel();
}

function withCallerSignal(init: RequestInit | undefined, signal: AbortSignal) {
  return init?.signal ? AbortSignal.any([init.signal, signal]) : signal;
}
