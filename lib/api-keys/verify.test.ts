import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { createApiKey, revokeApiKey } from "@/lib/api-keys/keys";
import { evictCachedKeys } from "@/lib/api-keys/cache";
import { ApiKeyOverPlanLimitError, verifyApiKey } from "@/lib/api-keys/verify";
import { getDb } from "@/lib/db";
import { joinOrganization, newUser } from "@/test/support/users";

const db = getDb();
afterAll(() => db.$disconnect());
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

async function key(plan: "free" | "pro" = "pro") {
  const owner = await newUser(`verify-${Math.random()}@example.com`, { plan });
  const created = await createApiKey(owner.actor, { name: "k", expiresInDays: "never" });
  return { owner, ...created };
}

describe("verifyApiKey", () => {
  it("resolves a valid key to its creator, the organization it acts for (with its name and slug) with the creator's role there, and that organization's plan", async () => {
    const { owner, key: plaintext, id } = await key("pro");
    const organization = await db.organization.findUniqueOrThrow({ where: { id: owner.organizationId }, select: { name: true, slug: true } });
    expect(await verifyApiKey(plaintext)).toMatchObject({
      keyId: id,
      userId: owner.id,
      organizationId: owner.organizationId,
      organization,
      role: "owner",
      email: owner.email,
      plan: { id: "pro" },
    });
  });

  it("acts under the plan of the key's organization, not of its creator's personal one", async () => {
    const team = await newUser(`verify-team-${Math.random()}@example.com`, { plan: "pro" });
    const creator = await newUser(`verify-admin-${Math.random()}@example.com`, { plan: "free" });
    const admin = await joinOrganization(creator.id, team.organizationId, "admin");
    const { key: plaintext } = await createApiKey(admin, { name: "team key", expiresInDays: "never" });
    expect(await verifyApiKey(plaintext)).toMatchObject({ userId: creator.id, organizationId: team.organizationId, role: "admin", plan: { id: "pro" } });
  });

  it("no longer works once its creator is not a member of its organization", async () => {
    const team = await newUser(`verify-left-${Math.random()}@example.com`);
    const creator = await newUser(`verify-leaver-${Math.random()}@example.com`);
    const { key: plaintext } = await createApiKey(await joinOrganization(creator.id, team.organizationId, "admin"), { name: "k", expiresInDays: "never" });
    await db.membership.deleteMany({ where: { userId: creator.id, organizationId: team.organizationId } });
    expect(await verifyApiKey(plaintext)).toBeNull();
  });

  it("refuses unknown, malformed, revoked and expired keys", async () => {
    const revoked = await key();
    await revokeApiKey(revoked.owner.actor, revoked.id);
    const expired = await key();
    await db.apiKey.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 1) } });
    for (const presented of [`acme_sk_${"A".repeat(43)}`, "not-a-key", revoked.key, expired.key]) expect(await verifyApiKey(presented)).toBeNull();
  });

  it("does not touch the database for a value that cannot be a key", async () => {
    const query = vi.spyOn(db.apiKey, "findUnique");
    expect(await verifyApiKey("Bearer nonsense")).toBeNull();
    expect(query).not.toHaveBeenCalled();
  });
});

