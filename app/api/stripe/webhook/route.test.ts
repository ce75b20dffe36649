// The webhook route, end to end: events signed by the real `stripe` library, posted to the real
// route handler, which fetches subscriptions from a local fake of the Stripe API and writes to
// this file's own PostgreSQL database.
import type Stripe from "stripe";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createApiKey } from "@/lib/api-keys/keys";
import { ApiKeyOverPlanLimitError, verifyApiKey } from "@/lib/api-keys/verify";
import { mayStartTrial } from "@/lib/billing/trials";
import { startFakeStripe, type FakeStripe } from "@/test/support/fake-stripe";
import { captureLogs } from "@/test/support/logs";
import { PROTOTYPE_KEYS } from "@/test/support/prototype-keys";
import { checkoutSessionObject, eventObject, invoiceObject, subscriptionObject, webhookRequest, type SubscriptionFields } from "@/test/support/stripe-objects";

const SECRET = "whsec_test_secret";
const PRO_MONTHLY = "price_pro_monthly";
const PRO_YEARLY = "price_pro_yearly";

let fake: FakeStripe;
let POST: (request: Request) => Promise<Response>;
let db: import("@/lib/db").Db;

beforeAll(async () => {
  fake = await startFakeStripe();
  vi.stubEnv("STRIPE_SECRET_KEY", "sk_test_fake");
  vi.stubEnv("STRIPE_WEBHOOK_SECRET", SECRET);
  vi.stubEnv("STRIPE_PRICE_PRO_MONTHLY", PRO_MONTHLY);
  vi.stubEnv("STRIPE_PRICE_PRO_YEARLY", PRO_YEARLY);
  vi.stubEnv("STRIPE_API_BASE", fake.url);
  ({ POST } = await import("./route"));
  db = (await import("@/lib/db")).getDb();
});

afterAll(async () => {
  await fake.stop();
  await db.$disconnect();
  vi.unstubAllEnvs();
});

afterEach(() => vi.restoreAllMocks());

let counter = 0;
/** A user whose Stripe customer is already linked (our checkout creates and links it). */
async function customer() {
  counter++;
  const stripeCustomerId = `cus_test${counter}${Date.now()}`;
  const user = await db.user.create({ data: { email: `buyer${counter}-${Date.now()}@example.com`, subscription: { create: { stripeCustomerId } } } });
  return { userId: user.id, customer: stripeCustomerId };
}

/** Stripe's current state of a subscription (what retrieving it returns). */
function stripeHas(fields: SubscriptionFields) {
  const subscription = subscriptionObject(fields);
  fake.setSubscription(subscription);
  return subscription;
}

async function deliver(event: Stripe.Event | string, options?: Parameters<typeof webhookRequest>[2]) {
  const response = await POST(webhookRequest(event, SECRET, options));
  return { status: response.status, body: await response.json() };
}

async function row(userId: string) {
  return db.subscription.findUniqueOrThrow({ where: { userId } });
}

const eventsRecorded = (id: string) => db.stripeEvent.count({ where: { id } });
const retrievals = (subscriptionId: string) => fake.countRequests("GET", new RegExp(`^/v1/subscriptions/${subscriptionId}$`));

describe("signature verification", () => {
  it.each([
    ["missing", { signature: null }],
    ["made with another secret", { signature: "t=1,v1=deadbeef" }],
    ["expired (signed 10 minutes ago)", { timestamp: Math.floor(Date.now() / 1000) - 600 }],
  ])("rejects a %s signature with 400 and writes nothing", async (_, options) => {
    const { userId, customer: customerId } = await customer();
    const subscription = stripeHas({ customer: customerId, priceId: PRO_MONTHLY });
    const event = eventObject("customer.subscription.created", subscription);
    const response = await deliver(event, options);
    expect(response).toEqual({ status: 400, body: { error: "Invalid or missing Stripe signature." } });
    expect(await eventsRecorded(event.id)).toBe(0);
    expect(await row(userId)).toMatchObject({ plan: "free", stripeSubscriptionId: null });
  });

  it("rejects a body altered after signing", async () => {
    const event = eventObject("customer.subscription.created", subscriptionObject({ customer: "cus_x", priceId: PRO_MONTHLY }));
    const signed = webhookRequest(event, SECRET);
    const tampered = new Request(signed.url, { method: "POST", headers: signed.headers, body: JSON.stringify({ ...event, type: "invoice.paid" }, null, 2) });
    expect((await POST(tampered)).status).toBe(400);
  });
});

