// Release 2 of the move to organizations, run the way deploy.yml runs it (`npm run db:backfill`) on
// a database holding what release 0 wrote: users, subscriptions, keys and posts without organizations.
// The schema is release 2's: the contract migrations that need these backfills — release 3's
// (organizationId NOT NULL) and release 4's (Subscription.userId dropped) — are taken off this file's
// database first, as they are not applied yet when the backfills run. Release 0's rows, and the
// subscription owner release 1 wrote, are written in SQL: the client of this release no longer knows them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/api-keys/keys";
import { getDb } from "@/lib/db";
import { personalOrganizationId } from "@/lib/organizations/personal";
import { createPost } from "@/lib/posts/posts";
import { createUser } from "@/lib/users/create-user";
import { BUDGET_MS, budgetFor } from "@/test/support/budgets";
import { runScript } from "@/test/support/scripts";

const db = getDb();
const BACKFILLS = ["20261207140000_personal_organizations", "20261207140100_api_key_organizations", "20261207140200_post_organizations"];
// More users than one batch of the users' backfill (500), all wanting the same slug.
const NAMESAKES = 520;

function dbBackfill(...args: string[]) {
  return runScript("scripts/db-backfill.ts", args, { env: { ...process.env, LOG_LEVEL: "silent" } });
}

// The contract migrations requiring these backfills (-- db-check:requires-backfill): the runner
// skips a backfill as not needed once one of them is applied.
const REQUIRING_CONTRACT = [
  "20261207152137_organization_not_null_checks",
  "20261207152200_validate_organization_not_null_checks",
  "20261207152300_organization_not_null",
  "20261207235300_drop_subscription_user",
];

/** This database as release 2 left it: organizationId nullable, Subscription.userId back, those migrations not applied. */
async function asReleaseTwoLeftIt() {
  for (const table of ["Subscription", "ApiKey", "Post"]) await db.$executeRawUnsafe(`ALTER TABLE "${table}" ALTER COLUMN "organizationId" DROP NOT NULL`);
  await db.$executeRaw`ALTER TABLE "Subscription" ADD COLUMN "userId" TEXT UNIQUE REFERENCES "User" ("id") ON DELETE CASCADE`;
  await db.$executeRaw`DELETE FROM "_prisma_migrations" WHERE "migration_name" = ANY(${REQUIRING_CONTRACT})`;
}

// Release 0's users get ids in the order they were written, as the app's cuids are (timestamp
// first), and before the cuids of the users created after them: the backfill walks users by id,
// so who came first gets the plain slug. Random ids would put them in either order, or in
// different batches, and the slugs with them.
let releaseZeroUsers = 0;

/** A user as release 0 wrote them: their subscription, keys and posts, no organization. */
async function releaseZeroUser(email: string, name: string | null, { subscription = "", keys = 0, posts = 0 } = {}) {
  const userId = `c0-release-0-${String(releaseZeroUsers++).padStart(4, "0")}`;
  const [user] = await db.$queryRaw<{ id: string }[]>`
    INSERT INTO "User" ("id", "email", "name", "updatedAt") VALUES (${userId}, ${email}, ${name}, now()) RETURNING "id"`;
  const id = user!.id;
  await db.$executeRawUnsafe(
    `INSERT INTO "Subscription" ("id", "userId", "updatedAt"${subscription ? `, "plan", "status", "stripeCustomerId", "stripeSubscriptionId"` : ""})
     VALUES (gen_random_uuid()::text, $1, now()${subscription ? `, 'pro', 'active', 'cus_${subscription}', 'sub_${subscription}'` : ""})`,
    id,
  );
  for (let i = 0; i < keys; i++) {
    await db.$executeRaw`INSERT INTO "ApiKey" ("id", "userId", "name", "hashedKey", "prefix", "lastFour")
      VALUES (gen_random_uuid()::text, ${id}, ${`key ${i}`}, ${`hash-${id}-${i}`}, 'acme_sk_', ${`000${i}`})`;
  }
  for (let i = 0; i < posts; i++) {
    await db.$executeRaw`INSERT INTO "Post" ("id", "authorId", "title", "updatedAt") VALUES (gen_random_uuid()::text, ${id}, ${`old post ${i}`}, now())`;
  }
  return { id };
}

