// Every user's personal organization: created with the user (lib/auth/adapter.ts), in the same
// transaction, with the user as its owner. It is the organization a signed-in user acts for
// (lib/auth/session.ts), and what the personal organizations backfill gives users from before it.
import { db, type DbTransaction } from "@/lib/db";
import { isUniqueViolation } from "@/lib/database-errors";
import { personalOrganizationName, personalSlugCandidates } from "./slug.ts";

type NewUser = { id: string; name: string | null; email: string };

/** Creates the user's personal organization and their owner membership, in `tx`. */
export async function createPersonalOrganization(tx: DbTransaction, user: NewUser): Promise<{ id: string; slug: string }> {
  const slug = await firstFreeSlug(tx, personalSlugCandidates(user));
  return tx.organization.create({
    data: { name: personalOrganizationName(user), slug, personalOwnerId: user.id, memberships: { create: { userId: user.id, role: "owner" } } },
    select: { id: true, slug: true },
  });
}

/**
 * The first of `candidates` (slug.ts: the last practically never taken) that no organization holds,
 * nor held before a rename (its old links lead to it).
 */
export async function firstFreeSlug(client: Pick<DbTransaction, "organization" | "organizationPreviousSlug">, candidates: string[]): Promise<string> {
  const [current, previous] = await Promise.all([
    client.organization.findMany({ where: { slug: { in: candidates } }, select: { slug: true } }),
    client.organizationPreviousSlug.findMany({ where: { slug: { in: candidates } }, select: { slug: true } }),
  ]);
  const taken = new Set([...current, ...previous].map((held) => held.slug));
  return candidates.find((candidate) => !taken.has(candidate))!;
}

/**
 * Runs `create` (a transaction creating a personal organization) again when another one took the
 * chosen slug between reading and writing it: the retry reads the slugs afresh.
 */
export async function retryingSlugConflicts<T>(create: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await create();
    } catch (error) {
      if (attempt >= attempts || !isUniqueViolation(error, "Organization_slug_key")) throw error;
    }
  }
}

/**
 * The id of the user's personal organization. Null only for a user from before organizations whom
 * the backfill has not reached yet (prisma/backfills/…_personal_organizations.ts).
 */
export async function personalOrganizationId(userId: string, client: Pick<DbTransaction, "organization"> = db): Promise<string | null> {
  const organization = await client.organization.findUnique({ where: { personalOwnerId: userId }, select: { id: true } });
  return organization?.id ?? null;
}
