import { PrismaPg } from "@prisma/adapter-pg";
import { withAccelerate } from "@prisma/extension-accelerate";
import pg from "pg";
import { boundAccelerateRequests } from "@/lib/accelerate-timeout";
import { isAccelerateUrl } from "@/lib/database-url";
import { getServerEnv } from "@/lib/env";
import { $Enums, Prisma, PrismaClient } from "@/lib/generated/prisma/client";

/** The longest a query waits for a pooled connection, a new connection's handshake included. */
export const POOL_WAIT_MS = 10_000;
/**
 * The longest one statement may run (PostgreSQL's statement_timeout, set on every connection): a
 * statement stuck behind a lock, or on a saturated server, is cancelled and the request answers 503
 * instead of holding its connection for as long as the lock lasts.
 */
export const STATEMENT_TIMEOUT_MS = 5_000;
/**
 * The longest one statement waits for a lock (PostgreSQL's lock_timeout, set on every connection):
 * a lock held by someone else for longer (a migration's ACCESS EXCLUSIVE, a stuck transaction) is
 * not waited out. Shorter than the statement timeout because one request can wait more than once —
 * a dashboard form's action, then the page it renders — and together they must stay well under
 * what a user waits for; the app's own row locks (a plan limit's, a webhook's) last milliseconds.
 */
export const LOCK_TIMEOUT_MS = 2_000;
/**
 * The client stops waiting for an answer this long after the server would have cancelled the
 * statement: no answer by then means the server is gone (paused, or the network dropped), not slow.
 * The connection is then discarded, not returned to the pool. On the Accelerate path each round
 * trip to the endpoint gets the same bound (lib/accelerate-timeout.ts).
 */
const QUERY_TIMEOUT_MARGIN_MS = 1_000;

export type DbOptions = {
  /** `postgres(ql)://…` → a pg pool; `prisma://…` or `prisma+postgres://…` → Prisma Accelerate. */
  url: string;
  poolSize: number;
  logQueries: boolean;
  /** How long a query waits for a pooled connection (default POOL_WAIT_MS). */
  poolWaitMs?: number;
  /** How long one statement may run (default STATEMENT_TIMEOUT_MS). */
  statementTimeoutMs?: number;
  /** How long one statement may wait for a lock (default LOCK_TIMEOUT_MS). */
  lockTimeoutMs?: number;
};

/**
 * A Prisma client for either kind of URL, with one type: the Accelerate extension is applied on
 * both paths, so `cacheStrategy` compiles everywhere and is simply ignored without Accelerate.
 * On the pg path the pool is returned too, for the few hot-path statements that skip Prisma.
 */
export function createDatabase({
  url,
  poolSize,
  logQueries,
  poolWaitMs = POOL_WAIT_MS,
  statementTimeoutMs = STATEMENT_TIMEOUT_MS,
  lockTimeoutMs = LOCK_TIMEOUT_MS,
}: DbOptions) {
  // Errors reach callers as exceptions; logging them too would print each one twice outside development.
  const log: ("query" | "warn" | "error")[] = logQueries ? ["query", "warn", "error"] : ["warn"];
  if (isAccelerateUrl(url)) {
    // Before withAccelerate(), which keeps the fetch it finds for model operations.
    boundAccelerateRequests(url, statementTimeoutMs + QUERY_TIMEOUT_MARGIN_MS);
    return { db: new PrismaClient({ accelerateUrl: url, log }).$extends(withAccelerate()), pool: undefined };
  }
  // `?schema=` is Prisma's convention: Prisma qualifies its names, raw SQL relies on search_path.
  const schema = new URL(url).searchParams.get("schema") ?? undefined;
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    // Waiting longer for a connection only piles requests up: fail, and the API answers 503 with Retry-After.
    connectionTimeoutMillis: poolWaitMs,
    statement_timeout: statementTimeoutMs,
    lock_timeout: lockTimeoutMs,
    query_timeout: statementTimeoutMs + QUERY_TIMEOUT_MARGIN_MS,
    ...(schema && { options: `-c search_path="${schema.replaceAll('"', '""')}"` }),
  });
  const adapter = new PrismaPg(pool, { schema, disposeExternalPool: true });
  return { db: new PrismaClient({ adapter, log }).$extends(withAccelerate()), pool };
}

export type Database = ReturnType<typeof createDatabase>;
export type Db = Database["db"];
/** The client an interactive transaction (`db.$transaction(async (tx) => …)`) hands its callback. */
export type DbTransaction = Parameters<Extract<Parameters<Db["$transaction"]>[0], (...args: never[]) => unknown>>[0];

/**
 * One transaction at a time per `key` (a transaction-level advisory lock), for work that holds its
 * lock across calls to Stripe: the next one waits for it. That wait is meant, so the connection's
 * short lock timeout (for locks held by accident: a migration, a stuck transaction) is lifted for
 * the rest of this transaction; the statement timeout still bounds every wait in it.
 */
export async function oneAtATime(tx: DbTransaction, key: string): Promise<void> {
  await tx.$executeRaw`SET LOCAL lock_timeout = 0`;
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`;
}

// One client (and so one pool) per process, kept on globalThis: Next.js evaluates this module once
// per module graph (pages, route handlers and server actions each have theirs, and a hot reload
// makes another), and every evaluation must find the same client instead of opening a pool.
// A client is reused only while the generated client is the one that made it: `prisma generate`
// (which `npm run db:migrate` runs) rewrites lib/generated/prisma, and a client of the old schema
// knows only the old models and fields. Then it is replaced, and its pool closed.
type CachedDatabase = { database: Database; shape: string };
const globalForDb = globalThis as unknown as { __database?: CachedDatabase };
let database: Database | undefined;

/**
 * What the generated client knows: its models, their fields and the enums. Every evaluation of the
 * same generated code agrees on it (its classes do not: each evaluation makes new ones); a schema
 * that changed does not.
 */
function generatedClientShape(): string {
  const shape = Object.entries(Prisma).filter(([name]) => name === "ModelName" || name.endsWith("ScalarFieldEnum"));
  return JSON.stringify([shape, $Enums]);
}
const SHAPE = generatedClientShape();

function getDatabase(): Database {
  const cached = globalForDb.__database;
  if (cached && (cached.database === database || cached.shape === SHAPE)) return (database = cached.database);
  const env = getServerEnv();
  database = createDatabase({ url: env.DATABASE_URL, poolSize: env.DATABASE_POOL_SIZE, logQueries: env.LOG_QUERIES });
  globalForDb.__database = { database, shape: SHAPE };
  // Requests still running on the old client fail when their pool closes: this happens only in
  // development, after a schema change, and the alternative is a pool left open per regeneration.
  if (cached) void cached.database.db.$disconnect().catch(() => {});
  return database;
}

export function getDb(): Db {
  return getDatabase().db;
}

/**
 * The pg pool behind `db` (the same connections), or undefined with Accelerate. For a hot-path
 * statement where Prisma's per-query work is measurable (the per-request rate-limit counter).
 */
export function getPgPool(): pg.Pool | undefined {
  return getDatabase().pool;
}

/**
 * The process's client. Created on first use, so importing this module (as `next build` does)
 * never needs the database or its environment.
 */
export const db: Db = new Proxy({} as Db, {
  get(_, property) {
    const target = getDb();
    const value = Reflect.get(target, property, target);
    return typeof value === "function" ? value.bind(target) : value;
  },
});
