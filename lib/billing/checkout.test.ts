import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AlreadySubscribedError, BillingError, createCheckoutSession, createPortalSession, startUpgrade } from "@/lib/billing/checkout";
import { type Billing } from "@/lib/billing/stripe";
import { getDb } from "@/lib/db";
import { deleteAccount } from "@/lib/users/profile";
import { billingAgainst, PRO_PRICES } from "@/test/support/billing";
import { startFakeStripe, type FakeStripe } from "@/test/support/fake-stripe";
import { subscriptionObject } from "@/test/support/stripe-objects";
import { joinOrganization, newUser } from "@/test/support/users";

const ORIGIN = "https://app.example.com";
// The organization\'s billing page, where Stripe sends the customer back.
const BILLING_URL = `${ORIGIN}/dashboard/acme/billing`;
let fake: FakeStripe;
let billing: Billing;
const db = getDb();

beforeAll(async () => {
  fake = await startFakeStripe();
  billing = billingAgainst(fake);
});

afterAll(async () => {
  await fake.stop();
  await db.$disconnect();
});

async function user(email: string) {
  return newUser(email, {}, "Buyer");
}

describe("createCheckoutSession", () => {
  it("creates the Stripe customer once, remembers it, and opens a subscription checkout for the plan's price", async () => {
    const buyer = await user("checkout@example.com");
    const url = await createCheckoutSession(billing, buyer, "monthly", BILLING_URL);

    const [session] = fake.checkoutSessions.slice(-1);
    expect(url).toBe(session!.url);
    const stored = await db.subscription.findUniqueOrThrow({ where: { organizationId: buyer.organizationId } });
    expect(fake.customers.get(stored.stripeCustomerId!)).toMatchObject({ email: "checkout@example.com", name: "Buyer", metadata: { userId: buyer.id } });
    expect(session).toMatchObject({
      mode: "subscription",
      customer: stored.stripeCustomerId,
      client_reference_id: buyer.id,
      line_items: [{ price: PRO_PRICES.monthly, quantity: "1" }],
      metadata: { organizationId: buyer.organizationId, userId: buyer.id },
      subscription_data: { metadata: { organizationId: buyer.organizationId, userId: buyer.id } },
      success_url: `${BILLING_URL}?checkout=success`,
      cancel_url: `${BILLING_URL}?checkout=canceled`,
    });

    await createCheckoutSession(billing, buyer, "yearly", BILLING_URL);
    expect(fake.checkoutSessions.at(-1)).toMatchObject({ customer: stored.stripeCustomerId, line_items: [{ price: PRO_PRICES.yearly }] });
    expect([...fake.customers.values()].filter((c) => (c.metadata as { userId?: string }).userId === buyer.id)).toHaveLength(1);
  });

  it("bills Pro per member: the line item's quantity is the organization's member count, pending invitations not included", async () => {
    const buyer = await user("team-buyer@example.com");
    for (const name of ["ana", "ben"]) await joinOrganization((await user(`${name}-seat@example.com`)).id, buyer.organizationId, "member");
    await db.invitation.create({
      data: {
        organizationId: buyer.organizationId,
        email: "pending@example.com",
        role: "member",
        hashedToken: "a".repeat(64),
        invitedById: buyer.id,
        expiresAt: new Date(Date.now() + 60_000),
      },
    });
    await createCheckoutSession(billing, buyer, "monthly", BILLING_URL);
    expect(fake.checkoutSessions.at(-1)).toMatchObject({ line_items: [{ price: PRO_PRICES.monthly, quantity: "3" }] });
  });

  it("creates a single customer when two checkouts start at once", async () => {
    const buyer = await user("double-click@example.com");
    await Promise.all([createCheckoutSession(billing, buyer, "monthly", BILLING_URL), createCheckoutSession(billing, buyer, "monthly", BILLING_URL)]);
    const created = fake.requests.filter((r) => r.path === "/v1/customers" && (r.body.metadata as { userId?: string }).userId === buyer.id);
    expect(new Set(created.map((r) => r.idempotencyKey))).toEqual(new Set([`customer-for-user-${buyer.id}`]));
    expect([...fake.customers.values()].filter((c) => (c.metadata as { userId?: string }).userId === buyer.id)).toHaveLength(1);
  });

  it("recreates a missing Subscription row for the user's personal organization, next to the user", async () => {
    const buyer = await user("no-row@example.com");
    await db.subscription.delete({ where: { organizationId: buyer.organizationId } });
    await createCheckoutSession(billing, buyer, "monthly", BILLING_URL);
    const stored = await db.subscription.findUniqueOrThrow({ where: { organizationId: buyer.organizationId } });
    expect(stored).toMatchObject({ plan: "free", stripeCustomerId: expect.stringMatching(/^cus_/), organizationId: buyer.organizationId });
  });

  it("refuses an interval whose price is not configured", async () => {
    const monthlyOnly = { ...billing, prices: { proMonthly: PRO_PRICES.monthly } };
    await expect(createCheckoutSession(monthlyOnly, await user("yearly@example.com"), "yearly", BILLING_URL)).rejects.toThrow(BillingError);
  });

  it("surfaces a Stripe failure to the caller", async () => {
    fake.failNext("POST", /^\/v1\/checkout\/sessions$/, 500);
    await expect(createCheckoutSession(billing, await user("down@example.com"), "monthly", BILLING_URL)).rejects.toThrow();
  });
});

