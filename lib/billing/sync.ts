// Keeps a user's Subscription row equal to Stripe's current state of their subscription.
// Webhook payloads are only a hint: the subscription is fetched from Stripe, so an event that
// arrives late or out of order can never write stale state.
import type Stripe from "stripe";
import { logger } from "@/lib/logger";
import type { DbTransaction } from "@/lib/db";
import type { BillingNotice } from "./notices.ts";
import { PLANS } from "./plans.ts";
import { hasPaidAccess } from "./status.ts";
import { planForPrice, type Billing } from "./stripe.ts";

export type SyncOutcome = "processed" | "ignored" | "customer_not_found";
/** What an event is applied with: its transaction, billing, and the notices to email once it commits. */
export type SyncContext = { tx: DbTransaction; billing: Billing; notices: BillingNotice[] };

export async function syncSubscription(
  { tx, billing, notices }: SyncContext,
  subscriptionId: string,
  hint: { userId?: string | null } = {},
): Promise<SyncOutcome> {
  // One writer per subscription at a time, and each fetches after the previous one committed:
  // whoever writes last wrote the newest state.
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`stripe-subscription:${subscriptionId}`}, 0))`;
  const subscription = await billing.stripe.subscriptions.retrieve(subscriptionId);
  const customerId = idOf(subscription.customer);
  const row = await findRow(tx, customerId, hint.userId ?? subscription.metadata?.userId);
  if (!row) return "customer_not_found";
  // A user has one Subscription row: a second, inactive Stripe subscription must not replace an active one.
  if (row.stripeSubscriptionId && row.stripeSubscriptionId !== subscription.id && hasPaidAccess(row.status) && !hasPaidAccess(subscription.status)) {
    return "ignored";
  }
  const state = subscriptionState(billing, subscription);
  await tx.subscription.update({ where: { id: row.id }, data: { stripeCustomerId: customerId, ...state } });
  if (subscription.trial_start !== null) {
    // The user's one trial is taken: Checkout offers none again (lib/billing/checkout.ts).
    await tx.user.updateMany({ where: { id: row.userId, trialStartedAt: null }, data: { trialStartedAt: new Date(subscription.trial_start * 1000) } });
  }
  // Pro ends once: events are applied one at a time per subscription (the lock above), so only the
  // first to write the ended state sees the paid one before it.
  if (row.plan === PLANS.pro.id && hasPaidAccess(row.status) && !hasPaidAccess(subscription.status)) {
    notices.push({ kind: "pro_ended", to: row.user, status: subscription.status });
  }
  return "processed";
}

/** The Subscription row's fields for a Stripe subscription (API 2025-03-31+: periods live on items). */
export function subscriptionState(billing: Billing, subscription: Stripe.Subscription) {
  const items = subscription.items.data;
  const priceId = items[0]?.price.id;
  const periodEnd = Math.max(0, ...items.map((item) => item.current_period_end ?? 0));
  const paid = hasPaidAccess(subscription.status);
  const plan = paid ? planForPrice(billing, priceId) : undefined;
  if (paid && !plan) logger.warn({ event: "stripe.unknown_price", subscriptionId: subscription.id, priceId }, "subscription price matches no plan");
  return {
    stripeSubscriptionId: subscription.id,
    stripePriceId: priceId ?? null,
    plan: plan ?? PLANS.free.id,
    status: subscription.status,
    currentPeriodEnd: periodEnd ? new Date(periodEnd * 1000) : null,
    // The Customer Portal may schedule the end with cancel_at instead of cancel_at_period_end.
    cancelAtPeriodEnd: subscription.cancel_at_period_end || (subscription.cancel_at !== null && periodEnd > 0 && subscription.cancel_at <= periodEnd),
  };
}

/** The id of a Stripe reference, expanded or not. */
export function idOf(reference: string | { id: string }): string;
export function idOf(reference: string | { id: string } | null | undefined): string | undefined;
export function idOf(reference: string | { id: string } | null | undefined) {
  return typeof reference === "string" ? reference : reference?.id;
}

async function findRow(tx: DbTransaction, customerId: string, userId: string | undefined | null) {
  const include = { user: { select: { id: true, email: true, name: true } } } as const;
  const byCustomer = await tx.subscription.findUnique({ where: { stripeCustomerId: customerId }, include });
  if (byCustomer || !userId) return byCustomer;
  // First event for this customer: our checkout put the user id in the metadata. It may only
  // claim a row that has no other customer yet.
  const byUser = await tx.subscription.findUnique({ where: { userId }, include });
  return byUser && (byUser.stripeCustomerId === null || byUser.stripeCustomerId === customerId) ? byUser : null;
}
