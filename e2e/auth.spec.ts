import pg from "pg";
import { expect, test } from "./fixtures";

test(
  "a visitor signs up with a magic link, edits their name, signs out, and is kept out after",
  { tag: "@accelerate" },
  async ({ page, landingPage, signInPage, dashboardPage, settingsPage, mailbox, email }) => {
    await landingPage.goto();
    await landingPage.getStarted();
    await signInPage.expectVisible();
    await signInPage.requestLink(email);
    await page.goto(await mailbox.signInLink(email));

    await dashboardPage.expectVisible();
    await dashboardPage.expectAccount({ email, plan: "Free", name: "Not set" });
    await dashboardPage.expectHeaderAccount(email);

    await dashboardPage.openAccount();
    await settingsPage.expectVisible();
    await settingsPage.setName("Ada Lovelace");
    await settingsPage.expectSaved();
    await dashboardPage.goto();
    await dashboardPage.expectAccount({ email, plan: "Free", name: "Ada Lovelace" });
    await dashboardPage.expectHeaderAccount("Ada Lovelace");

    await dashboardPage.signOut();
    await page.goto("/dashboard/settings");
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fdashboard%2Fsettings$/);
    await signInPage.expectVisible();
  },
);

test("the marketing header offers the dashboard to a signed-in visitor, and sign-in to everyone else", async ({ page, signIn, landingPage }) => {
  const header = page.getByRole("navigation", { name: "Main" });
  await landingPage.goto();
  await expect(header.getByRole("link", { name: "Sign in" })).toBeVisible();
  await expect(header.getByRole("link", { name: "Get started" })).toBeVisible();
  await expect(header.getByRole("link", { name: "Dashboard" })).toHaveCount(0);

  await signIn();
  for (const path of ["/", "/pricing"]) {
    await page.goto(path);
    await expect(header.getByRole("link", { name: "Dashboard" })).toBeVisible();
    await expect(header.getByRole("link", { name: "Sign in" })).toHaveCount(0);
    await expect(header.getByRole("link", { name: "Get started" })).toHaveCount(0);
  }
  await header.getByRole("link", { name: "Dashboard" }).click();
  await expect(page).toHaveURL(/\/dashboard\/[a-z0-9-]+$/);
});

test("signing in from a protected page comes back to it", async ({ page, signIn, settingsPage }) => {
  await page.goto("/dashboard/account");
  await expect(page).toHaveURL(/callbackUrl=%2Fdashboard%2Faccount/);
  await signIn("/dashboard/account");
  await settingsPage.expectVisible();
});

test("the name is validated on the server, and the field stops where the server does", async ({ signIn, settingsPage }) => {
  await signIn();
  await settingsPage.goto();
  await settingsPage.setName("   ");
  await settingsPage.expectFieldError("Enter your name.");
  await settingsPage.setName("x".repeat(81));
  await settingsPage.expectSaved();
  await settingsPage.expectName("x".repeat(80));
});

test("a magic link works once", { tag: "@accelerate" }, async ({ page, signInPage, mailbox, email, dashboardPage }) => {
  await signInPage.goto();
  await signInPage.requestLink(email);
  const link = await mailbox.signInLink(email);
  await page.goto(link);
  await dashboardPage.expectVisible();
  await page.context().clearCookies();
  await page.goto(link);
  await expect(page).toHaveURL(/\/auth-error\?error=Verification/);
  await expect(page.getByRole("alert").filter({ hasText: "already used or it expired" })).toBeVisible();
});

test("deleting the account removes the user and everything they own, and signs them out", async ({ page, signIn, settingsPage, email }) => {
  await signIn();
  const client = new pg.Client(process.env.E2E_DATABASE_URL);
  await client.connect();
  const personal = await client.query(`SELECT o.id FROM "Organization" o JOIN "User" u ON u.id = o."personalOwnerId" WHERE u.email = $1`, [email]);
  await settingsPage.goto();
  await settingsPage.deleteAccount("delete");
  await settingsPage.expectFieldError("Type DELETE to confirm.");
  await settingsPage.deleteAccount();
  await expect(page).toHaveURL(/\/$/);

  const { rows } = await client.query(`SELECT count(*)::int AS users FROM "User" WHERE email = $1`, [email]);
  const left = await client.query(`SELECT count(*)::int AS n FROM "Subscription" WHERE "organizationId" = $1`, [personal.rows[0].id]);
  await client.end();
  expect(rows[0].users).toBe(0);
  expect(left.rows[0].n).toBe(0);

  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("a signed-in visitor sent to sign-in with a hostile callbackUrl stays on this site", async ({ page, signIn, baseURL }) => {
  await signIn();
  for (const callbackUrl of [
    "/\t/evil.example",
    "/\n/evil.example",
    "/\\evil.example",
    "//evil.example",
    "/.//evil.example",
    "https://evil.example/",
    "javascript:alert(1)",
    "/\u3000/evil.example",
  ]) {
    const response = await page.goto(`/sign-in?${new URLSearchParams({ callbackUrl })}`);
    expect(new URL(page.url()).origin, JSON.stringify(callbackUrl)).toBe(new URL(baseURL!).origin);
    expect(response!.status(), JSON.stringify(callbackUrl)).toBeLessThan(500);
  }
  // A path on this site is where sign-in sends them (an old dashboard link: on to their organization's page).
  await page.goto(`/sign-in?${new URLSearchParams({ callbackUrl: "/dashboard/settings" })}`);
  await expect(page).toHaveURL(/\/dashboard\/[a-z0-9-]+\/settings$/);
});

test("asking for too many sign-in emails brings the user back to sign-in, told when to retry", async ({ page, signInPage, email }) => {
  for (let i = 0; i < 3; i++) {
    await signInPage.goto();
    await signInPage.requestLink(email);
  }
  await signInPage.goto("/dashboard/posts");
  await page.getByLabel("Email address").fill(email.toUpperCase());
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page).toHaveURL(/\/sign-in\?error=EmailRateLimited&retryAt=\d+&callbackUrl=%2Fdashboard%2Fposts$/);
  await expect(page.getByRole("alert").filter({ hasText: /Too many sign-in emails .* Try again in \d+ (seconds|minutes)\./ })).toBeVisible();
});
