// The webhook route, end to end: events signed by the real `stripe` library, posted to the real
// route handler, which fetches subscriptions from a local fake of the Stripe API and writes to
// this file's own PostgreSQL database.
import type Stripe from "stripe";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createApiKey } from "@/lib/api-keys/keys";
import { ApiKeyOverPlanLimitError, verifyApiKey } from "@/lib/api-keys/verify";
import { listAuditEvents } from "@/lib/audit-log/audit-log";
import { mayStartTrial } from "@/lib/billing/trials";
import { startFakeStripe, type FakeStripe } from "@/test/support/fake-stripe";
import { captureLogs } from "@/test/support/logs";
import { PROTOTYPE_KEYS } from "@/test/support/prototype-keys";
import { checkoutSessionObject, eventObject, invoiceObject, subscriptionObject, webhookRequest, type SubscriptionFields } from "@/test/support/stripe-objects";
import { newUser, personalSubscription } from "@/test/support/users";

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
  const user = await newUser(`buyer${counter}-${Date.now()}@example.com`, { stripeCustomerId });
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
  return personalSubscription(userId);
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
  it("checkout.session.completed links the customer to the organization its Checkout names and takes the subscription's state", async () => {
    const user = await newUser(`checkout-${Date.now()}@example.com`);
    const team = await db.organization.create({
      data: {
        name: "Paying team",
        slug: `paying-team-${Date.now()}`,
        subscription: { create: {} },
        memberships: { create: { userId: user.id, role: "owner" } },
      },
    });
    const owner = { organizationId: team.id, userId: user.id };
    const subscription = stripeHas({ customer: "cus_fromcheckout", priceId: PRO_YEARLY, metadata: owner });
    const response = await deliver(
      eventObject("checkout.session.completed", checkoutSessionObject({ customer: "cus_fromcheckout", subscription: subscription.id, ...owner })),
    );
    expect(response).toEqual({ status: 200, body: { received: true, outcome: "processed" } });
    expect(await row(user.id)).toMatchObject({ stripeCustomerId: null, plan: "free" }); // the payer's personal organization's: untouched
    expect(await db.subscription.findUniqueOrThrow({ where: { organizationId: team.id } })).toMatchObject({
      stripeCustomerId: "cus_fromcheckout",
      stripeSubscriptionId: subscription.id,
      stripePriceId: PRO_YEARLY,
      plan: "pro",
      status: "active",
      cancelAtPeriodEnd: false,
      currentPeriodEnd: new Date(subscription.items.data[0]!.current_period_end * 1000),
    });
  });

  it("checkout.session.completed of a Checkout opened before organizations owned subscriptions (only the user in it) links the customer to that user's personal organization", async () => {
    const user = await newUser(`old-checkout-${Date.now()}@example.com`);
    const subscription = stripeHas({ customer: "cus_fromoldcheckout", priceId: PRO_MONTHLY, metadata: { userId: user.id } });
    const session = checkoutSessionObject({ customer: "cus_fromoldcheckout", subscription: subscription.id, userId: user.id });
    expect((await deliver(eventObject("checkout.session.completed", session))).body.outcome).toBe("processed");
    expect(await row(user.id)).toMatchObject({ organizationId: user.organizationId, stripeCustomerId: "cus_fromoldcheckout", plan: "pro" });
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
    const owner = { userId, organizationId: (await personalSubscription(userId)).organizationId };
    const oldest = await createApiKey(owner, { name: "oldest", expiresInDays: "never" });
    const newer = await createApiKey(owner, { name: "newer", expiresInDays: "never" });
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

describe("the organization's audit log", () => {
  /** The plan changes in the audit log of the user's organization, newest first. */
  async function planChanges(userId: string) {
    const { events } = await listAuditEvents((await row(userId)).organizationId, { limit: 100 });
    return events.filter((event) => event.action === "plan.changed").map(({ actor, target, details }) => ({ actor, target, details }));
  }

  it("records a plan change once, by Stripe, however often its event is delivered", async () => {
    const { userId, customer: customerId } = await customer();
    const event = eventObject("customer.subscription.created", stripeHas({ customer: customerId, priceId: PRO_MONTHLY }));
    for (let i = 0; i < 3; i++) await deliver(event);
    expect(await planChanges(userId)).toEqual([
      { actor: "Stripe", target: "pro", details: { from: { plan: "free", status: "active" }, to: { plan: "pro", status: "active" } } },
    ]);
  });

  it("records each change of plan or status, and nothing for an event that changes neither (a renewal's invoice)", async () => {
    const { userId, customer: customerId } = await customer();
    const subscription = stripeHas({ customer: customerId, priceId: PRO_MONTHLY });
    await deliver(eventObject("customer.subscription.created", subscription));
    await deliver(eventObject("invoice.paid", invoiceObject({ customer: customerId, subscription: subscription.id })));
    await deliver(
      eventObject("customer.subscription.updated", stripeHas({ id: subscription.id, customer: customerId, priceId: PRO_MONTHLY, status: "past_due" })),
    );
    expect((await planChanges(userId)).map(({ details }) => details)).toEqual([
      { from: { plan: "pro", status: "active" }, to: { plan: "pro", status: "past_due" } },
      { from: { plan: "free", status: "active" }, to: { plan: "pro", status: "active" } },
    ]);
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

describe("Stripe objects without what billing reads, as it reads them", () => {
  const HANDLED = [
    "checkout.session.completed",
    "customer.subscription.created",
    "customer.subscription.updated",
    "customer.subscription.deleted",
    "invoice.paid",
    "invoice.payment_failed",
  ] as const;
  type Handled = (typeof HANDLED)[number];
  const STRIPE_OBJECT = (type: Handled) => (type.startsWith("invoice.") ? "invoice" : type.startsWith("checkout.") ? "checkout.session" : "subscription");
  const REMOVED = Symbol("removed");
  type StripeJson = Record<string, unknown>;

  /** The object an event of `type` carries about `subscription`. */
  function objectFor(type: Handled, { userId, customer: customerId }: { userId: string; customer: string }, subscription: Stripe.Subscription) {
    if (type === "checkout.session.completed") return checkoutSessionObject({ customer: customerId, subscription: subscription.id, userId });
    if (type === "invoice.paid") return invoiceObject({ customer: customerId, subscription: subscription.id });
    if (type === "invoice.payment_failed") return invoiceObject({ customer: customerId, subscription: subscription.id, status: "open" });
    return subscription;
  }

  /** A copy of `object` with the field at the dotted `path` set to `value` (or removed). */
  function changed<T>(object: T, path: string, value: unknown): T {
    const copy = structuredClone(object) as StripeJson;
    const keys = path.split(".");
    const parent = keys.slice(0, -1).reduce((node, key) => node[key] as StripeJson, copy);
    if (value === REMOVED) delete parent[keys.at(-1)!];
    else parent[keys.at(-1)!] = value;
    return copy as T;
  }

  const withObject = (event: Stripe.Event, object: unknown) => ({ ...event, data: { object } }) as Stripe.Event;

  /** Delivers `event`, which must be refused so that Stripe retries it, with nothing written. */
  async function expectRefused(
    event: Stripe.Event,
    user: { userId: string; customer: string },
    issue: { stripeObject: string; objectId?: string; path: string },
  ) {
    const logs = captureLogs("info");
    try {
      expect(await deliver(event)).toEqual({ status: 500, body: { error: "The event could not be processed; Stripe will retry it." } });
    } finally {
      logs.stop();
    }
    const lines = logs.entries().filter((entry) => entry.id === event.id || entry.stripeEventId === event.id);
    expect(lines).toEqual([
      expect.objectContaining({
        level: 50,
        event: "stripe.webhook",
        type: event.type,
        outcome: "invalid_object",
        error: "StripeObjectInvalidError",
        stripeObject: issue.stripeObject,
        issues: [{ path: issue.path, message: expect.any(String) }],
      }),
    ]);
    expect(lines[0]!.objectId).toBe(issue.objectId);
    // The object's ids and values stay out of the log: only where it is wrong goes in.
    expect(JSON.stringify(lines[0])).not.toContain(user.customer);
    expect(await eventsRecorded(event.id)).toBe(0);
    expect(await row(user.userId)).toMatchObject({ plan: "free", stripeSubscriptionId: null, stripePriceId: null, currentPeriodEnd: null });
  }

  /** Delivers `event` twice: applied the first time, a duplicate the second. */
  async function expectAppliedOnce(event: Stripe.Event, userId: string, subscription: Stripe.Subscription) {
    expect((await deliver(event)).body.outcome).toBe("processed");
    expect((await deliver(event)).body.outcome).toBe("duplicate");
    expect(await eventsRecorded(event.id)).toBe(1);
    expect(await row(userId)).toMatchObject({
      plan: "pro",
      stripeSubscriptionId: subscription.id,
      currentPeriodEnd: new Date(subscription.items.data[0]!.current_period_end * 1000),
    });
  }

  describe("in the event's object: answered 500 with a named error and nothing written; Stripe's retry, fixed, is applied once", () => {
    it.each([
      ["checkout.session.completed", "without subscription", "subscription", REMOVED],
      ["checkout.session.completed", "with a number as client_reference_id", "client_reference_id", 42],
      ["customer.subscription.created", "without id", "id", REMOVED],
      ["customer.subscription.updated", "with a number as id", "id", 12_345],
      ["customer.subscription.deleted", "with null as id", "id", null],
      ["invoice.paid", "without parent", "parent", REMOVED],
      ["invoice.paid", "with a number as the parent's subscription", "parent.subscription_details.subscription", 7],
      ["invoice.payment_failed", "without amount_due", "amount_due", REMOVED],
      ["invoice.payment_failed", "with a number as currency", "currency", 840],
      ["invoice.payment_failed", "with a fractional next_payment_attempt", "next_payment_attempt", 1_700_000_000.5],
      ["invoice.payment_failed", "with a next_payment_attempt in the year 10000", "next_payment_attempt", 253_402_300_800],
    ] as const)("%s %s", async (type, _, path, value) => {
      const user = await customer();
      const subscription = stripeHas({ customer: user.customer, priceId: PRO_MONTHLY });
      const object = objectFor(type, user, subscription);
      const valid = eventObject(type, object);
      const invalid = withObject(valid, changed(object, path, value));
      await expectRefused(invalid, user, { stripeObject: STRIPE_OBJECT(type), objectId: path === "id" ? undefined : object.id, path });
      await expectAppliedOnce(valid, user.userId, subscription);
    });
  });

  describe.each(HANDLED)("in the subscription %s re-reads from Stripe's API: answered 500 and nothing written, until Stripe answers a valid one", (type) => {
    it.each([
      ["without its item's current_period_end", "items.data.0.current_period_end", REMOVED],
      ["with a string as cancel_at_period_end", "cancel_at_period_end", "false"],
      ["with a current_period_end in the year 10000 (no Invalid Date written)", "items.data.0.current_period_end", 253_402_300_800],
      ...(type === "customer.subscription.updated"
        ? ([
            ["with a status Stripe does not have", "status", "suspended"],
            ["with a fractional trial_start", "trial_start", 1_700_000_000.5],
            ["with a negative created", "created", -1],
          ] as const)
        : []),
    ] as const)("%s", async (_, path, value) => {
      const user = await customer();
      const subscription = stripeHas({ customer: user.customer, priceId: PRO_MONTHLY });
      fake.setSubscription(changed(subscription, path, value));
      const event = eventObject(type, objectFor(type, user, subscription));
      await expectRefused(event, user, { stripeObject: "subscription", objectId: subscription.id, path });
      fake.setSubscription(subscription);
      await expectAppliedOnce(event, user.userId, subscription);
    });
  });

  describe("null where Stripe allows it is accepted", () => {
    it.each([
      ["client_reference_id", "metadata"],
      ["metadata", "client_reference_id"],
    ])("checkout.session.completed with %s null finds the user by %s", async (nullField) => {
      const user = await newUser(`null-${nullField}-${Date.now()}@example.com`);
      const customerId = `cus_null_${nullField}_${Date.now()}`;
      const subscription = stripeHas({ customer: customerId, priceId: PRO_MONTHLY });
      const session = changed(checkoutSessionObject({ customer: customerId, subscription: subscription.id, userId: user.id }), nullField, null);
      expect((await deliver(eventObject("checkout.session.completed", session))).body.outcome).toBe("processed");
      expect(await row(user.id)).toMatchObject({ plan: "pro", stripeCustomerId: customerId, stripeSubscriptionId: subscription.id });
    });

    it("invoice.payment_failed with next_payment_attempt null (no retry left) is applied", async () => {
      const user = await customer();
      const subscription = stripeHas({ customer: user.customer, priceId: PRO_MONTHLY, status: "unpaid" });
      const invoice = invoiceObject({ customer: user.customer, subscription: subscription.id, status: "open", nextPaymentAttempt: null });
      expect((await deliver(eventObject("invoice.payment_failed", invoice))).body.outcome).toBe("processed");
      expect(await row(user.userId)).toMatchObject({ plan: "free", status: "unpaid", stripeSubscriptionId: subscription.id });
    });

    it("invoice.paid with a parent but no subscription_details (not a subscription's invoice) is ignored", async () => {
      const invoice = changed(invoiceObject({ customer: "cus_x", subscription: "sub_x" }), "parent.subscription_details", null);
      expect(await deliver(eventObject("invoice.paid", invoice))).toEqual({ status: 200, body: { received: true, outcome: "ignored" } });
    });

    it("a subscription with cancel_at, trial_start and metadata's user id absent or null is applied (Free → Pro, no trial)", async () => {
      const user = await customer();
      const subscription = stripeHas({ customer: user.customer, priceId: PRO_MONTHLY, cancelAt: null });
      expect(subscription).toMatchObject({ cancel_at: null, trial_start: null, metadata: {} });
      await expectAppliedOnce(eventObject("customer.subscription.updated", subscription), user.userId, subscription);
      expect(await db.user.findUniqueOrThrow({ where: { id: user.userId } })).toMatchObject({ trialStartedAt: null });
    });
  });

  it("a current_period_end at the last second of the year 9999 is written as it is", async () => {
    const user = await customer();
    const subscription = stripeHas({ customer: user.customer, priceId: PRO_MONTHLY, periodEnd: 253_402_300_799 });
    await expectAppliedOnce(eventObject("customer.subscription.updated", subscription), user.userId, subscription);
    expect(await row(user.userId)).toMatchObject({ currentPeriodEnd: new Date("9999-12-31T23:59:59Z") });
  });

  it("an invoice in the shape of API versions before 2025-03-31 (`subscription`, no `parent`) is applied", async () => {
    const user = await customer();
    const subscription = stripeHas({ customer: user.customer, priceId: PRO_MONTHLY });
    const { parent: _parent, ...legacy } = { ...invoiceObject({ customer: user.customer, subscription: subscription.id }), subscription: subscription.id };
    await expectAppliedOnce(eventObject("invoice.paid", legacy), user.userId, subscription);
  });

  it.each(HANDLED)("fields Stripe adds, in %s's object and in the subscription re-read, change nothing", async (type) => {
    const user = await customer();
    const subscription = stripeHas({ customer: user.customer, priceId: PRO_MONTHLY });
    fake.setSubscription({ ...subscription, field_added_in_2027: { nested: [1, "two"] } } as Stripe.Subscription);
    const object = { ...objectFor(type, user, subscription), field_added_in_2027: "anything" };
    await expectAppliedOnce(eventObject(type, object), user.userId, subscription);
  });
});
