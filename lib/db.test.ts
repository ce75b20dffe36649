import { sessionsOnDatabase } from "@/test/support/database";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { isAccelerateUrl } from "@/lib/database-url";
import { createDatabase, oneAtATime } from "@/lib/db";
import { itOnPgPath } from "@/test/support/database-path";

type DbModule = typeof import("@/lib/db");
const globalForDb = globalThis as { __database?: { database: { db: { $disconnect(): Promise<void> } } } };

/** Connections PostgreSQL has open to this test file's database for the app (its pool, or the Accelerate endpoint's). */
const appConnections = () => sessionsOnDatabase(process.env.DIRECT_URL!);

let reloads = 0;
/** What a hot reload of lib/db.ts does: the module is evaluated again, the modules it imports are not. */
async function reloadDbModule(): Promise<DbModule> {
  const reloaded = `./db.ts?reload=${++reloads}`; // a new module id: a new instance, sharing what it imports
  return (await import(/* @vite-ignore */ reloaded)) as DbModule;
}

/** What the reload after `prisma generate` does: the generated client is evaluated again too (and so is everything else here). */
async function freshImport(): Promise<DbModule> {
  vi.resetModules();
  return import("@/lib/db");
}

afterEach(() => {
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
});
afterAll(async () => {
  await globalForDb.__database?.database.db.$disconnect();
  delete globalForDb.__database;
});

describe("the process-wide client", () => {
  it("is one client with one pool across hot reloads of lib/db.ts", async () => {
    vi.stubEnv("NODE_ENV", "development");
    const first = await freshImport();
    await first.db.$queryRaw`SELECT 1`;
    for (let reload = 0; reload < 20; reload++) {
      const again = await reloadDbModule();
      expect(again.getDb()).toBe(first.getDb());
      await again.db.$queryRaw`SELECT 1`;
    }
    // A new pool per reload would hold ~21 idle connections here.
    expect(await appConnections()).toBe(1);
  });

  it("is shared by every evaluation of the same generated client: pages, route handlers and server actions each evaluate it", async () => {
    vi.stubEnv("NODE_ENV", "development");
    const page = await freshImport();
    await page.db.$queryRaw`SELECT 1`;
    const action = await freshImport(); // another module graph: the generated client evaluated again, same code
    expect(action.getDb()).toBe(page.getDb());
    // Each keeps working after the other ran: neither closed the other's pool.
    await action.db.$queryRaw`SELECT 1`;
    await page.db.$queryRaw`SELECT 1`;
    expect(page.getPgPool()).toBe(action.getPgPool());
    expect(await appConnections()).toBe(1);
  });

  it("is replaced, and its pool closed, when prisma generate changed the schema", async () => {
    vi.stubEnv("NODE_ENV", "development");
    const old = await freshImport();
    const oldClient = old.getDb();
    await oldClient.$queryRaw`SELECT 1`;

    // The generated client after a migration that added a field to User.
    vi.doMock("@/lib/generated/prisma/client", async (importOriginal) => {
      const generated = await importOriginal<typeof import("@/lib/generated/prisma/client")>();
      return { ...generated, Prisma: { ...generated.Prisma, UserScalarFieldEnum: { ...generated.Prisma.UserScalarFieldEnum, nickname: "nickname" } } };
    });
    try {
      const regenerated = await freshImport();
      expect(regenerated.getDb()).not.toBe(oldClient);
      expect((await reloadDbModule()).getDb()).toBe(regenerated.getDb());
      await regenerated.db.$queryRaw`SELECT 1`;
      // The old pool's idle connection would stay open 10 s if it were only dropped.
      await vi.waitFor(async () => expect(await appConnections()).toBe(1));
    } finally {
      vi.doUnmock("@/lib/generated/prisma/client");
    }
  });

  it("is one client per process in production too, whichever module graph asks", async () => {
    vi.stubEnv("NODE_ENV", "production");
    vi.stubEnv("NEXTAUTH_SECRET", "a-production-secret-of-32-characters!");
    const route = await freshImport();
    const page = await freshImport();
    expect(page.getDb()).toBe(route.getDb());
    await page.db.$queryRaw`SELECT 1`;
  });

  it("serves queries through the exported proxy, including transactions", async () => {
    const { db } = await freshImport();
    const [count] = await db.$transaction([db.user.count()]);
    expect(count).toBe(0);
    await db.$transaction(async (tx) => tx.user.create({ data: { email: "tx@example.com" } }));
    expect(await db.user.count()).toBe(1);
  });

  it("fails with the variable's name when DATABASE_URL is missing", async () => {
    const saved = globalForDb.__database;
    delete globalForDb.__database;
    vi.stubEnv("DATABASE_URL", "");
    const { db } = await freshImport();
    expect(() => db.user).toThrow(/DATABASE_URL is required/);
    globalForDb.__database = saved;
  });
});

