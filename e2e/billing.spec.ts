import { freePort } from "../test/support/free-port";
import { expect, test } from "./fixtures";
import { productionEnv, startApp } from "./support/app-server";
import { userIdByEmail } from "./support/database";
import { E2E_STRIPE } from "./support/settings";
import { cancelSubscription, completeCheckout, latestCheckoutSession } from "./support/stripe";

test(
  "upgrading starts the free trial through Checkout, the webhooks make the user Pro, and Manage opens the portal",
  { tag: "@accelerate" },
  async ({ page, signIn, email, dashboardPage, billingPage: billing, baseURL }) => {
    await signIn();
    await dashboardPage.openSection("Billing");
    await billing.expectPlan("Free");
    await expect(page.getByText(`Start with a ${E2E_STRIPE.trialDays}-day free trial`)).toBeVisible();

    await billing.upgradeMonthly();
    await expect(page.getByRole("heading", { name: "Fake Stripe Checkout" })).toBeVisible();
    expect(page.url()).toContain(`${process.env.E2E_FAKE_STRIPE_URL}/checkout/cs_test_`);
    const userId = await userIdByEmail(email);
    expect((await latestCheckoutSession(userId)).subscription_data.trial_period_days).toBe(String(E2E_STRIPE.trialDays));

    const subscription = await completeCheckout(baseURL!, userId);
    await dashboardPage.goto();
    await dashboardPage.expectAccount({ email, plan: "Pro" });
    await billing.goto();
    await billing.expectPlan("Pro");
    await expect(page.getByTestId("billing-status")).toHaveText("Trial");
    // Pro per member: Checkout billed the one member, and the webhook recorded it.
    await expect(page.getByTestId("billing-seats")).toHaveText("1 seat, one per member");
    await expect(page.getByText("Trial ends on")).toBeVisible();
    const trialEnd = new Date(subscription.trial_end! * 1000).toLocaleDateString("en-US", { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" });
    await expect(page.getByTestId("billing-period-end")).toHaveText(trialEnd);

    await billing.manageBilling();
    await expect(page.getByRole("heading", { name: "Fake Stripe Customer Portal" })).toBeVisible();

    // Canceled in the portal, then back: one trial per user, ever — the second Checkout has none.
    await cancelSubscription(baseURL!, subscription);
    await billing.goto();
    await billing.expectPlan("Free");
    await expect(page.getByText("free trial")).toHaveCount(0);
    await billing.upgradeMonthly();
    await expect(page.getByRole("heading", { name: "Fake Stripe Checkout" })).toBeVisible();
    expect((await latestCheckoutSession(userId)).subscription_data.trial_period_days).toBeUndefined();
  },
);

test.describe("every upgrade link lands on the upgrade", () => {
  test("the pricing page's “Start with Pro” takes a visitor through sign-in to the upgrade, and on to Checkout", async ({
    page,
    signInPage,
    mailbox,
    email,
  }) => {
    await page.goto("/pricing");
    await page.getByRole("link", { name: "Start with Pro" }).click();
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fdashboard%2Fbilling%3Fupgrade%3Dpro$/);
    await signInPage.requestLink(email);
    await page.goto(await mailbox.signInLink(email));

    await expect(page).toHaveURL(/\/dashboard\/[a-z0-9-]+\/billing\?upgrade=pro$/);
    const upgrade = page.getByRole("region", { name: "Upgrade to Pro" });
    await upgrade.getByRole("button", { name: /Upgrade to Pro/ }).click();
    await expect(page.getByRole("heading", { name: "Fake Stripe Checkout" })).toBeVisible();
  });

  test("the overview's and the API keys page's upgrade links open the upgrade", async ({ page, signIn, dashboardPage, apiKeysPage }) => {
    await signIn();
    await dashboardPage.goto();
    await page.getByRole("link", { name: "Upgrade to Pro" }).click();
    await expect(page).toHaveURL(/\/dashboard\/[a-z0-9-]+\/billing\?upgrade=pro$/);
    await expect(page.getByRole("region", { name: "Upgrade to Pro" }).getByRole("button", { name: /Upgrade to Pro/ })).toBeVisible();

    // The Free plan holds one key: at the limit, the page offers the upgrade.
    await apiKeysPage.goto();
    await apiKeysPage.createKey("ci");
    await apiKeysPage.newKey();
    await page.getByRole("link", { name: "upgrade to Pro", exact: true }).click();
    await expect(page).toHaveURL(/\/dashboard\/[a-z0-9-]+\/billing\?upgrade=pro$/);
    await expect(page.getByRole("region", { name: "Upgrade to Pro" }).getByRole("button", { name: /Upgrade to Pro/ })).toBeVisible();
  });
});

test("without Stripe configured, a user sees the Pro plan and that upgrading is not available — never a variable name", async ({
  page,
  signInPage,
  mailbox,
  email,
}) => {
  const port = await freePort();
  const app = await startApp(port, productionEnv(port, { EMAIL_SERVER: process.env.E2E_MAILBOX_SMTP_URL, EMAIL_FROM: "Acme SaaS <no-reply@example.com>" }));
  try {
    await page.goto(`${app.url}/pricing`);
    await page.getByRole("link", { name: "Start with Pro" }).click();
    await signInPage.requestLink(email);
    await page.goto(await mailbox.signInLink(email));
    await expect(page).toHaveURL(new RegExp(`^${app.url}/dashboard/[a-z0-9-]+/billing\\?upgrade=pro$`));

    const upgrade = page.getByRole("region", { name: "Upgrade to Pro" });
    await expect(upgrade.getByText("10 API keys")).toBeVisible();
    await expect(upgrade.getByTestId("billing-unavailable")).toHaveText(/Upgrading is not available yet/);
    await expect(upgrade.getByRole("button")).toHaveCount(0);
    await expect(page.locator("body")).not.toContainText("STRIPE_");
  } finally {
    await app.stop();
  }
});