describe("one open Checkout per customer", () => {
  const sessionsOf = async (buyer: { organizationId: string }) => {
    const { stripeCustomerId } = await db.subscription.findUniqueOrThrow({ where: { organizationId: buyer.organizationId } });
    return fake.checkoutSessions.filter((session) => session.customer === stripeCustomerId);
  };

  it("expires the customer's open Checkout when another is opened, so only the newest can be paid", async () => {
    const buyer = await user("two-tabs@example.com");
    const first = await createCheckoutSession(billing, buyer, "monthly", BILLING_URL);
    const second = await createCheckoutSession(billing, buyer, "yearly", BILLING_URL);
    const sessions = await sessionsOf(buyer);
    expect(sessions.map((session) => session.status)).toEqual(["expired", "open"]);
    expect(sessions[1]!.url).toBe(second);
    expect(first).not.toBe(second);
    expect(fake.countRequests("POST", new RegExp(`^/v1/checkout/sessions/${sessions[0]!.id}/expire$`))).toBe(1);
  });

  it("leaves exactly one open when several are opened at once", async () => {
    const buyer = await user("many-clicks@example.com");
    await createCheckoutSession(billing, buyer, "monthly", BILLING_URL); // the customer exists: the opens below race on one customer
    await Promise.all(Array.from({ length: 4 }, () => createCheckoutSession(billing, buyer, "monthly", BILLING_URL)));
    expect((await sessionsOf(buyer)).filter((session) => session.status === "open")).toHaveLength(1);
  });

  it("leaves alone a session Stripe will not expire any more (paid meanwhile), and still opens the new one", async () => {
    const buyer = await user("paid-meanwhile@example.com");
    await createCheckoutSession(billing, buyer, "monthly", BILLING_URL);
    fake.failNext("POST", /^\/v1\/checkout\/sessions\/[\w-]+\/expire$/, 400, 1, "invalid_request_error");
    const url = await createCheckoutSession(billing, buyer, "monthly", BILLING_URL);
    expect((await sessionsOf(buyer)).at(-1)).toMatchObject({ status: "open", url });
  });
});

describe("one paid subscription per user", () => {
  /** A buyer whose first Checkout went through in Stripe; `webhookArrived` says whether our row knows yet. */
  async function buyerWhoPaid(email: string, status: "active" | "trialing" | "past_due", webhookArrived: boolean) {
    const buyer = await user(email);
    await createCheckoutSession(billing, buyer, "monthly", BILLING_URL);
    const { stripeCustomerId } = await db.subscription.findUniqueOrThrow({ where: { organizationId: buyer.organizationId } });
    const paid = subscriptionObject({ customer: stripeCustomerId!, priceId: PRO_PRICES.monthly, status });
    fake.setSubscription(paid);
    if (webhookArrived)
      await db.subscription.update({ where: { organizationId: buyer.organizationId }, data: { stripeSubscriptionId: paid.id, status, plan: "pro" } });
    return { buyer, customer: stripeCustomerId! };
  }
  const checkoutsFor = (customer: string) => fake.checkoutSessions.filter((session) => session.customer === customer).length;

  it.each(["active", "trialing", "past_due"] as const)(
    "refuses a second Checkout while Stripe has a subscription (%s) the webhook has not reported yet, and opens the Portal",
    async (status) => {
      const { buyer, customer } = await buyerWhoPaid(`late-webhook-${status}@example.com`, status, false);
      await expect(createCheckoutSession(billing, buyer, "yearly", BILLING_URL)).rejects.toThrow(AlreadySubscribedError);
      const upgrade = await startUpgrade(billing, buyer, "monthly", BILLING_URL);
      expect(upgrade).toEqual({ to: "portal", url: fake.portalSessions.at(-1)!.url });
      expect(fake.portalSessions.at(-1)).toMatchObject({ customer, return_url: BILLING_URL });
      expect(checkoutsFor(customer)).toBe(1);
    },
  );

  it("refuses it from our row alone, without asking Stripe, once the webhook has arrived", async () => {
    const { buyer, customer } = await buyerWhoPaid("known@example.com", "active", true);
    const listed = fake.countRequests("GET", /^\/v1\/subscriptions$/);
    expect((await startUpgrade(billing, buyer, "monthly", BILLING_URL)).to).toBe("portal");
    expect(fake.countRequests("GET", /^\/v1\/subscriptions$/)).toBe(listed);
    expect(checkoutsFor(customer)).toBe(1);
  });

  it("lets a customer whose subscriptions have all ended (or never got paid) check out again", async () => {
    const buyer = await user("came-back@example.com");
    await createCheckoutSession(billing, buyer, "monthly", BILLING_URL);
    const { stripeCustomerId: customer } = await db.subscription.findUniqueOrThrow({ where: { organizationId: buyer.organizationId } });
    for (const status of ["canceled", "incomplete_expired", "incomplete", "unpaid"] as const)
      fake.setSubscription(subscriptionObject({ customer: customer!, priceId: PRO_PRICES.monthly, status }));
    await db.subscription.update({ where: { organizationId: buyer.organizationId }, data: { stripeSubscriptionId: "sub_old_canceled", status: "canceled" } });
    expect(await startUpgrade(billing, buyer, "monthly", BILLING_URL)).toEqual({ to: "checkout", url: fake.checkoutSessions.at(-1)!.url });
    expect(checkoutsFor(customer!)).toBe(2);
  });

  it("opens no Checkout when Stripe cannot say whether the customer already pays", async () => {
    const buyer = await user("unknown-state@example.com");
    await createCheckoutSession(billing, buyer, "monthly", BILLING_URL);
    const { stripeCustomerId: customer } = await db.subscription.findUniqueOrThrow({ where: { organizationId: buyer.organizationId } });
    fake.failNext("GET", /^\/v1\/subscriptions$/, 500);
    await expect(startUpgrade(billing, buyer, "monthly", BILLING_URL)).rejects.toThrow();
    expect(checkoutsFor(customer!)).toBe(1);
  });
});

