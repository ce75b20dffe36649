import { afterAll, describe, expect, it, vi } from "vitest";
import { createApiKey, revokeApiKey } from "@/lib/api-keys/keys";
import { verifyApiKey } from "@/lib/api-keys/verify";
import { getDb } from "@/lib/db";

const db = getDb();
afterAll(() => db.$disconnect());

async function key(plan: "free" | "pro" = "pro") {
  const owner = await db.user.create({ data: { email: `verify-${Math.random()}@example.com`, subscription: { create: { plan } } } });
  const created = await createApiKey(owner.id, { name: "k", expiresInDays: "never" });
  if (!created.ok) throw new Error("not created");
  return { owner, ...created };
}

describe("verifyApiKey", () => {
  it("resolves a valid key to its user and plan", async () => {
    const { owner, key: plaintext, id } = await key("pro");
    expect(await verifyApiKey(plaintext)).toMatchObject({ keyId: id, userId: owner.id, email: owner.email, plan: { id: "pro" } });
  });

  it("refuses unknown, malformed, revoked and expired keys", async () => {
    const revoked = await key();
    await revokeApiKey(revoked.owner.id, revoked.id);
    const expired = await key();
    await db.apiKey.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 1) } });
    for (const presented of [`acme_sk_${"A".repeat(43)}`, "not-a-key", revoked.key, expired.key]) expect(await verifyApiKey(presented)).toBeNull();
  });

  it("does not touch the database for a value that cannot be a key", async () => {
    const query = vi.spyOn(db.apiKey, "findUnique");
    expect(await verifyApiKey("Bearer nonsense")).toBeNull();
    expect(query).not.toHaveBeenCalled();
  });

  it("writes lastUsedAt at most once a minute", async () => {
    const { key: plaintext, id } = await key();
    const t0 = new Date("2030-01-01T00:00:00Z");
    await verifyApiKey(plaintext, t0);
    await verifyApiKey(plaintext, new Date(t0.getTime() + 30_000));
    await Promise.all(Array.from({ length: 5 }, () => verifyApiKey(plaintext, new Date(t0.getTime() + 59_000))));
    expect((await db.apiKey.findUniqueOrThrow({ where: { id } })).lastUsedAt).toEqual(t0);
    await verifyApiKey(plaintext, new Date(t0.getTime() + 61_000));
    expect((await db.apiKey.findUniqueOrThrow({ where: { id } })).lastUsedAt).toEqual(new Date(t0.getTime() + 61_000));
  });
});