/** As if these backfills had never run on this database (the test template ran them on its empty tables). */
async function forgetProgress() {
  await db.$executeRaw`DELETE FROM "_backfills" WHERE "name" = ANY(${BACKFILLS})`;
}

/** Who owns what: every organization, membership, and organizationId of subscriptions, keys and posts. */
async function ownership() {
  return {
    organizations: await db.organization.findMany({ orderBy: { id: "asc" } }),
    memberships: await db.membership.findMany({ orderBy: { id: "asc" } }),
    subscriptions: await db.$queryRaw<{ id: string; userId: string | null; organizationId: string | null; updatedAt: Date }[]>`
      SELECT "id", "userId", "organizationId", "updatedAt" FROM "Subscription" ORDER BY "id"`,
    keys: await db.apiKey.findMany({ select: { id: true, userId: true, organizationId: true }, orderBy: { id: "asc" } }),
    posts: await db.post.findMany({ select: { id: true, authorId: true, organizationId: true, updatedAt: true }, orderBy: { id: "asc" } }),
  };
}

// What release 0 wrote: no organization anywhere.
let oldUser: { id: string };
let postElsewhere: { id: string };
let elsewhere: { id: string };
// What release 1 wrote: the user, their organization, and their key and post in it.
let newUser: { id: string };
let before: Awaited<ReturnType<typeof ownership>>;

beforeAll(async () => {
  await asReleaseTwoLeftIt();
  await forgetProgress();
  oldUser = await releaseZeroUser("old.timer@example.com", "Old Timer", { subscription: "old", keys: 2, posts: 3 });
  // Same slug wanted as Old Timer's, from the address's local part.
  await releaseZeroUser("old.timer+second@example.com", null);
  await db.user.createMany({ data: Array.from({ length: NAMESAKES }, (_, i) => ({ email: `namesake-${i}@example.com`, name: "Name Sake" })) });
  await db.$executeRaw`INSERT INTO "Subscription" ("id", "userId", "updatedAt") SELECT gen_random_uuid()::text, "id", now() FROM "User" WHERE "name" = 'Name Sake'`;

  newUser = await createUser(db, { email: "new@example.com", name: "New Comer" });
  const actor = { userId: newUser.id, organizationId: (await personalOrganizationId(newUser.id))! };
  // Release 1 wrote both owners of the subscription.
  await db.$executeRaw`UPDATE "Subscription" SET "userId" = ${newUser.id} WHERE "organizationId" = ${actor.organizationId}`;
  await createApiKey(actor, { name: "new key", expiresInDays: "never" });
  await createPost(actor, { title: "new post" });

  // A post some other code already gave an organization: the backfill must leave it there.
  elsewhere = await db.organization.create({ data: { name: "Elsewhere", slug: "elsewhere" } });
  postElsewhere = await db.post.create({ data: { authorId: oldUser.id, organizationId: elsewhere.id, title: "already placed" } });
  before = await ownership();
}, budgetFor(BUDGET_MS.databaseWork));

afterAll(() => db.$disconnect());

