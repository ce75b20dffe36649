import { expect, test } from "./fixtures";

/** The page's URL ends with `path` (query included). */
const at = (path: string) => new RegExp(`${path.replace(/[?.]/g, "\\$&")}$`);

test("a user creates an organization from the switcher, renames it (the old address still leads there), and deletes it", async ({
  page,
  signIn,
  dashboardPage,
}) => {
  await signIn();
  await dashboardPage.expectVisible();
  const personal = new URL(page.url()).pathname;
  const switcher = page.getByTestId("organization-switcher");

  // The switcher opens from the keyboard, and lists the user's organizations as links.
  await switcher.locator("summary").focus();
  await page.keyboard.press("Enter");
  const organizations = page.getByRole("navigation", { name: "Organizations" });
  await expect(organizations.getByRole("link")).toHaveText([/Personal/, "Create organization"]);
  await organizations.getByRole("link", { name: "Create organization" }).click();

  const name = `Team ${Date.now()}`;
  await page.getByLabel("Name").fill(name);
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page).toHaveURL(new RegExp(`/dashboard/team-\\d+$`));
  const slug = new URL(page.url()).pathname.split("/")[2]!;
  await expect(switcher.locator("summary")).toContainText(name);

  // An old link lands in the organization used last, keeping its path and query — the one opened,
  // not one the switcher merely showed and the pointer passed over: a page prefetched would move the
  // cookie (the proxy cannot tell a router prefetch from a page opened), so the switcher's links are
  // not prefetched. Reloaded first: this tab's router cache already holds the personal page.
  await page.reload();
  await switcher.locator("summary").click();
  const prefetched = page.waitForResponse((response) => response.url().includes(`${personal}?_rsc=`), { timeout: 3_000 }).catch(() => null);
  await organizations.getByRole("link", { name: /Personal/ }).hover();
  expect(await prefetched, "the switcher's link to another organization was prefetched").toBeNull();
  await page.goto("/dashboard/posts?x=1");
  await expect(page).toHaveURL(at(`/dashboard/${slug}/posts?x=1`));

  await dashboardPage.openSection("Settings");
  const organization = page.getByRole("region", { name: "Organization", exact: true });
  await organization.getByLabel("Address").fill("settings");
  await organization.getByRole("button", { name: "Save" }).click();
  await expect(organization.getByText("“settings” is reserved. Choose another.")).toBeVisible();
  await organization.getByLabel("Address").fill(`${slug}-renamed`);
  await organization.getByRole("button", { name: "Save" }).click();
  await expect(page).toHaveURL(at(`/dashboard/${slug}-renamed/settings?renamed=1`));
  await page.goto(`/dashboard/${slug}/posts`);
  await expect(page).toHaveURL(at(`/dashboard/${slug}-renamed/posts`));

  await dashboardPage.openSection("Settings");
  const danger = page.getByRole("region", { name: "Delete organization" });
  await danger.getByLabel(`Type ${name} to confirm`).fill(name);
  await danger.getByRole("button", { name: "Delete this organization" }).click();
  await expect(page).toHaveURL(at(personal));
  expect((await page.goto(`/dashboard/${slug}-renamed`))!.status()).toBe(404);
});
