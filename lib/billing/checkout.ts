// Upgrade and manage: Stripe Checkout for a new subscription, the Customer Portal for the rest.
import { ensureStripeCustomer } from "./customer.ts";
import type { Billing } from "./stripe.ts";

export type BillingInterval = "monthly" | "yearly";
type Customer = { id: string; email: string; name: string | null };

export class BillingError extends Error {
  override name = "BillingError";
}

/** A Checkout Session for the Pro plan; returns the URL to send the user to. */
export async function createCheckoutSession(billing: Billing, user: Customer, interval: BillingInterval, origin: string): Promise<string> {
  const price = interval === "yearly" ? billing.prices.proYearly : billing.prices.proMonthly;
  if (!price) throw new BillingError(`The ${interval} price is not configured.`);
  const customer = await ensureStripeCustomer(billing, user);
  const session = await billing.stripe.checkout.sessions.create({
    mode: "subscription",
    customer,
    client_reference_id: user.id,
    line_items: [{ price, quantity: 1 }],
    // Webhooks find the user from these when the customer is not linked yet.
    metadata: { userId: user.id },
    subscription_data: { metadata: { userId: user.id } },
    allow_promotion_codes: true,
    success_url: `${origin}/dashboard/billing?checkout=success`,
    cancel_url: `${origin}/dashboard/billing?checkout=canceled`,
  });
  if (!session.url) throw new BillingError("Stripe returned a Checkout Session without a URL.");
  return session.url;
}

/** A Customer Portal session for a user who has a Stripe customer; returns its URL. */
export async function createPortalSession(billing: Billing, stripeCustomerId: string, origin: string): Promise<string> {
  const session = await billing.stripe.billingPortal.sessions.create({ customer: stripeCustomerId, return_url: `${origin}/dashboard/billing` });
  return session.url;
}
