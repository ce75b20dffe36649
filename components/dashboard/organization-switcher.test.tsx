// The organization switcher, rendered with the user's organizations as lib/organizations lists them.
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { listMemberOrganizations } from "@/lib/organizations/active";
import { newUser } from "@/test/support/users";
import { OrganizationSwitcher } from "./organization-switcher";

const db = getDb();
afterAll(() => db.$disconnect());

const links = (html: string) =>
  [...html.matchAll(/<a ([^>]*)>(.*?)<\/a>/g)].map(([, attributes = "", inner = ""]) => ({
    attributes,
    text: inner
      .replace(/<[^>]+>/g, " ")
      .replaceAll("&#x27;", "'")
      .replace(/\s+/g, " ")
      .trim(),
  }));

describe("the organization switcher", () => {
  it("links to each of the user's organizations, personal first, marks the current one, and offers to create one", async () => {
    const user = await newUser(`switcher-${Math.random()}@example.com`, {}, "Sam");
    const stranger = await newUser(`stranger-${Math.random()}@example.com`);
    const suffix = Math.random().toString(36).slice(2, 8);
    for (const [name, role] of [
      ["Zeta", "member"],
      ["Acme", "admin"],
    ] as const) {
      await db.organization.create({ data: { name, slug: `${name.toLowerCase()}-${suffix}`, memberships: { create: { userId: user.id, role } } } });
    }
    await db.organization.create({
      data: { name: "Not theirs", slug: `not-theirs-${suffix}`, memberships: { create: { userId: stranger.id, role: "owner" } } },
    });
    const personal = await db.organization.findUniqueOrThrow({ where: { id: user.organizationId } });

    const html = renderToStaticMarkup(<OrganizationSwitcher organizations={await listMemberOrganizations(user.id)} current={`acme-${suffix}`} />);

    expect(html).toMatch(/^<details[^>]*><summary[^>]*>.*Acme.*<\/summary><nav aria-label="Organizations"/);
    const listed = links(html);
    expect(listed.map(({ text }) => text)).toEqual([`${personal.name} Personal`, "Acme admin", "Zeta member", "Create organization"]);
    expect(listed.map(({ attributes }) => /href="([^"]+)"/.exec(attributes)?.[1])).toEqual([
      `/dashboard/${personal.slug}`,
      `/dashboard/acme-${suffix}`,
      `/dashboard/zeta-${suffix}`,
      "/dashboard/new",
    ]);
    expect(listed.filter(({ attributes }) => attributes.includes('aria-current="page"')).map(({ text }) => text)).toEqual(["Acme admin"]);
  });
});
