// The seed runs inside `npm run dev`: its output is one line, unless query logging is asked for.
import { afterAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { runScript } from "@/test/support/scripts";
import { newUser } from "@/test/support/users";

const db = getDb();
afterAll(() => db.$disconnect());

const seedEnv = (extra: Record<string, string> = {}) => {
  const { NODE_ENV: _, LOG_QUERIES: __, ...env } = process.env; // as `npm run dev` runs it: development, no opt-in
  return { ...env, ...extra } as NodeJS.ProcessEnv;
};

describe("prisma/seed.ts", () => {
  it("prints no SQL by default, only what it seeded", async () => {
    const result = await runScript("prisma/seed.ts", [], { env: seedEnv() });
    expect(result.code, result.output).toBe(0);
    expect(result.output).not.toContain("prisma:query");
    expect(result.output.trim()).toBe("Seeded demo@example.com and teammate@example.com, members of Acme (acme)");
  });

  it("prints every statement with LOG_QUERIES=1", async () => {
    const result = await runScript("prisma/seed.ts", [], { env: seedEnv({ LOG_QUERIES: "1" }) });
    expect(result.code, result.output).toBe(0);
    expect(result.output).toMatch(/prisma:query .*"User"/);
  });

  it("creates the demo user with their personal organization, which owns their subscription and posts — once, however often it runs", async () => {
    for (let run = 0; run < 2; run++) expect((await runScript("prisma/seed.ts", [], { env: seedEnv() })).code).toBe(0);
    const demo = await db.user.findUniqueOrThrow({ where: { email: "demo@example.com" }, include: { memberships: true, posts: true } });
    const organization = await db.organization.findUniqueOrThrow({ where: { personalOwnerId: demo.id }, include: { subscription: true } });
    expect(organization).toMatchObject({ name: "Demo User's organization", slug: "demo-user" });
    expect(demo.memberships).toContainEqual(expect.objectContaining({ organizationId: organization.id, role: "owner" }));
    expect(organization.subscription).toMatchObject({ plan: "free", organizationId: organization.id });
    expect(demo.posts).toHaveLength(2);
    expect(demo.posts.map((post) => post.organizationId)).toEqual([organization.id, organization.id]);
  });

  it("creates a demo team, Acme, with its own free subscription, owned by the demo user with a second demo user as its member, each user created as sign-up creates them — once, however often it runs", async () => {
    for (let run = 0; run < 2; run++) expect((await runScript("prisma/seed.ts", [], { env: seedEnv() })).code).toBe(0);
    const team = await db.organization.findUniqueOrThrow({ where: { slug: "acme" }, include: { memberships: true, subscription: true } });
    expect(team).toMatchObject({ name: "Acme", personalOwnerId: null, subscription: { plan: "free", status: "active", stripeCustomerId: null } });
    const member = (email: string) =>
      db.user.findUniqueOrThrow({ where: { email }, include: { memberships: true, personalOrganization: { include: { subscription: true } } } });
    const [demo, teammate] = [await member("demo@example.com"), await member("teammate@example.com")];
    expect(teammate.personalOrganization).toMatchObject({ name: "Demo Teammate's organization", slug: "demo-teammate" });
    expect(teammate.personalOrganization!.subscription).toMatchObject({ plan: "free", organizationId: teammate.personalOrganization!.id });
    const roles = (user: typeof demo) => new Set(user.memberships.map(({ organizationId, role }) => ({ organizationId, role })));
    expect(roles(demo)).toEqual(
      new Set([
        { organizationId: demo.personalOrganization!.id, role: "owner" },
        { organizationId: team.id, role: "owner" },
      ]),
    );
    expect(roles(teammate)).toEqual(
      new Set([
        { organizationId: teammate.personalOrganization!.id, role: "owner" },
        { organizationId: team.id, role: "member" },
      ]),
    );
    expect(team.memberships).toHaveLength(2);
    expect(await db.organization.count({ where: { name: "Acme", personalOwnerId: null } })).toBe(1);
  });

  it("gives the team the next free slug when a personal organization holds acme, and still creates it once", async () => {
    await db.organization.deleteMany({ where: { slug: "acme", personalOwnerId: null } }); // a database from before the team, where…
    const acme = await newUser("founder@acme.example", {}, "Acme"); // …someone named Acme signed up first
    expect(await db.organization.findUniqueOrThrow({ where: { slug: "acme" } })).toMatchObject({ personalOwnerId: acme.id });
    for (let run = 0; run < 2; run++) expect((await runScript("prisma/seed.ts", [], { env: seedEnv() })).code).toBe(0);
    const teams = await db.organization.findMany({ where: { name: "Acme", personalOwnerId: null }, include: { memberships: true } });
    expect(teams).toEqual([expect.objectContaining({ slug: "acme-2" })]);
    expect(teams[0]!.memberships).toHaveLength(2);
  });
});
