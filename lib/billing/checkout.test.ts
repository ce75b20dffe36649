import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BillingError, createCheckoutSession, createPortalSession } from "@/lib/billing/checkout";
import { createBilling, type Billing } from "@/lib/billing/stripe";
import { getDb } from "@/lib/db";
import { parseServerEnv } from "@/lib/env";
import { startFakeStripe, type FakeStripe } from "@/test/support/fake-stripe";

const ORIGIN = "https://app.example.com";
let fake: FakeStripe;
let billing: Billing;
const db = getDb();

beforeAll(async () => {
  fake = await startFakeStripe();
  billing = createBilling(
    parseServerEnv({
      DATABASE_URL: "postgres://unused/db",
      STRIPE_SECRET_KEY: "sk_test_fake",
      STRIPE_WEBHOOK_SECRET: "whsec_x",
      STRIPE_PRICE_PRO_MONTHLY: "price_monthly",
      STRIPE_PRICE_PRO_YEARLY: "price_yearly",
      STRIPE_API_BASE: fake.url,
    }),
  )!;
});

afterAll(async () => {
  await fake.stop();
  await db.$disconnect();
});

async function user(email: string) {
  return db.user.create({ data: { email, name: "Buyer", subscription: { create: {} } } });
}

describe("createCheckoutSession", () => {
  it("creates the Stripe customer once, remembers it, and opens a subscription checkout for the plan's price", async () => {
    const buyer = await user("checkout@example.com");
    const url = await createCheckoutSession(billing, buyer, "monthly", ORIGIN);

    const [session] = fake.checkoutSessions.slice(-1);
    expect(url).toBe(session!.url);
    const stored = await db.subscription.findUniqueOrThrow({ where: { userId: buyer.id } });
    expect(fake.customers.get(stored.stripeCustomerId!)).toMatchObject({ email: "checkout@example.com", name: "Buyer", metadata: { userId: buyer.id } });
    expect(session).toMatchObject({
      mode: "subscription",
      customer: stored.stripeCustomerId,
      client_reference_id: buyer.id,
      line_items: [{ price: "price_monthly", quantity: "1" }],
      metadata: { userId: buyer.id },
      subscription_data: { metadata: { userId: buyer.id } },
      success_url: `${ORIGIN}/dashboard/billing?checkout=success`,
      cancel_url: `${ORIGIN}/dashboard/billing?checkout=canceled`,
    });

    await createCheckoutSession(billing, buyer, "yearly", ORIGIN);
    expect(fake.checkoutSessions.at(-1)).toMatchObject({ customer: stored.stripeCustomerId, line_items: [{ price: "price_yearly" }] });
    expect([...fake.customers.values()].filter((c) => (c.metadata as { userId?: string }).userId === buyer.id)).toHaveLength(1);
  });

  it("creates a single customer when two checkouts start at once", async () => {
    const buyer = await user("double-click@example.com");
    await Promise.all([createCheckoutSession(billing, buyer, "monthly", ORIGIN), createCheckoutSession(billing, buyer, "monthly", ORIGIN)]);
    const created = fake.requests.filter((r) => r.path === "/v1/customers" && (r.body.metadata as { userId?: string }).userId === buyer.id);
    expect(new Set(created.map((r) => r.idempotencyKey))).toEqual(new Set([`customer-for-user-${buyer.id}`]));
    expect([...fake.customers.values()].filter((c) => (c.metadata as { userId?: string }).userId === buyer.id)).toHaveLength(1);
  });

  it("refuses an interval whose price is not configured", async () => {
    const monthlyOnly = { ...billing, prices: { proMonthly: "price_monthly" } };
    await expect(createCheckoutSession(monthlyOnly, await user("yearly@example.com"), "yearly", ORIGIN)).rejects.toThrow(BillingError);
  });

  it("surfaces a Stripe failure to the caller", async () => {
    fake.failNext("POST", /^\/v1\/checkout\/sessions$/, 500);
    await expect(createCheckoutSession(billing, await user("down@example.com"), "monthly", ORIGIN)).rejects.toThrow();
  });
});

describe("createPortalSession", () => {
  it("opens the Customer Portal for the customer, returning to the billing page", async () => {
    const buyer = await user("portal@example.com");
    await createCheckoutSession(billing, buyer, "monthly", ORIGIN);
    const { stripeCustomerId } = await db.subscription.findUniqueOrThrow({ where: { userId: buyer.id } });
    const url = await createPortalSession(billing, stripeCustomerId!, ORIGIN);
    expect(fake.portalSessions.at(-1)).toMatchObject({ customer: stripeCustomerId, return_url: `${ORIGIN}/dashboard/billing`, url });
  });
});
