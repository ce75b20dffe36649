// What counts as "the database is busy" (503, retry) rather than a bug (500) — with errors made by
// the real drivers on PostgreSQL, not hand-built look-alikes.
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { isDatabaseBusy, isForeignKeyViolation, isUniqueViolation } from "@/lib/database-errors";
import { createDatabase, getDb } from "@/lib/db";

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
    const small = createDatabase({ url, poolSize: 1, logQueries: false, poolWaitMs: 300 });
    try {
      await small.db.user.count(); // the pool's one connection, open and idle
      const held = await small.pool!.connect();
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
    expect(isForeignKeyViolation(await caught(() => db.post.create({ data: { authorId: "deleted-user", title: "orphan" } })))).toBe(true);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const raw = await caught(() => client.query(`INSERT INTO "Post" ("id", "title", "authorId", "updatedAt") VALUES ('p1', 't', 'deleted-user', now())`));
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
    expect(isUniqueViolation(await caught(() => db.post.create({ data: { authorId: "nobody", title: "orphan" } })), "Organization_slug_key")).toBe(false);
  });
});