describe("each handled event type", () => {
  it("checkout.session.completed links the customer to the user and takes the subscription's state", async () => {
    const user = await db.user.create({ data: { email: `checkout-${Date.now()}@example.com`, subscription: { create: {} } } });
    const subscription = stripeHas({ customer: "cus_fromcheckout", priceId: PRO_YEARLY, metadata: { userId: user.id } });
    const response = await deliver(
      eventObject("checkout.session.completed", checkoutSessionObject({ customer: "cus_fromcheckout", subscription: subscription.id, userId: user.id })),
    );
    expect(response).toEqual({ status: 200, body: { received: true, outcome: "processed" } });
    expect(await row(user.id)).toMatchObject({
      stripeCustomerId: "cus_fromcheckout",
      stripeSubscriptionId: subscription.id,
      stripePriceId: PRO_YEARLY,
      plan: "pro",
      status: "active",
      cancelAtPeriodEnd: false,
      currentPeriodEnd: new Date(subscription.items.data[0]!.current_period_end * 1000),
    });
  });

  it("customer.subscription.created gives the paid plan", async () => {
    const { userId, customer: customerId } = await customer();
    const subscription = stripeHas({ customer: customerId, priceId: PRO_MONTHLY });
    expect((await deliver(eventObject("customer.subscription.created", subscription))).body.outcome).toBe("processed");
    expect(await row(userId)).toMatchObject({ plan: "pro", status: "active", stripeSubscriptionId: subscription.id });
  });

  it("customer.subscription.updated records a cancellation at period end (also when the portal sets cancel_at)", async () => {
    const { userId, customer: customerId } = await customer();
    const first = stripeHas({ customer: customerId, priceId: PRO_MONTHLY, cancelAtPeriodEnd: true });
    await deliver(eventObject("customer.subscription.updated", first));
    expect(await row(userId)).toMatchObject({ plan: "pro", cancelAtPeriodEnd: true });

    const periodEnd = Math.floor(Date.now() / 1000) + 86_400 * 20;
    const viaCancelAt = stripeHas({ id: first.id, customer: customerId, priceId: PRO_MONTHLY, periodEnd, cancelAt: periodEnd });
    await deliver(eventObject("customer.subscription.updated", viaCancelAt));
    expect(await row(userId)).toMatchObject({ plan: "pro", cancelAtPeriodEnd: true, currentPeriodEnd: new Date(periodEnd * 1000) });
  });

  it("customer.subscription.deleted returns the user to the free plan", async () => {
    const { userId, customer: customerId } = await customer();
    const active = stripeHas({ customer: customerId, priceId: PRO_MONTHLY });
    await deliver(eventObject("customer.subscription.created", active));
    const canceled = stripeHas({ id: active.id, customer: customerId, priceId: PRO_MONTHLY, status: "canceled" });
    await deliver(eventObject("customer.subscription.deleted", canceled));
    expect(await row(userId)).toMatchObject({ plan: "free", status: "canceled", stripeSubscriptionId: active.id });
  });

  it("invoice.payment_failed moves to past_due (access kept while Stripe retries); invoice.paid back to active", async () => {
    const { userId, customer: customerId } = await customer();
    const subscription = stripeHas({ customer: customerId, priceId: PRO_MONTHLY, status: "past_due" });
    await deliver(eventObject("invoice.payment_failed", invoiceObject({ customer: customerId, subscription: subscription.id, status: "open" })));
    expect(await row(userId)).toMatchObject({ plan: "pro", status: "past_due" });
    stripeHas({ id: subscription.id, customer: customerId, priceId: PRO_MONTHLY, status: "active" });
    await deliver(eventObject("invoice.paid", invoiceObject({ customer: customerId, subscription: subscription.id })));
    expect(await row(userId)).toMatchObject({ plan: "pro", status: "active" });
  });

  it.each(["unpaid", "incomplete", "incomplete_expired", "paused"] as const)("a subscription %s gives no paid access", async (status) => {
    const { userId, customer: customerId } = await customer();
    const subscription = stripeHas({ customer: customerId, priceId: PRO_MONTHLY, status });
    await deliver(eventObject("customer.subscription.updated", subscription));
    expect(await row(userId)).toMatchObject({ plan: "free", status });
  });

  it("a price that matches no plan gives no paid access", async () => {
    const { userId, customer: customerId } = await customer();
    await deliver(eventObject("customer.subscription.created", stripeHas({ customer: customerId, priceId: "price_someone_elses" })));
    expect(await row(userId)).toMatchObject({ plan: "free", status: "active", stripePriceId: "price_someone_elses" });
  });

  it("ignores a one-off invoice and a payment-mode checkout", async () => {
    const invoice = { ...invoiceObject({ customer: "cus_x", subscription: "sub_x" }), parent: null };
    expect((await deliver(eventObject("invoice.paid", invoice))).body.outcome).toBe("ignored");
    const payment = { ...checkoutSessionObject({ customer: "cus_x", subscription: "sub_x", userId: null }), mode: "payment", subscription: null };
    expect((await deliver(eventObject("checkout.session.completed", payment))).body.outcome).toBe("ignored");
  });
});

