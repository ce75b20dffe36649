import { expect, type Page } from "@playwright/test";

export class BillingPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto("/dashboard/billing");
    await expect(this.page.getByRole("heading", { level: 1, name: "Billing" })).toBeVisible();
  }

  async expectPlan(plan: string) {
    await expect(this.page.getByTestId("billing-plan")).toHaveText(plan);
  }

  async upgradeMonthly() {
    await this.page.getByRole("button", { name: /Upgrade to Pro/ }).click();
  }

  async manageBilling() {
    await this.page.getByRole("button", { name: "Manage billing" }).click();
  }
}
