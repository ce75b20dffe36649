// A new account: the user, their personal organization (with them as its owner) and that
// organization's free subscription, in one transaction — nobody is ever without an organization or
// a Subscription row. Sign-up (lib/auth/adapter.ts) and the seed create users only through here.
import { createFreeSubscription } from "@/lib/billing/free-subscription";
import type { Db } from "@/lib/db";
import { createPersonalOrganization, retryingSlugConflicts } from "@/lib/organizations/personal";

export type NewUser = { email: string; name?: string | null; emailVerified?: Date | null; image?: string | null };

const columns = { id: true, email: true, emailVerified: true, name: true, image: true } as const;

export function createUser(db: Db, data: NewUser) {
  return retryingSlugConflicts(() =>
    db.$transaction(async (tx) => {
      const user = await tx.user.create({ data, select: columns });
      const organization = await createPersonalOrganization(tx, user);
      await createFreeSubscription(tx, organization.id);
      return user;
    }),
  );
}