describe("a customer with two subscriptions (two Checkouts paid)", () => {
  const DAY = 86_400;
  const daysAgo = (days: number) => Math.floor(Date.now() / 1000) - days * DAY;
  const cancellations = (subscriptionId: string) => fake.countRequests("DELETE", new RegExp(`^/v1/subscriptions/${subscriptionId}$`));

  it("keeps the newer paid one as the user's and cancels the older in Stripe, in either delivery order", async () => {
    for (const newerFirst of [false, true]) {
      const { userId, customer: customerId } = await customer();
      const older = stripeHas({ customer: customerId, priceId: PRO_MONTHLY, created: daysAgo(2) });
      const newer = stripeHas({ customer: customerId, priceId: PRO_YEARLY, created: daysAgo(1) });
      const events = [eventObject("customer.subscription.created", older), eventObject("customer.subscription.created", newer)];
      const logs = captureLogs("warn");
      try {
        for (const event of newerFirst ? events.reverse() : events) await deliver(event);
      } finally {
        logs.stop();
      }
      expect(await row(userId)).toMatchObject({ plan: "pro", status: "active", stripeSubscriptionId: newer.id, stripePriceId: PRO_YEARLY });
      expect(cancellations(older.id)).toBe(1);
      expect(cancellations(newer.id)).toBe(0);
      expect(logs.entries()).toContainEqual(expect.objectContaining({ event: "stripe.duplicate_subscription", kept: newer.id, canceled: older.id }));
      // Stripe then reports the duplicate's end: the user keeps Pro.
      expect((await deliver(eventObject("customer.subscription.deleted", older))).status).toBe(200);
      expect(await row(userId)).toMatchObject({ plan: "pro", stripeSubscriptionId: newer.id });
    }
  });

  it("never falls to Free while one is paid: the one the row follows ending leaves the user on the other", async () => {
    const { userId, customer: customerId } = await customer();
    const first = stripeHas({ customer: customerId, priceId: PRO_MONTHLY, created: daysAgo(2) });
    await deliver(eventObject("customer.subscription.created", first));
    // A second Checkout was paid, and the first subscription canceled, before any of their events arrived.
    const second = stripeHas({ customer: customerId, priceId: PRO_MONTHLY, created: daysAgo(1) });
    const canceled = stripeHas({ id: first.id, customer: customerId, priceId: PRO_MONTHLY, status: "canceled", created: daysAgo(2) });
    await deliver(eventObject("customer.subscription.deleted", canceled));
    expect(await row(userId)).toMatchObject({ plan: "pro", status: "active", stripeSubscriptionId: second.id });
  });

  it("does not let a newer unpaid subscription replace the paid one", async () => {
    const { userId, customer: customerId } = await customer();
    const paid = stripeHas({ customer: customerId, priceId: PRO_MONTHLY, created: daysAgo(2) });
    await deliver(eventObject("customer.subscription.created", paid));
    const unpaid = stripeHas({ customer: customerId, priceId: PRO_MONTHLY, status: "incomplete", created: daysAgo(1) });
    await deliver(eventObject("customer.subscription.created", unpaid));
    expect(await row(userId)).toMatchObject({ plan: "pro", stripeSubscriptionId: paid.id });
    expect(cancellations(unpaid.id) + cancellations(paid.id)).toBe(0);
  });
});

describe("what outlives the event", () => {
  it("a downgrade reaches the user's cached API keys at once: their plan, and which keys the plan still allows", async () => {
    const { userId, customer: customerId } = await customer();
    const subscription = stripeHas({ customer: customerId, priceId: PRO_MONTHLY });
    await deliver(eventObject("customer.subscription.created", subscription));
    const oldest = await createApiKey(userId, { name: "oldest", expiresInDays: "never" });
    const newer = await createApiKey(userId, { name: "newer", expiresInDays: "never" });
    expect(await verifyApiKey(oldest.key)).toMatchObject({ plan: { id: "pro" } });
    expect(await verifyApiKey(newer.key)).toMatchObject({ plan: { id: "pro" } });

    const canceled = stripeHas({ id: subscription.id, customer: customerId, priceId: PRO_MONTHLY, status: "canceled" });
    await deliver(eventObject("customer.subscription.deleted", canceled));
    expect(await verifyApiKey(oldest.key)).toMatchObject({ plan: { id: "free" } });
    await expect(verifyApiKey(newer.key)).rejects.toThrow(ApiKeyOverPlanLimitError);
  });

  it("a trial is remembered for the user's address, beyond their account", async () => {
    const { userId, customer: customerId } = await customer();
    const trial = stripeHas({ customer: customerId, priceId: PRO_MONTHLY, status: "trialing", trialEnd: Math.floor(Date.now() / 1000) + 14 * 86_400 });
    await deliver(eventObject("customer.subscription.created", trial));
    const user = await db.user.findUniqueOrThrow({ where: { id: userId } });
    expect(user.trialStartedAt).toEqual(new Date(trial.trial_start! * 1000));
    expect(await mayStartTrial({ email: user.email, trialStartedAt: null })).toBe(false);
  });
});

