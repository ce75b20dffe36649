// `npm run docs:screenshots`: the README's screenshots, from the real app.
import path from "node:path";
import { test } from "./fixtures";

const docs = path.join(import.meta.dirname, "..", "docs", "screenshots");

test("landing and dashboard @docs", async ({ page, landingPage, signIn, dashboardPage }) => {
  await landingPage.goto();
  await page.screenshot({ path: path.join(docs, "landing.png") });
  await signIn();
  await dashboardPage.expectVisible();
  await page.screenshot({ path: path.join(docs, "dashboard.png") });
});
