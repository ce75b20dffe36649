// Upgrade and manage: Stripe Checkout for a new subscription, the Customer Portal for the rest.
// One paid subscription per organization: Checkout is refused while the customer has a subscription with
// paid access — in our row, or in Stripe itself, since the webhook of a finished Checkout may not
// have arrived yet — and the upgrade goes to the Portal instead.
// Free trials (STRIPE_TRIAL_DAYS): one per person, ever — not when the user, or an earlier account
// with their address, had one (lib/billing/trials.ts), nor when any subscription of the customer in
// Stripe had one (its webhook may still be on its way).
// One Checkout open per customer: opening one expires the customer's other open sessions, so two
// tabs (or two clicks a minute apart) cannot both be paid.
// Pro is priced per member: the Checkout's quantity is the organization's member count (seats.ts).
import Stripe from "stripe";
import { z } from "zod";
import { db, oneAtATime } from "@/lib/db";
import { UserFacingError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import type { Actor } from "@/lib/organizations/permissions";
import { ensureStripeCustomer } from "./customer.ts";
import { countSeats } from "./seats.ts";
import { hasPaidAccess } from "./status.ts";
import type { Billing } from "./stripe.ts";
import { mayStartTrial } from "./trials.ts";

export const upgradeSchema = z.object({ interval: z.enum(["monthly", "yearly"]) });
export type BillingInterval = z.infer<typeof upgradeSchema>["interval"];
/** Who pays: the signed-in user, for their organization (whose subscription it is). */
type Customer = { id: string; email: string; name: string | null; actor: Pick<Actor, "organizationId"> };

export class BillingError extends UserFacingError {
  override name = "BillingError";
}

/** The customer already pays (or Stripe is still retrying a payment): a second Checkout would bill them twice. */
export class AlreadySubscribedError extends BillingError {
  override name = "AlreadySubscribedError";

  constructor(readonly stripeCustomerId: string) {
    super("You already have a paid subscription: manage it in the billing portal.");
  }
}

/** Where the upgrade button sends the user: a Checkout Session, or the Portal when they already have a paid subscription. */
export async function startUpgrade(
  billing: Billing,
  user: Customer,
  interval: BillingInterval,
  billingUrl: string,
): Promise<{ to: "checkout" | "portal"; url: string }> {
  try {
    return { to: "checkout", url: await createCheckoutSession(billing, user, interval, billingUrl) };
  } catch (error) {
    if (!(error instanceof AlreadySubscribedError)) throw error;
    return { to: "portal", url: await createPortalSession(billing, error.stripeCustomerId, billingUrl) };
  }
}

/**
 * A Checkout Session for the Pro plan, coming back to `billingUrl` (the absolute URL of the
 * organization's billing page); returns the URL to send the user to. Throws AlreadySubscribedError.
 */
export async function createCheckoutSession(billing: Billing, user: Customer, interval: BillingInterval, billingUrl: string): Promise<string> {
  const price = interval === "yearly" ? billing.prices.proYearly : billing.prices.proMonthly;
  if (!price) throw new BillingError(`The ${interval} price is not configured.`);
  const row = await db.subscription.findUnique({
    where: { organizationId: user.actor.organizationId },
    select: { stripeCustomerId: true, stripeSubscriptionId: true, status: true },
  });
  if (row?.stripeCustomerId && row.stripeSubscriptionId && hasPaidAccess(row.status)) throw new AlreadySubscribedError(row.stripeCustomerId);
  const customer = await ensureStripeCustomer(billing, user);
  const history = await subscriptionHistoryInStripe(billing, customer);
  if (history.paid) throw new AlreadySubscribedError(customer);
  // The payer's own trial (one per person), read afresh: the webhook may have just recorded one.
  const { trialStartedAt } = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { trialStartedAt: true } });
  const trialDays = billing.trialDays && !history.hadTrial && (await mayStartTrial({ email: user.email, trialStartedAt })) ? billing.trialDays : undefined;
  // One Checkout open per customer: the others are expired before this one opens, one opening at a
  // time per customer, so that two tabs (or two clicks a minute apart) cannot both be paid.
  const session = await db.$transaction(
    async (tx) => {
      await oneAtATime(tx, `stripe-checkout:${customer}`);
      await expireOpenCheckouts(billing, customer);
      return billing.stripe.checkout.sessions.create({
        mode: "subscription",
        customer,
        client_reference_id: user.id,
        // Pro is priced per member (seats.ts): its members now, pending invitations not included.
        line_items: [{ price, quantity: await countSeats(tx, user.actor.organizationId) }],
        // Webhooks find the organization's row from these when the customer is not linked yet; the
        // user id (who paid) is what the release before this one finds it by.
        metadata: checkoutMetadata(user),
        subscription_data: { metadata: checkoutMetadata(user), ...(trialDays && { trial_period_days: trialDays }) },
        allow_promotion_codes: true,
        success_url: `${billingUrl}?checkout=success`,
        cancel_url: `${billingUrl}?checkout=canceled`,
      });
    },
    // The lock is held across calls to Stripe (10 s timeout each): rare, and one customer's only.
    { maxWait: 10_000, timeout: 30_000 },
  );
  if (!session.url) throw new BillingError("Stripe returned a Checkout Session without a URL.");
  return session.url;
}

function checkoutMetadata(user: Customer) {
  return { organizationId: user.actor.organizationId, userId: user.id };
}

/** A Customer Portal session for a user who has a Stripe customer, coming back to `billingUrl`; returns its URL. */
export async function createPortalSession(billing: Billing, stripeCustomerId: string, billingUrl: string): Promise<string> {
  const session = await billing.stripe.billingPortal.sessions.create({ customer: stripeCustomerId, return_url: billingUrl });
  return session.url;
}

/**
 * Expires the customer's open Checkout Sessions. One paid meanwhile can no longer be expired: Stripe
 * says so, and it is left alone (the webhook keeps one paid subscription per customer, sync.ts).
 */
async function expireOpenCheckouts(billing: Billing, customer: string) {
  for await (const open of billing.stripe.checkout.sessions.list({ customer, status: "open", limit: 100 })) {
    try {
      await billing.stripe.checkout.sessions.expire(open.id);
    } catch (error) {
      if (!(error instanceof Stripe.errors.StripeInvalidRequestError)) throw error;
      logger.info({ event: "billing.checkout_expire", sessionId: open.id, error: error.message }, "open Checkout Session no longer expirable");
    }
  }
}

/** Whether the customer has a subscription with paid access now, and whether any of theirs ever had a trial. */
async function subscriptionHistoryInStripe(billing: Billing, customer: string): Promise<{ paid: boolean; hadTrial: boolean }> {
  let hadTrial = false;
  // `status: "all"` includes the canceled ones (a trial taken and canceled still counts); the iterator follows the pages.
  for await (const subscription of billing.stripe.subscriptions.list({ customer, status: "all", limit: 100 })) {
    if (hasPaidAccess(subscription.status)) return { paid: true, hadTrial };
    hadTrial ||= subscription.trial_start !== null;
  }
  return { paid: false, hadTrial };
}
