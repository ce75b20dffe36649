// Pro is priced per member: the quantity of the organization's Stripe subscription (its Pro item)
// is its member count — members only: a pending invitation is billed once it is accepted.
// - Checkout opens with the count (checkout.ts).
// - A change of the count (someone joins, is removed, leaves, deletes their account) updates the
//   subscription's item in Stripe, prorated (`create_prorations`: the rest of the period is credited
//   or charged on the next invoice), once the change committed: syncSeats — after the response
//   (syncSeatsAfterChange, lib/after-response.ts), so that the change answers at database speed
//   while Stripe is slow or down (its timeouts and retries take 10 to 20 s).
// - The webhook is the source of truth: it writes the quantity Stripe reports into
//   `Subscription.quantity`, and corrects a quantity that is not the count (a Checkout paid after
//   members changed, an update that failed) the same way (sync.ts).
// - The daily maintenance job (lib/maintenance) retries every Pro organization whose recorded
//   quantity is not its count: reconcileSeats.
//
// Once, even when changes race: each of these holds the customer's lock (customer.ts, the webhook's
// too) while it counts the members, compares with what Stripe bills and updates only when they
// differ, then records Stripe's answer. Of two changes at once, the second to take the lock counts
// both and finds the quantity the first one sent, or sends the one count that includes both: every
// target is sent once, and the last one sent is the count. The update's idempotency key is the
// subscription, the target and the version of the row the decision was made from (its updatedAt,
// which every recorded answer moves): a retry of the same decision (a timeout, a crash before the
// answer was recorded) is applied once by Stripe, a later change back to the same count is a new one.
//
// Stripe failing never fails the membership change: the change stands, its sync is logged
// (`billing.seats_sync_failed`), and the recorded quantity, no longer the count, is what the next
// change, the next webhook or the maintenance job puts right.
import Stripe from "stripe";
import { afterResponse } from "@/lib/after-response";
import { db, type DbTransaction } from "@/lib/db";
import { logger } from "@/lib/logger";
import { lockStripeCustomer } from "./customer.ts";
import { PLANS } from "./plans.ts";
import { hasPaidAccess, PAID_ACCESS_STATUSES } from "./status.ts";
import { getBilling, planForPrice, type Billing } from "./stripe.ts";
import { parseSubscription, type StripeSubscription } from "./stripe-objects.ts";

/** The seats an organization is billed for: its members. */
export function countSeats(client: Pick<DbTransaction, "membership">, organizationId: string): Promise<number> {
  return client.membership.count({ where: { organizationId } });
}

/** The subscription's item billed per seat: the one on a Pro price. */
export function seatItem(billing: Billing, subscription: StripeSubscription) {
  return subscription.items.data.find((item) => planForPrice(billing, item.price.id) === PLANS.pro.id);
}

/**
 * Makes Stripe bill `seats` on `subscription` (read under the customer's lock) when it bills another
 * quantity; returns the quantity Stripe bills now (null: no seat item, nothing to bill per seat).
 * `version`: the updatedAt of the organization's row the decision was made from (see above).
 * Stripe's errors are thrown.
 */
export async function billSeats(billing: Billing, subscription: StripeSubscription, seats: number, version: Date): Promise<number | null> {
  const item = seatItem(billing, subscription);
  if (!item) return null;
  if (item.quantity === seats || !hasPaidAccess(subscription.status)) return item.quantity ?? null;
  const updated = parseSubscription(
    await billing.stripe.subscriptions.update(
      subscription.id,
      { items: [{ id: item.id, quantity: seats }], proration_behavior: "create_prorations" },
      { idempotencyKey: `seats-${subscription.id}-${seats}-${version.getTime()}` },
    ),
  );
  logger.info({ event: "billing.seats_updated", subscriptionId: subscription.id, from: item.quantity ?? null, to: seats }, "seats updated in Stripe");
  return seatItem(billing, updated)?.quantity ?? null;
}

export type SeatSync = "not_billed" | "unchanged" | "updated";

