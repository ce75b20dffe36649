import { expect, test } from "./fixtures";
import { ApiKeysPage } from "./pages/api-keys-page";

/** Calls the API as a client program would: over HTTP, with the key as a bearer token. */
async function getMe(baseURL: string, key: string) {
  return fetch(`${baseURL}/api/v1/me`, { headers: { Authorization: `Bearer ${key}` } });
}

test(
  "a key created in the dashboard calls the API, records its use, and stops working once revoked",
  { tag: "@accelerate" },
  async ({ page, signIn, email, dashboardPage, apiKeysPage, baseURL }) => {
    await signIn();
    await dashboardPage.openSection("API keys");
    await apiKeysPage.expectVisible();
    await apiKeysPage.expectEmpty();
    await apiKeysPage.expectUsage("0 of 1 active keys");

    await apiKeysPage.createKey("CI server");
    const key = await apiKeysPage.newKey();
    await apiKeysPage.expectUsage("1 of 1 active keys");
    await apiKeysPage.expectKey("CI server", { display: `acme_sk_…${key.slice(-4)}`, lastUsed: "Never", expires: "Never", status: "Active" });

    const me = await getMe(baseURL!, key);
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ email, plan: "free" });

    await page.reload();
    await apiKeysPage.expectNoNewKey();
    await apiKeysPage.expectKey("CI server", { lastUsed: /^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2}\s[AP]M UTC$/, status: "Active" });

    await apiKeysPage.revoke("CI server");
    await apiKeysPage.expectUsage("0 of 1 active keys");
    expect((await getMe(baseURL!, key)).status).toBe(401);

    // Revoked keys stay listed, as revoked.
    await page.reload();
    await apiKeysPage.expectKey("CI server", { status: "Revoked" });
  },
);

test("the full key is shown once: copied from the callout, gone after a reload", async ({ page, context, signIn, apiKeysPage, baseURL }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL });
  await signIn();
  await apiKeysPage.goto();
  await apiKeysPage.createKey("Laptop", "In 30 days");
  const key = await apiKeysPage.newKey();
  await apiKeysPage.copyNewKey();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);
  await apiKeysPage.expectKey("Laptop", { expires: /^[A-Z][a-z]{2} \d{1,2}, \d{4}$/, status: "Active" });

  // Not in the URL, not in a cookie, and not in the page once it is reloaded.
  expect(page.url()).not.toContain(key);
  expect((await context.cookies()).some((cookie) => cookie.value.includes(key))).toBe(false);
  await page.reload();
  await apiKeysPage.expectVisible();
  await apiKeysPage.expectNoNewKey();
  expect(await page.content()).not.toContain(key);
  await apiKeysPage.expectKey("Laptop", { display: `acme_sk_…${key.slice(-4)}` });

  // Dismissing the callout hides it without a reload, too.
  await apiKeysPage.revoke("Laptop");
  await apiKeysPage.createKey("Laptop 2");
  await apiKeysPage.newKey();
  await apiKeysPage.dismissNewKey();
  await apiKeysPage.expectNoNewKey();
});

test("the free plan's one active key disables the form, the server refuses a form sent from before; revoking makes room", async ({
  page,
  signIn,
  apiKeysPage,
  baseURL,
}) => {
  await signIn();
  await apiKeysPage.goto();
  // A second tab, opened while there is room: it does not know when the first one fills it.
  const staleTab = new ApiKeysPage(await page.context().newPage());
  await staleTab.goto();

  await apiKeysPage.createKey("   ");
  await apiKeysPage.expectFieldError("Give the key a name.");
  await apiKeysPage.expectKeyCount(0);

  await apiKeysPage.createKey("First");
  const first = await apiKeysPage.newKey();
  await apiKeysPage.expectLimitReached("You have 1 of 1 active API keys on Free. Revoke one to make room, or upgrade to Pro for more.");
  await apiKeysPage.expectKeyCount(1);
  await apiKeysPage.expectUsage("1 of 1 active keys");

  await staleTab.createKey("Second");
  await staleTab.expectError("Your plan allows 1 active API key. Revoke one, or upgrade.");
  await staleTab.expectNoNewKey();

  await apiKeysPage.revoke("First");
  await apiKeysPage.createKey("Second");
  const second = await apiKeysPage.newKey();
  await apiKeysPage.expectError("");
  await apiKeysPage.expectKeyCount(2);
  await apiKeysPage.expectKey("First", { status: "Revoked" });
  await apiKeysPage.expectKey("Second", { status: "Active" });
  await apiKeysPage.expectUsage("1 of 1 active keys");

  expect((await getMe(baseURL!, first)).status).toBe(401);
  expect((await getMe(baseURL!, second)).status).toBe(200);
});
