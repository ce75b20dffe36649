// The Stripe customer of an organization, for the user who pays: created once, with the user id in
// its metadata, and remembered in the organization's Subscription.stripeCustomerId; and the lock
// that makes what billing does with one customer's subscriptions happen one at a time.
import { db, oneAtATime, type DbTransaction } from "@/lib/db";
import type { Actor } from "@/lib/organizations/permissions";
import type { Billing } from "./stripe.ts";

export async function ensureStripeCustomer(
  billing: Billing,
  user: { id: string; email: string; name: string | null; actor: Pick<Actor, "organizationId"> },
): Promise<string> {
  const { organizationId } = user.actor;
  const existing = await db.subscription.findUnique({ where: { organizationId }, select: { stripeCustomerId: true } });
  if (existing?.stripeCustomerId) return existing.stripeCustomerId;
  // The idempotency key makes two racing clicks create one customer, not two.
  const customer = await billing.stripe.customers.create(
    { email: user.email, name: user.name ?? undefined, metadata: { userId: user.id } },
    { idempotencyKey: `customer-for-user-${user.id}` },
  );
  await db.subscription.upsert({
    where: { organizationId },
    // Every organization has its row from sign-up; this creates one only for one that somehow has none.
    create: { organizationId, stripeCustomerId: customer.id },
    update: { stripeCustomerId: customer.id },
  });
  return customer.id;
}

/**
 * Takes the customer's lock for the rest of `tx`: whatever reads the customer's subscriptions in
 * Stripe and writes what it found — the webhook (sync.ts), a change of seats (seats.ts) — runs one
 * at a time per customer, each after the previous one committed.
 */
export function lockStripeCustomer(tx: DbTransaction, customerId: string): Promise<void> {
  return oneAtATime(tx, `stripe-customer:${customerId}`);
}
