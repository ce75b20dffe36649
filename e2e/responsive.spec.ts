import type { Page } from "@playwright/test";
import { DASHBOARD_NAV } from "../components/dashboard/nav-items";
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
  // Every section the navigation lists, a new feature's included.
  for (const { label, href } of DASHBOARD_NAV) {
    await dashboardPage.openSection(label);
    await expect(page).toHaveURL(new RegExp(`${href}$`));
    expect(await overflowsHorizontally(page), label).toBe(false);
  }
});
