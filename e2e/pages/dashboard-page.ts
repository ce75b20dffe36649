import { expect, type Page } from "@playwright/test";

export class DashboardPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto("/dashboard");
    await this.expectVisible();
  }

  async expectVisible() {
    // /dashboard leads to the dashboard of an organization: /dashboard/<slug>.
    await expect(this.page).toHaveURL(/\/dashboard\/[a-z0-9-]+$/);
    await expect(this.page.getByRole("heading", { level: 1, name: /Welcome/ })).toBeVisible();
  }

  async expectAccount(account: { email: string; plan: string; name?: string }) {
    await expect(this.page.getByTestId("account-email")).toHaveText(account.email);
    await expect(this.page.getByTestId("account-plan")).toHaveText(account.plan);
    if (account.name !== undefined) await expect(this.page.getByTestId("account-name")).toHaveText(account.name);
  }

  /** Who the header says is signed in: the name once one is set, the email before. */
  async expectHeaderAccount(text: string) {
    await expect(this.page.getByRole("banner").getByTestId("header-account")).toHaveText(text);
  }

  /** The account's own page (profile, sessions), from the header. */
  async openAccount() {
    await this.page.getByRole("banner").getByTestId("header-account").click();
  }

  async openSection(label: string) {
    await this.page.getByRole("navigation", { name: "Dashboard" }).getByRole("link", { name: label }).click();
  }

  async signOut() {
    await this.page.getByRole("button", { name: "Sign out" }).click();
    await expect(this.page).toHaveURL(/\/$/);
  }
}
