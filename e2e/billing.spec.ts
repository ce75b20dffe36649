import pg from "pg";
import { expect, test } from "./fixtures";
import { completeCheckout } from "./support/stripe";

async function userId(email: string) {
  const client = new pg.Client(process.env.E2E_DATABASE_URL);
  await client.connect();
  const { rows } = await client.query<{ id: string }>(`SELECT id FROM "User" WHERE email = $1`, [email]);
  await client.end();
  return rows[0]!.id;
}

test(
  "upgrading goes through Checkout, the webhooks make the user Pro, and Manage opens the portal",
  { tag: "@accelerate" },
  async ({ page, signIn, email, dashboardPage, billingPage: billing, baseURL }) => {
    await signIn();
    await dashboardPage.openSection("Billing");
    await billing.expectPlan("Free");

    await billing.upgradeMonthly();
    await expect(page.getByRole("heading", { name: "Fake Stripe Checkout" })).toBeVisible();
    expect(page.url()).toContain(`${process.env.E2E_FAKE_STRIPE_URL}/checkout/cs_test_`);

    await completeCheckout(baseURL!, await userId(email));
    await dashboardPage.goto();
    await dashboardPage.expectAccount({ email, plan: "Pro" });
    await billing.goto();
    await billing.expectPlan("Pro");
    await expect(page.getByTestId("billing-status")).toHaveText("Active");
    await expect(page.getByText("Renews on")).toBeVisible();

    await billing.manageBilling();
    await expect(page.getByRole("heading", { name: "Fake Stripe Customer Portal" })).toBeVisible();
  },
);
