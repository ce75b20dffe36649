// Keeps an organization's Subscription row equal to Stripe's current state of their customer's subscriptions.
// Webhook payloads are only a hint: the subscriptions are fetched from Stripe, so an event that
// arrives late or out of order can never write stale state.
//
// An organization has one Subscription row, and a customer should have one paid subscription — but two
// Checkouts paid at the same time can make two. The row then follows the newest subscription with
// paid access (never Free while one is paid), and the older paid ones are canceled in Stripe at
// once, prorated, so the customer is credited for the unused time rather than billed twice (logged
// as `stripe.duplicate_subscription`). With none paid, the row follows the newest subscription.
// What is written is a function of Stripe's state alone (and, for Pro's seats, of the member
// count: seats.ts), so every delivery order ends the same.
import type { CachedKeyMatch } from "@/lib/api-keys/cache";
import { recordAuditEvent, STRIPE } from "@/lib/audit-log/audit-log";
import { logger } from "@/lib/logger";
import type { DbTransaction } from "@/lib/db";
import { billingContactOf, billingContactSelect } from "./contact.ts";
import { lockStripeCustomer } from "./customer.ts";
import type { BillingNotice } from "./notices.ts";
import { PLANS } from "./plans.ts";
import { billSeats, countSeats, seatItem } from "./seats.ts";
import { hasPaidAccess } from "./status.ts";
import { planForPrice, type Billing } from "./stripe.ts";
import { parseSubscription, type StripeSubscription } from "./stripe-objects.ts";
import { recordTrialTaken } from "./trials.ts";

export type SyncOutcome = "processed" | "ignored" | "customer_not_found";
/** What an event is applied with: its transaction, billing, and what to do once it commits. */
export type SyncContext = {
  tx: DbTransaction;
  billing: Billing;
  /** The emails to send once the event committed. */
  notices: BillingNotice[];
  /** The keys whose plan the event wrote (an organization's): what caches hold of them is evicted once it committed. */
  changedKeys: CachedKeyMatch[];
};

export async function syncSubscription(
  { tx, billing, notices, changedKeys }: SyncContext,
  subscriptionId: string,
  hint: CheckoutOwner = {},
): Promise<SyncOutcome> {
  // Only to learn whose subscription it is: a subscription's customer never changes.
  const subscription = parseSubscription(await billing.stripe.subscriptions.retrieve(subscriptionId));
  const customerId = idOf(subscription.customer);
  // One writer per customer at a time, and each reads the customer's subscriptions after the
  // previous one committed: whoever writes last wrote the newest state.
  await lockStripeCustomer(tx, customerId);
  const row = await findRow(tx, customerId, {
    organizationId: hint.organizationId ?? subscription.metadata?.organizationId,
    userId: hint.userId ?? subscription.metadata?.userId,
  });
  if (!row) return "customer_not_found";

  const subscriptions = await customerSubscriptions(billing, customerId);
  const [kept, ...duplicates] = subscriptions.filter((candidate) => hasPaidAccess(candidate.status));
  for (const duplicate of duplicates) {
    await billing.stripe.subscriptions.cancel(duplicate.id, { prorate: true, invoice_now: true });
    logger.warn({ event: "stripe.duplicate_subscription", customerId, kept: kept!.id, canceled: duplicate.id }, "canceled a second paid subscription");
  }
  const current = kept ?? subscriptions[0] ?? subscription;
  const state = subscriptionState(billing, current);
  // Pro is billed per member (seats.ts): a quantity that is not the count is corrected now, and
  // Stripe's answer written. Stripe failing fails the event, which Stripe delivers again.
  if (state.plan === PLANS.pro.id) state.quantity = await billSeats(billing, current, await countSeats(tx, row.organizationId), row.updatedAt);
  await tx.subscription.update({ where: { id: row.id }, data: { stripeCustomerId: customerId, ...state } });
  // In the organization's audit log only when the plan or status moved: most events (a renewal's
  // invoice, a replay of the same state) change neither.
  if (row.plan !== state.plan || row.status !== state.status) {
    await recordAuditEvent(tx, row.organizationId, STRIPE, {
      action: "plan.changed",
      details: { from: { plan: row.plan, status: row.status }, to: { plan: state.plan, status: state.status } },
    });
  }
  changedKeys.push({ organizationId: row.organizationId });

  const contact = billingContactOf(row);
  const trialStarts = subscriptions.flatMap((candidate) => (candidate.trial_start === null ? [] : [candidate.trial_start]));
  if (contact && trialStarts.length > 0) await recordTrialTaken(tx, contact, new Date(Math.min(...trialStarts) * 1000));
  // Pro ends once: events of a customer are applied one at a time (the lock above), so only the
  // first to write the ended state sees the paid one before it.
  if (contact && row.plan === PLANS.pro.id && hasPaidAccess(row.status) && !hasPaidAccess(current.status)) {
    notices.push({ kind: "pro_ended", to: contact, organizationSlug: row.organization.slug, status: current.status });
  }
  return "processed";
}

/** The Subscription row's fields for a Stripe subscription (API 2025-03-31+: periods live on items). */
export function subscriptionState(billing: Billing, subscription: StripeSubscription) {
  const items = subscription.items.data;
  const priceId = items[0]?.price.id;
  const periodEnd = Math.max(0, ...items.map((item) => item.current_period_end));
  const paid = hasPaidAccess(subscription.status);
  const plan = paid ? planForPrice(billing, priceId) : undefined;
  if (paid && !plan) logger.warn({ event: "stripe.unknown_price", subscriptionId: subscription.id, priceId }, "subscription price matches no plan");
  return {
    stripeSubscriptionId: subscription.id,
    stripePriceId: priceId ?? null,
    /** The seats Stripe bills (seats.ts). */
    quantity: seatItem(billing, subscription)?.quantity ?? null,
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

/** Every subscription of the customer, canceled ones included, newest first. */
async function customerSubscriptions(billing: Billing, customerId: string): Promise<StripeSubscription[]> {
  const subscriptions: StripeSubscription[] = [];
  for await (const subscription of billing.stripe.subscriptions.list({ customer: customerId, status: "all", limit: 100 })) {
    subscriptions.push(parseSubscription(subscription));
  }
  return subscriptions.sort((a, b) => b.created - a.created || (a.id < b.id ? 1 : -1));
}

/**
 * Whose Checkout it was, from its metadata: the organization (this release's Checkouts), or only the
 * user who paid (those opened by the releases before organizations owned subscriptions, which may be
 * completed up to a day later): their personal organization's.
 */
export type CheckoutOwner = { organizationId?: string | null; userId?: string | null };

async function findRow(tx: DbTransaction, customerId: string, owner: CheckoutOwner) {
  const include = billingContactSelect;
  const byCustomer = await tx.subscription.findUnique({ where: { stripeCustomerId: customerId }, include });
  if (byCustomer) return byCustomer;
  // First event for this customer: our checkout put its owner in the metadata. It may only claim a
  // row that has no other customer yet.
  const where = rowOf(owner);
  const byOwner = where && (await tx.subscription.findFirst({ where, include }));
  return byOwner && (byOwner.stripeCustomerId === null || byOwner.stripeCustomerId === customerId) ? byOwner : null;
}

function rowOf({ organizationId, userId }: CheckoutOwner) {
  if (organizationId) return { organizationId };
  return userId ? { organization: { personalOwnerId: userId } } : null;
}
