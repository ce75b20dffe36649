// The emails Stripe events send, end to end: events signed by the real `stripe` library, posted to
// the real route, subscriptions fetched from the fake Stripe, this file's own PostgreSQL database,
// and a real SMTP server (the e2e suite's mailbox) that receives what the app sends.
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startMailbox } from "@/e2e/support/mailbox";
import { THEME_COLORS } from "@/lib/brand";
import { startFakeStripe, type FakeStripe } from "@/test/support/fake-stripe";
import { captureLogs } from "@/test/support/logs";
import { eventObject, invoiceObject, subscriptionObject, webhookRequest, type SubscriptionFields } from "@/test/support/stripe-objects";
import { newUser, personalSubscription } from "@/test/support/users";

const SECRET = "whsec_test_secret";
const PRO = "price_pro_monthly";
const ORIGIN = "https://app.example.com";
const DAY = 86_400;

let fake: FakeStripe;
let mailbox: Awaited<ReturnType<typeof startMailbox>>;
let POST: (request: Request) => Promise<Response>;
let db: import("@/lib/db").Db;

beforeAll(async () => {
  fake = await startFakeStripe();
  mailbox = await startMailbox();
  vi.stubEnv("STRIPE_SECRET_KEY", "sk_test_fake");
  vi.stubEnv("STRIPE_WEBHOOK_SECRET", SECRET);
  vi.stubEnv("STRIPE_PRICE_PRO_MONTHLY", PRO);
  vi.stubEnv("STRIPE_API_BASE", fake.url);
  vi.stubEnv("EMAIL_SERVER", mailbox.smtpUrl);
  vi.stubEnv("EMAIL_FROM", "Acme SaaS <billing@example.com>");
  vi.stubEnv("NEXTAUTH_URL", ORIGIN);
  ({ POST } = await import("./route"));
  db = (await import("@/lib/db")).getDb();
});

afterAll(async () => {
  await fake.stop();
  await mailbox.stop();
  await db.$disconnect();
  vi.unstubAllEnvs();
});

let counter = 0;
/** A Pro user whose subscription (active, in Stripe and in our row) the test then moves. */
async function proUser(name: string | null = "Ada") {
  counter++;
  const email = `pro${counter}-${Date.now()}@example.com`;
  const customer = `cus_mail${counter}${Date.now()}`;
  const user = await newUser(email, { stripeCustomerId: customer }, name);
  const subscription = stripeHas({ customer, priceId: PRO });
  expect((await deliver(eventObject("customer.subscription.created", subscription))).status).toBe(200);
  const { slug } = await db.organization.findUniqueOrThrow({ where: { id: user.organizationId }, select: { slug: true } });
  return { userId: user.id, email, customer, subscription, slug };
}

function stripeHas(fields: SubscriptionFields) {
  const subscription = subscriptionObject(fields);
  fake.setSubscription(subscription);
  return subscription;
}

async function deliver(event: Stripe.Event) {
  const response = await POST(webhookRequest(event, SECRET));
  return { status: response.status, body: await response.json() };
}

