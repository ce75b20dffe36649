// Keyboard users skip the header and navigation: the first Tab of every page reaches a link to its <main id="main">.
import { expect, test } from "./fixtures";

test("the first Tab reaches a visible skip link, which moves on to the page's main content", async ({ page, signIn, dashboardPage }) => {
  const skip = async () => {
    await page.keyboard.press("Tab");
    const link = page.getByRole("link", { name: "Skip to content" });
    await expect(link).toBeFocused();
    expect((await link.boundingBox())!.width).toBeGreaterThan(50); // on screen, not the 1px of sr-only
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/#main$/);
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.closest("main")?.id)).toBe("main");
  };
  await page.goto("/");
  await skip();
  await signIn();
  await dashboardPage.expectVisible();
  await skip();
});
