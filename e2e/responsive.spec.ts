import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";

async function overflowsHorizontally(page: Page) {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
}

test.use({ viewport: { width: 375, height: 740 } });

test("marketing, sign-in and every dashboard page fit a phone screen", async ({ page, signIn, dashboardPage }) => {
  for (const path of ["/", "/pricing", "/sign-in"]) {
    await page.goto(path);
    expect(await overflowsHorizontally(page), path).toBe(false);
  }
  await signIn();
  await dashboardPage.expectVisible();
  expect(await overflowsHorizontally(page)).toBe(false);
  for (const [section, path] of [
    ["Posts", "posts"],
    ["Billing", "billing"],
    ["API keys", "api-keys"],
    ["Settings", "settings"],
  ]) {
    await dashboardPage.openSection(section!);
    await expect(page).toHaveURL(new RegExp(`/dashboard/${path}$`));
    expect(await overflowsHorizontally(page), section).toBe(false);
  }
});
