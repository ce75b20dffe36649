// With API_KEY_CACHE_TTL_SECONDS=0 every request reaches the database: revocation anywhere is
// immediate and lastUsedAt is exact to its once-a-minute resolution.
import { afterAll, describe, expect, it, vi } from "vitest";

vi.stubEnv("API_KEY_CACHE_TTL_SECONDS", "0");
const { createApiKey } = await import("@/lib/api-keys/keys");
const { verifyApiKey } = await import("@/lib/api-keys/verify");
const db = (await import("@/lib/db")).getDb();
const { newUser } = await import("@/test/support/users");
afterAll(() => db.$disconnect());

async function key() {
  const owner = await newUser(`nocache-${Math.random()}@example.com`, { plan: "pro" });
  const created = await createApiKey(owner.actor, { name: "k", expiresInDays: "never" });
  return created;
}

describe("verifyApiKey without the cache", () => {
  it("sees a revocation made elsewhere on the very next request", async () => {
    const { key: plaintext, id } = await key();
    expect(await verifyApiKey(plaintext)).not.toBeNull();
    await db.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
    expect(await verifyApiKey(plaintext)).toBeNull();
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
