// The account page, on this file's own database: what deleting the account takes with it.
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/lib/db";
import { createOrganization, createOrganizationSchema } from "@/lib/organizations/organizations";
import { signIn } from "@/test/support/signed-in";
import { newUser } from "@/test/support/users";

vi.mock("@/lib/auth/session", async () => ({
  ...(await import("@/test/support/signed-in")).stubbedSession,
  currentSessionToken: async () => "this-browser",
}));

const db = getDb();
afterAll(() => db.$disconnect());

async function renderFor(user: Parameters<typeof signIn>[0]) {
  signIn(user);
  const { default: AccountPage } = await import("./page");
  return renderToStaticMarkup(await AccountPage());
}

describe("the account page", () => {
  it("names the organizations deleting the account deletes: those the user is the only member of", async () => {
    const user = await newUser(`account-${Date.now()}@example.com`);
    expect(await renderFor(user)).not.toContain('data-testid="deleted-with-account"');
    await createOrganization(user.id, createOrganizationSchema.parse({ name: "Solo Studio" }));
    const shared = await createOrganization(user.id, createOrganizationSchema.parse({ name: "Shared Inc" }));
    await db.membership.create({ data: { organizationId: shared.id, userId: (await newUser(`partner-${Date.now()}@example.com`)).id, role: "owner" } });
    const html = await renderFor(user);
    expect(html).toMatch(/data-testid="deleted-with-account"[^>]*>[^<]*this organization[^<]*“Solo Studio”/);
    expect(html).not.toContain("Shared Inc");
  });
});
