// The signed-in user's own account: profile edits and deletion.
import { z } from "zod";
import { storableText } from "@/lib/validation";
import { evictCachedKeys } from "@/lib/api-keys/cache";
import { syncSeatsAfterChange } from "@/lib/billing/seats";
import { recordTrialTaken } from "@/lib/billing/trials";
import { db } from "@/lib/db";
import { UserFacingError } from "@/lib/errors";
import { assertNoSoleOwnership } from "@/lib/organizations/members";
import { cancelBillingBeforeDeletion, soleMemberOrganizations } from "@/lib/organizations/organizations";
import { personalOrganizationId } from "@/lib/organizations/personal";

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
 * Deletes the user; their personal organization (its subscription, API keys and posts), sessions,
 * accounts and the organizations they are the only member of (soleMemberOrganizations: with their
 * posts, keys and subscriptions) go with them (cascade). Every Stripe subscription of those
 * organizations that has not ended is canceled first, as deleting an organization does; if Stripe
 * cannot be reached, nothing is deleted (a BillingError says so) rather than leaving anything billed.
 * A trial they had stays remembered for their address (lib/billing/trials.ts), and this instance
 * forgets their API keys at once (other instances within the cache's TTL); the organizations they
 * leave behind bill a seat less, after the response (lib/billing/seats.ts).
 * Refused (UserFacingError, nothing deleted nor canceled) while they are the only owner of an
 * organization with other members: checked before Stripe, and again under the organizations' locks.
 */
export async function deleteAccount(userId: string): Promise<void> {
  const alone = await db.$transaction(async (tx) => {
    await assertNoSoleOwnership(tx, userId);
    return soleMemberOrganizations(userId, tx);
  });
  const personal = await personalOrganizationId(userId);
  await cancelBillingBeforeDeletion(
    [...(personal ? [personal] : []), ...alone.map((organization) => organization.id)],
    "account.delete",
    "We could not cancel your subscription, so nothing was deleted. Please try again.",
  );
  const leftOrganizations = await db.$transaction(async (tx) => {
    // Under the locks of every organization they own: the ones that are theirs alone stay so until the commit.
    await assertNoSoleOwnership(tx, userId);
    const stillAlone = await soleMemberOrganizations(userId, tx);
    // Someone joined or left one of them meanwhile: the subscriptions canceled above are no longer the right ones.
    if (stillAlone.map((organization) => organization.id).join() !== alone.map((organization) => organization.id).join()) {
      throw new UserFacingError("The members of your organizations changed while your account was being deleted. Please try again.");
    }
    await tx.organization.deleteMany({ where: { id: { in: stillAlone.map((organization) => organization.id) } } });
    // The organizations they leave behind (those deleted with them are gone, their personal one goes next): each bills a seat less.
    const memberships = await tx.membership.findMany({ where: { userId }, select: { organizationId: true } });
    const user = await tx.user.delete({ where: { id: userId }, select: { id: true, email: true, trialStartedAt: true } });
    if (user.trialStartedAt) await recordTrialTaken(tx, user, user.trialStartedAt);
    return memberships.map((membership) => membership.organizationId).filter((organizationId) => organizationId !== personal);
  });
  evictCachedKeys({ userId });
  for (const organization of alone) evictCachedKeys({ organizationId: organization.id });
  for (const organizationId of leftOrganizations) await syncSeatsAfterChange(organizationId);
}
