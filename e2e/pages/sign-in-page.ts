import { expect, type Page } from "@playwright/test";

export class SignInPage {
  constructor(private readonly page: Page) {}

  async goto(callbackUrl?: string) {
    await this.page.goto(callbackUrl ? `/sign-in?${new URLSearchParams({ callbackUrl })}` : "/sign-in");
    await this.expectVisible();
  }

  async expectVisible() {
    await expect(this.page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  }

  /** Asks for a magic link and lands on "Check your email". */
  async requestLink(email: string) {
    await this.page.getByLabel("Email address").fill(email);
    await this.page.getByRole("button", { name: "Email me a sign-in link" }).click();
    await expect(this.page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  }
}
