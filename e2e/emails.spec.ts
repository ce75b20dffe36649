// The emails the app sends, received by the run's SMTP server (e2e/support/mailbox.ts) and read as a
// user would: the branded sign-in link, and the billing notices Stripe's webhooks cause.
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import type { BillingPage } from "./pages/billing-page";
import { userIdByEmail } from "./support/database";
import { cancelSubscription, completeCheckout, deliverWebhook, failRenewal, portalSessionsOpened } from "./support/stripe";

/** Signs in and subscribes to Pro through the billing page, Checkout and Stripe's webhooks. */
async function signInAsPro({
  page,
  signIn,
  billingPage,
  email,
  baseURL,
}: {
  page: Page;
  signIn: () => Promise<void>;
  billingPage: BillingPage;
  email: string;
  baseURL?: string;
}) {
  await signIn();
  await billingPage.goto();
  await billingPage.upgradeMonthly();
  await expect(page.getByRole("heading", { name: "Fake Stripe Checkout" })).toBeVisible();
  return completeCheckout(baseURL!, await userIdByEmail(email));
}

const hrefs = (html: string) => [...html.matchAll(/href="([^"]+)"/g)].map((match) => match[1]!.replaceAll("&amp;", "&"));

test("the sign-in email is branded, has a text part, and its HTML link signs the user in", async ({ page, signInPage, mailbox, dashboardPage, email }) => {
  await signInPage.goto();
  await signInPage.requestLink(email);
  const mail = await mailbox.message(email, "Sign in to Acme SaaS");
  const link = await mailbox.signInLink(email);
  expect(mail.text).toContain(`Sign in:\n${link}`);
  expect(mail.html).toContain("Acme SaaS");
  expect(hrefs(mail.html)).toContain(link);

  await page.goto(hrefs(mail.html).find((href) => href.includes("/api/auth/callback/email"))!);
  await dashboardPage.expectVisible();
});

test(
  "a failed renewal emails the user once; its link opens the Customer Portal, through sign-in when signed out",
  { tag: "@accelerate" },
  async ({ page, browser, signIn, billingPage, email, baseURL, mailbox }) => {
    const subscription = await signInAsPro({ page, signIn, billingPage, email, baseURL });
    const nextAttempt = Math.floor(Date.now() / 1000) + 3 * 86_400;
    const event = await failRenewal(baseURL!, subscription, nextAttempt);

    const mail = await mailbox.message(email, "Your payment for Acme SaaS Pro failed");
    const day = new Date(nextAttempt * 1000).toLocaleDateString("en-US", { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" });
    expect(mail.text).toContain("we could not charge $19.00 to your card");
    expect(mail.text).toContain(`we will try the payment again on ${day}`);
    const portalLink = mail.text.match(/Update your card:\n(\S+)/)?.[1];
    // The portal page of the organization whose subscription it is.
    expect(portalLink).toMatch(new RegExp(`^${baseURL}/dashboard/[a-z0-9-]+/billing/portal$`));
    expect(hrefs(mail.html)).toContain(portalLink);

    // Stripe redelivers the event: nothing more is sent.
    await deliverWebhook(baseURL!, event);
    // The link opens a page with a button: the GET opens no portal session, the button (a POST) does.
    const customer = String(subscription.customer);
    const before = await portalSessionsOpened(customer);
    await page.goto(portalLink!);
    await expect(page.getByRole("heading", { level: 1, name: "Billing portal" })).toBeVisible();
    expect(await portalSessionsOpened(customer)).toBe(before);
    await page.getByRole("button", { name: "Open the billing portal" }).click();
    await expect(page.getByRole("heading", { name: "Fake Stripe Customer Portal" })).toBeVisible();
    expect(await portalSessionsOpened(customer)).toBe(before + 1);
    expect((await mailbox.messages(email)).filter((m) => m.subject === mail.subject)).toHaveLength(1);

    // Read on another device, signed out: sign in first, then the portal.
    const context = await browser.newContext();
    const other = await context.newPage();
    await other.goto(portalLink!);
    await expect(other).toHaveURL(/\/sign-in\?callbackUrl=%2Fdashboard%2F[a-z0-9-]+%2Fbilling%2Fportal$/);
    await context.close();
  },
);

test("when Pro ends the user is told, and the email's link shows them back on the Free plan", async ({
  page,
  signIn,
  email,
  baseURL,
  mailbox,
  billingPage,
}) => {
  const subscription = await signInAsPro({ page, signIn, billingPage, email, baseURL });
  await cancelSubscription(baseURL!, subscription);

  const mail = await mailbox.message(email, "Your Acme SaaS Pro plan has ended");
  expect(mail.text).toContain("your subscription was canceled. Your account is now on the Free plan");
  const billingLink = mail.text.match(/Go to billing:\n(\S+)/)?.[1];
  expect(billingLink).toMatch(new RegExp(`^${baseURL}/dashboard/[a-z0-9-]+/billing$`));
  await page.goto(billingLink!);
  await billingPage.expectPlan("Free");
});
