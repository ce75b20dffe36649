// Dark mode: the system's scheme by default, a stored choice that wins and survives a reload, and the
// theme on <html> before the first paint, on the prerendered pages (hash policy) and the pages
// rendered per request (nonce policy) alike.
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";

/**
 * The theme <html> carried when the document finished parsing, and every CSP violation. Only the inline
 * theme script in <head> sets data-theme, and it runs before <body> is parsed: if the policy blocked
 * it, the attribute would be missing and a violation reported.
 */
async function watchFirstPaint(page: Page) {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => console.error(`Content Security Policy violation: ${event.violatedDirective}`));
    document.addEventListener("DOMContentLoaded", () => {
      document.documentElement.dataset.themeAtLoad = document.documentElement.dataset.theme ?? "none";
    });
  });
  return {
    violations,
    themeAtLoad: () => page.locator("html").getAttribute("data-theme-at-load"),
    background: () => page.evaluate(() => getComputedStyle(document.body).backgroundColor),
  };
}

const DARK_BACKGROUND = "rgb(9, 9, 11)";
const LIGHT_BACKGROUND = "rgb(255, 255, 255)";

for (const path of ["/", "/sign-in"]) {
  test(`${path} follows a dark system from its first paint, its theme script allowed by the policy`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: "dark" });
    const paint = await watchFirstPaint(page);
    await page.goto(path);
    expect(await paint.themeAtLoad()).toBe("dark");
    expect(await paint.background()).toBe(DARK_BACKGROUND);
    expect(paint.violations).toEqual([]);
  });
}

test("a picked theme wins over the system's, survives a reload, and System goes back to following it", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "light" });
  const paint = await watchFirstPaint(page);
  await page.goto("/sign-in");
  const toggle = page.getByRole("group", { name: "Theme" });
  await expect(toggle.getByRole("button", { name: "System" })).toHaveAttribute("aria-pressed", "true");
  expect(await paint.background()).toBe(LIGHT_BACKGROUND);

  await toggle.getByRole("button", { name: "Dark" }).click();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  await expect(toggle.getByRole("button", { name: "Dark" })).toHaveAttribute("aria-pressed", "true");
  await expect.poll(paint.background).toBe(DARK_BACKGROUND);

  for (const path of ["/sign-in", "/"]) {
    await page.goto(path);
    expect(await paint.themeAtLoad(), path).toBe("dark");
    expect(await paint.background(), path).toBe(DARK_BACKGROUND);
    await expect(page.getByRole("group", { name: "Theme" }).getByRole("button", { name: "Dark" })).toHaveAttribute("aria-pressed", "true");
  }

  await page.getByRole("group", { name: "Theme" }).getByRole("button", { name: "System" }).click();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "light");
  await page.reload();
  expect(await paint.themeAtLoad()).toBe("light");
  await page.emulateMedia({ colorScheme: "dark" });
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark"); // following the system, live
  expect(paint.violations).toEqual([]);
});

test("a stored light theme keeps a dark system's visitor in light from the first paint", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "dark" });
  await page.addInitScript(() => window.localStorage.setItem("theme", "light"));
  const paint = await watchFirstPaint(page);
  await page.goto("/");
  expect(await paint.themeAtLoad()).toBe("light");
  expect(await paint.background()).toBe(LIGHT_BACKGROUND);
});
