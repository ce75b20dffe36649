// The Stripe customer of a user: created once, with the user id in its metadata, and remembered
// in Subscription.stripeCustomerId.
import { db } from "@/lib/db";
import { personalOrganizationId } from "@/lib/organizations/personal";
import type { Billing } from "./stripe.ts";

export async function ensureStripeCustomer(billing: Billing, user: { id: string; email: string; name: string | null }): Promise<string> {
  const existing = await db.subscription.findUnique({ where: { userId: user.id }, select: { stripeCustomerId: true } });
  if (existing?.stripeCustomerId) return existing.stripeCustomerId;
  // The idempotency key makes two racing clicks create one customer, not two.
  const customer = await billing.stripe.customers.create(
    { email: user.email, name: user.name ?? undefined, metadata: { userId: user.id } },
    { idempotencyKey: `customer-for-user-${user.id}` },
  );
  await db.subscription.upsert({
    where: { userId: user.id },
    // Every user has their row from sign-up; this creates one only for a user who somehow has none.
    create: { userId: user.id, organizationId: await personalOrganizationId(user.id), stripeCustomerId: customer.id },
    update: { stripeCustomerId: customer.id },
  });
  return customer.id;
}
