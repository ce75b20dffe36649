import { PrismaPg } from "@prisma/adapter-pg";
import { withAccelerate } from "@prisma/extension-accelerate";
import { isAccelerateUrl } from "@/lib/database-url";
import { getServerEnv } from "@/lib/env";
import { PrismaClient } from "@/lib/generated/prisma/client";

export type DbOptions = {
  /** `postgres(ql)://…` → a pg pool; `prisma://…` or `prisma+postgres://…` → Prisma Accelerate. */
  url: string;
  poolSize: number;
  logQueries: boolean;
};

/**
 * A Prisma client for either kind of URL, with one type: the Accelerate extension is applied on
 * both paths, so `cacheStrategy` compiles everywhere and is simply ignored without Accelerate.
 */
export function createDb({ url, poolSize, logQueries }: DbOptions) {
  // Errors reach callers as exceptions; logging them too would print each one twice outside development.
  const log: ("query" | "warn" | "error")[] = logQueries ? ["query", "warn", "error"] : ["warn"];
  const client = isAccelerateUrl(url)
    ? new PrismaClient({ accelerateUrl: url, log })
    : new PrismaClient({ adapter: createPgAdapter(url, poolSize), log });
  return client.$extends(withAccelerate());
}

export type Db = ReturnType<typeof createDb>;
/** The client an interactive transaction (`db.$transaction(async (tx) => …)`) hands its callback. */
export type DbTransaction = Parameters<Extract<Parameters<Db["$transaction"]>[0], (...args: never[]) => unknown>>[0];

function createPgAdapter(url: string, poolSize: number) {
  // `?schema=` is Prisma's convention; pg itself would ignore it.
  const schema = new URL(url).searchParams.get("schema") ?? undefined;
  return new PrismaPg({ connectionString: url, max: poolSize }, schema ? { schema } : undefined);
}

// One client (and so one pool) per process. Outside production it also lives on globalThis, so
// that hot reloads, which evaluate this module again, reuse it instead of opening a new pool.
const globalForDb = globalThis as unknown as { __db?: Db };
let client: Db | undefined;

export function getDb(): Db {
  if (client) return client;
  const env = getServerEnv();
  client =
    globalForDb.__db ??
    createDb({ url: env.DATABASE_URL, poolSize: env.DATABASE_POOL_SIZE, logQueries: env.NODE_ENV === "development" });
  if (env.NODE_ENV !== "production") globalForDb.__db = client;
  return client;
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
