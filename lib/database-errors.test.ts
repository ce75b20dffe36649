// What counts as "the database is busy" (503, retry) rather than a bug (500) — with errors made by
// the real drivers on PostgreSQL, not hand-built look-alikes.
import http from "node:http";
import net, { type AddressInfo } from "node:net";
import pg from "pg";
import { FETCH_FAILURE_MESSAGE } from "@prisma/extension-accelerate";
import { startAccelerateEndpoint } from "@starter/local-db";
import { afterAll, describe, expect, it } from "vitest";
import { ACCELERATE_TIMEOUT_MESSAGE } from "@/lib/accelerate-timeout";
import { isDatabaseBusy, isForeignKeyViolation, isUniqueViolation } from "@/lib/database-errors";
import { createDatabase, getDb } from "@/lib/db";
import { BUDGET_MS } from "@/test/support/budgets";
import { itOnPgPath } from "@/test/support/database-path";
import { freePort } from "@/test/support/free-port";

const url = process.env.DATABASE_URL!;
const db = getDb();
afterAll(() => db.$disconnect());

async function caught(work: () => Promise<unknown>) {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error("expected a failure");
}

describe("isDatabaseBusy", () => {
  it("recognises a pool with no connection to give within its wait, and a transaction that ran out of time (P2028)", async () => {
    // Opened with a wait long enough to connect on a loaded machine (connecting alone can take more
    // than 300 ms there); the wait under test, for a connection another caller holds, is then short.
    const small = createDatabase({ url, poolSize: 1, logQueries: false, poolWaitMs: BUDGET_MS.command });
    try {
      await small.db.user.count(); // the pool's one connection, open and idle
      const held = await small.pool!.connect();
      small.pool!.options.connectionTimeoutMillis = 300;
      const poolWait = await caught(() => small.db.user.count());
      held.release();
      expect(isDatabaseBusy(poolWait)).toBe(true);
      const expired = await caught(() =>
        small.db.$transaction(
          async (tx) => {
            await tx.$executeRawUnsafe("SELECT pg_sleep(0.3)");
            await tx.user.count();
          },
          { timeout: 100 },
        ),
      );
      expect(expired).toMatchObject({ code: "P2028" });
      expect(isDatabaseBusy(expired)).toBe(true);
    } finally {
      await small.db.$disconnect();
    }
  });

  it("recognises statement and lock timeouts, from pg and through Prisma", async () => {
    const client = new pg.Client(url);
    await client.connect();
    try {
      expect(isDatabaseBusy(await caught(() => client.query("SET statement_timeout = 20; SELECT pg_sleep(1)")))).toBe(true);
    } finally {
      await client.end();
    }
    const viaPrisma = await caught(() =>
      db.$transaction([db.$executeRawUnsafe("SET LOCAL statement_timeout = 20"), db.$executeRawUnsafe("SELECT pg_sleep(1)")]),
    );
    expect(isDatabaseBusy(viaPrisma)).toBe(true);
  });

  const onPgPool = itOnPgPath("the errors of the app's own pg pool");

  onPgPool("recognises a server that is not there (stopped): refused connections, through Prisma and from the pool", async () => {
    const stopped = new URL(url);
    stopped.port = String(await freePort());
    const away = createDatabase({ url: stopped.toString(), poolSize: 1, logQueries: false });
    try {
      expect(isDatabaseBusy(await caught(() => away.db.user.count()))).toBe(true);
      expect(isDatabaseBusy(await caught(() => away.pool!.query("SELECT 1")))).toBe(true);
    } finally {
      await away.db.$disconnect();
    }
  });

  onPgPool("recognises a connection ended under a query (pg_terminate_backend, or the server stopping)", async () => {
    const app = createDatabase({ url, poolSize: 2, logQueries: false });
    const admin = new pg.Client(url);
    await admin.connect();
    try {
      const tag = `terminated-${Math.random()}`;
      const sleeping = caught(() => app.db.$executeRawUnsafe(`SELECT pg_sleep(5) /* ${tag} */`));
      const direct = caught(() => app.pool!.query(`SELECT pg_sleep(5) /* ${tag} */`));
      await expect.poll(async () => (await admin.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE $1", [`%${tag}%`])).rows[0].n).toBe(2);
      await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE $1 AND pid <> pg_backend_pid()", [`%${tag}%`]);
      expect(isDatabaseBusy(await sleeping)).toBe(true);
      expect(isDatabaseBusy(await direct)).toBe(true);
      // The pool kept no dead connection: the next query gets a live one.
      expect(await app.db.user.count()).toBeGreaterThanOrEqual(0);
    } finally {
      await admin.end();
      await app.db.$disconnect();
    }
  });

  onPgPool("sets a statement timeout on every connection, and stops waiting for a server that does not answer at all", async () => {
    const app = createDatabase({ url, poolSize: 1, logQueries: false, statementTimeoutMs: 300 });
    try {
      expect(await app.pool!.query("SHOW statement_timeout")).toMatchObject({ rows: [{ statement_timeout: "300ms" }] });
      expect(isDatabaseBusy(await caught(() => app.db.$executeRawUnsafe("SELECT pg_sleep(2)")))).toBe(true);
      // A server that says nothing (here: told not to cancel, as a paused one cannot): the client gives up on its own.
      const silent = await caught(() => app.pool!.query("SET statement_timeout = 0; SELECT pg_sleep(3)"));
      expect(silent).toMatchObject({ message: "Query read timeout" });
      expect(isDatabaseBusy(silent)).toBe(true);
    } finally {
      await app.db.$disconnect();
    }
  });

  onPgPool("sets a lock timeout on every connection: a statement behind another's lock gives up, and the database is busy", async () => {
    const app = createDatabase({ url, poolSize: 1, logQueries: false, lockTimeoutMs: 300 });
    const migration = new pg.Client(url);
    await migration.connect();
    try {
      expect(await app.pool!.query("SHOW lock_timeout")).toMatchObject({ rows: [{ lock_timeout: "300ms" }] });
      // A migration's lock, held far longer than the statement timeout: only the lock timeout can end the wait.
      await migration.query('BEGIN; LOCK TABLE "Post" IN ACCESS EXCLUSIVE MODE');
      const waited = await caught(() => app.db.post.count());
      expect(waited).toMatchObject({ message: expect.stringMatching(/lock timeout/i) });
      expect(isDatabaseBusy(waited)).toBe(true);
      await migration.query("ROLLBACK");
      expect(await app.db.post.count()).toBeGreaterThanOrEqual(0);
    } finally {
      await migration.end();
      await app.db.$disconnect();
    }
  });

  it("leaves real bugs alone: constraint violations, syntax errors, anything else", async () => {
    const duplicate = await caught(async () => {
      const email = `dup-${Math.random()}@example.com`;
      await db.user.create({ data: { email } });
      await db.user.create({ data: { email } });
    });
    expect(isDatabaseBusy(duplicate)).toBe(false);
    expect(isDatabaseBusy(await caught(() => db.$executeRawUnsafe("SELEKT 1")))).toBe(false);
    expect(isDatabaseBusy(new Error("boom"))).toBe(false);
    expect(isDatabaseBusy(undefined)).toBe(false);
  });
});

describe("isForeignKeyViolation", () => {
  it("recognises a write that refers to a row gone meanwhile, through Prisma and from pg — and nothing else", async () => {
    expect(
      isForeignKeyViolation(
        await caught(() => db.post.create({ data: { authorId: "deleted-user", organizationId: "deleted-organization", title: "orphan" } })),
      ),
    ).toBe(true);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const raw = await caught(() =>
        client.query(
          `INSERT INTO "Post" ("id", "title", "authorId", "organizationId", "updatedAt") VALUES ('p1', 't', 'deleted-user', 'deleted-organization', now())`,
        ),
      );
      expect(isForeignKeyViolation(raw)).toBe(true);
      expect(isDatabaseBusy(raw)).toBe(false);
    } finally {
      await client.end();
    }
    const duplicate = await caught(async () => {
      const email = `dup-fk-${Math.random()}@example.com`;
      await db.user.create({ data: { email } });
      await db.user.create({ data: { email } });
    });
    expect(isForeignKeyViolation(duplicate)).toBe(false);
    expect(isForeignKeyViolation(new Error("boom"))).toBe(false);
  });
});

describe("isUniqueViolation", () => {
  it("recognises a write into the named unique index, through Prisma and from pg — and no other index's", async () => {
    await db.organization.create({ data: { name: "Unique", slug: "unique-probe" } });
    const sameSlug = await caught(() => db.organization.create({ data: { name: "Unique", slug: "unique-probe" } }));
    expect(isUniqueViolation(sameSlug, "Organization_slug_key")).toBe(true);
    expect(isUniqueViolation(sameSlug, "User_email_key")).toBe(false);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const raw = await caught(() => client.query(`INSERT INTO "Organization" ("id", "name", "slug") VALUES ('o1', 'Unique', 'unique-probe')`));
      expect(isUniqueViolation(raw, "Organization_slug_key")).toBe(true);
    } finally {
      await client.end();
    }
    expect(
      isUniqueViolation(
        await caught(() => db.post.create({ data: { authorId: "nobody", organizationId: "nowhere", title: "orphan" } })),
        "Organization_slug_key",
      ),
    ).toBe(false);
  });
});

