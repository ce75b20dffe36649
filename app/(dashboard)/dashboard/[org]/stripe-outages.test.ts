// Stripe failing while a user upgrades, opens the billing portal or deletes their account: the
// dashboard's actions on this file's own PostgreSQL database, against the fake Stripe answering 500,
// 429 or nothing. Each answers "try again" as a form error (never the error page), within the
// Stripe client's timeout, leaves nothing half-done, and works again once Stripe is back.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { CurrentUser } from "@/lib/auth/session";
import { STRIPE_TIMEOUT_MS, type Billing } from "@/lib/billing/stripe";
import { ensureStripeCustomer } from "@/lib/billing/customer";
import { getDb } from "@/lib/db";
import { newUser as newTestUser, personalSubscription } from "@/test/support/users";
import { billingAgainst, PRO_PRICES } from "@/test/support/billing";
import { startFakeStripe, type FakeStripe } from "@/test/support/fake-stripe";
import { subscriptionObject } from "@/test/support/stripe-objects";
import { manageBillingAction, upgradeAction } from "./billing/actions";
import { deleteAccountAction } from "../(account)/account/actions";

// Each action runs as its own user, three at once.
const session = await vi.hoisted(async () => {
  const { AsyncLocalStorage } = await import("node:async_hooks");
  return { signedIn: new AsyncLocalStorage<unknown>(), billing: { current: null as unknown } };
});
vi.mock("@/lib/auth/session", () => ({ requireUser: async () => session.signedIn.getStore() }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ host: "app.example.com", "x-forwarded-proto": "https" }),
  cookies: async () => ({ delete: () => {} }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));
vi.mock("@/lib/billing/stripe", async (original) => ({ ...(await original<object>()), getBilling: () => session.billing.current }));

const UNREACHABLE = "We could not reach the payment provider. Please try again.";
const NOT_DELETED = "We could not cancel your subscription, so nothing was deleted. Please try again.";
const OUTAGE_MS = 2_000;

let fake: FakeStripe;
let billing: Billing;
const db = getDb();

beforeAll(async () => {
  fake = await startFakeStripe();
  billing = billingAgainst(fake);
  session.billing.current = billing;
});

afterAll(async () => {
  await fake.stop();
  await db.$disconnect();
});

// Signed in as getCurrentUser() finds them: with their personal organization's subscription, as its owner.
const as = async <T>(user: { id: string }, action: () => Promise<T>) => {
  const { personalOrganization: organization, ...found } = await db.user.findUniqueOrThrow({
    where: { id: user.id },
    include: { personalOrganization: { include: { subscription: true } } },
  });
  const current: CurrentUser = {
    ...found,
    subscription: organization!.subscription,
    organization: { id: organization!.id, name: organization!.name, slug: organization!.slug, personal: true },
    actor: { userId: found.id, organizationId: organization!.id, role: "owner" },
  };
  return session.signedIn.run(current, action);
};

let users = 0;
const newUser = () => newTestUser(`outage-${++users}-${Date.now()}@example.com`, {}, "Payer");

/** A user who pays: their Stripe customer, with an active subscription in Stripe and in their row. */
async function payingUser() {
  const user = await newUser();
  const customer = await ensureStripeCustomer(billing, user);
  const subscription = subscriptionObject({ customer, priceId: PRO_PRICES.monthly });
  fake.setSubscription(subscription);
  await db.subscription.update({
    where: { organizationId: user.organizationId },
    data: { plan: "pro", status: "active", stripeSubscriptionId: subscription.id },
  });
  return { user, subscriptionId: subscription.id };
}