const mailsTo = (email: string) => mailbox.mails().filter((mail) => mail.to.includes(email));
const formatted = (unix: number) => new Date(unix * 1000).toLocaleDateString("en-US", { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" });

describe("payment failed", () => {
  it("tells a Pro user what happened, until when Pro stays, and links to a fresh portal session — in HTML and text", async () => {
    const { email, customer, subscription, slug } = await proUser("Ada");
    stripeHas({ id: subscription.id, customer, priceId: PRO, status: "past_due" });
    const nextAttempt = Math.floor(Date.now() / 1000) + 3 * DAY;
    await deliver(
      eventObject("invoice.payment_failed", invoiceObject({ customer, subscription: subscription.id, status: "open", nextPaymentAttempt: nextAttempt })),
    );

    const [mail, ...more] = mailsTo(email);
    expect(more).toEqual([]);
    expect(mail!.subject).toBe("Your payment for Acme SaaS Pro failed");
    expect(mail!.text).toContain("Hi Ada, we could not charge $19.00 to your card for your Acme SaaS Pro plan.");
    expect(mail!.text).toContain(`Your Pro plan stays active until then: we will try the payment again on ${formatted(nextAttempt)}.`);
    // The portal page of the organization whose subscription it is.
    expect(mail!.text).toContain(`${ORIGIN}/dashboard/${slug}/billing/portal`);
    expect(mail!.html).toContain(`href="${ORIGIN}/dashboard/${slug}/billing/portal"`);
    expect(mail!.html).toContain("Acme SaaS");
    expect(mail!.html).toContain(`background:${THEME_COLORS.primary.light}`);
  });

  it("is sent once per event: three replays send nothing more", async () => {
    const { email, customer, subscription } = await proUser();
    stripeHas({ id: subscription.id, customer, priceId: PRO, status: "past_due" });
    const event = eventObject("invoice.payment_failed", invoiceObject({ customer, subscription: subscription.id, status: "open" }));
    for (let delivery = 0; delivery < 4; delivery++) expect((await deliver(event)).status).toBe(200);
    expect(mailsTo(email)).toHaveLength(1);
  });

  it("writes amounts in the invoice's currency, and says when there is no retry left", async () => {
    const { email, customer, subscription } = await proUser(null);
    stripeHas({ id: subscription.id, customer, priceId: PRO, status: "past_due" });
    await deliver(
      eventObject(
        "invoice.payment_failed",
        invoiceObject({ customer, subscription: subscription.id, status: "open", amountDue: 2500, currency: "jpy", nextPaymentAttempt: null }),
      ),
    );
    const [mail] = mailsTo(email);
    expect(mail!.text).toContain("Hi, we could not charge ¥2,500");
    expect(mail!.text).toContain("That was the last automatic attempt");
  });

  it("sends nothing for a first payment that failed in Checkout: the user never had Pro", async () => {
    const customer = `cus_first${Date.now()}`;
    const email = `first-${Date.now()}@example.com`;
    await newUser(email, { stripeCustomerId: customer });
    const subscription = stripeHas({ customer, priceId: PRO, status: "incomplete" });
    const response = await deliver(
      eventObject("invoice.payment_failed", {
        ...invoiceObject({ customer, subscription: subscription.id, status: "open" }),
        billing_reason: "subscription_create",
      }),
    );
    expect(response.body.outcome).toBe("processed");
    expect(mailsTo(email)).toEqual([]);
  });
});

describe("Pro ended", () => {
  it("is sent when the subscription is canceled — once, however many events report it", async () => {
    const { email, customer, subscription, slug } = await proUser("Grace");
    const canceled = stripeHas({ id: subscription.id, customer, priceId: PRO, status: "canceled" });
    const deleted = eventObject("customer.subscription.deleted", canceled);
    await deliver(deleted);
    await deliver(deleted);
    await deliver(eventObject("customer.subscription.updated", canceled));

    const mails = mailsTo(email);
    expect(mails.map((mail) => mail.subject)).toEqual(["Your Acme SaaS Pro plan has ended"]);
    expect(mails[0]!.text).toContain("Hi Grace, your subscription was canceled. Your account is now on the Free plan");
    expect(mails[0]!.text).toContain(`Go to billing:\n${ORIGIN}/dashboard/${slug}/billing`);
  });

  it("follows the last failed payment when the subscription becomes unpaid, instead of a payment-failed email", async () => {
    const { email, customer, subscription } = await proUser();
    stripeHas({ id: subscription.id, customer, priceId: PRO, status: "unpaid" });
    await deliver(eventObject("invoice.payment_failed", invoiceObject({ customer, subscription: subscription.id, status: "open", nextPaymentAttempt: null })));
    const mails = mailsTo(email);
    expect(mails.map((mail) => mail.subject)).toEqual(["Your Acme SaaS Pro plan has ended"]);
    expect(mails[0]!.text).toContain("we could not collect the payment for your subscription after several attempts.");
  });

  it("is not sent to a user who never had Pro", async () => {
    const customer = `cus_never${Date.now()}`;
    const email = `never-${Date.now()}@example.com`;
    await newUser(email, { stripeCustomerId: customer });
    await deliver(eventObject("customer.subscription.deleted", stripeHas({ customer, priceId: PRO, status: "canceled" })));
    expect(mailsTo(email)).toEqual([]);
  });
});

describe("failures", () => {
  it("an email the SMTP server refuses is kept: the event is applied once, answered 503, and Stripe's retry sends the email once", async () => {
    const { userId, email, customer, subscription } = await proUser();
    const canceled = stripeHas({ id: subscription.id, customer, priceId: PRO, status: "canceled" });
    const event = eventObject("customer.subscription.deleted", canceled);
    mailbox.refuseNext(1);
    const logs = captureLogs("info");
    try {
      expect(await deliver(event)).toEqual({ status: 503, body: { error: expect.stringContaining("its emails could not be sent") } });
    } finally {
      logs.stop();
    }
    expect(await personalSubscription(userId)).toMatchObject({ plan: "free", status: "canceled" });
    expect(logs.entries()).toContainEqual(expect.objectContaining({ event: "email.failed", kind: "pro_ended", stripeEventId: event.id, userId }));
    expect(logs.text()).not.toContain(email);
    expect(mailsTo(email)).toEqual([]);

    expect(await deliver(event)).toEqual({ status: 200, body: { received: true, outcome: "duplicate" } });
    expect(mailsTo(email)).toHaveLength(1);
    expect((await deliver(event)).body.outcome).toBe("duplicate");
    expect(mailsTo(email)).toHaveLength(1);
  });

  it("an event rolled back by an error sends nothing; Stripe's retry sends the email once", async () => {
    const { email, customer, subscription } = await proUser();
    const canceled = stripeHas({ id: subscription.id, customer, priceId: PRO, status: "canceled" });
    const event = eventObject("customer.subscription.deleted", canceled);
    await db.$executeRawUnsafe(`ALTER TABLE "Subscription" ADD CONSTRAINT reject_canceled CHECK (status <> 'canceled') NOT VALID`);
    try {
      expect((await deliver(event)).status).toBe(500);
    } finally {
      await db.$executeRawUnsafe(`ALTER TABLE "Subscription" DROP CONSTRAINT reject_canceled`);
    }
    expect(mailsTo(email)).toEqual([]);
    expect((await deliver(event)).body.outcome).toBe("processed");
    expect(mailsTo(email)).toHaveLength(1);
  });
});

describe("trials", () => {
  it("records when the user's trial started, once: the first trial's start stays", async () => {
    const customer = `cus_trial${Date.now()}`;
    const user = await newUser(`trial-${Date.now()}@example.com`, { stripeCustomerId: customer });
    const trialing = stripeHas({ customer, priceId: PRO, status: "trialing", trialEnd: Math.floor(Date.now() / 1000) + 14 * DAY });
    await deliver(eventObject("customer.subscription.created", trialing));
    const { trialStartedAt } = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    const subscription = await personalSubscription(user.id);
    expect(trialStartedAt).toEqual(new Date(trialing.trial_start! * 1000));
    expect(subscription).toMatchObject({ plan: "pro", status: "trialing", currentPeriodEnd: new Date(trialing.trial_end! * 1000) });

    await deliver(
      eventObject(
        "customer.subscription.updated",
        stripeHas({ id: trialing.id, customer, priceId: PRO, status: "active", trialEnd: trialing.trial_end! + DAY }),
      ),
    );
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).trialStartedAt).toEqual(trialStartedAt);
  });
});
