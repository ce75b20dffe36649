// The billing page's states, rendered on the server as Next.js would (no browser needed).
import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, describe, expect, it, vi } from "vitest";

const user = vi.hoisted(() => ({
  current: { id: "u1", email: "a@example.com", name: null, subscription: null as null | Record<string, unknown> },
}));
vi.mock("@/lib/auth/session", () => ({ requireUser: async () => user.current }));

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

async function render(subscription: Record<string, unknown> | null, searchParams: Record<string, string> = {}) {
  user.current = { ...user.current, subscription };
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
};

function configureStripe() {
  vi.stubEnv("STRIPE_SECRET_KEY", "sk_test_x");
  vi.stubEnv("STRIPE_WEBHOOK_SECRET", "whsec_x");
  vi.stubEnv("STRIPE_PRICE_PRO_MONTHLY", "price_m");
}

describe("/dashboard/billing", () => {
  it("says billing is not configured when Stripe is not, and offers no button", async () => {
    const html = await render(free);
    expect(html).toContain("Billing is not configured on this deployment");
    expect(html).not.toContain("Upgrade to Pro");
  });

  it("offers the upgrade to a free user", async () => {
    configureStripe();
    const html = await render(free);
    expect(html).toContain("Upgrade to Pro — $19/month");
    expect(html).not.toContain("Manage billing");
  });

  it("shows a Pro user's status and renewal date, and the portal", async () => {
    configureStripe();
    const html = await render(pro);
    expect(html).toContain('data-testid="billing-plan">Pro');
    expect(html).toContain('data-testid="billing-status">Active');
    expect(html).toContain("Renews on");
    expect(html).toContain("January 15, 2027");
    expect(html).toContain("Manage billing");
    expect(html).not.toContain("Upgrade to Pro");
  });

  it("shows when a canceled-at-period-end subscription ends", async () => {
    configureStripe();
    const html = await render({ ...pro, cancelAtPeriodEnd: true });
    expect(html).toContain("Ends on");
    expect(html).not.toContain("Renews on");
  });

  it("thanks the user back from Checkout", async () => {
    configureStripe();
    expect(await render(free, { checkout: "success" })).toContain("Your payment went through");
  });
});
