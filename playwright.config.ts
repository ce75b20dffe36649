import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";
import { E2E_PORT } from "./e2e/support/settings";
import { databasePathFromEnv } from "./test/support/database";

// Debian's Chromium when present (Playwright cannot download its own browser offline); otherwise
// the browser `npx playwright install chromium` provides.
const systemChromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const launchOptions = existsSync(systemChromium)
  ? {
      executablePath: systemChromium,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    }
  : {};

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  globalSetup: "./e2e/global-setup.ts",
  // One production server and one database for the run; tests isolate themselves by user.
  workers: 1,
  forbidOnly: !!process.env.CI,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]] : "list",
  use: {
    baseURL: `http://127.0.0.1:${E2E_PORT}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions,
  },
  projects:
    databasePathFromEnv() === "accelerate"
      ? // TEST_DATABASE_PATH=accelerate (`npm run test:accelerate`): the app on a local Accelerate
        // endpoint, through the flows tagged @accelerate, which write and read its data end to end:
        // sign-up, a magic link used once, an API key calling the API, posts through the dashboard
        // and the API, the Stripe webhooks making a user Pro. The other specs check pages, forms
        // and headers, which do not depend on how the app reaches its database.
        [{ name: "e2e-accelerate", grep: /@accelerate/, use: { ...devices["Desktop Chrome"] } }]
      : [
          { name: "e2e", grepInvert: /@docs/, use: { ...devices["Desktop Chrome"] } },
          // `npm run docs:screenshots`: the README's screenshots.
          { name: "docs", grep: /@docs/, use: { ...devices["Desktop Chrome"], viewport: { width: 1280, height: 800 } } },
        ],
});
