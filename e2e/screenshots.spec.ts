// `npm run docs:screenshots`: the README's screenshots, from the real app — both themes, desktop and phone.
import path from "node:path";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";

const docs = path.join(import.meta.dirname, "..", "docs", "screenshots");
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

async function shoot(page: Page, name: string, { colorScheme, viewport }: { colorScheme: "light" | "dark"; viewport: typeof DESKTOP }) {
  await page.setViewportSize(viewport);
  await page.emulateMedia({ colorScheme });
  await expect(page.locator("html")).toHaveAttribute("data-theme", colorScheme);
  // Finished transitions: buttons fade their colours, and the theme just changed.
  await page.screenshot({ path: path.join(docs, `${name}.png`), animations: "disabled" });
}

test("landing and dashboard, light and dark, desktop and phone @docs", async ({ page, landingPage, signIn, dashboardPage }) => {
  await landingPage.goto();
  await shoot(page, "landing", { colorScheme: "light", viewport: DESKTOP });
  await shoot(page, "landing-dark", { colorScheme: "dark", viewport: DESKTOP });
  await shoot(page, "landing-phone-dark", { colorScheme: "dark", viewport: PHONE });
  await signIn();
  await dashboardPage.expectVisible();
  await shoot(page, "dashboard", { colorScheme: "light", viewport: DESKTOP });
  await shoot(page, "dashboard-dark", { colorScheme: "dark", viewport: DESKTOP });
  await shoot(page, "dashboard-phone", { colorScheme: "light", viewport: PHONE });
});
