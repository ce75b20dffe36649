// The SMTP relay refusing connections while a billing email is due: the real webhook route, the
// fake Stripe, this file's own PostgreSQL database, and a real SMTP server stopped (nothing listens
// on its port) and started again. The event is applied once; its email is kept and sent, once, by
// the first of Stripe's redeliveries that finds the relay back.
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { KEPT_EMAIL_MAX_AGE_MS } from "@/lib/billing/notices";
import { FaultySmtp } from "@/tools/faults/smtp";
import { captureLogs } from "@/test/support/logs";
import { startFakeStripe, type FakeStripe } from "@/test/support/fake-stripe";
import { eventObject, invoiceObject, subscriptionObject, webhookRequest } from "@/test/support/stripe-objects";
import { newUser, personalSubscription } from "@/test/support/users";

const SECRET = "whsec_test_secret";
const PRO = "price_pro_monthly";

let fake: FakeStripe;
let smtp: FaultySmtp;
let POST: (request: Request) => Promise<Response>;
let db: import("@/lib/db").Db;

beforeAll(async () => {
  fake = await startFakeStripe();
  smtp = await FaultySmtp.start();
  vi.stubEnv("STRIPE_SECRET_KEY", "sk_test_fake");
  vi.stubEnv("STRIPE_WEBHOOK_SECRET", SECRET);
  vi.stubEnv("STRIPE_PRICE_PRO_MONTHLY", PRO);
  vi.stubEnv("STRIPE_API_BASE", fake.url);
  vi.stubEnv("EMAIL_SERVER", smtp.url);
  vi.stubEnv("EMAIL_FROM", "Acme SaaS <billing@example.com>");
  vi.stubEnv("NEXTAUTH_URL", "https://app.example.com");
  ({ POST } = await import("./route"));
  db = (await import("@/lib/db")).getDb();
});

afterAll(async () => {
  await fake.stop();
  await smtp.stop();
  await db.$disconnect();
  vi.unstubAllEnvs();
});

async function deliver(event: Stripe.Event) {
  const response = await POST(webhookRequest(event, SECRET));
  return { status: response.status, body: await response.json() };
}

/** A Pro user whose card was just declined: the payment-failed email is due. */
let users = 0;
async function paymentFailedFor() {
  const email = `smtp-outage-${++users}-${Date.now()}@example.com`;
  const customer = `cus_smtp${users}${Date.now()}`;
  const user = await newUser(email, { stripeCustomerId: customer });
  const subscription = subscriptionObject({ customer, priceId: PRO });
  fake.setSubscription(subscription);
  expect((await deliver(eventObject("customer.subscription.created", subscription))).status).toBe(200);
  fake.setSubscription(subscriptionObject({ id: subscription.id, customer, priceId: PRO, status: "past_due" }));
  const event = eventObject("invoice.payment_failed", invoiceObject({ customer, subscription: subscription.id, status: "open" }));
  return { userId: user.id, email, event };
}

describe("the SMTP relay refusing connections while a billing email is due", () => {
  it("applies the event once, answers 503 while the email cannot go out, and sends it once when a redelivery finds the relay back", async () => {
    const { userId, email, event } = await paymentFailedFor();
    await smtp.stop();
    try {
      expect(await deliver(event)).toEqual({ status: 503, body: { error: expect.stringContaining("its emails could not be sent") } });
      expect(await personalSubscription(userId)).toMatchObject({ status: "past_due" });
      // Stripe's retry while the relay is still down: not applied again, the email still kept.
      expect((await deliver(event)).status).toBe(503);
      expect(await db.stripeEvent.findUniqueOrThrow({ where: { id: event.id } })).toMatchObject({
        unsentEmails: [expect.objectContaining({ kind: "payment_failed" })],
      });
    } finally {
      await smtp.listen();
    }
    expect(smtp.delivered).not.toContain(email);

    expect(await deliver(event)).toEqual({ status: 200, body: { received: true, outcome: "duplicate" } });
    expect(smtp.delivered.filter((to) => to === email)).toHaveLength(1);
    expect(await db.stripeEvent.findUniqueOrThrow({ where: { id: event.id } })).toMatchObject({ unsentEmails: null });
    expect(await deliver(event)).toEqual({ status: 200, body: { received: true, outcome: "duplicate" } });
    expect(smtp.delivered.filter((to) => to === email)).toHaveLength(1);
  });

  it("sends a kept email once when two redeliveries arrive at the same moment", async () => {
    const { email, event } = await paymentFailedFor();
    await smtp.stop();
    try {
      expect((await deliver(event)).status).toBe(503);
    } finally {
      await smtp.listen();
    }
    const answers = await Promise.all([deliver(event), deliver(event), deliver(event)]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect(smtp.delivered.filter((to) => to === email)).toHaveLength(1);
  });

  it("drops a kept email that a redelivery finds a day old, saying so in the log, instead of sending it late", async () => {
    const { userId, email, event } = await paymentFailedFor();
    await smtp.stop();
    try {
      expect((await deliver(event)).status).toBe(503);
    } finally {
      await smtp.listen();
    }
    await db.stripeEvent.update({ where: { id: event.id }, data: { processedAt: new Date(Date.now() - KEPT_EMAIL_MAX_AGE_MS - 60_000) } });
    const logs = captureLogs("info");
    try {
      expect(await deliver(event)).toEqual({ status: 200, body: { received: true, outcome: "duplicate" } });
    } finally {
      logs.stop();
    }
    expect(smtp.delivered).not.toContain(email);
    expect(logs.entries()).toContainEqual(expect.objectContaining({ event: "email.dropped", kind: "payment_failed", stripeEventId: event.id, userId }));
  });
});
