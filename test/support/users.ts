// Users for tests, created as sign-up creates them (lib/users/create-user.ts): with their personal
// organization, its owner membership and its subscription — what the code reads through.
import { getDb } from "@/lib/db";
import type { Actor } from "@/lib/organizations/permissions";
import { personalOrganizationId } from "@/lib/organizations/personal";
import { createUser } from "@/lib/users/create-user";

type SubscriptionFields = { plan?: string; stripeCustomerId?: string; status?: string };

/** A new user on `subscription` (the free plan unless given), with `actor`: them as their personal organization's owner. */
export async function newUser(email: string, subscription: SubscriptionFields = {}, name: string | null = null) {
  const db = getDb();
  const user = await createUser(db, { email, name });
  const { organizationId } = await db.subscription.update({
    where: { organizationId: (await personalOrganizationId(user.id))! },
    data: subscription,
    select: { organizationId: true },
  });
  const actor: Actor = { userId: user.id, organizationId, role: "owner" };
  return { ...user, organizationId, actor };
}

/** Makes `userId` a member of the organization with `role`: how they act there. */
export async function joinOrganization(userId: string, organizationId: string, role: Actor["role"]): Promise<Actor> {
  await getDb().membership.create({ data: { userId, organizationId, role } });
  return { userId, organizationId, role };
}

/** The subscription of `userId`'s personal organization: theirs, as sign-up created it. */
export function personalSubscription(userId: string) {
  return getDb().subscription.findFirstOrThrow({ where: { organization: { personalOwnerId: userId } } });
}
