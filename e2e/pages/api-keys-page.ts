import { expect, type Locator, type Page } from "@playwright/test";

export type Expiry = "Never" | "In 30 days" | "In 90 days" | "In 1 year";

export class ApiKeysPage {
  /** The name the last createKey submitted: newKey waits for its callout, not an earlier key's still on the page. */
  private submitted = "";

  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto("/dashboard/api-keys");
    await this.expectVisible();
  }

  async expectVisible() {
    await expect(this.page).toHaveURL(/\/dashboard\/[a-z0-9-]+\/api-keys$/);
    await expect(this.page.getByRole("heading", { level: 1, name: "API keys" })).toBeVisible();
  }

  private get createForm() {
    return this.page.getByRole("region", { name: "Create a key" });
  }

  async createKey(name: string, expires: Expiry = "Never") {
    this.submitted = name.trim();
    await this.createForm.getByLabel("Name").fill(name);
    await this.createForm.getByLabel("Expires").selectOption({ label: expires });
    await this.createForm.getByRole("button", { name: "Create key" }).click();
  }

  /** The full key from the one-time callout (waits for it). */
  async newKey(): Promise<string> {
    await expect(this.page.getByRole("heading", { name: "Copy this key now — you won’t see it again" })).toBeVisible();
    await expect(this.page.getByText(`Your new key “${this.submitted}” is ready.`)).toBeVisible();
    const key = (await this.page.getByTestId("new-api-key").textContent())?.trim() ?? "";
    expect(key).toMatch(/^acme_sk_[A-Za-z0-9_-]{43}$/);
    return key;
  }

  async copyNewKey() {
    await this.page.getByRole("button", { name: "Copy key" }).click();
    await expect(this.page.getByRole("status").filter({ hasText: "Copied to the clipboard." })).toBeVisible();
  }

  async dismissNewKey() {
    await this.page.getByRole("button", { name: "I’ve copied it" }).click();
  }

  async expectNoNewKey() {
    await expect(this.page.getByTestId("new-api-key")).toHaveCount(0);
    await expect(this.page.getByText("Copy this key now")).toHaveCount(0);
  }

  async expectUsage(text: string) {
    await expect(this.page.getByTestId("api-key-usage")).toHaveText(text);
  }

  /** The create form at the plan's limit: the reason above it, its fields and button disabled. */
  async expectLimitReached(reason: string) {
    await expect(this.createForm.getByTestId("plan-limit-notice")).toHaveText(reason);
    await expect(this.createForm.getByLabel("Name")).toBeDisabled();
    await expect(this.createForm.getByRole("button", { name: "Create key" })).toBeDisabled();
  }

  async expectError(message: string | RegExp) {
    await expect(this.createForm.getByRole("alert")).toHaveText(message);
  }

  async expectFieldError(message: string) {
    await expect(this.createForm.getByText(message)).toBeVisible();
  }

  async expectEmpty() {
    await expect(this.page.getByTestId("api-keys-empty")).toBeVisible();
  }

  row(name: string): Locator {
    return this.page.getByTestId("api-key-row").filter({ has: this.page.getByTestId("api-key-name").getByText(name, { exact: true }) });
  }

  async expectKey(
    name: string,
    expected: { display?: string; lastUsed?: string | RegExp; expires?: string | RegExp; status?: "Active" | "Revoked" | "Expired" },
  ) {
    const row = this.row(name);
    await expect(row).toHaveCount(1);
    if (expected.display !== undefined) await expect(row.getByTestId("api-key-display")).toHaveText(expected.display);
    if (expected.lastUsed !== undefined) await expect(row.getByTestId("api-key-last-used")).toHaveText(expected.lastUsed);
    if (expected.expires !== undefined) await expect(row.getByTestId("api-key-expires")).toHaveText(expected.expires);
    if (expected.status !== undefined) await expect(row.getByTestId("api-key-status")).toHaveText(expected.status);
  }

  async expectKeyCount(count: number) {
    await expect(this.page.getByTestId("api-key-row")).toHaveCount(count);
  }

  /** Revokes through the confirmation step and waits for the key to show as revoked. */
  async revoke(name: string) {
    const row = this.row(name);
    await row.getByRole("button", { name: `Revoke ${name}` }).click();
    await row
      .getByRole("group", { name: /^Revoke/ })
      .getByRole("button", { name: "Yes, revoke" })
      .click();
    await expect(row.getByTestId("api-key-status")).toHaveText("Revoked");
    await expect(row.getByRole("button")).toHaveCount(0);
  }
}