describe("the verified-key cache", () => {
  it("answers a repeated key without a query, until its TTL", async () => {
    const { key: plaintext } = await key();
    const t0 = new Date();
    await verifyApiKey(plaintext, t0);
    const query = vi.spyOn(db.apiKey, "findUnique");
    expect(await verifyApiKey(plaintext, new Date(t0.getTime() + 5_000))).not.toBeNull();
    expect(query).not.toHaveBeenCalled();
    expect(await verifyApiKey(plaintext, new Date(t0.getTime() + 10_001))).not.toBeNull();
    expect(query).toHaveBeenCalledTimes(1);
  });

  it("looks a key that is not cached yet up once for a burst of concurrent requests", async () => {
    const { key: plaintext, id } = await key();
    const query = vi.spyOn(db.apiKey, "findUnique");
    const principals = await Promise.all(Array.from({ length: 50 }, () => verifyApiKey(plaintext)));
    expect(principals.every((principal) => principal?.keyId === id)).toBe(true);
    expect(query).toHaveBeenCalledTimes(1);
  });

  it("forgets a key revoked on this instance at once", async () => {
    const { owner, key: plaintext, id } = await key();
    expect(await verifyApiKey(plaintext)).not.toBeNull();
    await revokeApiKey(owner.actor, id);
    expect(await verifyApiKey(plaintext)).toBeNull();
  });

  it("forgets every key of an organization at once when its plan changes, whichever member created them", async () => {
    const { owner, key: ownersKey } = await key("pro");
    const admin = await joinOrganization((await newUser(`verify-plan-${Math.random()}@example.com`)).id, owner.organizationId, "admin");
    const adminsKey = await createApiKey(admin, { name: "admin's", expiresInDays: "never" });
    await Promise.all([verifyApiKey(ownersKey), verifyApiKey(adminsKey.key)]);
    await db.subscription.update({ where: { organizationId: owner.organizationId }, data: { plan: "free" } });
    evictCachedKeys({ organizationId: owner.organizationId });
    expect(await verifyApiKey(ownersKey)).toMatchObject({ plan: { id: "free" } });
    await expect(verifyApiKey(adminsKey.key)).rejects.toThrow(ApiKeyOverPlanLimitError);
  });

  it("forgets every key of an organization at once when it is renamed: a cached key answers its new name and slug", async () => {
    const { owner, key: plaintext } = await key();
    expect(await verifyApiKey(plaintext)).toMatchObject({ organization: { name: expect.not.stringMatching(/^Renamed/) } });
    const renamed = { name: "Renamed Inc.", slug: `renamed-${owner.id}` };
    await db.organization.update({ where: { id: owner.organizationId }, data: renamed });
    evictCachedKeys({ organizationId: owner.organizationId });
    expect(await verifyApiKey(plaintext)).toMatchObject({ organizationId: owner.organizationId, organization: renamed });
  });

  it("forgets every key of a user at once when what it holds of them ends (deletion, a change of plan)", async () => {
    const { owner, key: plaintext } = await key();
    const second = await createApiKey(owner.actor, { name: "second", expiresInDays: "never" });
    await Promise.all([verifyApiKey(plaintext), verifyApiKey(second.key)]);
    await db.subscription.update({ where: { organizationId: owner.organizationId }, data: { plan: "free" } });
    evictCachedKeys({ userId: owner.id });
    expect(await verifyApiKey(plaintext)).toMatchObject({ plan: { id: "free" } });
    await expect(verifyApiKey(second.key)).rejects.toThrow(ApiKeyOverPlanLimitError);
  });

  it("does not cache what a lookup read before an eviction that ran while it was in flight", async () => {
    const { owner, key: plaintext } = await key();
    const lookup = verifyApiKey(plaintext);
    evictCachedKeys({ userId: owner.id }); // e.g. the account is being deleted
    expect(await lookup).not.toBeNull();
    const query = vi.spyOn(db.apiKey, "findUnique");
    await verifyApiKey(plaintext);
    expect(query).toHaveBeenCalledTimes(1);
  });

  it("bounds a revocation made elsewhere by the TTL", async () => {
    const { key: plaintext, id } = await key();
    const t0 = new Date();
    await verifyApiKey(plaintext, t0);
    await db.apiKey.update({ where: { id }, data: { revokedAt: t0 } }); // another instance revoked it
    expect(await verifyApiKey(plaintext, new Date(t0.getTime() + 1_000))).not.toBeNull();
    expect(await verifyApiKey(plaintext, new Date(t0.getTime() + 10_001))).toBeNull();
  });

  it("checks the key's own expiry on every hit", async () => {
    const { key: plaintext, id } = await key();
    const expiresAt = new Date(Date.now() + 3_000);
    await db.apiKey.update({ where: { id }, data: { expiresAt } });
    expect(await verifyApiKey(plaintext)).not.toBeNull();
    expect(await verifyApiKey(plaintext, new Date(expiresAt.getTime() + 1))).toBeNull();
  });
});
