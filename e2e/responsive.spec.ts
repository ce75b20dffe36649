import { randomUUID } from "node:crypto";
import type { Locator, Page } from "@playwright/test";
import { DASHBOARD_NAV } from "../components/dashboard/nav-items";
import { expect, test } from "./fixtures";

async function overflowsHorizontally(page: Page) {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
}

/** The screen lines each text shown inside `locator` takes (one entry per text node). */
async function textLines(locator: Locator) {
  return locator.evaluate((element) => {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    const lines: { text: string; lines: number }[] = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.textContent?.trim()) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const tops = new Set([...range.getClientRects()].filter((rect) => rect.width > 0).map((rect) => Math.round(rect.top)));
      if (tops.size > 0) lines.push({ text: node.textContent.trim(), lines: tops.size }); // hidden text has no lines
    }
    return lines;
  });
}

/** How many tabs each row of the navigation holds, top row first (a row is the tabs with one offsetTop). */
async function tabsPerRow(nav: Locator) {
  return nav.evaluate((element) => {
    const rows = new Map<number, number>();
    for (const tab of element.querySelectorAll("a")) rows.set(tab.offsetTop, (rows.get(tab.offsetTop) ?? 0) + 1);
    return [...rows.entries()].sort(([top], [other]) => top - other).map(([, tabs]) => tabs);
  });
}

test.use({
  viewport: { width: 375, height: 740 },
  // A long address, as people have: 40 characters, still unique per test.
  email: async ({}, use) => use(`${randomUUID().slice(0, 8)}.anne-marie.lastname@example.com`),
});

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
    await expect(page).toHaveURL(new RegExp(`/dashboard/[a-z0-9-]+${href}$`));
    expect(await overflowsHorizontally(page), label).toBe(false);
  }
});

test.describe("on a 390 px phone", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("the marketing header keeps each of its items on one line", async ({ page }) => {
    for (const path of ["/", "/pricing"]) {
      await page.goto(path);
      const texts = await textLines(page.getByRole("banner"));
      expect(texts.map((item) => item.text)).toEqual(expect.arrayContaining(["Acme SaaS", "Pricing", "Sign in"]));
      expect(await overflowsHorizontally(page), path).toBe(false);
      for (const item of texts) expect(item.lines, `${path}: "${item.text}"`).toBe(1);
    }
  });

  test("the landing hero shows the product within the screen's width, below the call to action", async ({ page, landingPage }) => {
    await landingPage.goto();
    const preview = await landingPage.productPreview().boundingBox();
    const start = await page.getByRole("link", { name: "Get started for free" }).boundingBox();
    expect(preview!.x).toBeGreaterThanOrEqual(0);
    expect(preview!.x + preview!.width).toBeLessThanOrEqual(390);
    expect(preview!.y).toBeGreaterThan(start!.y + start!.height);
    expect(await overflowsHorizontally(page)).toBe(false);
  });

  test("every dashboard section is in sight without scrolling, no tab alone on a row, and the curl example breaks only between its two lines", async ({
    page,
    signIn,
    email,
    dashboardPage,
    apiKeysPage,
  }) => {
    expect(email).toHaveLength(40);
    await signIn();
    await expect(page.getByTestId("account-email")).toHaveText(email);
    expect(await overflowsHorizontally(page)).toBe(false);

    const nav = page.getByRole("navigation", { name: "Dashboard" });
    await expect(nav.getByRole("link")).toHaveCount(DASHBOARD_NAV.length);
    for (const link of await nav.getByRole("link").all()) {
      const box = (await link.boundingBox())!;
      expect(box.x >= 0 && box.x + box.width <= 390, `${await link.textContent()} at x ${box.x}–${box.x + box.width}`).toBe(true);
    }
    expect(await nav.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);
    const rows = await tabsPerRow(nav);
    expect(rows.reduce((sum, tabs) => sum + tabs, 0)).toBe(DASHBOARD_NAV.length);
    if (rows.length > 1) expect(Math.min(...rows), `tabs per row: ${rows.join(" + ")}`).toBeGreaterThan(1);

    // The address is on the overview and the settings page: neither widens the page.
    for (const { label, href } of DASHBOARD_NAV) {
      await dashboardPage.openSection(label);
      await expect(page).toHaveURL(new RegExp(`/dashboard/[a-z0-9-]+${href}$`));
      expect(await overflowsHorizontally(page), label).toBe(false);
    }

    await apiKeysPage.goto();
    expect(await textLines(page.getByTestId("curl-example"))).toEqual([{ text: expect.stringMatching(/^curl .*Bearer <your-api-key>"$/s), lines: 2 }]);
  });
});
