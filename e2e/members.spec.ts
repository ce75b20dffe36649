// Inviting someone to an organization and their joining through the emailed link, as two people in
// two browsers: the invitee is signed out, signs up on the way, and lands back on the invitation.
import { randomUUID } from "node:crypto";
import { expect, test } from "./fixtures";
import { SignInPage } from "./pages/sign-in-page";

test("an owner invites an address as admin; its owner signs up through the link, joins once, and the owner sees them", async ({
  page,
  browser,
  signIn,
  mailbox,
}) => {
  // Two people sign in through magic links: twice a single sign-in's time.
  test.slow();
  const invitee = `invitee-${randomUUID().slice(0, 8)}@example.com`;
  await signIn();
  // The owner's own organization: where /dashboard lands them.
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/^[^?]*\/dashboard\/[^/?]+$/);
  const members = `${new URL(page.url()).pathname}/members`;
  await page.goto(members);
  await expect(page.getByRole("heading", { level: 1, name: "Members" })).toBeVisible();
  await page.getByLabel("Email address").fill(invitee);
  await page.getByLabel("Role", { exact: true }).selectOption("admin");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Invitation sent to ${invitee}.` })).toBeVisible();
  await expect(page.getByTestId("invitation-email")).toHaveText([invitee]);

  let link: string | undefined;
  await expect
    .poll(async () => (link = (await mailbox.messages(invitee)).at(-1)?.text.match(/https?:\/\/\S+\/invitations\/[A-Za-z0-9_-]+/)?.[0]), {
      message: `an invitation email for ${invitee}`,
    })
    .toBeDefined();
  const path = new URL(link!).pathname;

  // The invitee, in a browser of their own, with no account yet.
  const context = await browser.newContext();
  const theirs = await context.newPage();
  await theirs.goto(path);
  await expect(theirs).toHaveURL(`/sign-in?${new URLSearchParams({ callbackUrl: path })}`);
  await new SignInPage(theirs).requestLink(invitee);
  await theirs.goto(await mailbox.signInLink(invitee));
  await expect(theirs).toHaveURL(path);
  await theirs.getByRole("button", { name: /^Join / }).click();
  await expect(theirs).toHaveURL(members);

  // The link worked once.
  await theirs.goto(path);
  await expect(theirs.getByTestId("invitation-problem")).toHaveText("This invitation has already been used.");
  await context.close();

  await page.reload();
  const row = page.getByTestId("member-row").filter({ hasText: invitee });
  await expect(row.getByTestId("member-role")).toHaveText("admin");
  await expect(page.getByTestId("invitations-empty")).toBeVisible();
});
