// An organization's API keys: create (shown once), list, revoke. Only the hash is stored. A key
// keeps who created it (userId: their role in the organization is the key's, verify.ts) and acts
// for the organization that owns it.
import { z } from "zod";
import { recordAuditEvent } from "@/lib/audit-log/audit-log";
import { recordId, storableText } from "@/lib/validation";
import { db } from "@/lib/db";
import { UserFacingError } from "@/lib/errors";
import { getEntitlements } from "@/lib/organizations/entitlements";
import type { Actor } from "@/lib/organizations/permissions";
import { consumeRateLimit, RateLimitedError, retryIn } from "@/lib/rate-limit/rate-limit";
import { evictCachedKeys } from "./cache.ts";
import { displayKey, displayParts, generateApiKey } from "./generate.ts";
import { hashApiKey } from "./hash.ts";

// Creation attempts are throttled per user (counted like the API's limit), so that creating and
// revoking keys in a loop is no way around a limit, nor a way to grow the table.
export const KEY_CREATIONS = { limit: 10, windowMs: 15 * 60_000 };

export const API_KEY_NAME_MAX = 60;

/** When a new key expires: the values the schema accepts, in the order and words the form offers them. */
export const EXPIRY_CHOICES = [
  { value: "never", days: null, label: "Never" },
  { value: "30", days: 30, label: "In 30 days" },
  { value: "90", days: 90, label: "In 90 days" },
  { value: "365", days: 365, label: "In 1 year" },
] as const;
type ExpiryValue = (typeof EXPIRY_CHOICES)[number]["value"];

export const createApiKeySchema = z.object({
  name: storableText("Give the key a name.").trim().min(1, "Give the key a name.").max(API_KEY_NAME_MAX, `Use ${API_KEY_NAME_MAX} characters at most.`),
  expiresInDays: z.enum(EXPIRY_CHOICES.map((choice) => choice.value) as [ExpiryValue, ...ExpiryValue[]], { error: "Choose when the key expires." }),
});

export const revokeApiKeySchema = z.object({ keyId: recordId() });

export type CreateApiKeyInput = z.infer<typeof createApiKeySchema>;

/** The plan's number of active keys is reached. */
export class ApiKeyLimitError extends UserFacingError {
  override name = "ApiKeyLimitError";
}

/** Creates a key of the actor's organization and returns it, the one time it is ever seen. Throws ApiKeyLimitError, or RateLimitedError when creations are throttled. */
export async function createApiKey(
  { userId, organizationId }: Pick<Actor, "userId" | "organizationId">,
  input: CreateApiKeyInput,
): Promise<{ key: string; id: string }> {
  const throttle = await consumeRateLimit(`api-key-create:${userId}`, KEY_CREATIONS.limit, { windowMs: KEY_CREATIONS.windowMs });
  if (!throttle.allowed) throw new RateLimitedError(`You created too many keys recently. Try again ${retryIn(throttle.resetSeconds)}.`, throttle.resetSeconds);
  const days = EXPIRY_CHOICES.find((choice) => choice.value === input.expiresInDays)!.days;
  const key = generateApiKey();

  return db.$transaction(async (tx) => {
    // Serialise key creation per organization, so two at once cannot both slip under the plan's limit.
    await tx.$executeRaw`SELECT 1 FROM "Organization" WHERE "id" = ${organizationId} FOR UPDATE`;
    const limit = (await getEntitlements(organizationId, tx)).limits.apiKeys;
    const active = await tx.apiKey.count({ where: { organizationId, ...activeKeyFilter() } });
    if (active >= limit) throw new ApiKeyLimitError(`Your plan allows ${limit} active API key${limit === 1 ? "" : "s"}. Revoke one, or upgrade.`);
    const created = await tx.apiKey.create({
      data: {
        // Who created it, and the organization that owns it.
        userId,
        organizationId,
        name: input.name,
        hashedKey: hashApiKey(key),
        ...displayParts(key),
        expiresAt: days ? new Date(Date.now() + days * 24 * 60 * 60 * 1000) : null,
      },
      select: { id: true },
    });
    await recordAuditEvent(tx, organizationId, { userId }, { action: "api_key.created", details: { keyId: created.id, name: input.name } });
    return { key, id: created.id };
  });
}

export type ApiKeySummary = {
  id: string;
  name: string;
  display: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  /** `paused`: active, but beyond the plan's number of keys (after a downgrade), so refused by the API (see verify.ts). */
  status: "active" | "paused" | "revoked" | "expired";
};

export async function listApiKeys(organizationId: string): Promise<ApiKeySummary[]> {
  const [keys, entitlements] = await Promise.all([
    db.apiKey.findMany({ where: { organizationId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] }),
    getEntitlements(organizationId),
  ]);
  const now = new Date();
  const live = (key: (typeof keys)[number]) => !key.revokedAt && !(key.expiresAt && key.expiresAt <= now);
  // Newest first: the live keys past the plan's limit, counted from the oldest, are the first ones here.
  const liveKeys = keys.filter(live);
  const paused = new Set(liveKeys.slice(0, Math.max(0, liveKeys.length - entitlements.limits.apiKeys)).map((key) => key.id));
  return keys.map((key) => ({
    id: key.id,
    name: key.name,
    display: displayKey(key),
    createdAt: key.createdAt,
    lastUsedAt: key.lastUsedAt,
    expiresAt: key.expiresAt,
    status: key.revokedAt ? "revoked" : !live(key) ? "expired" : paused.has(key.id) ? "paused" : "active",
  }));
}

/** Revokes one of the actor's organization's keys; effective on the next request. False if there is no such key. */
export async function revokeApiKey({ userId, organizationId }: Pick<Actor, "userId" | "organizationId">, keyId: string): Promise<boolean> {
  const revoked = await db.$transaction(async (tx) => {
    const [key] = await tx.apiKey.updateManyAndReturn({
      where: { id: keyId, organizationId, revokedAt: null },
      data: { revokedAt: new Date() },
      select: { id: true, name: true },
    });
    if (key) await recordAuditEvent(tx, organizationId, { userId }, { action: "api_key.revoked", details: { keyId: key.id, name: key.name } });
    return key !== undefined;
  });
  evictCachedKeys({ keyId });
  return revoked;
}

export function activeKeyFilter(now = new Date()) {
  return { revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] };
}