describe("createDatabase", () => {
  it("recognises Accelerate URLs", () => {
    expect(isAccelerateUrl("prisma://accelerate.prisma-data.net/?api_key=k")).toBe(true);
    expect(isAccelerateUrl("prisma+postgres://localhost:51213/?api_key=k")).toBe(true);
    expect(isAccelerateUrl("postgresql://localhost/db")).toBe(false);
  });

  itOnPgPath("counts the app's own pg pool")("uses a pg pool of the configured size for postgres:// URLs", async () => {
    const db = createDatabase({ url: process.env.DATABASE_URL!, poolSize: 2, logQueries: false }).db;
    const before = await appConnections();
    const started = Date.now();
    await Promise.all(Array.from({ length: 6 }, () => db.$queryRaw`SELECT pg_sleep(0.2)::text`));
    // 6 queries of 200 ms through 2 connections take 3 rounds.
    expect(Date.now() - started).toBeGreaterThanOrEqual(550);
    expect((await appConnections()) - before).toBe(2);
    await db.$disconnect();
  });

  it("sends queries to Accelerate for prisma:// URLs, with the API key and the cache strategy", async () => {
    const requests: { url: string; method?: string; headers: Record<string, string>; body?: string }[] = [];
    vi.stubGlobal("fetch", async (url: string | URL, init: RequestInit = {}) => {
      requests.push({ url: String(url), method: init.method, headers: init.headers as Record<string, string>, body: init.body as string });
      const body = String(url).endsWith("/connection-info")
        ? { provider: "postgres", connectionInfo: { supportsRelationJoins: true } }
        : {
            data: [
              {
                id: "u1",
                email: "a@example.com",
                name: null,
                emailVerified: null,
                image: null,
                createdAt: new Date(0).toISOString(),
                updatedAt: new Date(0).toISOString(),
              },
            ],
          };
      return Response.json(body);
    });
    const db = createDatabase({ url: "prisma://accelerate.example.test/?api_key=test-api-key", poolSize: 1, logQueries: false }).db;

    const users = await db.user.findMany({ cacheStrategy: { ttl: 60, swr: 30 } });

    expect(users).toEqual([expect.objectContaining({ id: "u1", email: "a@example.com" })]);
    const query = requests.find((r) => r.url === "https://accelerate.example.test/query");
    expect(query).toBeDefined();
    expect(query!.method).toBe("POST");
    expect(query!.headers.Authorization).toBe("Bearer test-api-key");
    expect(query!.headers["cache-control"]).toBe("max-age=60,stale-while-revalidate=30");
    expect(JSON.parse(query!.body!)).toMatchObject({ model: "User", operation: "findMany" });
  });

  it("accepts cacheStrategy where nothing caches (a pg pool, the local Accelerate endpoint) and reads fresh data", async () => {
    const db = createDatabase({ url: process.env.DATABASE_URL!, poolSize: 1, logQueries: false }).db;
    await db.user.create({ data: { email: "cache@example.com" } });
    expect(await db.user.findMany({ where: { email: "cache@example.com" }, cacheStrategy: { ttl: 60 } })).toHaveLength(1);
    await db.$disconnect();
  });
});

describe("oneAtATime", () => {
  itOnPgPath("the lock timeout of the app's own pg pool")(
    "makes the next transaction on the same key wait for the first, however long past the lock timeout",
    async () => {
      const { db } = createDatabase({ url: process.env.DATABASE_URL!, poolSize: 2, logQueries: false, lockTimeoutMs: 200 });
      const order: string[] = [];
      const holding = (name: string, ms: number) =>
        db.$transaction(async (tx) => {
          await oneAtATime(tx, "one-customer");
          order.push(`${name} in`);
          await new Promise((resolve) => setTimeout(resolve, ms));
          order.push(`${name} out`);
        });
      try {
        const first = holding("first", 800);
        await expect.poll(() => order).toEqual(["first in"]);
        await Promise.all([first, holding("second", 0)]);
        expect(order).toEqual(["first in", "first out", "second in", "second out"]);
        // The lock timeout is lifted for that transaction only: the connection keeps its own.
        expect(await db.$queryRaw`SHOW lock_timeout`).toEqual([{ lock_timeout: "200ms" }]);
      } finally {
        await db.$disconnect();
      }
    },
  );
});
