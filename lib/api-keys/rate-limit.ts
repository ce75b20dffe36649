// Fixed-window rate limiting, counted in PostgreSQL with atomic INSERT … ON CONFLICT DO UPDATE
// statements (rate-limit-counter.ts), so the limit is exact across any number of server
// instances (no in-memory counters). With N concurrent requests against a limit L, exactly L get through.
import { db, getPgPool } from "@/lib/db";
import { createCounter, INCREMENT_SQL } from "./rate-limit-counter.ts";

export const WINDOW_MS = 60_000;

export type RateLimitDecision = {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window resets. */
  resetSeconds: number;
};

export async function consumeRateLimit(key: string, limit: number, now = Date.now()): Promise<RateLimitDecision> {
  const windowStart = Math.floor(now / WINDOW_MS) * WINDOW_MS;
  const count = await increment(key, windowStart);
  if (Math.random() < 0.01) void pruneOldWindows(now);
  return {
    allowed: count <= limit,
    limit,
    remaining: Math.max(0, limit - count),
    resetSeconds: Math.max(1, Math.ceil((windowStart + WINDOW_MS - now) / 1000)),
  };
}

type CounterRow = { key: string; windowStart: string | number; count: number };

// Every API request runs this: straight on the pg pool when there is one (the benchmarks show
// Prisma's per-query overhead here), through Prisma with Accelerate.
const increment = createCounter(async (keys, windowStarts, amounts) => {
  const pool = getPgPool();
  const rows = pool
    ? // Unnamed (not prepared server-side): transaction-mode poolers (PgBouncer, Supavisor) may not keep prepared statements.
      (await pool.query<CounterRow>(INCREMENT_SQL, [keys, windowStarts, amounts])).rows
    : await db.$queryRawUnsafe<CounterRow[]>(INCREMENT_SQL, keys, windowStarts, amounts);
  return rows.map((row) => ({ key: row.key, windowStart: Number(row.windowStart), count: Number(row.count) }));
});

/** Past windows are useless; about one request in a hundred clears them. */
export async function pruneOldWindows(now = Date.now()) {
  await db.rateLimitWindow.deleteMany({ where: { windowStart: { lt: new Date(now - 2 * WINDOW_MS) } } }).catch(() => {});
}

/** The IETF RateLimit header fields (draft-ietf-httpapi-ratelimit-headers) and Retry-After. */
export function rateLimitHeaders(decision: RateLimitDecision): Record<string, string> {
  return {
    "RateLimit-Limit": String(decision.limit),
    "RateLimit-Remaining": String(decision.remaining),
    "RateLimit-Reset": String(decision.resetSeconds),
    "RateLimit-Policy": `${decision.limit};w=${WINDOW_MS / 1000}`,
    ...(!decision.allowed && { "Retry-After": String(decision.resetSeconds) }),
  };
}
