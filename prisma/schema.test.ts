// The data model's guarantees, checked against the migrated database (not the Prisma schema).
import { afterAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { newUser } from "@/test/support/users";

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
    const user = await newUser("plan@example.com");
    expect(await db.subscription.findUnique({ where: { organizationId: user.organizationId } })).toMatchObject({
      plan: "free",
      status: "active",
      cancelAtPeriodEnd: false,
      stripeCustomerId: null,
    });
  });

  it("allows one subscription per organization", async () => {
    const user = await newUser("one-sub@example.com");
    await expect(db.subscription.create({ data: { organizationId: user.organizationId } })).rejects.toMatchObject({ code: "P2002" });
  });

  it("has no user owning a subscription any more: the organization does (release 4 of the move to organizations)", async () => {
    const columns = await db.$queryRaw<{ name: string }[]>`
      SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'Subscription'`;
    expect(columns.map((column) => column.name)).toContain("organizationId");
    expect(columns.map((column) => column.name)).not.toContain("userId");
  });

  it("refuses a subscription, an API key or a post without an organization (release 3 of the move to organizations)", async () => {
    const user = await newUser("no-organization@example.com");
    const refused = (sql: string) =>
      db.$executeRawUnsafe(sql).then(
        () => "written",
        (error: Error) => error.message,
      );
    await db.subscription.delete({ where: { organizationId: user.organizationId } });
    expect(await refused(`INSERT INTO "Subscription" ("id", "updatedAt") VALUES ('s-no-org', now())`)).toMatch(/null value in column "organizationId"/);
    expect(
      await refused(
        `INSERT INTO "ApiKey" ("id", "userId", "name", "hashedKey", "prefix", "lastFour") VALUES ('k-no-org', '${user.id}', 'k', 'h-no-org', 'p', 'l')`,
      ),
    ).toMatch(/null value in column "organizationId"/);
    expect(await refused(`INSERT INTO "Post" ("id", "authorId", "title", "updatedAt") VALUES ('p-no-org', '${user.id}', 't', now())`)).toMatch(
      /null value in column "organizationId"/,
    );
  });

  it("leaves no CHECK behind once NOT NULL holds: the checks that led to it are dropped", async () => {
    const checks = await db.$queryRaw<{ name: string }[]>`
      SELECT conname AS name FROM pg_constraint WHERE contype = 'c' AND conname LIKE '%organizationId_not_null'`;
    expect(checks).toEqual([]);
  });

  it("deletes a user's personal organization's subscription, their API keys, posts, accounts and sessions with the user", async () => {
    const { id, organizationId } = await newUser("cascade@example.com");
    const user = await db.user.update({
      where: { id },
      data: {
        apiKeys: { create: { organizationId, name: "ci", hashedKey: "h".repeat(64), prefix: "sk_live", lastFour: "abcd" } },
        posts: {
          create: [
            { organizationId, title: "one" },
            { organizationId, title: "two" },
          ],
        },
        accounts: { create: { type: "oauth", provider: "github", providerAccountId: "42" } },
        sessions: { create: { sessionToken: "token-cascade", expires: new Date(Date.now() + 60_000) } },
      },
    });
    await db.user.delete({ where: { id: user.id } });
    const where = { userId: user.id };
    expect(await db.subscription.count({ where: { organizationId } })).toBe(0);
    expect(await db.apiKey.count({ where })).toBe(0);
    expect(await db.post.count({ where: { authorId: user.id } })).toBe(0);
    expect(await db.account.count({ where })).toBe(0);
    expect(await db.session.count({ where })).toBe(0);
  });

  it("stores API keys by a unique hash", async () => {
    const user = await newUser("keys@example.com");
    const key = { userId: user.id, organizationId: user.organizationId, name: "a", hashedKey: "x".repeat(64), prefix: "sk_live", lastFour: "wxyz" };
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

  it("indexes every foreign key's columns: deleting a user or an organization finds what cascades without scanning a table", async () => {
    const unindexed = await db.$queryRaw<{ table: string; name: string }[]>`
      SELECT c.conrelid::regclass::text AS table, c.conname AS name FROM pg_constraint c
      JOIN pg_namespace ns ON ns.oid = c.connamespace
      WHERE c.contype = 'f' AND ns.nspname = current_schema()
        AND NOT EXISTS (
          SELECT 1 FROM pg_index x
          WHERE x.indrelid = c.conrelid AND x.indpred IS NULL
            AND (x.indkey::int2[])[0:cardinality(c.conkey) - 1] @> c.conkey AND (x.indkey::int2[])[0:cardinality(c.conkey) - 1] <@ c.conkey)`;
    expect(unindexed).toEqual([]);
    // The two owners of release 0 that stay, as who created a key and who wrote a post, by an index of their own.
    const indexes = await db.$queryRaw<{ name: string }[]>`
      SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema() AND indexname IN ('ApiKey_userId_idx', 'Post_authorId_idx')`;
    expect(indexes.map((index) => index.name).sort()).toEqual(["ApiKey_userId_idx", "Post_authorId_idx"]);
  });

  it("reads an organization's posts in keyset order from an index, without sorting", async () => {
    const plan = await db.$transaction(async (tx) => {
      // The table is tiny here: make the planner show what it would do on a big one, where reading 21
      // rows in index order beats fetching all of an organization's rows and sorting them.
      await tx.$executeRaw`SET LOCAL enable_seqscan = off`;
      await tx.$executeRaw`SET LOCAL enable_bitmapscan = off`;
      return tx.$queryRaw<{ "QUERY PLAN": string }[]>`
        EXPLAIN SELECT * FROM "Post" WHERE "organizationId" = 'o1' AND ("createdAt" < now() OR ("createdAt" = now() AND "id" < 'x'))
        ORDER BY "createdAt" DESC, "id" DESC LIMIT 21`;
    });
    const text = plan.map((row) => row["QUERY PLAN"]).join("\n");
    expect(text).toContain("Post_organizationId_createdAt_id_idx");
    expect(text).not.toMatch(/\bSort\b/);
  });
});
