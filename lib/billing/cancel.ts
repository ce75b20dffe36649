// Before an account is deleted, every subscription of its Stripe customer that has not ended is
// canceled — not only the one our row tracks: a second subscription (two Checkouts, one webhook
// late) must not keep billing a deleted account.
import Stripe from "stripe";
import type { Billing } from "./stripe.ts";

const ENDED = new Set<string>(["canceled", "incomplete_expired"] satisfies Stripe.Subscription.Status[]);

export async function cancelSubscriptionsBeforeDeletion(
  billing: Billing | null,
  subscription: { stripeCustomerId: string | null; stripeSubscriptionId: string | null; status: string } | null,
): Promise<void> {
  if (!billing || !subscription) return;
  const live = new Set<string>();
  if (subscription.stripeSubscriptionId && !ENDED.has(subscription.status)) live.add(subscription.stripeSubscriptionId);
  if (subscription.stripeCustomerId) {
    // Without `status`, Stripe lists every subscription that is not canceled; the iterator follows the pages.
    for await (const listed of billing.stripe.subscriptions.list({ customer: subscription.stripeCustomerId, limit: 100 })) {
      if (ENDED.has(listed.status)) live.delete(listed.id);
      else live.add(listed.id);
    }
  }
  for (const id of live) {
    try {
      await billing.stripe.subscriptions.cancel(id);
    } catch (error) {
      // Canceled already while our row still says otherwise — by an earlier attempt that Stripe
      // failed midway, or in the portal, before its webhook came: Stripe no longer finds it to cancel.
      if (!(error instanceof Stripe.errors.StripeInvalidRequestError && error.code === "resource_missing")) throw error;
    }
  }
}
