// Signing out another browser from the sessions list in settings, as a person with two devices would.
import type { Browser } from "@playwright/test";
import { expect, test, type Mailbox } from "./fixtures";
import { SignInPage } from "./pages/sign-in-page";

const FIREFOX_ON_MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.7; rv:133.0) Gecko/20100101 Firefox/133.0";
const SAFARI_ON_IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";

/** Signs `email` in on another device (a browser context with its own User-Agent) through a new magic link. */
async function signInElsewhere(browser: Browser, mailbox: Mailbox, email: string, userAgent: string) {
  const context = await browser.newContext({ userAgent });
  const page = await context.newPage();
  const sent = (await mailbox.messages(email)).length;
  const signInPage = new SignInPage(page);
  await signInPage.goto();
  await signInPage.requestLink(email);
  await page.goto(await mailbox.signInLink(email, { after: sent }));
  await expect(page).toHaveURL(/\/dashboard\/[a-z0-9-]+$/);
  return { page, close: () => context.close() };
}

test("the sessions list shows each signed-in browser, and signs out another one or all others", async ({
  page,
  browser,
  signIn,
  email,
  mailbox,
  settingsPage,
}) => {
  await signIn();
  const laptop = await signInElsewhere(browser, mailbox, email, FIREFOX_ON_MAC);
  const phone = await signInElsewhere(browser, mailbox, email, SAFARI_ON_IPHONE);

  await settingsPage.goto();
  // Playwright's Desktop Chrome says it runs on Windows.
  await settingsPage.expectSessions(["Chrome on Windows (this browser)", "Safari on iPhone", "Firefox on macOS"]);

  await settingsPage.endSession("Firefox on macOS");
  await settingsPage.expectSessions(["Chrome on Windows (this browser)", "Safari on iPhone"]);
  await laptop.page.goto("/dashboard");
  await expect(laptop.page).toHaveURL(/\/sign-in/);
  await phone.page.goto("/dashboard/account");
  await expect(phone.page.getByRole("heading", { level: 1, name: "Account" })).toBeVisible();

  await settingsPage.endOtherSessions();
  await settingsPage.expectSessions(["Chrome on Windows (this browser)"]);
  await phone.page.goto("/dashboard");
  await expect(phone.page).toHaveURL(/\/sign-in/);

  // This browser stays signed in.
  await page.reload();
  await settingsPage.expectVisible();
  await Promise.all([laptop.close(), phone.close()]);
});
