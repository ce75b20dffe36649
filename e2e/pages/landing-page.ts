import { expect, type Page } from "@playwright/test";
import { PRODUCT_PREVIEW_LABEL } from "../../components/marketing/product-preview";

export class LandingPage {
  constructor(private readonly page: Page) {}

  /** The hero's picture of the product (components/marketing/product-preview.tsx), by its description. */
  readonly productPreview = () => this.page.getByRole("img", { name: PRODUCT_PREVIEW_LABEL });

  async goto() {
    await this.page.goto("/");
    await expect(this.page.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(this.productPreview()).toBeVisible();
  }

  async getStarted() {
    await this.page.getByRole("link", { name: "Get started for free" }).click();
  }
}
