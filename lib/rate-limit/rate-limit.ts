// Sliding-window rate limiting, counted in PostgreSQL with atomic INSERT … ON CONFLICT DO UPDATE
// statements (counter.ts), so a limit is exact across any number of server instances (no
// in-memory counters). With N concurrent requests against a limit L, exactly L get through.
// A request counts in its window (a calendar minute, by default), and the previous window weighs
// in for the part of it still inside the last windowMs: used = count + previous × (1 − elapsed).
// A fixed window alone would let 2L through in a moment across a boundary (L just before, L just
// after); this lets about L through. Refused requests count too: a client that keeps hammering
// stays refused until it slows down.
// Used for the per-user request limit (API and dashboard actions), key creation and sign-in emails.
import { createHash } from "node:crypto";
import { db, getPgPool } from "@/lib/db";
import { UserFacingError } from "@/lib/errors";
import { createCounter, INCREMENT_SQL } from "./counter.ts";

/** The default window: a calendar minute. */
export const WINDOW_MS = 60_000;
/** The longest window a limit may use: a row older than this is over, whatever its limit. */
export const MAX_WINDOW_MS = 15 * 60_000;

export type RateLimitDecision = {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window resets. */
  resetSeconds: number;
  windowSeconds: number;
};

export async function consumeRateLimit(
  key: string,
  limit: number,
  {
    now = Date.now(),
    windowMs = WINDOW_MS,
    apiUsageOf,
  }: {
    now?: number;
    windowMs?: number;
    /** The user whose API usage of the day (lib/usage) this request counts in: counted in the same statement. */
    apiUsageOf?: string;
  } = {},
): Promise<RateLimitDecision> {
  if (windowMs > MAX_WINDOW_MS || MAX_WINDOW_MS % windowMs !== 0) throw new Error(`A rate-limit window must divide ${MAX_WINDOW_MS} ms.`);
  const windowStart = Math.floor(now / windowMs) * windowMs;
  const { count, previous } = await increment(storedKey(key), windowStart, windowStart - windowMs, apiUsageOf);
  if (Math.random() < 0.01) void pruneOldWindows(now);
  const elapsed = (now - windowStart) / windowMs;
  const used = count + previous * (1 - elapsed);
  const windowEndsIn = windowStart + windowMs - now;
  return {
    allowed: used <= limit,
    limit,
    remaining: Math.max(0, Math.floor(limit - used)),
    resetSeconds: Math.max(1, Math.ceil((used <= limit ? windowEndsIn : untilAllowedMs(count, previous, limit, elapsed, windowMs)) / 1000)),
    windowSeconds: windowMs / 1000,
  };
}

/** How long until one more request would pass, if none is made meanwhile: the previous window's weight fades, then this one's. */
function untilAllowedMs(count: number, previous: number, limit: number, elapsed: number, windowMs: number) {
  // The next request passes once weight × (1 − elapsed') + requests + 1 ≤ limit: in this window while the previous one fades, else in the next.
  if (count < limit) return (1 - (limit - count - 1) / previous - elapsed) * windowMs;
  return (1 - elapsed) * windowMs + (1 - (limit - 1) / count) * windowMs;
}

// Keys carry what clients send (an email address, a client address): stored as given they could
// exceed what an index row holds (a few KB) or carry a NUL PostgreSQL refuses. A key that is not
// short printable ASCII is stored as its scope and a hash: the same key still counts in one row.
const STORABLE_KEY = /^[\x21-\x7e]{1,128}$/;

/** The key as stored: as given when short printable ASCII, else `scope:sha256:<hash>` (64 characters at most). */
export function storedKey(key: string): string {
  if (STORABLE_KEY.test(key)) return key;
  const scope = /^[a-z-]{1,24}:/.exec(key)?.[0] ?? "";
  return `${scope}sha256:${createHash("sha256").update(key).digest("base64url")}`;
}

type CounterRow = { key: string; windowStart: string | number; count: number; previous: number };

// Every API request runs this: straight on the pg pool when there is one (the benchmarks show
// Prisma's per-query overhead here), through Prisma with Accelerate.
const increment = createCounter(async (keys, windowStarts, amounts, previousWindowStarts, usage) => {
  const pool = getPgPool();
  const parameters = [keys, windowStarts, amounts, previousWindowStarts, usage.userIds, usage.days, usage.amounts];
  const rows = pool
    ? // Unnamed (not prepared server-side): transaction-mode poolers (PgBouncer, Supavisor) may not keep prepared statements.
      (await pool.query<CounterRow>(INCREMENT_SQL, parameters)).rows
    : await db.$queryRawUnsafe<CounterRow[]>(INCREMENT_SQL, ...parameters);
  return rows.map((row) => ({ key: row.key, windowStart: Number(row.windowStart), count: Number(row.count), previous: Number(row.previous) }));
});

/** A window is useless once it is neither current nor previous (none is longer than MAX_WINDOW_MS); about one request in a hundred clears them. */
export async function pruneOldWindows(now = Date.now()) {
  await db.rateLimitWindow.deleteMany({ where: { windowStart: { lt: new Date(now - 2 * MAX_WINDOW_MS) } } }).catch(() => {});
}

/** The IETF RateLimit header fields (draft-ietf-httpapi-ratelimit-headers) and Retry-After. */
export function rateLimitHeaders(decision: RateLimitDecision): Record<string, string> {
  return {
    "RateLimit-Limit": String(decision.limit),
    "RateLimit-Remaining": String(decision.remaining),
    "RateLimit-Reset": String(decision.resetSeconds),
    "RateLimit-Policy": `${decision.limit};w=${decision.windowSeconds}`,
    ...(!decision.allowed && { "Retry-After": String(decision.resetSeconds) }),
  };
}

/** A refusal the caller can retry after `retryAfterSeconds` (a limit is used up, or too much is in flight). */
export class RateLimitedError extends UserFacingError {
  override name = "RateLimitedError";

  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/** "in 42 seconds", "in 3 minutes": when to retry, in words. */
export function retryIn(seconds: number) {
  if (seconds < 90) return `in ${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `in ${minutes} minutes`;
}
