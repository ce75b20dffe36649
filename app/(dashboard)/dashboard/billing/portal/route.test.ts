// The "Update your card" link of billing emails: a fresh Customer Portal session on every visit.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startFakeStripe, type FakeStripe } from "@/test/support/fake-stripe";

const session = vi.hoisted(() => ({ user: null as null | { id: string; subscription: { stripeCustomerId: string | null } | null } }));
vi.mock("@/lib/auth/session", () => ({ getCurrentUser: async () => session.user }));

const ORIGIN = "https://app.example.com";
let fake: FakeStripe;
let GET: (request: Request) => Promise<Response>;

beforeAll(async () => {
  fake = await startFakeStripe();
  vi.stubEnv("STRIPE_SECRET_KEY", "sk_test_fake");
  vi.stubEnv("STRIPE_WEBHOOK_SECRET", "whsec_x");
  vi.stubEnv("STRIPE_PRICE_PRO_MONTHLY", "price_m");
  vi.stubEnv("STRIPE_API_BASE", fake.url);
  vi.stubEnv("NEXTAUTH_URL", ORIGIN);
  ({ GET } = await import("./route"));
});

afterAll(async () => {
  await fake.stop();
  vi.unstubAllEnvs();
});

const visit = async () => {
  const response = await GET(new Request(`${ORIGIN}/dashboard/billing/portal`));
  return { status: response.status, location: response.headers.get("location") };
};

async function customerId() {
  const response = await fetch(`${fake.url}/v1/customers`, {
    method: "POST",
    headers: { authorization: "Bearer sk_test_fake" },
    body: "email=a%40example.com",
  });
  return ((await response.json()) as { id: string }).id;
}

describe("GET /dashboard/billing/portal", () => {
  it("opens a new Customer Portal session for the signed-in customer each time, returning to the billing page", async () => {
    const customer = await customerId();
    session.user = { id: "u1", subscription: { stripeCustomerId: customer } };
    const first = await visit();
    const second = await visit();
    expect(first).toEqual({ status: 303, location: fake.portalSessions.at(-2)!.url });
    expect(second).toEqual({ status: 303, location: fake.portalSessions.at(-1)!.url });
    expect(first.location).not.toBe(second.location);
    expect(fake.portalSessions.at(-1)).toMatchObject({ customer, return_url: `${ORIGIN}/dashboard/billing` });
  });

  it("sends a signed-out visitor to sign in, coming back here", async () => {
    session.user = null;
    expect(await visit()).toEqual({ status: 303, location: `${ORIGIN}/sign-in?callbackUrl=%2Fdashboard%2Fbilling%2Fportal` });
  });

  it("sends a user without a Stripe customer to the billing page", async () => {
    session.user = { id: "u2", subscription: { stripeCustomerId: null } };
    expect(await visit()).toEqual({ status: 303, location: `${ORIGIN}/dashboard/billing` });
  });

  it("sends the user to the billing page, which explains, when Stripe cannot be reached", async () => {
    session.user = { id: "u3", subscription: { stripeCustomerId: await customerId() } };
    fake.failNext("POST", /^\/v1\/billing_portal\/sessions$/, 500);
    expect(await visit()).toEqual({ status: 303, location: `${ORIGIN}/dashboard/billing?portal=unavailable` });
  });
});
