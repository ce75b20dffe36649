// The "Update your card" link of billing emails: a page whose button opens the Customer Portal.
// Rendering it is all a GET does, and that must open no portal session.
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startFakeStripe, type FakeStripe } from "@/test/support/fake-stripe";

const user = vi.hoisted(() => ({
  current: {
    id: "u1",
    organization: { slug: "acme" },
    subscription: null as null | { stripeCustomerId: string | null },
    // Its owner: who may open the portal (what other roles see is test/isolation.test.ts's).
    actor: { userId: "u1", organizationId: "o1", role: "owner" as const },
  },
}));
vi.mock("@/lib/auth/session", () => ({ requireUser: async () => user.current }));

let fake: FakeStripe;

beforeAll(async () => {
  fake = await startFakeStripe();
  vi.stubEnv("STRIPE_SECRET_KEY", "sk_test_fake");
  vi.stubEnv("STRIPE_WEBHOOK_SECRET", "whsec_x");
  vi.stubEnv("STRIPE_PRICE_PRO_MONTHLY", "price_m");
  vi.stubEnv("STRIPE_API_BASE", fake.url);
});

afterAll(async () => {
  await fake.stop();
  vi.unstubAllEnvs();
});

async function visit(subscription: { stripeCustomerId: string | null } | null) {
  user.current = { ...user.current, subscription };
  const { default: BillingPortalPage } = await import("./page");
  return renderToStaticMarkup(await BillingPortalPage());
}

describe("/dashboard/<slug>/billing/portal", () => {
  it("shows a customer the button that opens the portal, and opens no portal session itself, however often it is visited", async () => {
    for (let visits = 0; visits < 3; visits++) {
      const html = await visit({ stripeCustomerId: "cus_123" });
      expect(html).toContain("Open the billing portal");
      expect(html).toMatch(/<button[^>]*type="submit"/);
    }
    expect(fake.requests).toEqual([]);
  });

  it("sends a user without a Stripe customer to their organization's billing page", async () => {
    await expect(visit({ stripeCustomerId: null })).rejects.toMatchObject({ digest: expect.stringContaining(";/dashboard/acme/billing;") });
    expect(fake.requests).toEqual([]);
  });
});