describe("idempotency", () => {
  it("every handled event replayed three times has one effect", async () => {
    const { userId, customer: customerId } = await customer();
    const subscription = stripeHas({ customer: customerId, priceId: PRO_MONTHLY });
    const events = [
      eventObject("checkout.session.completed", checkoutSessionObject({ customer: customerId, subscription: subscription.id, userId })),
      eventObject("customer.subscription.created", subscription),
      eventObject("customer.subscription.updated", subscription),
      eventObject("invoice.paid", invoiceObject({ customer: customerId, subscription: subscription.id })),
      eventObject("invoice.payment_failed", invoiceObject({ customer: customerId, subscription: subscription.id, status: "open" })),
      eventObject("customer.subscription.deleted", subscription),
    ];
    for (const event of events) {
      const outcomes = [];
      for (let i = 0; i < 3; i++) outcomes.push((await deliver(event)).body.outcome);
      expect(outcomes, event.type).toEqual(["processed", "duplicate", "duplicate"]);
      expect(await eventsRecorded(event.id)).toBe(1);
    }
    expect(retrievals(subscription.id)).toBe(events.length);
    expect(await row(userId)).toMatchObject({ plan: "pro", status: "active" });
  });

  it("ten concurrent deliveries of one event: one is applied, nine see a duplicate", async () => {
    const { userId, customer: customerId } = await customer();
    const subscription = stripeHas({ customer: customerId, priceId: PRO_MONTHLY });
    const event = eventObject("customer.subscription.created", subscription);
    const responses = await Promise.all(Array.from({ length: 10 }, () => deliver(event)));
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(responses.filter((r) => r.body.outcome === "processed")).toHaveLength(1);
    expect(responses.filter((r) => r.body.outcome === "duplicate")).toHaveLength(9);
    expect(retrievals(subscription.id)).toBe(1);
    expect(await eventsRecorded(event.id)).toBe(1);
    expect(await row(userId)).toMatchObject({ plan: "pro" });
  });
});

describe("order safety", () => {
  const permutations = <T>(items: T[]): T[][] =>
    items.length <= 1 ? [items] : items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));

  it("create → past_due → active → deleted ends in Stripe's final state, in every delivery order", async () => {
    for (const order of permutations([0, 1, 2, 3])) {
      const { userId, customer: customerId } = await customer();
      const subscriptionId = `sub_order_${order.join("")}_${Date.now()}`;
      const states = (["active", "past_due", "active", "canceled"] as const).map((status) =>
        subscriptionObject({ id: subscriptionId, customer: customerId, priceId: PRO_MONTHLY, status }),
      );
      const events = [
        eventObject("customer.subscription.created", states[0], 1000),
        eventObject("customer.subscription.updated", states[1], 1001),
        eventObject("customer.subscription.updated", states[2], 1002),
        eventObject("customer.subscription.deleted", states[3], 1003),
      ];
      // By the time the (delayed, shuffled) events arrive, Stripe's subscription is canceled.
      fake.setSubscription(states[3]!);
      for (const index of order) expect((await deliver(events[index]!)).status).toBe(200);
      expect(await row(userId), `order ${order.join(",")}`).toMatchObject({ plan: "free", status: "canceled" });
    }
  });

  it("a late past_due event delivered after a newer state does not overwrite it", async () => {
    const { userId, customer: customerId } = await customer();
    const pastDue = stripeHas({ customer: customerId, priceId: PRO_MONTHLY, status: "past_due" });
    const stale = eventObject("customer.subscription.updated", pastDue);
    const active = stripeHas({ id: pastDue.id, customer: customerId, priceId: PRO_MONTHLY, status: "active" });
    await deliver(eventObject("invoice.paid", invoiceObject({ customer: customerId, subscription: active.id })));
    await deliver(stale);
    expect(await row(userId)).toMatchObject({ status: "active", plan: "pro" });
  });
});

