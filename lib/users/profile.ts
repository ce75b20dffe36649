// The signed-in user's own account: profile edits and deletion.
import { z } from "zod";
import { storableText } from "@/lib/validation";
import { evictCachedKeys } from "@/lib/api-keys/cache";
import { cancelSubscriptionsBeforeDeletion } from "@/lib/billing/cancel";
import { syncSeatsAfterChange } from "@/lib/billing/seats";
import { getBilling, withStripe } from "@/lib/billing/stripe";
import { recordTrialTaken } from "@/lib/billing/trials";
import { db } from "@/lib/db";
import { assertNoSoleOwnership } from "@/lib/organizations/members";

export const PROFILE_NAME_MAX = 80;

export const profileSchema = z.object({
  name: storableText("Enter your name.").trim().min(1, "Enter your name.").max(PROFILE_NAME_MAX, `Use ${PROFILE_NAME_MAX} characters at most.`),
});

export const deleteAccountSchema = z.object({
  confirmation: z.literal("DELETE", { error: "Type DELETE to confirm." }),
});

export async function updateProfile(userId: string, { name }: z.infer<typeof profileSchema>): Promise<void> {
  await db.user.update({ where: { id: userId }, data: { name } });
}

/**
 * Deletes the user; their subscription, sessions, accounts, API keys and posts go with them
 * (cascade). Every Stripe subscription of their customer that has not ended is canceled first; if
 * Stripe cannot be reached, nothing is deleted (a BillingError says so) rather than leaving a
 * deleted user billed. A trial they had stays remembered for their address (lib/billing/trials.ts),
 * and this instance forgets their API keys at once (other instances within the cache's TTL); the
 * organizations they were a member of bill a seat less (lib/billing/seats.ts).
 * Refused (UserFacingError, nothing deleted nor canceled) while they are the only owner of an
 * organization with other members: checked before Stripe, and again under the organizations' locks.
 */
export async function deleteAccount(userId: string): Promise<void> {
  await db.$transaction((tx) => assertNoSoleOwnership(tx, userId));
  // Their personal organization's: it is deleted with them (and its subscription with it).
  const subscription = await db.subscription.findFirst({ where: { organization: { personalOwnerId: userId } } });
  await withStripe("account.delete", "We could not cancel your subscription, so nothing was deleted. Please try again.", () =>
    cancelSubscriptionsBeforeDeletion(getBilling(), subscription),
  );
  const leftOrganizations = await db.$transaction(async (tx) => {
    await assertNoSoleOwnership(tx, userId);
    // The organizations they leave, their personal one aside (it goes with them): each bills a seat less.
    const memberships = await tx.membership.findMany({
      where: { userId },
      select: { organizationId: true, organization: { select: { personalOwnerId: true } } },
    });
    const user = await tx.user.delete({ where: { id: userId }, select: { id: true, email: true, trialStartedAt: true } });
    if (user.trialStartedAt) await recordTrialTaken(tx, user, user.trialStartedAt);
    return memberships.filter(({ organization }) => organization.personalOwnerId !== userId).map((membership) => membership.organizationId);
  });
  evictCachedKeys({ userId });
  for (const organizationId of leftOrganizations) await syncSeatsAfterChange(organizationId);
}
