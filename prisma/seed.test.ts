// The seed runs inside `npm run dev`: its output is one line, unless query logging is asked for.
import { afterAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { runScript } from "@/test/support/scripts";

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
    expect(result.output.trim()).toBe("Seeded demo@example.com");
  });

  it("prints every statement with LOG_QUERIES=1", async () => {
    const result = await runScript("prisma/seed.ts", [], { env: seedEnv({ LOG_QUERIES: "1" }) });
    expect(result.code, result.output).toBe(0);
    expect(result.output).toMatch(/prisma:query .*"User"/);
  });

  it("creates the demo user with their personal organization, which owns their subscription and posts — once, however often it runs", async () => {
    for (let run = 0; run < 2; run++) expect((await runScript("prisma/seed.ts", [], { env: seedEnv() })).code).toBe(0);
    const demo = await db.user.findUniqueOrThrow({ where: { email: "demo@example.com" }, include: { memberships: true, subscription: true, posts: true } });
    const organization = await db.organization.findUniqueOrThrow({ where: { personalOwnerId: demo.id } });
    expect(organization).toMatchObject({ name: "Demo User's organization", slug: "demo-user" });
    expect(demo.memberships).toEqual([expect.objectContaining({ organizationId: organization.id, role: "owner" })]);
    expect(demo.subscription).toMatchObject({ plan: "free", organizationId: organization.id });
    expect(demo.posts).toHaveLength(2);
    expect(demo.posts.map((post) => post.organizationId)).toEqual([organization.id, organization.id]);
  });
});
