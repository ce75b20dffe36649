// The e2e test API: page objects, the mailbox, and a signed-in user in one call.
import { randomUUID } from "node:crypto";
import { test as base, expect } from "@playwright/test";
import { ApiKeysPage } from "./pages/api-keys-page";
import { BillingPage } from "./pages/billing-page";
import { DashboardPage } from "./pages/dashboard-page";
import { LandingPage } from "./pages/landing-page";
import { PostsPage } from "./pages/posts-page";
import { SettingsPage } from "./pages/settings-page";
import { SignInPage } from "./pages/sign-in-page";
import { readMails, type Mail } from "./support/mailbox";

export class Mailbox {
  /** The link of the latest sign-in email sent to `email`, after the first `after` emails (waits for it to arrive). */
  async signInLink(email: string, { after = 0 } = {}): Promise<string> {
    let link: string | undefined;
    await expect
      .poll(
        async () => {
          const mails = (await readMails(process.env.E2E_MAILBOX_URL!, email)).slice(after);
          link = mails.at(-1)?.text.match(/https?:\/\/\S+\/api\/auth\/callback\/email\?\S+/)?.[0];
          return link;
        },
        { message: `a sign-in email for ${email}` },
      )
      .toBeDefined();
    return link!;
  }

  /** The latest email with `subject` sent to `email` (waits for it to arrive). */
  async message(email: string, subject: string): Promise<Mail> {
    let mail: Mail | undefined;
    await expect
      .poll(
        async () => {
          mail = (await this.messages(email)).findLast((candidate) => candidate.subject === subject);
          return mail;
        },
        { message: `an email "${subject}" for ${email}` },
      )
      .toBeDefined();
    return mail!;
  }

  /** Every email sent to `email` so far, oldest first. */
  async messages(email: string): Promise<Mail[]> {
    return readMails(process.env.E2E_MAILBOX_URL!, email);
  }
}

type Fixtures = {
  landingPage: LandingPage;
  signInPage: SignInPage;
  dashboardPage: DashboardPage;
  settingsPage: SettingsPage;
  billingPage: BillingPage;
  apiKeysPage: ApiKeysPage;
  postsPage: PostsPage;
  mailbox: Mailbox;
  /** A unique address per test, so tests never share a user. */
  email: string;
  /** Signs `email` in through a real magic link and returns the dashboard. */
  signIn: (callbackUrl?: string) => Promise<void>;
};

export const test = base.extend<Fixtures>({
  landingPage: async ({ page }, use) => use(new LandingPage(page)),
  signInPage: async ({ page }, use) => use(new SignInPage(page)),
  dashboardPage: async ({ page }, use) => use(new DashboardPage(page)),
  settingsPage: async ({ page }, use) => use(new SettingsPage(page)),
  billingPage: async ({ page }, use) => use(new BillingPage(page)),
  apiKeysPage: async ({ page }, use) => use(new ApiKeysPage(page)),
  postsPage: async ({ page }, use) => use(new PostsPage(page)),
  mailbox: async ({}, use) => use(new Mailbox()),
  email: async ({}, use) => use(`user-${randomUUID().slice(0, 8)}@example.com`),
  signIn: async ({ page, signInPage, mailbox, email }, use) => {
    await use(async (callbackUrl) => {
      await signInPage.goto(callbackUrl);
      await signInPage.requestLink(email);
      await page.goto(await mailbox.signInLink(email));
    });
  },
});

export { expect };