describe("the personal organizations backfill (release 2)", { timeout: budgetFor(BUDGET_MS.command) }, () => {
  it("counts with --dry-run the users, keys and posts still without an organization, changing nothing", async () => {
    const result = await dbBackfill("--dry-run");
    expect(result.code, result.output).toBe(0);
    expect(result.output).toContain(
      `${BACKFILLS[0]} would touch ${NAMESAKES + 2} rows; ${BACKFILLS[1]} would touch 2 rows; ${BACKFILLS[2]} would touch 3 rows. Nothing was changed.`,
    );
    expect(await ownership()).toEqual(before);
  });

  it("refuses to fill keys before users have organizations, and leaves that backfill to resume", async () => {
    const result = await dbBackfill("--only", "api_key_organizations");
    expect(result.code).toBe(1);
    expect(result.output).toContain("have an owner without a personal organization: run 20261207140000_personal_organizations first");
    const placed = await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM "ApiKey" WHERE "userId" = ${oldUser.id} AND "organizationId" IS NOT NULL`;
    expect(placed[0]!.n).toBe(0);
  });

  it("gives every user a personal organization they own, and every subscription, key and post its owner's", async () => {
    const result = await dbBackfill();
    expect(result.code, result.output).toBe(0);
    expect(result.output).toContain("All 3 backfills are finished.");

    const users = await db.user.findMany({ include: { memberships: { include: { organization: true } }, personalOrganization: true } });
    for (const user of users) {
      expect(user.personalOrganization, user.email).not.toBeNull();
      expect(user.memberships, user.email).toEqual([expect.objectContaining({ role: "owner", organizationId: user.personalOrganization!.id })]);
    }
    const organizationOf = new Map(users.map((user) => [user.id, user.personalOrganization!.id]));
    for (const subscription of (await ownership()).subscriptions) expect(subscription.organizationId).toBe(organizationOf.get(subscription.userId!));
    for (const key of await db.apiKey.findMany()) expect(key.organizationId).toBe(organizationOf.get(key.userId));
    for (const post of await db.post.findMany({ where: { id: { not: postElsewhere.id } } }))
      expect(post.organizationId).toBe(organizationOf.get(post.authorId));
  });

  it("names and slugs them as sign-up does, never reusing a slug, across batches", async () => {
    expect(await db.organization.findUniqueOrThrow({ where: { personalOwnerId: oldUser.id } })).toMatchObject({
      name: "Old Timer's organization",
      slug: "old-timer",
    });
    const second = await db.user.findUniqueOrThrow({ where: { email: "old.timer+second@example.com" }, include: { personalOrganization: true } });
    expect(second.personalOrganization).toMatchObject({ name: "old.timer's organization", slug: "old-timer-2" });
    const namesakes = await db.organization.findMany({ where: { name: "Name Sake's organization" }, select: { slug: true } });
    expect(namesakes).toHaveLength(NAMESAKES);
    expect(namesakes.map((organization) => organization.slug)).toEqual(expect.arrayContaining(["name-sake", "name-sake-2", "name-sake-9"]));
    expect(new Set(namesakes.map((organization) => organization.slug)).size).toBe(NAMESAKES);
  });

  it("never overwrites an organization already set, and leaves what release 1 wrote as it was", async () => {
    expect(await db.post.findUniqueOrThrow({ where: { id: postElsewhere.id } })).toMatchObject({ organizationId: elsewhere.id });
    const after = await ownership();
    const id = await personalOrganizationId(newUser.id);
    expect(after.organizations.filter((organization) => organization.personalOwnerId === newUser.id)).toEqual(
      before.organizations.filter((organization) => organization.personalOwnerId === newUser.id),
    );
    expect(after.memberships.filter((membership) => membership.userId === newUser.id)).toEqual(
      before.memberships.filter((membership) => membership.userId === newUser.id),
    );
    for (const rows of ["subscriptions", "keys", "posts"] as const) {
      const mine = (row: { userId?: string | null; authorId?: string }) => (row.userId ?? row.authorId) === newUser.id;
      expect(after[rows].filter(mine), rows).toEqual(before[rows].filter(mine));
      expect(after[rows].filter(mine).map((row) => row.organizationId)).toEqual(after[rows].filter(mine).map(() => id));
    }
    // Plan, Stripe ids and timestamps are not the backfill's business.
    const [oldSubscription] = await db.$queryRaw<{ plan: string; stripeSubscriptionId: string; updatedAt: Date }[]>`
      SELECT "plan", "stripeSubscriptionId", "updatedAt" FROM "Subscription" WHERE "userId" = ${oldUser.id}`;
    expect(oldSubscription).toEqual({
      plan: "pro",
      stripeSubscriptionId: "sub_old",
      updatedAt: before.subscriptions.find((subscription) => subscription.userId === oldUser.id)!.updatedAt,
    });
  });

  it("changes nothing when run again — finished, or started over from scratch", async () => {
    const done = await ownership();
    const again = await dbBackfill();
    expect(again.code, again.output).toBe(0);
    expect(again.output).toContain("nothing to run");

    await forgetProgress();
    const fromScratch = await dbBackfill();
    expect(fromScratch.code, fromScratch.output).toBe(0);
    expect(fromScratch.output).toContain(`finished ${BACKFILLS.map((name) => `${name} (0 rows)`).join(", ")}`);
    expect(await ownership()).toEqual(done);
  });
});
