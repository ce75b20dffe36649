// Playing Stripe's part in e2e tests: what the customer bought (in the fake Stripe API) and the
// signed webhooks Stripe sends about it.
import type Stripe from "stripe";
import { fakeStripeState, putSubscription } from "../../test/support/fake-stripe.ts";
import { checkoutSessionObject, eventObject, invoiceObject, subscriptionObject, webhookRequest } from "../../test/support/stripe-objects.ts";
import { E2E_STRIPE } from "./settings.ts";

/** The user's latest Checkout Session, as the fake Stripe recorded it. */
export async function latestCheckoutSession(userId: string) {
  const session = (await fakeStripeState(process.env.E2E_FAKE_STRIPE_URL!)).checkoutSessions.findLast((s) => s.client_reference_id === userId);
  if (!session) throw new Error(`no Checkout Session for user ${userId}`);
  return session as { customer: string; line_items: { price: string; quantity: string }[]; subscription_data: { trial_period_days?: string } };
}

/** How many Customer Portal sessions the app has opened for the customer so far. */
export async function portalSessionsOpened(customer: string): Promise<number> {
  return (await fakeStripeState(process.env.E2E_FAKE_STRIPE_URL!)).portalSessions.filter((session) => session.customer === customer).length;
}

/**
 * Completes the user's latest Checkout Session as Stripe would: a subscription of the session's
 * quantity (Pro's seats) — trialing when the session asked for a trial, active otherwise — then its webhooks.
 */
export async function completeCheckout(appUrl: string, userId: string) {
  const fakeUrl = process.env.E2E_FAKE_STRIPE_URL!;
  const session = await latestCheckoutSession(userId);
  const customer = String(session.customer);
  const trialDays = Number(session.subscription_data.trial_period_days ?? 0);
  const trial = trialDays > 0 ? { status: "trialing" as const, trialEnd: Math.floor(Date.now() / 1000) + trialDays * 86_400 } : {};
  const quantity = Number(session.line_items[0]!.quantity);
  const subscription = subscriptionObject({ customer, priceId: E2E_STRIPE.proMonthly, quantity, metadata: { userId }, ...trial });
  await putSubscription(fakeUrl, subscription);
  for (const event of [
    eventObject("checkout.session.completed", checkoutSessionObject({ customer, subscription: subscription.id, userId })),
    eventObject("customer.subscription.created", subscription),
  ]) {
    await deliverWebhook(appUrl, event);
  }
  return subscription;
}

/** A renewal payment fails: Stripe moves the subscription to past_due and sends invoice.payment_failed (returned, to replay it). */
export async function failRenewal(appUrl: string, subscription: Stripe.Subscription, nextPaymentAttempt: number) {
  const customer = String(subscription.customer);
  const pastDue = { ...subscription, status: "past_due" } as Stripe.Subscription;
  await putSubscription(process.env.E2E_FAKE_STRIPE_URL!, pastDue);
  const event = eventObject("invoice.payment_failed", invoiceObject({ customer, subscription: subscription.id, status: "open", nextPaymentAttempt }));
  await deliverWebhook(appUrl, event);
  return event;
}

/** The subscription is canceled (in the portal, or by Stripe after the last retry): customer.subscription.deleted. */
export async function cancelSubscription(appUrl: string, subscription: Stripe.Subscription) {
  const canceled = subscriptionObject({ id: subscription.id, customer: String(subscription.customer), priceId: E2E_STRIPE.proMonthly, status: "canceled" });
  await putSubscription(process.env.E2E_FAKE_STRIPE_URL!, canceled);
  await deliverWebhook(appUrl, eventObject("customer.subscription.deleted", canceled));
}

export async function deliverWebhook(appUrl: string, event: Stripe.Event) {
  const signed = webhookRequest(event, E2E_STRIPE.webhookSecret);
  const response = await fetch(`${appUrl}/api/stripe/webhook`, { method: "POST", headers: signed.headers, body: await signed.text() });
  if (response.status !== 200) throw new Error(`webhook ${event.type} answered ${response.status}: ${await response.text()}`);
}
