// Fixed-window rate limiting, counted in PostgreSQL: one atomic INSERT … ON CONFLICT DO UPDATE
// per request, so the limit is exact across any number of server instances (no in-memory
// counters). With N concurrent requests against a limit L, exactly L get through.
import { db, getPgPool } from "@/lib/db";

export const WINDOW_MS = 60_000;

export type RateLimitDecision = {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window resets. */
  resetSeconds: number;
};

export async function consumeRateLimit(key: string, limit: number, now = Date.now()): Promise<RateLimitDecision> {
  const windowStart = new Date(Math.floor(now / WINDOW_MS) * WINDOW_MS);
  const count = await increment(key, windowStart);
  if (Math.random() < 0.01) void pruneOldWindows(now);
  return {
    allowed: count <= limit,
    limit,
    remaining: Math.max(0, limit - count),
    resetSeconds: Math.max(1, Math.ceil((windowStart.getTime() + WINDOW_MS - now) / 1000)),
  };
}

const INCREMENT = `INSERT INTO "RateLimitWindow" ("key", "windowStart", "count") VALUES ($1, $2, 1)
  ON CONFLICT ("key", "windowStart") DO UPDATE SET "count" = "RateLimitWindow"."count" + 1
  RETURNING "count"`;

// Every API request runs this: straight on the pg pool when there is one (the benchmarks show
// Prisma's per-query overhead here), through Prisma with Accelerate.
async function increment(key: string, windowStart: Date): Promise<number> {
  const pool = getPgPool();
  const rows = pool
    ? (await pool.query<{ count: number }>({ name: "rate-limit-increment", text: INCREMENT, values: [key, windowStart] })).rows
    : await db.$queryRawUnsafe<{ count: number }[]>(INCREMENT, key, windowStart);
  return rows[0]!.count;
}

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