function stripeDown(answer: number | "no answer") {
  for (const method of ["GET", "POST", "DELETE"]) fake.failFor(method, /^\/v1\//, answer, OUTAGE_MS);
  return performance.now();
}

const cancels = (subscriptionId: string) => fake.countRequests("DELETE", new RegExp(`^/v1/subscriptions/${subscriptionId}$`));
const checkoutsOf = (userId: string) => fake.checkoutSessions.filter((checkout) => checkout.client_reference_id === userId);

describe.each([
  ["answering 500", 500],
  ["rate limiting (429)", 429],
  ["not answering", "no answer"],
] as const)("while Stripe is %s", (_, answer) => {
  it("checkout, the billing portal and account deletion answer try again within the client's timeout, write nothing, and work once Stripe is back", async () => {
    const buyer = await newUser();
    const payer = await payingUser();
    const leaver = await payingUser();

    const down = stripeDown(answer);
    const [checkout, portal, deletion] = await Promise.all([
      as(buyer, () => upgradeAction(undefined, { interval: "monthly" })),
      as(payer.user, () => manageBillingAction(undefined, {})),
      as(leaver.user, () => deleteAccountAction(undefined, { confirmation: "DELETE" })),
    ]);
    expect(performance.now() - down).toBeLessThan(STRIPE_TIMEOUT_MS + 2_000);
    expect(checkout).toEqual({ status: "failed", error: UNREACHABLE });
    expect(portal).toEqual({ status: "failed", error: UNREACHABLE });
    expect(deletion).toEqual({ status: "failed", error: NOT_DELETED });

    // Nothing half-done: no customer remembered, no Checkout opened, the account and its subscription kept.
    expect(await db.subscription.findUniqueOrThrow({ where: { organizationId: buyer.organizationId } })).toMatchObject({ stripeCustomerId: null });
    expect(checkoutsOf(buyer.id)).toEqual([]);
    expect(await personalSubscription(leaver.user.id)).toMatchObject({ plan: "pro", status: "active", stripeSubscriptionId: leaver.subscriptionId });
    expect(cancels(leaver.subscriptionId)).toBe(0);

    // Stripe is back: the same clicks go through.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, down + OUTAGE_MS - performance.now())));
    await expect(as(buyer, () => upgradeAction(undefined, { interval: "monthly" }))).rejects.toMatchObject({
      digest: expect.stringContaining("NEXT_REDIRECT"),
    });
    expect(checkoutsOf(buyer.id)).toHaveLength(1);
    await expect(as(payer.user, () => manageBillingAction(undefined, {}))).rejects.toMatchObject({ digest: expect.stringContaining("NEXT_REDIRECT") });
    await expect(as(leaver.user, () => deleteAccountAction(undefined, { confirmation: "DELETE" }))).rejects.toMatchObject({
      digest: expect.stringContaining(";/;"),
    });
    expect(cancels(leaver.subscriptionId)).toBe(1);
    expect(await db.user.findUnique({ where: { id: leaver.user.id } })).toBeNull();
  });
});

describe("an account deletion Stripe failed midway", () => {
  it("keeps the account with one subscription canceled, and the retry cancels the rest and deletes it, though our row still says active", async () => {
    const leaver = await payingUser();
    const customer = (await personalSubscription(leaver.user.id)).stripeCustomerId!;
    const second = subscriptionObject({ customer, priceId: PRO_PRICES.monthly });
    fake.setSubscription(second);

    fake.failFor("DELETE", new RegExp(`^/v1/subscriptions/${second.id}$`), 500, OUTAGE_MS);
    expect(await as(leaver.user, () => deleteAccountAction(undefined, { confirmation: "DELETE" }))).toEqual({ status: "failed", error: NOT_DELETED });
    expect(cancels(leaver.subscriptionId)).toBe(1);
    expect(await personalSubscription(leaver.user.id)).toMatchObject({ status: "active" });

    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
    await expect(as(leaver.user, () => deleteAccountAction(undefined, { confirmation: "DELETE" }))).rejects.toMatchObject({
      digest: expect.stringContaining(";/;"),
    });
    expect(await db.user.findUnique({ where: { id: leaver.user.id } })).toBeNull();
    expect(await billing.stripe.subscriptions.retrieve(second.id)).toMatchObject({ status: "canceled" });
  });
});
