// Organizations a user creates, renames and deletes (their personal one is created with them:
// personal.ts). Who may rename or delete is the permissions table's answer (organization.manage,
// organization.delete), asked by the action wrapper before these run.
import { z } from "zod";
import { evictCachedKeys } from "@/lib/api-keys/cache";
import { recordAuditEvent } from "@/lib/audit-log/audit-log";
import { cancelSubscriptionsBeforeDeletion } from "@/lib/billing/cancel";
import { createFreeSubscription } from "@/lib/billing/free-subscription";
import { getBilling, withStripe } from "@/lib/billing/stripe";
import { isUniqueViolation } from "@/lib/database-errors";
import { db, type DbTransaction } from "@/lib/db";
import { UserFacingError } from "@/lib/errors";
import { storableText } from "@/lib/validation";
import type { Actor } from "./permissions.ts";
import { firstFreeSlug, retryingSlugConflicts } from "./personal.ts";
import { SLUG_MAX, slugCandidates, slugify, slugProblem } from "./slug.ts";

export const ORGANIZATION_NAME_MAX = 80;

const name = storableText("Enter a name.").trim().min(1, "Enter a name.").max(ORGANIZATION_NAME_MAX, `Use ${ORGANIZATION_NAME_MAX} characters at most.`);
// Checked as typed (only trimmed): a slug that is not one is refused with the reason, never quietly
// changed into another address than the one the user asked for.
const slug = z
  .string()
  .trim()
  .superRefine((value, context) => {
    const problem = slugProblem(value);
    if (problem) context.addIssue({ code: "custom", message: problem });
  });

/** A new organization: its name, and its slug if the user chose one (else made from the name). */
export const createOrganizationSchema = z.object({ name, slug: z.union([z.literal("").transform(() => undefined), slug]).optional() });
export const renameOrganizationSchema = z.object({ name, slug });
export const deleteOrganizationSchema = z.object({ confirmation: z.string() });

/** The slug is held by another organization, now or before a rename (whose old links lead there). */
export class SlugTakenError extends UserFacingError {
  override name = "SlugTakenError";

  constructor(slug: string) {
    super(`The address “${slug}” is taken. Choose another.`);
  }
}

/**
 * Creates an organization with the user as its owner; returns its slug. Without a chosen slug, the
 * first free one made from the name (acme, acme-2, …).
 */
export async function createOrganization(userId: string, input: z.output<typeof createOrganizationSchema>): Promise<{ id: string; slug: string }> {
  const create = () =>
    db.$transaction(async (tx) => {
      const chosen = input.slug ? await freeSlug(tx, input.slug) : await firstFreeSlug(tx, slugCandidates(slugify(input.name) || "org"));
      const organization = await tx.organization.create({
        data: { name: input.name, slug: chosen, memberships: { create: { userId, role: "owner" } } },
        select: { id: true, slug: true },
      });
      await createFreeSubscription(tx, organization.id);
      return organization;
    });
  return withSlugConflicts(input.slug, () => retryingSlugConflicts(create));
}

/**
 * Renames the actor's organization (name and slug), recorded in its audit log; the old slug keeps
 * leading to it. Returns the new slug.
 */
export async function renameOrganization(actor: Actor, input: z.output<typeof renameOrganizationSchema>): Promise<{ slug: string }> {
  const organizationId = actor.organizationId;
  const renamed = await withSlugConflicts(input.slug, () =>
    db.$transaction(async (tx) => {
      const before = await tx.organization.findUniqueOrThrow({ where: { id: organizationId }, select: { name: true, slug: true } });
      if (input.slug !== before.slug) {
        const held = await tx.organizationPreviousSlug.findUnique({ where: { slug: input.slug }, select: { organizationId: true } });
        if (held && held.organizationId !== organizationId) throw new SlugTakenError(input.slug);
        // Back to a slug it had: that one is current again, no longer a redirect.
        if (held) await tx.organizationPreviousSlug.delete({ where: { slug: input.slug } });
        await tx.organizationPreviousSlug.create({ data: { slug: before.slug, organizationId } });
      }
      const after = await tx.organization.update({
        where: { id: organizationId },
        data: { name: input.name, slug: input.slug },
        select: { name: true, slug: true },
      });
      // Saved unchanged (the settings form submitted as it was): nothing to record.
      if (after.name !== before.name || after.slug !== before.slug) {
        await recordAuditEvent(tx, organizationId, actor, { action: "organization.renamed", details: { from: before, to: after } });
      }
      return { slug: after.slug };
    }),
  );
  // A cached API key holds its organization's name and slug (for /api/v1/me).
  evictCachedKeys({ organizationId });
  return renamed;
}

/**
 * Deletes the actor's organization — its posts, keys, memberships and subscription go with it —
 * once `confirmation` is its name. Its Stripe subscriptions that have not ended are canceled first;
 * if Stripe cannot be reached, nothing is deleted. A personal organization goes only with its user.
 */
export async function deleteOrganization(actor: Actor, { confirmation }: z.output<typeof deleteOrganizationSchema>): Promise<void> {
  const organizationId = actor.organizationId;
  const organization = await db.organization.findUniqueOrThrow({
    where: { id: organizationId },
    select: { name: true, personalOwnerId: true },
  });
  if (organization.personalOwnerId) throw new UserFacingError("Your personal organization is deleted only with your account (Account › Delete account).");
  if (confirmation.trim() !== organization.name) throw new UserFacingError(`Type the organization's name, ${organization.name}, to confirm.`);
  await cancelBillingBeforeDeletion(
    [organizationId],
    "organization.delete",
    "We could not cancel the organization's subscription, so nothing was deleted. Please try again.",
  );
  await db.organization.delete({ where: { id: organizationId } });
  evictCachedKeys({ organizationId });
}

/**
 * Cancels the Stripe subscriptions of the organizations `organizationIds` that have not ended
 * (lib/billing/cancel.ts): the step before deleting them, here and with an account
 * (lib/users/profile.ts). Throws BillingError (`failure`, for the user) when Stripe cannot be
 * reached: then delete nothing, rather than leave a deleted organization billed.
 */
export async function cancelBillingBeforeDeletion(organizationIds: string[], operation: string, failure: string): Promise<void> {
  const subscriptions = await db.subscription.findMany({ where: { organizationId: { in: organizationIds } } });
  for (const subscription of subscriptions) {
    await withStripe(operation, failure, () => cancelSubscriptionsBeforeDeletion(getBilling(), subscription));
  }
}

/**
 * The organizations (not their personal one) whose only member is `userId`: deleting their account
 * deletes them too, as nobody would be left to use, pay for or delete them. By name.
 */
export function soleMemberOrganizations(userId: string, client: Pick<DbTransaction, "organization"> = db): Promise<{ id: string; name: string }[]> {
  return client.organization.findMany({
    where: { personalOwnerId: null, memberships: { some: { userId }, every: { userId } } },
    select: { id: true, name: true },
    orderBy: [{ name: "asc" }, { id: "asc" }],
  });
}

/** `slug`, if no organization holds it now or held it before a rename; else SlugTakenError. */
async function freeSlug(tx: DbTransaction, slug: string): Promise<string> {
  if ((await firstFreeSlug(tx, [slug])) !== slug) throw new SlugTakenError(slug);
  return slug;
}

/** Runs `write`; a chosen slug another organization took meanwhile (the unique index) is SlugTakenError. */
async function withSlugConflicts<T>(chosen: string | undefined, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (chosen && isUniqueViolation(error, "Organization_slug_key")) throw new SlugTakenError(chosen.slice(0, SLUG_MAX));
    throw error;
  }
}
