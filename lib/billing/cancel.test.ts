import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cancelSubscriptionBeforeDeletion } from "@/lib/billing/cancel";
import { createBilling, type Billing } from "@/lib/billing/stripe";
import { parseServerEnv } from "@/lib/env";
import { startFakeStripe, type FakeStripe } from "@/test/support/fake-stripe";
import { subscriptionObject } from "@/test/support/stripe-objects";

let fake: FakeStripe;
let billing: Billing;

beforeAll(async () => {
  fake = await startFakeStripe();
  billing = createBilling(
    parseServerEnv({ DATABASE_URL: "postgres://unused/db", STRIPE_SECRET_KEY: "sk_test_fake", STRIPE_WEBHOOK_SECRET: "whsec_x", STRIPE_PRICE_PRO_MONTHLY: "price_m", STRIPE_API_BASE: fake.url }),
  )!;
});
afterAll(() => fake.stop());

const cancels = (id: string) => fake.countRequests("DELETE", new RegExp(`^/v1/subscriptions/${id}$`));

describe("cancelSubscriptionBeforeDeletion", () => {
  it.each(["active", "trialing", "past_due", "unpaid"])("cancels a %s subscription in Stripe", async (status) => {
    const subscription = subscriptionObject({ customer: "cus_1", priceId: "price_m" });
    fake.setSubscription(subscription);
    await cancelSubscriptionBeforeDeletion(billing, { stripeSubscriptionId: subscription.id, status });
    expect(cancels(subscription.id)).toBe(1);
  });

  it("leaves ended subscriptions, free users and unconfigured billing alone", async () => {
    const before = fake.requests.length;
    await cancelSubscriptionBeforeDeletion(billing, { stripeSubscriptionId: "sub_ended", status: "canceled" });
    await cancelSubscriptionBeforeDeletion(billing, { stripeSubscriptionId: null, status: "active" });
    await cancelSubscriptionBeforeDeletion(billing, null);
    await cancelSubscriptionBeforeDeletion(null, { stripeSubscriptionId: "sub_x", status: "active" });
    expect(fake.requests.length).toBe(before);
  });

  it("fails when Stripe does, so the account is not deleted while still billed", async () => {
    const subscription = subscriptionObject({ customer: "cus_2", priceId: "price_m" });
    fake.setSubscription(subscription);
    fake.failNext("DELETE", /^\/v1\/subscriptions\//, 500);
    await expect(cancelSubscriptionBeforeDeletion(billing, { stripeSubscriptionId: subscription.id, status: "active" })).rejects.toThrow();
  });
});
