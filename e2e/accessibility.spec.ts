import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";

async function seriousViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`);
}

test("the landing page has no serious or critical accessibility violations", async ({ landingPage, page }) => {
  await landingPage.goto();
  expect(await seriousViolations(page)).toEqual([]);
});

test("the pricing and sign-in pages have none", async ({ page, signInPage }) => {
  await page.goto("/pricing");
  expect(await seriousViolations(page)).toEqual([]);
  await signInPage.goto();
  expect(await seriousViolations(page)).toEqual([]);
});

test("the dashboard, billing and settings have none", async ({ page, signIn, dashboardPage, billingPage, settingsPage }) => {
  await signIn();
  await dashboardPage.expectVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await billingPage.goto();
  expect(await seriousViolations(page)).toEqual([]);
  await settingsPage.goto();
  expect(await seriousViolations(page)).toEqual([]);
});
