// The move to organizations, release 2 (docs/schema-changes.md, "Worked example: moving to
// organizations"): every user from before release 1 gets what sign-up has created since — a personal
// organization, named and slugged the same way (lib/organizations/slug.ts), with them as its owner —
// and their Subscription row its organizationId. Walks "User" by id. Their API keys and posts follow
// in the next two backfills, which run after this one has finished.
//
// Idempotent: a user who has a personal organization keeps it (the unique "personalOwnerId" makes a
// second one impossible), an existing membership is kept, and a non-null organizationId is never
// overwritten. Running it again changes nothing.
import { randomBytes } from "node:crypto";
import { defineBackfill, type BackfillTransaction } from "@starter/migrate";
import { personalOrganizationName, personalSlugCandidates } from "../../lib/organizations/slug.ts";

type UserRow = { id: string; name: string | null; email: string; has_organization: boolean };

// How often a batch picks slugs again when sign-ups took some of its choices meanwhile.
const SLUG_ATTEMPTS = 5;

export default defineBackfill({
  table: "User",
  keyset: ["id"],
  batchSize: 500,
  pending: `NOT EXISTS (SELECT 1 FROM "Organization" o WHERE o."personalOwnerId" = "User"."id")
    OR EXISTS (SELECT 1 FROM "Subscription" s WHERE s."userId" = "User"."id" AND s."organizationId" IS NULL)`,
  async batch(tx, range) {
    const { rows: users } = await tx.query<UserRow>(
      `SELECT "id", "name", "email", EXISTS (SELECT 1 FROM "Organization" o WHERE o."personalOwnerId" = "User"."id") AS has_organization
       FROM "User" WHERE ${range.where}`,
      range.params,
    );
    const ids = users.map((user) => user.id);
    const given = await createOrganizations(
      tx,
      users.filter((user) => !user.has_organization),
    );
    await tx.query(
      `INSERT INTO "Membership" ("id", "organizationId", "userId", "role")
       SELECT m."id", o."id", o."personalOwnerId", 'owner' FROM unnest($1::text[], $2::text[]) AS m("id", "userId")
       JOIN "Organization" o ON o."personalOwnerId" = m."userId"
       ON CONFLICT ("organizationId", "userId") DO NOTHING`,
      [ids.map(() => newId()), ids],
    );
    const { rows: subscribed } = await tx.query<{ userId: string }>(
      `UPDATE "Subscription" s SET "organizationId" = o."id" FROM "Organization" o
       WHERE o."personalOwnerId" = s."userId" AND s."userId" = ANY($1::text[]) AND s."organizationId" IS NULL
       RETURNING s."userId"`,
      [ids],
    );
    // Users changed: those given an organization, and those whose subscription was (mostly the same ones).
    return new Set([...given, ...subscribed.map((row) => row.userId)]).size;
  },
});

/** A personal organization for each of `users`; returns the ids of the users who got one. */
async function createOrganizations(tx: BackfillTransaction, users: UserRow[]): Promise<string[]> {
  const created: string[] = [];
  let waiting = users;
  for (let attempt = 1; waiting.length > 0; attempt++) {
    if (attempt > SLUG_ATTEMPTS) throw new Error(`no free slug found for users ${waiting.map((user) => user.id).join(", ")}`);
    const candidates = new Map(waiting.map((user) => [user.id, personalSlugCandidates(user)]));
    const { rows } = await tx.query<{ slug: string }>(`SELECT "slug" FROM "Organization" WHERE "slug" = ANY($1::text[])`, [[...candidates.values()].flat()]);
    const taken = new Set(rows.map((row) => row.slug));
    // Users of the same batch may share a name: each slug chosen here is taken for the next.
    const slugs = waiting.map((user) => {
      const slug = candidates.get(user.id)!.find((candidate) => !taken.has(candidate))!;
      taken.add(slug);
      return slug;
    });
    // A sign-up may take one of these slugs before this commits: that row is skipped, and picked again.
    const { rows: inserted } = await tx.query<{ personalOwnerId: string }>(
      `INSERT INTO "Organization" ("id", "name", "slug", "personalOwnerId")
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
       ON CONFLICT DO NOTHING RETURNING "personalOwnerId"`,
      [waiting.map(() => newId()), waiting.map((user) => personalOrganizationName(user)), slugs, waiting.map((user) => user.id)],
    );
    created.push(...inserted.map((row) => row.personalOwnerId));
    const { rows: owning } = await tx.query<{ personalOwnerId: string }>(
      `SELECT "personalOwnerId" FROM "Organization" WHERE "personalOwnerId" = ANY($1::text[])`,
      [waiting.map((user) => user.id)],
    );
    const done = new Set(owning.map((row) => row.personalOwnerId));
    waiting = waiting.filter((user) => !done.has(user.id));
  }
  return created;
}

/** A new row id: 25 lowercase letters and digits, like the app's cuid()s (the app only needs ids unique). */
function newId(): string {
  return `c${randomBytes(12).toString("hex")}`;
}
