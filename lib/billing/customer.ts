// The Stripe customer of an organization, for the user who pays: created once, with the user id in
// its metadata, and remembered in the organization's Subscription.stripeCustomerId.
import { db } from "@/lib/db";
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
