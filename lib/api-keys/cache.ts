// Verified API keys, remembered by this server instance for a few seconds, so that most API
// requests authenticate without a database query.
// - Expiry stays exact: the key's own expiry is checked on every hit.
// - Revocation is immediate on the instance that revokes (it evicts the key) and takes at most
//   the TTL (API_KEY_CACHE_TTL_SECONDS, default 10 s) on the others; 0 turns the cache off, making
//   it immediate everywhere at the cost of one more query per request.
// Only successful verifications are cached here; an unknown, revoked or expired key is remembered
// (as bad) by failed-authentications.ts, for the same TTL.
import { getServerEnv } from "@/lib/env";
import type { ApiKeyPrincipal } from "./verify.ts";

const MAX_ENTRIES = 10_000;

type Entry = { principal: ApiKeyPrincipal; keyExpiresAt: Date | null; cachedUntil: number };

const globalForCache = globalThis as unknown as { __apiKeyCache?: Map<string, Entry> };
const entries = (globalForCache.__apiKeyCache ??= new Map());

function cacheTtlMs() {
  return getServerEnv().API_KEY_CACHE_TTL_SECONDS * 1000;
}

export function getCachedKey(hashedKey: string, now: Date): ApiKeyPrincipal | undefined {
  const entry = entries.get(hashedKey);
  if (!entry) return undefined;
  if (entry.cachedUntil <= now.getTime() || (entry.keyExpiresAt && entry.keyExpiresAt <= now)) {
    entries.delete(hashedKey);
    return undefined;
  }
  return entry.principal;
}

export function cacheKey(hashedKey: string, principal: ApiKeyPrincipal, keyExpiresAt: Date | null, now: Date) {
  const ttl = cacheTtlMs();
  if (ttl === 0) return;
  if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!); // the oldest
  entries.set(hashedKey, { principal, keyExpiresAt, cachedUntil: now.getTime() + ttl });
}

/** Forgets a key at once (it was revoked here). */
export function evictKey(keyId: string) {
  for (const [hashedKey, entry] of entries) if (entry.principal.keyId === keyId) entries.delete(hashedKey);
}