describe("failures", () => {
  it("Stripe failing or rate limiting the re-read answers 503 with nothing written; Stripe's retry then succeeds", async () => {
    const { userId, customer: customerId } = await customer();
    const subscription = stripeHas({ customer: customerId, priceId: PRO_MONTHLY });
    const event = eventObject("customer.subscription.created", subscription);
    fake.failNext("GET", new RegExp(`^/v1/subscriptions/${subscription.id}$`), 500);
    expect((await deliver(event)).status).toBe(503);
    fake.failNext("GET", new RegExp(`^/v1/subscriptions/${subscription.id}$`), 429, 1, "rate_limit_error");
    expect((await deliver(event)).status).toBe(503);
    expect(await eventsRecorded(event.id)).toBe(0);
    expect(await row(userId)).toMatchObject({ plan: "free", stripeSubscriptionId: null });

    expect(await deliver(event)).toEqual({ status: 200, body: { received: true, outcome: "processed" } });
    expect(await row(userId)).toMatchObject({ plan: "pro" });
  });

  it("a database error after the event was recorded rolls the record back too", async () => {
    const { userId, customer: customerId } = await customer();
    const event = eventObject("customer.subscription.created", stripeHas({ customer: customerId, priceId: PRO_MONTHLY }));
    await db.$executeRawUnsafe(`ALTER TABLE "Subscription" ADD CONSTRAINT reject_pro CHECK (plan <> 'pro') NOT VALID`);
    try {
      expect((await deliver(event)).status).toBe(500);
      expect(await eventsRecorded(event.id)).toBe(0);
    } finally {
      await db.$executeRawUnsafe(`ALTER TABLE "Subscription" DROP CONSTRAINT reject_pro`);
    }
    expect((await deliver(event)).body.outcome).toBe("processed");
    expect(await row(userId)).toMatchObject({ plan: "pro" });
  });

  it.each(["customer.tax_id.created", ...PROTOTYPE_KEYS])("acknowledges an unknown event type (%j) with 200 and ignores it", async (type) => {
    const event = eventObject(type, { id: "txi_123", object: "tax_id" });
    expect(await deliver(event)).toEqual({ status: 200, body: { received: true, outcome: "ignored" } });
    expect(await eventsRecorded(event.id)).toBe(0);
  });

  it("acknowledges a subscription of an unknown customer with 200, changing nothing", async () => {
    const before = await db.subscription.count({ where: { stripeSubscriptionId: { not: null } } });
    const subscription = stripeHas({ customer: "cus_nobody_knows", priceId: PRO_MONTHLY });
    expect(await deliver(eventObject("customer.subscription.created", subscription))).toEqual({
      status: 200,
      body: { received: true, outcome: "customer_not_found" },
    });
    expect(await db.subscription.count({ where: { stripeSubscriptionId: { not: null } } })).toBe(before);
  });

  it("never lets metadata claim a user who already has another Stripe customer", async () => {
    const victim = await customer();
    const subscription = stripeHas({ customer: "cus_attacker", priceId: PRO_MONTHLY, metadata: { userId: victim.userId } });
    expect((await deliver(eventObject("customer.subscription.created", subscription))).body.outcome).toBe("customer_not_found");
    expect(await row(victim.userId)).toMatchObject({ stripeCustomerId: victim.customer, plan: "free" });
  });
});

describe("logging", () => {
  it("writes one structured JSON line per event: request id, event id, type, outcome, duration — and no secret", async () => {
    const logs = captureLogs("info");
    try {
      const { customer: customerId } = await customer();
      const event = eventObject("customer.subscription.created", stripeHas({ customer: customerId, priceId: PRO_MONTHLY }));
      const signed = webhookRequest(event, SECRET);
      const headers = new Headers(signed.headers);
      headers.set("x-request-id", "req-test-123456");
      await POST(new Request(signed.url, { method: "POST", headers, body: await signed.text() }));
      await deliver(event);
      expect(logs.entries().filter((entry) => entry.id === event.id)).toEqual([
        expect.objectContaining({
          level: 30,
          requestId: "req-test-123456",
          event: "stripe.webhook",
          id: event.id,
          type: "customer.subscription.created",
          outcome: "processed",
          ms: expect.any(Number),
        }),
        expect.objectContaining({ event: "stripe.webhook", id: event.id, outcome: "duplicate" }),
      ]);
      expect(logs.text()).not.toContain(SECRET);
      expect(logs.text()).not.toContain(headers.get("stripe-signature")!);
    } finally {
      logs.stop();
    }
  });
});
