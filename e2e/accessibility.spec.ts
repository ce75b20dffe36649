import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { DASHBOARD_NAV } from "../components/dashboard/nav-items";
import { expect, test } from "./fixtures";

async function seriousViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`);
}

// Every check runs in both themes: the dark tokens must keep the contrast the light ones have.
for (const colorScheme of ["light", "dark"] as const) {
  test.describe(`${colorScheme} theme`, () => {
    test.use({ colorScheme });

    test("the landing page has no serious or critical accessibility violations", async ({ landingPage, page }) => {
      await landingPage.goto();
      await expect(page.locator("html")).toHaveAttribute("data-theme", colorScheme);
      expect(await seriousViolations(page)).toEqual([]);
    });

    test("the pricing and sign-in pages have none", async ({ page, signInPage }) => {
      await page.goto("/pricing");
      expect(await seriousViolations(page)).toEqual([]);
      await signInPage.goto();
      expect(await seriousViolations(page)).toEqual([]);
    });

    test("every dashboard page the navigation lists has none", async ({ page, signIn, dashboardPage }) => {
      // One scan per section: a new feature's page adds one.
      test.slow();
      await signIn();
      await dashboardPage.expectVisible();
      for (const { label, href } of DASHBOARD_NAV) {
        await dashboardPage.openSection(label);
        await expect(page).toHaveURL(new RegExp(`/dashboard/[a-z0-9-]+${href}$`));
        await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
        expect(await seriousViolations(page), label).toEqual([]);
      }
    });

    test("the API keys and posts pages have none, with content and in their one-time states", async ({ page, signIn, apiKeysPage, postsPage }) => {
      // After a server action the page's metadata (its <title>) streams in after the content: scan once it has.
      const settled = (title: string) => expect(page).toHaveTitle(`${title} · Acme SaaS`);
      await signIn();
      await apiKeysPage.goto();
      expect(await seriousViolations(page)).toEqual([]);
      await apiKeysPage.createKey("Accessibility");
      await apiKeysPage.newKey();
      await settled("API keys");
      expect(await seriousViolations(page)).toEqual([]);

      await postsPage.goto();
      expect(await seriousViolations(page)).toEqual([]);
      await postsPage.create({ title: "   " });
      await postsPage.expectFieldError("Title", "The title cannot be empty.");
      await settled("Posts");
      expect(await seriousViolations(page)).toEqual([]);
      await postsPage.create({ title: "An accessible post", content: "Hello." });
      await postsPage.expectPost("An accessible post", "Draft");
      await settled("Posts");
      expect(await seriousViolations(page)).toEqual([]);
      await postsPage.openEdit("An accessible post");
      await settled("Edit post");
      expect(await seriousViolations(page)).toEqual([]);
    });
  });
}
