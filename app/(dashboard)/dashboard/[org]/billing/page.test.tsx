// The billing page's states, rendered on the server as Next.js would (no browser needed).
import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, describe, expect, it, vi } from "vitest";

const user = vi.hoisted(() => ({
  current: {
    id: "u1",
    email: "a@example.com",
    name: null,
    trialStartedAt: null as Date | null,
    subscription: null as null | Record<string, unknown>,
    // Its owner: who may change what it pays (what other roles see is test/isolation.test.ts's).
    actor: { userId: "u1", organizationId: "o1", role: "owner" as const },
  },
}));
vi.mock("@/lib/auth/session", () => ({ requireUser: async () => user.current }));

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

async function render(subscription: Record<string, unknown> | null, searchParams: Record<string, string> = {}, trialStartedAt: Date | null = null) {
  user.current = { ...user.current, subscription, trialStartedAt };
  const { default: BillingPage } = await import("./page");
  return renderToStaticMarkup(await BillingPage({ searchParams: Promise.resolve(searchParams) }));
}

const free = { plan: "free", status: "active", stripeCustomerId: null, stripeSubscriptionId: null, currentPeriodEnd: null, cancelAtPeriodEnd: false };
const pro = {
  plan: "pro",
  status: "active",
  stripeCustomerId: "cus_1",
  stripeSubscriptionId: "sub_1",
  currentPeriodEnd: new Date("2027-01-15T00:00:00Z"),
  cancelAtPeriodEnd: false,
  quantity: 4,
};

function configureStripe() {
  vi.stubEnv("STRIPE_SECRET_KEY", "sk_test_x");
  vi.stubEnv("STRIPE_WEBHOOK_SECRET", "whsec_x");
  vi.stubEnv("STRIPE_PRICE_PRO_MONTHLY", "price_m");
}

describe("/dashboard/billing", () => {
  it("shows end users the Pro plan and that upgrading is not available when Stripe is not configured — no variable names", async () => {
    // React's JSX runtime is loaded once per process, in development mode: load it before the page reads NODE_ENV=production.
    await render(free);
    vi.stubEnv("NODE_ENV", "production");
    vi.stubEnv("NEXTAUTH_SECRET", "s".repeat(32));
    const html = await render(free);
    expect(html).toContain("Upgrade to Pro");
    expect(html).toContain("10 API keys");
    expect(html).toContain("Upgrading is not available yet.");
    expect(html).not.toContain("STRIPE_");
    expect(html).not.toContain("<button");
  });

  it("tells a developer which variables enable billing, outside production only", async () => {
    const html = await render(free);
    expect(html).toContain("Upgrading is not available yet.");
    expect(html).toContain("Development only: set STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET and STRIPE_PRICE_PRO_MONTHLY");
  });

  it("offers the upgrade to a free user", async () => {
    configureStripe();
    const html = await render(free);
    expect(html).toContain("Upgrade to Pro — $19 per member/month");
    expect(html).toContain("$19 per member per month");
    expect(html).not.toContain("Manage billing");
  });

  it("shows a Pro user's status and renewal date, and the portal", async () => {
    configureStripe();
    const html = await render(pro);
    expect(html).toContain('data-testid="billing-plan">Pro');
    expect(html).toContain('data-testid="billing-status">Active');
    expect(html).toContain('data-testid="billing-seats">4 seats, one per member');
    expect(html).toContain("Renews on");
    expect(html).toContain("January 15, 2027");
    expect(html).toContain("Manage billing");
    expect(html).not.toContain("Upgrade to Pro");
  });

  it("shows no seats before Stripe reported them, and one seat as one", async () => {
    configureStripe();
    expect(await render({ ...pro, quantity: null })).not.toContain("billing-seats");
    expect(await render({ ...pro, quantity: 1 })).toContain('data-testid="billing-seats">1 seat, one per member');
  });

  it("shows when a canceled-at-period-end subscription ends", async () => {
    configureStripe();
    const html = await render({ ...pro, cancelAtPeriodEnd: true });
    expect(html).toContain("Ends on");
    expect(html).not.toContain("Renews on");
  });

  it("offers the trial to a user who never had one, and not again", async () => {
    configureStripe();
    vi.stubEnv("STRIPE_TRIAL_DAYS", "14");
    expect(await render(free)).toContain("Start with a 14-day free trial");
    expect(await render(free, {}, new Date("2026-01-01T00:00:00Z"))).not.toContain("free trial");
  });

  it("shows when a trial ends", async () => {
    configureStripe();
    const html = await render({ ...pro, status: "trialing" });
    expect(html).toContain('data-testid="billing-status">Trial');
    expect(html).toContain("Trial ends on");
    expect(html).toContain("January 15, 2027");
    expect(html).not.toContain("Renews on");
  });

  it("puts the upgrade first when an upgrade link led here", async () => {
    configureStripe();
    const html = await render(free, { upgrade: "pro" });
    expect(html.indexOf("Upgrade to Pro")).toBeLessThan(html.indexOf("Your plan"));
    expect((await render(free)).indexOf("Your plan")).toBeLessThan((await render(free)).indexOf("Upgrade to Pro"));
  });

  it("thanks the user back from Checkout", async () => {
    configureStripe();
    expect(await render(free, { checkout: "success" })).toContain("Your payment went through");
  });
});