/**
 * Brings the quantity Stripe bills for the organization's Pro subscription to its member count, if
 * it has one with paid access (else "not_billed": nothing is asked of Stripe). Throws Stripe's errors.
 */
export async function syncSeats(organizationId: string, billing: Billing | null = getBilling()): Promise<SeatSync> {
  if (!billing) return "not_billed";
  const customer = await db.subscription.findUnique({ where: { organizationId }, select: { stripeCustomerId: true } });
  if (!customer?.stripeCustomerId) return "not_billed";
  const { stripeCustomerId } = customer;
  return db.$transaction(
    async (tx): Promise<SeatSync> => {
      await lockStripeCustomer(tx, stripeCustomerId);
      // Read under the lock: the webhook or another change may have just written it.
      const row = await tx.subscription.findUniqueOrThrow({
        where: { organizationId },
        select: { id: true, stripeSubscriptionId: true, plan: true, status: true, quantity: true, updatedAt: true },
      });
      if (!row.stripeSubscriptionId || row.plan !== PLANS.pro.id || !hasPaidAccess(row.status)) return "not_billed";
      const seats = await countSeats(tx, organizationId);
      if (row.quantity === seats) return "unchanged";
      // What Stripe bills now, rather than what was last recorded: an update whose answer was lost
      // is not sent again.
      const subscription = parseSubscription(await billing.stripe.subscriptions.retrieve(row.stripeSubscriptionId));
      const before = seatItem(billing, subscription)?.quantity;
      const quantity = await billSeats(billing, subscription, seats, row.updatedAt);
      await tx.subscription.update({ where: { id: row.id }, data: { quantity } });
      return before === quantity ? "unchanged" : "updated";
    },
    // The lock is held across calls to Stripe (10 s timeout each), like the webhook's.
    { maxWait: 10_000, timeout: 30_000 },
  );
}

/**
 * syncSeats after a membership change committed, once the response is sent when serving a request
 * (else now, awaited: lib/after-response.ts). Never throws, so that the change stands whatever
 * Stripe does. A failure is logged; the mismatch it leaves is reconciled later (see above), as is
 * a sync cut short after the response.
 */
export function syncSeatsAfterChange(organizationId: string): Promise<void> {
  return afterResponse(async () => {
    try {
      await syncSeats(organizationId);
    } catch (error) {
      logger.error(
        {
          event: "billing.seats_sync_failed",
          organizationId,
          error: (error as Error).message,
          ...(error instanceof Stripe.errors.StripeError && { type: error.type }),
        },
        "seats not synced with Stripe; the maintenance job retries",
      );
    }
  });
}

/**
 * For the maintenance job: syncs the seats of at most `limit` Pro organizations whose recorded
 * quantity is not their member count (a sync that failed, or a row from before seats were
 * recorded). Returns how many were updated in Stripe and how many failed (logged, retried next run).
 */
export async function reconcileSeats({ limit = 100, billing = getBilling() }: { limit?: number; billing?: Billing | null } = {}) {
  const result = { updated: 0, failed: 0 };
  if (!billing) return result;
  const mismatched = await db.$queryRaw<{ organizationId: string }[]>`
    SELECT s."organizationId" FROM "Subscription" s
    WHERE s."plan" = ${PLANS.pro.id} AND s."stripeSubscriptionId" IS NOT NULL AND s."status" = ANY(${PAID_ACCESS_STATUSES})
      AND s."quantity" IS DISTINCT FROM (SELECT count(*)::int FROM "Membership" m WHERE m."organizationId" = s."organizationId")
    ORDER BY s."organizationId"
    LIMIT ${limit}`;
  for (const { organizationId } of mismatched) {
    try {
      if ((await syncSeats(organizationId, billing)) === "updated") result.updated++;
    } catch (error) {
      result.failed++;
      logger.error({ event: "billing.seats_sync_failed", organizationId, error: (error as Error).message }, "seats not synced with Stripe");
    }
  }
  return result;
}
