// Authenticating an API request by its key: hash it, find the hash (unique index), refuse revoked
// and expired keys. `lastUsedAt` is written at most once a minute per key, so reads stay reads.
import { getPlan, type Plan } from "@/lib/billing/plans";
import { db } from "@/lib/db";
import { looksLikeApiKey } from "./generate.ts";
import { hashApiKey } from "./hash.ts";

export const LAST_USED_RESOLUTION_MS = 60_000;

export type ApiKeyPrincipal = { keyId: string; userId: string; email: string; plan: Plan };

export async function verifyApiKey(presented: string, now = new Date()): Promise<ApiKeyPrincipal | null> {
  if (!looksLikeApiKey(presented)) return null;
  const key = await db.apiKey.findUnique({
    where: { hashedKey: hashApiKey(presented) },
    select: { id: true, revokedAt: true, expiresAt: true, lastUsedAt: true, user: { select: { id: true, email: true, subscription: { select: { plan: true } } } } },
  });
  if (!key || key.revokedAt || (key.expiresAt && key.expiresAt <= now)) return null;
  if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) await touch(key.id, now);
  return { keyId: key.id, userId: key.user.id, email: key.user.email, plan: getPlan(key.user.subscription?.plan) };
}

// Conditional, so concurrent requests on a stale key write once between them.
async function touch(keyId: string, now: Date) {
  await db.apiKey.updateMany({
    where: { id: keyId, OR: [{ lastUsedAt: null }, { lastUsedAt: { lte: new Date(now.getTime() - LAST_USED_RESOLUTION_MS) } }] },
    data: { lastUsedAt: now },
  });
}
