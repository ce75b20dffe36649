import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { ApiKeyLimitError, createApiKey, createApiKeySchema, KEY_CREATIONS, listApiKeys, revokeApiKey } from "@/lib/api-keys/keys";
import { getDb } from "@/lib/db";
import { joinOrganization, newUser } from "@/test/support/users";

const db = getDb();
afterAll(() => db.$disconnect());

function user(plan: "free" | "pro" = "free") {
  return newUser(`keys-${Math.random()}@example.com`, { plan });
}

/** Every text value in every table of this database. */
async function allStoredText(): Promise<string> {
  const columns = await db.$queryRaw<{ table_name: string; column_name: string }[]>`
    SELECT table_name, column_name FROM information_schema.columns
    WHERE table_schema = 'public' AND data_type IN ('text', 'character varying')`;
  const values = await Promise.all(
    columns.map(({ table_name, column_name }) => db.$queryRawUnsafe<{ v: string | null }[]>(`SELECT "${column_name}" AS v FROM "${table_name}"`)),
  );
  return values
    .flat()
    .map((row) => row.v ?? "")
    .join("\n");
}

describe("createApiKey", () => {
  it("returns the key once and stores only its SHA-256 hash and display parts — the key appears nowhere in the database", async () => {
    const owner = await user();
    const created = await createApiKey(owner.actor, { name: "CI", expiresInDays: "30" });
    const stored = await db.apiKey.findUniqueOrThrow({ where: { id: created.id } });
    expect(stored).toMatchObject({ name: "CI", prefix: "acme_sk_", lastFour: created.key.slice(-4), revokedAt: null, lastUsedAt: null });
    expect(stored.hashedKey).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.expiresAt!.getTime() - Date.now()).toBeGreaterThan(29.9 * 86_400_000);

    const everything = await allStoredText();
    expect(everything).not.toContain(created.key);
    expect(everything).not.toContain(created.key.slice("acme_sk_".length));
  });

  it("validates the name and the expiry", () => {
    const errors = (input: unknown) => z.flattenError(createApiKeySchema.safeParse(input).error!).fieldErrors;
    expect(errors({ name: " ", expiresInDays: "30" })).toEqual({ name: ["Give the key a name."] });
    expect(errors({ name: "x", expiresInDays: "7" })).toEqual({ expiresInDays: ["Choose when the key expires."] });
    expect(createApiKeySchema.parse({ name: "  CI  ", expiresInDays: "never" })).toEqual({ name: "CI", expiresInDays: "never" });
  });

  it("keeps to the plan's number of active keys, even when creations race", async () => {
    const free = await user("free");
    const results = await Promise.allSettled(Array.from({ length: 5 }, (_, i) => createApiKey(free.actor, { name: `k${i}`, expiresInDays: "never" })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected")!;
    expect((refused as PromiseRejectedResult).reason).toEqual(new ApiKeyLimitError("Your plan allows 1 active API key. Revoke one, or upgrade."));

    const pro = await user("pro");
    const proResults = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => createApiKey(pro.actor, { name: `k${i}`, expiresInDays: "never" })));
    expect(proResults.filter((r) => r.status === "fulfilled")).toHaveLength(10);
  });

  it("counts revoked and expired keys out of the limit", async () => {
    const owner = await user("free");
    const first = await createApiKey(owner.actor, { name: "a", expiresInDays: "never" });
    expect(await revokeApiKey(owner.actor, first.id)).toBe(true);
    const second = await createApiKey(owner.actor, { name: "b", expiresInDays: "never" });
    await db.apiKey.update({ where: { id: second.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await createApiKey(owner.actor, { name: "c", expiresInDays: "never" });
    expect((await listApiKeys(owner.organizationId)).map((key) => [key.name, key.status])).toEqual([
      ["c", "active"],
      ["b", "expired"],
      ["a", "revoked"],
    ]);
  });

  it("throttles creation per user: revoking and creating in a loop stops after KEY_CREATIONS attempts, saying when to retry", async () => {
    const owner = await user("free");
    const windowMs = KEY_CREATIONS.windowMs;
    if (windowMs - (Date.now() % windowMs) < 10_000) await new Promise((resolve) => setTimeout(resolve, windowMs - (Date.now() % windowMs) + 50));
    for (let i = 0; i < KEY_CREATIONS.limit; i++) {
      const created = await createApiKey(owner.actor, { name: `loop ${i}`, expiresInDays: "never" });
      await revokeApiKey(owner.actor, created.id);
    }
    await expect(createApiKey(owner.actor, { name: "one more", expiresInDays: "never" })).rejects.toMatchObject({
      name: "RateLimitedError",
      message: expect.stringMatching(/^You created too many keys recently\. Try again in \d+ (seconds|minutes)\.$/),
    });
    await expect(createApiKey((await user("free")).actor, { name: "someone else", expiresInDays: "never" })).resolves.toMatchObject({
      key: expect.any(String),
    });
  });
});

describe("revokeApiKey", () => {
  it("revokes only the owner's own, still-active key", async () => {
    const owner = await user();
    const other = await user();
    const created = await createApiKey(owner.actor, { name: "mine", expiresInDays: "never" });
    expect(await revokeApiKey(other.actor, created.id)).toBe(false);
    expect(await revokeApiKey(owner.actor, created.id)).toBe(true);
    expect(await revokeApiKey(owner.actor, created.id)).toBe(false);
  });
});

describe("the organization's keys (release 3 of the move to organizations: read through the organization)", () => {
  it("are written with who created them and the organization they act for", async () => {
    const creator = await user();
    const created = await createApiKey(creator.actor, { name: "CI", expiresInDays: "never" });
    expect(await db.apiKey.findUniqueOrThrow({ where: { id: created.id } })).toMatchObject({ userId: creator.id, organizationId: creator.organizationId });
  });

  it("are listed, limited and revoked by the organization, whichever member created them", async () => {
    const owner = await user("free");
    const admin = await joinOrganization((await user()).id, owner.organizationId, "admin");
    const created = await createApiKey(admin, { name: "by the admin", expiresInDays: "never" });
    expect((await listApiKeys(owner.organizationId)).map((key) => key.name)).toEqual(["by the admin"]);
    // The free plan's one key is the organization's: the owner cannot add a second.
    await expect(createApiKey(owner.actor, { name: "second", expiresInDays: "never" })).rejects.toBeInstanceOf(ApiKeyLimitError);
    // The admin's own personal organization holds none of it.
    expect(await listApiKeys((await db.organization.findUniqueOrThrow({ where: { personalOwnerId: admin.userId } })).id)).toEqual([]);
    expect(await revokeApiKey(owner.actor, created.id)).toBe(true);
  });
});