describe("createPortalSession", () => {
  it("opens the Customer Portal for the customer, returning to the billing page", async () => {
    const buyer = await user("portal@example.com");
    await createCheckoutSession(billing, buyer, "monthly", BILLING_URL);
    const { stripeCustomerId } = await db.subscription.findUniqueOrThrow({ where: { organizationId: buyer.organizationId } });
    const url = await createPortalSession(billing, stripeCustomerId!, BILLING_URL);
    expect(fake.portalSessions.at(-1)).toMatchObject({ customer: stripeCustomerId, return_url: BILLING_URL, url });
  });
});

describe("free trials (STRIPE_TRIAL_DAYS)", () => {
  const withTrial = () => ({ ...billing, trialDays: 14 });
  const trialOfLatestCheckout = () => (fake.checkoutSessions.at(-1)!.subscription_data as { trial_period_days?: string }).trial_period_days;

  it("starts a trial of that length for a user who never had one", async () => {
    await createCheckoutSession(withTrial(), await user("first-trial@example.com"), "monthly", BILLING_URL);
    expect(trialOfLatestCheckout()).toBe("14");
  });

  it("starts no trial when STRIPE_TRIAL_DAYS is unset", async () => {
    await createCheckoutSession(billing, await user("no-trial-configured@example.com"), "monthly", BILLING_URL);
    expect(fake.checkoutSessions.at(-1)!.subscription_data).toEqual({ metadata: { organizationId: expect.any(String), userId: expect.any(String) } });
  });

  it("starts no second trial for a user whose trial started, even after it ended", async () => {
    const buyer = await user("had-a-trial@example.com");
    await db.user.update({ where: { id: buyer.id }, data: { trialStartedAt: new Date("2026-01-01T00:00:00Z") } });
    await createCheckoutSession(withTrial(), buyer, "monthly", BILLING_URL);
    expect(trialOfLatestCheckout()).toBeUndefined();
  });

  it("starts no second trial for the same person signing up again after deleting their account (any case, any +tag)", async () => {
    const first = await user("Returning@example.com");
    await db.user.update({ where: { id: first.id }, data: { trialStartedAt: new Date("2026-01-01T00:00:00Z") } });
    await deleteAccount(first.id);
    await createCheckoutSession(withTrial(), await user("returning+again@EXAMPLE.com"), "monthly", BILLING_URL);
    expect(trialOfLatestCheckout()).toBeUndefined();
    // What is kept says nothing readable about the address.
    const kept = await db.usedTrial.findMany();
    expect(kept.length).toBeGreaterThan(0);
    for (const { emailHash } of kept) expect(emailHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("starts no second trial when Stripe already holds one of the customer's, before its webhook arrived", async () => {
    const buyer = await user("trial-webhook-late@example.com");
    await createCheckoutSession(withTrial(), buyer, "monthly", BILLING_URL);
    const { stripeCustomerId } = await db.subscription.findUniqueOrThrow({ where: { organizationId: buyer.organizationId } });
    // The trial was taken, then canceled, and nothing of it has reached our database yet.
    fake.setSubscription(
      subscriptionObject({ customer: stripeCustomerId!, priceId: PRO_PRICES.monthly, status: "canceled", trialEnd: Math.floor(Date.now() / 1000) }),
    );
    await createCheckoutSession(withTrial(), buyer, "monthly", BILLING_URL);
    expect(trialOfLatestCheckout()).toBeUndefined();
  });
});
