// The data model's guarantees, checked against the migrated database (not the Prisma schema).
import { afterAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";

const db = getDb();
afterAll(() => db.$disconnect());

describe("schema constraints", () => {
  it("rejects a second user with the same email", async () => {
    await db.user.create({ data: { email: "dup@example.com" } });
    const error = await db.user.create({ data: { email: "dup@example.com" } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
    expect((error as Prisma.PrismaClientKnownRequestError).code).toBe("P2002");
  });

  it("gives a new subscription the free plan and active status", async () => {
    const user = await db.user.create({ data: { email: "plan@example.com", subscription: { create: {} } }, include: { subscription: true } });
    expect(user.subscription).toMatchObject({ plan: "free", status: "active", cancelAtPeriodEnd: false, stripeCustomerId: null });
  });

  it("allows one subscription per user", async () => {
    const user = await db.user.create({ data: { email: "one-sub@example.com", subscription: { create: {} } } });
    await expect(db.subscription.create({ data: { userId: user.id } })).rejects.toMatchObject({ code: "P2002" });
  });

  it("deletes a user's subscription, API keys, posts, accounts and sessions with the user", async () => {
    const user = await db.user.create({
      data: {
        email: "cascade@example.com",
        subscription: { create: {} },
        apiKeys: { create: { name: "ci", hashedKey: "h".repeat(64), prefix: "sk_live", lastFour: "abcd" } },
        posts: { create: [{ title: "one" }, { title: "two" }] },
        accounts: { create: { type: "oauth", provider: "github", providerAccountId: "42" } },
        sessions: { create: { sessionToken: "token-cascade", expires: new Date(Date.now() + 60_000) } },
      },
    });
    await db.user.delete({ where: { id: user.id } });
    const where = { userId: user.id };
    expect(await db.subscription.count({ where })).toBe(0);
    expect(await db.apiKey.count({ where })).toBe(0);
    expect(await db.post.count({ where: { authorId: user.id } })).toBe(0);
    expect(await db.account.count({ where })).toBe(0);
    expect(await db.session.count({ where })).toBe(0);
  });

  it("stores API keys by a unique hash", async () => {
    const user = await db.user.create({ data: { email: "keys@example.com" } });
    const key = { userId: user.id, name: "a", hashedKey: "x".repeat(64), prefix: "sk_live", lastFour: "wxyz" };
    await db.apiKey.create({ data: key });
    await expect(db.apiKey.create({ data: { ...key, name: "b" } })).rejects.toMatchObject({ code: "P2002" });
  });

  it("records a Stripe event id once", async () => {
    await db.stripeEvent.create({ data: { id: "evt_123", type: "invoice.paid" } });
    await expect(db.stripeEvent.create({ data: { id: "evt_123", type: "invoice.paid" } })).rejects.toMatchObject({ code: "P2002" });
  });

  it("has no index that another index of its table already covers", async () => {
    const indexes = await db.$queryRaw<{ table: string; name: string; columns: string[]; unique: boolean; partial: boolean }[]>`
      SELECT t.relname AS table, i.relname AS name, x.indisunique AS unique,
             x.indexprs IS NOT NULL OR x.indpred IS NOT NULL AS partial,
             array(SELECT a.attname::text FROM unnest(x.indkey) WITH ORDINALITY AS k(attnum, n)
                   JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum ORDER BY k.n) AS columns
      FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
      JOIN pg_namespace ns ON ns.oid = t.relnamespace WHERE ns.nspname = current_schema()`;
    // A plain index whose columns lead another index of the same table only slows writes down.
    const redundant = indexes.filter(
      (index) =>
        !index.unique &&
        !index.partial &&
        indexes.some(
          (other) => other !== index && other.table === index.table && !other.partial && index.columns.every((column, n) => other.columns[n] === column),
        ),
    );
    expect(redundant.map((index) => index.name)).toEqual([]);
  });

  it("reads an author's posts in keyset order from an index, without sorting", async () => {
    const plan = await db.$transaction(async (tx) => {
      // The table is tiny here: make the planner show what it would do on a big one, where reading 21
      // rows in index order beats fetching all of an author's rows and sorting them.
      await tx.$executeRaw`SET LOCAL enable_seqscan = off`;
      await tx.$executeRaw`SET LOCAL enable_bitmapscan = off`;
      return tx.$queryRaw<{ "QUERY PLAN": string }[]>`
        EXPLAIN SELECT * FROM "Post" WHERE "authorId" = 'u1' AND ("createdAt" < now() OR ("createdAt" = now() AND "id" < 'x'))
        ORDER BY "createdAt" DESC, "id" DESC LIMIT 21`;
    });
    const text = plan.map((row) => row["QUERY PLAN"]).join("\n");
    expect(text).toContain("Post_authorId_createdAt_id_idx");
    expect(text).not.toMatch(/\bSort\b/);
  });
});
