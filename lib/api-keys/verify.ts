// Authenticating an API request by its key: hash it, find the hash (unique index, or the
// short-lived cache in cache.ts), refuse revoked and expired keys. `lastUsedAt` is written at most
// once a minute per key, so reads stay reads.
import { getPlan, type Plan } from "@/lib/billing/plans";
import { db } from "@/lib/db";
import { cacheKey, getCachedKey } from "./cache.ts";
import { looksLikeApiKey } from "./generate.ts";
import { hashApiKey } from "./hash.ts";

export const LAST_USED_RESOLUTION_MS = 60_000;

export type ApiKeyPrincipal = { keyId: string; userId: string; email: string; plan: Plan };

export async function verifyApiKey(presented: string, now = new Date()): Promise<ApiKeyPrincipal | null> {
  if (!looksLikeApiKey(presented)) return null;
  const hashedKey = hashApiKey(presented);
  const cached = getCachedKey(hashedKey, now);
  if (cached) return cached;
  const key = await db.apiKey.findUnique({
    where: { hashedKey },
    select: { id: true, revokedAt: true, expiresAt: true, lastUsedAt: true, user: { select: { id: true, email: true, subscription: { select: { plan: true } } } } },
  });
  if (!key || key.revokedAt || (key.expiresAt && key.expiresAt <= now)) return null;
  if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) await touch(key.id, now);
  const principal = { keyId: key.id, userId: key.user.id, email: key.user.email, plan: getPlan(key.user.subscription?.plan) };
  cacheKey(hashedKey, principal, key.expiresAt, now);
  return principal;
}

// Conditional, so concurrent requests on a stale key write once between them.
async function touch(keyId: string, now: Date) {
  await db.apiKey.updateMany({
    where: { id: keyId, OR: [{ lastUsedAt: null }, { lastUsedAt: { lte: new Date(now.getTime() - LAST_USED_RESOLUTION_MS) } }] },
    data: { lastUsedAt: now },
  });
}
