import { expect, type Page } from "@playwright/test";

export class SettingsPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto("/dashboard/account");
    await this.expectVisible();
  }

  async expectVisible() {
    await expect(this.page.getByRole("heading", { level: 1, name: "Account" })).toBeVisible();
  }

  async setName(name: string) {
    const profile = this.page.getByRole("region", { name: "Profile" });
    await profile.getByLabel("Name").fill(name);
    await profile.getByRole("button", { name: "Save" }).click();
  }

  async expectSaved() {
    await expect(this.page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  }

  async expectName(name: string) {
    await expect(this.page.getByRole("region", { name: "Profile" }).getByLabel("Name")).toHaveValue(name);
  }

  async expectFieldError(message: string) {
    await expect(this.page.getByText(message)).toBeVisible();
  }

  async deleteAccount(confirmation = "DELETE") {
    const region = this.page.getByRole("region", { name: "Delete account" });
    await region.getByLabel("Type DELETE to confirm").fill(confirmation);
    await region.getByRole("button", { name: "Delete my account" }).click();
  }

  /** The devices in the sessions list, in its order; the current one marked "(this browser)". */
  async expectSessions(devices: string[]) {
    const rows = this.page.getByRole("region", { name: "Sessions" }).getByTestId("session-row");
    await expect(rows).toHaveCount(devices.length);
    await expect(rows.getByTestId("session-device")).toHaveText(devices.map((device) => device.replace(" (this browser)", "")));
    const current = devices.findIndex((device) => device.endsWith(" (this browser)"));
    await expect(rows.nth(current).getByText("This browser")).toBeVisible();
  }

  async endSession(device: string) {
    const region = this.page.getByRole("region", { name: "Sessions" });
    await region.getByRole("button", { name: `Sign out ${device}` }).click();
    await region.getByRole("button", { name: "Yes, sign out" }).click();
  }

  async endOtherSessions() {
    const region = this.page.getByRole("region", { name: "Sessions" });
    await region.getByRole("button", { name: "Sign out all other sessions" }).click();
    await region.getByRole("button", { name: "Yes, sign out everywhere else" }).click();
  }
}
