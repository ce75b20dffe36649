import { afterAll, describe, expect, it } from "vitest";
import { createAuthAdapter } from "@/lib/auth/adapter";
import { getDb } from "@/lib/db";
import { personalSubscription } from "@/test/support/users";

const db = getDb();
const adapter = createAuthAdapter(db);
afterAll(() => db.$disconnect());

const newUser = (email: string) => ({ id: "ignored", email, emailVerified: null, name: null, image: null });

describe("a new user", () => {
  it("gets exactly one free subscription, created with the user", async () => {
    const user = await adapter.createUser!(newUser("new@example.com"));
    const subscriptions = await db.subscription.findMany({ where: { organization: { personalOwnerId: user.id } } });
    expect(subscriptions).toEqual([expect.objectContaining({ plan: "free", status: "active" })]);
    expect(user).toEqual({ id: expect.not.stringMatching("ignored"), email: "new@example.com", emailVerified: null, name: null, image: null });
  });

  it("is created once even when two sign-ins race: one user, one subscription", async () => {
    const results = await Promise.allSettled([adapter.createUser!(newUser("race@example.com")), adapter.createUser!(newUser("race@example.com"))]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const users = await db.user.findMany({ where: { email: "race@example.com" } });
    expect(users).toHaveLength(1);
    expect(await db.subscription.count({ where: { organization: { personalOwnerId: users[0]!.id } } })).toBe(1);
    expect(await db.organization.count({ where: { slug: { startsWith: "race" } } })).toBe(1);
  });

  it("is not created at all when its subscription cannot be (one transaction)", async () => {
    await db.$executeRawUnsafe(`ALTER TABLE "Subscription" ADD CONSTRAINT no_free CHECK (plan <> 'free') NOT VALID`);
    try {
      await expect(adapter.createUser!(newUser("atomic@example.com"))).rejects.toThrow();
      expect(await db.user.count({ where: { email: "atomic@example.com" } })).toBe(0);
      expect(await db.organization.count({ where: { slug: { startsWith: "atomic" } } })).toBe(0);
    } finally {
      await db.$executeRawUnsafe(`ALTER TABLE "Subscription" DROP CONSTRAINT no_free`);
    }
  });

  it("owns exactly one personal organization, named after them, whose free subscription is theirs", async () => {
    const user = await adapter.createUser!({ ...newUser("owner@example.com"), name: "Ada Lovelace" });
    const memberships = await db.membership.findMany({ where: { userId: user.id }, include: { organization: true } });
    expect(memberships).toEqual([
      expect.objectContaining({
        role: "owner",
        organization: expect.objectContaining({ name: "Ada Lovelace's organization", slug: "ada-lovelace", personalOwnerId: user.id }),
      }),
    ]);
    const subscription = await personalSubscription(user.id);
    expect(subscription.organizationId).toBe(memberships[0]!.organizationId);
  });

  it("gets a slug of their own when another organization has their name's", async () => {
    const first = await adapter.createUser!({ ...newUser("grace@example.com"), name: "Grace Hopper" });
    const second = await adapter.createUser!({ ...newUser("grace.h@example.com"), name: "Grace Hopper" });
    const slugs = await db.organization.findMany({ where: { personalOwnerId: { in: [first.id, second.id] } }, select: { slug: true } });
    expect(slugs.map((organization) => organization.slug).sort()).toEqual(["grace-hopper", "grace-hopper-2"]);
  });

  it("is not created at all when its organization or membership cannot be: no user, organization or subscription left", async () => {
    await db.$executeRawUnsafe(`ALTER TABLE "Membership" ADD CONSTRAINT no_owners CHECK (role <> 'owner') NOT VALID`);
    try {
      await expect(adapter.createUser!({ ...newUser("half@example.com"), name: "Half Made" })).rejects.toThrow();
      expect(await db.user.count({ where: { email: "half@example.com" } })).toBe(0);
      expect(await db.organization.count({ where: { slug: { startsWith: "half-made" } } })).toBe(0);
    } finally {
      await db.$executeRawUnsafe(`ALTER TABLE "Membership" DROP CONSTRAINT no_owners`);
    }
  });

  it("keeps the rest of the Prisma adapter: sessions resolve to their user", async () => {
    const user = await adapter.createUser!(newUser("session@example.com"));
    await adapter.createSession!({ sessionToken: "token-1", userId: user.id, expires: new Date(Date.now() + 60_000) });
    const found = await adapter.getSessionAndUser!("token-1");
    expect(found?.user.email).toBe("session@example.com");
  });
});