describe("isDatabaseBusy on the Accelerate path (prisma+postgres://), with the errors the real client throws", () => {
  // A local endpoint of its own in front of this file's database, stopped or broken on purpose.
  const direct = process.env.DIRECT_URL!;

  it("recognises an endpoint that stopped: model operations, raw queries and transactions alike", async () => {
    const endpoint = await startAccelerateEndpoint({ databaseUrl: direct });
    const client = createDatabase({ url: endpoint.url, poolSize: 1, logQueries: false });
    try {
      expect(await client.db.user.count()).toBeGreaterThanOrEqual(0);
      await endpoint.stop();
      const failures = {
        model: await caught(() => client.db.user.count()),
        write: await caught(() => client.db.post.create({ data: { authorId: "nobody", organizationId: "nowhere", title: "never written" } })),
        raw: await caught(() => client.db.$queryRaw`SELECT 1`),
        transaction: await caught(() => client.db.$transaction(async (tx) => tx.user.count())),
      };
      // What the client throws: the extension's one message for model operations, fetch's own
      // failure (its cause the refused connection) for raw queries and transactions.
      expect(failures.write).toMatchObject({ message: FETCH_FAILURE_MESSAGE });
      expect(failures.raw).toMatchObject({ message: "fetch failed", cause: { code: "ECONNREFUSED" } });
      for (const [name, error] of Object.entries(failures)) expect(isDatabaseBusy(error), name).toBe(true);
    } finally {
      await endpoint.stop();
      await client.db.$disconnect();
    }
  });

  it("recognises an endpoint that closes the connection under a request (it crashed or restarted mid-query)", async () => {
    const server = http.createServer((request) => request.socket.destroy());
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const client = createDatabase({
      url: `prisma+postgres://127.0.0.1:${(server.address() as AddressInfo).port}/?api_key=key`,
      poolSize: 1,
      logQueries: false,
    });
    try {
      const failures = { model: await caught(() => client.db.user.count()), raw: await caught(() => client.db.$queryRaw`SELECT 1`) };
      expect(failures.raw).toMatchObject({ message: "fetch failed", cause: { code: "UND_ERR_SOCKET" } });
      for (const [name, error] of Object.entries(failures)) expect(isDatabaseBusy(error), name).toBe(true);
    } finally {
      await client.db.$disconnect();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("stops waiting for an endpoint that accepts connections and never answers, each round trip within the statement timeout plus a second", async () => {
    // Nothing is ever written back: a hung endpoint, or a network that drops its packets.
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const client = createDatabase({
      url: `prisma+postgres://127.0.0.1:${(silent.address() as AddressInfo).port}/?api_key=key`,
      poolSize: 1,
      logQueries: false,
      statementTimeoutMs: 300,
    });
    try {
      // The client's first request (the connection info) goes unanswered.
      const started = Date.now();
      const failure = await caught(() => client.db.user.count());
      expect(Date.now() - started).toBeLessThan(1_300 + 2_000);
      expect(failure).toMatchObject({ message: ACCELERATE_TIMEOUT_MESSAGE });
      expect(isDatabaseBusy(failure)).toBe(true);
    } finally {
      await client.db.$disconnect();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it("stops waiting when a connected client's endpoint falls silent: model operations, cached reads, raw queries, transactions and cache invalidation alike", async () => {
    // The endpoint answers the client's connection info, then nothing more.
    const server = http.createServer((request, response) => {
      if (request.url === "/connection-info") response.end(JSON.stringify({ provider: "postgres", connectionInfo: { supportsRelationJoins: true } }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const client = createDatabase({
      url: `prisma+postgres://127.0.0.1:${(server.address() as AddressInfo).port}/?api_key=key`,
      poolSize: 1,
      logQueries: false,
      statementTimeoutMs: 300,
    });
    try {
      const timed = async (work: () => Promise<unknown>) => {
        const started = Date.now();
        const error = await caught(work);
        return { error, ms: Date.now() - started };
      };
      const failures = {
        model: await timed(() => client.db.user.count()),
        cached: await timed(() => client.db.user.findMany({ cacheStrategy: { ttl: 60 } })),
        raw: await timed(() => client.db.$queryRaw`SELECT 1`),
        transaction: await timed(() => client.db.$transaction(async (tx) => tx.user.count())),
        invalidate: await timed(() => client.db.$accelerate.invalidate({ tags: ["posts"] })),
      };
      // Model operations and invalidation go through the extension, which replaces any fetch failure
      // with its one message; raw queries and transactions surface the bound's own error.
      expect(failures.model.error).toMatchObject({ message: FETCH_FAILURE_MESSAGE });
      expect(failures.raw.error).toMatchObject({ message: ACCELERATE_TIMEOUT_MESSAGE });
      expect(failures.transaction.error).toMatchObject({ message: ACCELERATE_TIMEOUT_MESSAGE });
      for (const [name, { error, ms }] of Object.entries(failures)) {
        expect(isDatabaseBusy(error), name).toBe(true);
        expect(ms, name).toBeLessThan(1_300 + 2_000);
      }
    } finally {
      await client.db.$disconnect();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("leaves a misconfiguration alone: a wrong API key is a bug to fix, not an outage to wait out", async () => {
    const endpoint = await startAccelerateEndpoint({ databaseUrl: direct, apiKey: "the-right-key" });
    const client = createDatabase({ url: endpoint.url.replace("the-right-key", "a-wrong-key"), poolSize: 1, logQueries: false });
    try {
      const failures = { model: await caught(() => client.db.user.count()), raw: await caught(() => client.db.$queryRaw`SELECT 1`) };
      for (const error of Object.values(failures)) expect(error).toMatchObject({ code: "P6000", message: expect.stringContaining("Invalid API key") });
      for (const [name, error] of Object.entries(failures)) expect(isDatabaseBusy(error), name).toBe(false);
    } finally {
      await endpoint.stop();
      await client.db.$disconnect();
    }
  });
});
