import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cancelSubscriptionsBeforeDeletion } from "@/lib/billing/cancel";
import { type Billing } from "@/lib/billing/stripe";
import { billingAgainst, PRO_PRICES } from "@/test/support/billing";
import { startFakeStripe, type FakeStripe } from "@/test/support/fake-stripe";
import { subscriptionObject } from "@/test/support/stripe-objects";

let fake: FakeStripe;
let billing: Billing;

beforeAll(async () => {
  fake = await startFakeStripe();
  billing = billingAgainst(fake);
});
afterAll(() => fake.stop());

const cancels = (id: string) => fake.countRequests("DELETE", new RegExp(`^/v1/subscriptions/${id}$`));
let customers = 0;
const newCustomer = () => `cus_cancel_${++customers}`;

describe("cancelSubscriptionsBeforeDeletion", () => {
  it.each(["active", "trialing", "past_due", "unpaid", "incomplete", "paused"] as const)("cancels a %s subscription in Stripe", async (status) => {
    const customer = newCustomer();
    const subscription = subscriptionObject({ customer, priceId: PRO_PRICES.monthly, status });
    fake.setSubscription(subscription);
    await cancelSubscriptionsBeforeDeletion(billing, { stripeCustomerId: customer, stripeSubscriptionId: subscription.id, status });
    expect(cancels(subscription.id)).toBe(1);
  });

  it("cancels every subscription of the customer that has not ended, tracked or not, and leaves the ended ones alone", async () => {
    const customer = newCustomer();
    const tracked = subscriptionObject({ customer, priceId: PRO_PRICES.monthly });
    const untracked = subscriptionObject({ customer, priceId: PRO_PRICES.monthly });
    const pastDue = subscriptionObject({ customer, priceId: PRO_PRICES.monthly, status: "past_due" });
    const canceled = subscriptionObject({ customer, priceId: PRO_PRICES.monthly, status: "canceled" });
    const expired = subscriptionObject({ customer, priceId: PRO_PRICES.monthly, status: "incomplete_expired" });
    const someoneElses = subscriptionObject({ customer: newCustomer(), priceId: PRO_PRICES.monthly });
    for (const subscription of [tracked, untracked, pastDue, canceled, expired, someoneElses]) fake.setSubscription(subscription);

    await cancelSubscriptionsBeforeDeletion(billing, { stripeCustomerId: customer, stripeSubscriptionId: tracked.id, status: "active" });

    expect([tracked, untracked, pastDue].map((s) => cancels(s.id))).toEqual([1, 1, 1]);
    expect([canceled, expired, someoneElses].map((s) => cancels(s.id))).toEqual([0, 0, 0]);
  });

  it("follows Stripe's pages: a customer with more subscriptions than one page holds", async () => {
    const customer = newCustomer();
    const many = Array.from({ length: 105 }, () => subscriptionObject({ customer, priceId: PRO_PRICES.monthly }));
    for (const subscription of many) fake.setSubscription(subscription);
    await cancelSubscriptionsBeforeDeletion(billing, { stripeCustomerId: customer, stripeSubscriptionId: null, status: "active" });
    expect(many.filter((s) => cancels(s.id) === 1)).toHaveLength(105);
  });

  it("leaves free users without a customer and unconfigured billing alone", async () => {
    const before = fake.requests.length;
    await cancelSubscriptionsBeforeDeletion(billing, { stripeCustomerId: null, stripeSubscriptionId: null, status: "active" });
    await cancelSubscriptionsBeforeDeletion(billing, null);
    await cancelSubscriptionsBeforeDeletion(null, { stripeCustomerId: "cus_x", stripeSubscriptionId: "sub_x", status: "active" });
    expect(fake.requests.length).toBe(before);
  });

  it("fails when Stripe does, so the account is not deleted while still billed", async () => {
    const customer = newCustomer();
    const subscription = subscriptionObject({ customer, priceId: PRO_PRICES.monthly });
    fake.setSubscription(subscription);
    fake.failNext("DELETE", /^\/v1\/subscriptions\//, 500);
    await expect(
      cancelSubscriptionsBeforeDeletion(billing, { stripeCustomerId: customer, stripeSubscriptionId: subscription.id, status: "active" }),
    ).rejects.toThrow();
    fake.failNext("GET", /^\/v1\/subscriptions$/, 500);
    await expect(cancelSubscriptionsBeforeDeletion(billing, { stripeCustomerId: customer, stripeSubscriptionId: null, status: "active" })).rejects.toThrow();
  });
});
