// The organization a signed-in user acts for: the one whose dashboard the request is on
// (/dashboard/<slug>/…, paths.ts), found through the user's own memberships only — a slug of an
// organization they are not a member of finds nothing, exactly like a slug nobody has. Outside an
// organization's pages (the account page, the API with a session) it is their personal one.
// lib/auth/session.ts resolves it once per request; pages, actions and the API read `user.actor`.
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { MembershipRole } from "@/lib/generated/prisma/enums";
import type { Actor } from "./permissions.ts";

/** The organization a request acts for, with the user's role there and its subscription. */
export type ActiveOrganization = NonNullable<Awaited<ReturnType<typeof findMembership>>>;

/** An organization of the user's, as the switcher lists it. */
export type MemberOrganization = { id: string; name: string; slug: string; personal: boolean; role: MembershipRole };

/**
 * The user's organization whose current slug, or a slug it had before a rename, is `slug`; null when
 * they are not a member of one (whether or not it exists).
 */
export async function findMemberOrganization(userId: string, slug: string): Promise<ActiveOrganization | null> {
  return findMembership(userId, { OR: [{ slug }, { previousSlugs: { some: { slug } } }] });
}

/** The user's personal organization; null only before the personal organizations backfill reached them. */
export async function findPersonalOrganization(userId: string): Promise<ActiveOrganization | null> {
  return findMembership(userId, { personalOwnerId: userId });
}

/** Who acts, for `organization`: the user, in their role there. */
export function actorFor(userId: string, organization: ActiveOrganization): Actor {
  return { userId, organizationId: organization.id, role: organization.role };
}

/** The user's organizations: their personal one first, then by name. */
export async function listMemberOrganizations(userId: string): Promise<MemberOrganization[]> {
  const memberships = await db.membership.findMany({
    where: { userId },
    select: { role: true, organization: { select: { id: true, name: true, slug: true, personalOwnerId: true } } },
  });
  return memberships
    .map(({ role, organization: { personalOwnerId, ...organization } }) => ({ ...organization, personal: personalOwnerId === userId, role }))
    .sort((a, b) => Number(b.personal) - Number(a.personal) || a.name.localeCompare(b.name) || a.slug.localeCompare(b.slug));
}

/**
 * The slug of the organization an old dashboard link lands in: the one the browser opened last
 * (`remembered`, a slug from a cookie, so checked against the user's memberships and followed
 * through renames), else their personal one.
 */
export async function lastUsedOrganizationSlug(userId: string, remembered: string | undefined): Promise<string> {
  const organization = (remembered && (await findMemberOrganization(userId, remembered))) || (await findPersonalOrganization(userId));
  if (!organization) throw new Error(`User ${userId} has no personal organization yet: run \`npm run db:backfill\`.`);
  return organization.slug;
}

async function findMembership(userId: string, organization: Prisma.OrganizationWhereInput) {
  const membership = await db.membership.findFirst({
    where: { userId, organization },
    select: {
      role: true,
      organization: { select: { id: true, name: true, slug: true, personalOwnerId: true, subscription: true } },
    },
  });
  if (!membership) return null;
  const { personalOwnerId, ...found } = membership.organization;
  return { ...found, personal: personalOwnerId === userId, role: membership.role };
}
