import { afterAll, describe, expect, it } from "vitest";
import { createAuthAdapter } from "@/lib/auth/adapter";
import { getDb } from "@/lib/db";

const db = getDb();
const adapter = createAuthAdapter(db);
afterAll(() => db.$disconnect());

const newUser = (email: string) => ({ id: "ignored", email, emailVerified: null, name: null, image: null });

describe("a new user", () => {
  it("gets exactly one free subscription, created with the user", async () => {
    const user = await adapter.createUser!(newUser("new@example.com"));
    const subscriptions = await db.subscription.findMany({ where: { userId: user.id } });
    expect(subscriptions).toEqual([expect.objectContaining({ plan: "free", status: "active" })]);
    expect(user).toEqual({ id: expect.not.stringMatching("ignored"), email: "new@example.com", emailVerified: null, name: null, image: null });
  });

  it("is created once even when two sign-ins race: one user, one subscription", async () => {
    const results = await Promise.allSettled([adapter.createUser!(newUser("race@example.com")), adapter.createUser!(newUser("race@example.com"))]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const users = await db.user.findMany({ where: { email: "race@example.com" }, include: { subscription: true } });
    expect(users).toHaveLength(1);
    expect(await db.subscription.count({ where: { userId: users[0]!.id } })).toBe(1);
  });

  it("is not created at all when its subscription cannot be (one transaction)", async () => {
    await db.$executeRawUnsafe(`ALTER TABLE "Subscription" ADD CONSTRAINT no_free CHECK (plan <> 'free') NOT VALID`);
    try {
      await expect(adapter.createUser!(newUser("atomic@example.com"))).rejects.toThrow();
      expect(await db.user.count({ where: { email: "atomic@example.com" } })).toBe(0);
    } finally {
      await db.$executeRawUnsafe(`ALTER TABLE "Subscription" DROP CONSTRAINT no_free`);
    }
  });

  it("keeps the rest of the Prisma adapter: sessions resolve to their user", async () => {
    const user = await adapter.createUser!(newUser("session@example.com"));
    await adapter.createSession!({ sessionToken: "token-1", userId: user.id, expires: new Date(Date.now() + 60_000) });
    const found = await adapter.getSessionAndUser!("token-1");
    expect(found?.user.email).toBe("session@example.com");
  });
});
