// Before an account is deleted, its Stripe subscription is canceled: a deleted user must not keep paying.
import type { Billing } from "./stripe.ts";

const ENDED = new Set(["canceled", "incomplete_expired"]);

export async function cancelSubscriptionBeforeDeletion(
  billing: Billing | null,
  subscription: { stripeSubscriptionId: string | null; status: string } | null,
): Promise<void> {
  if (!billing || !subscription?.stripeSubscriptionId || ENDED.has(subscription.status)) return;
  await billing.stripe.subscriptions.cancel(subscription.stripeSubscriptionId);
}
