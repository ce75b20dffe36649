import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";

async function overflowsHorizontally(page: Page) {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
}

test.use({ viewport: { width: 375, height: 740 } });

test("marketing, sign-in and dashboard pages fit a phone screen", async ({ page, signIn, dashboardPage }) => {
  for (const path of ["/", "/pricing", "/sign-in"]) {
    await page.goto(path);
    expect(await overflowsHorizontally(page), path).toBe(false);
  }
  await signIn();
  await dashboardPage.expectVisible();
  expect(await overflowsHorizontally(page)).toBe(false);
  await dashboardPage.openSection("Settings");
  await expect(page).toHaveURL(/\/dashboard\/settings$/);
  expect(await overflowsHorizontally(page)).toBe(false);
});
