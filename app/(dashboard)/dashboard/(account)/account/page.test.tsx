// The account page, on this file's own database: what deleting the account takes with it.
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/lib/db";
import { createOrganization, createOrganizationSchema } from "@/lib/organizations/organizations";
import { newUser } from "@/test/support/users";

const session = vi.hoisted(() => ({ user: null as unknown }));
vi.mock("@/lib/auth/session", () => ({ requireUser: async () => session.user, currentSessionToken: async () => "this-browser" }));

const db = getDb();
afterAll(() => db.$disconnect());

async function renderFor(user: { id: string }) {
  session.user = await db.user.findUniqueOrThrow({ where: { id: user.id } });
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
