// Verified API keys, remembered by this server instance for a few seconds, so that most API
// requests authenticate without a database query.
// - Expiry stays exact: the key's own expiry is checked on every hit.
// - Whatever ends what an entry holds evicts it on this instance, at once: a revocation
//   (`{ keyId }`), the account's deletion (`{ userId }`) and a change of the organization's plan
//   (`{ organizationId }`: the entry holds the plan of the key's organization), a member's removal or
//   role change (`{ userId, organizationId }`: the entry holds the creator's role there; a key whose
//   creator is no longer a member no longer verifies), and so does renaming an organization (the
//   entry holds its name and slug too, for `/api/v1/me`: `{ organizationId }`).
// - Other instances learn it within the TTL (API_KEY_CACHE_TTL_SECONDS, default 10 s); 0 turns the
//   cache off, making it immediate everywhere at the cost of one more query per request. Meanwhile
//   a write for a user deleted elsewhere answers 401, never 500 (lib/api/handler.ts).
// Only successful verifications are cached here; an unknown, revoked or expired key is remembered
// (as bad) by failed-authentications.ts, for the same TTL.
import { getServerEnv } from "@/lib/env";
import type { ApiKeyPrincipal } from "./verify.ts";

const MAX_ENTRIES = 10_000;

type Entry = { principal: ApiKeyPrincipal; keyExpiresAt: Date | null; cachedUntil: number };
/** What an eviction names: one key, every key a user created (in one organization), or every key of an organization. */
export type CachedKeyMatch = { keyId: string } | { userId: string; organizationId?: string } | { organizationId: string };

// On globalThis: route handlers and server actions may live in different module instances, and an
// eviction in one must reach the cache the other reads.
const globalForCache = globalThis as unknown as { __verifiedApiKeys?: { entries: Map<string, Entry>; evictions: number } };
const cache = (globalForCache.__verifiedApiKeys ??= { entries: new Map(), evictions: 0 });

function cacheTtlMs() {
  return getServerEnv().API_KEY_CACHE_TTL_SECONDS * 1000;
}

export function getCachedKey(hashedKey: string, now: Date): ApiKeyPrincipal | undefined {
  const entry = cache.entries.get(hashedKey);
  if (!entry) return undefined;
  if (entry.cachedUntil <= now.getTime() || (entry.keyExpiresAt && entry.keyExpiresAt <= now)) {
    cache.entries.delete(hashedKey);
    return undefined;
  }
  return entry.principal;
}

/**
 * A mark to take before looking a key up: `cacheKey` drops the answer if anything was evicted
 * since, because a lookup that read the database before a deletion or a downgrade must not put
 * the old state back after the eviction ran.
 */
export function cacheMark(): number {
  return cache.evictions;
}

export function cacheKey(hashedKey: string, principal: ApiKeyPrincipal, keyExpiresAt: Date | null, now: Date, mark: number) {
  const ttl = cacheTtlMs();
  if (ttl === 0 || mark !== cache.evictions) return;
  if (cache.entries.size >= MAX_ENTRIES) cache.entries.delete(cache.entries.keys().next().value!); // the oldest
  cache.entries.set(hashedKey, { principal, keyExpiresAt, cachedUntil: now.getTime() + ttl });
}

/** Forgets at once the cached keys that `match` names: what they held has ended on this instance. */
export function evictCachedKeys(match: CachedKeyMatch) {
  cache.evictions++;
  for (const [hashedKey, { principal }] of cache.entries) {
    // Every field the match names must be the principal's.
    const ended = Object.entries(match).every(([field, value]) => value === undefined || principal[field as "keyId" | "userId" | "organizationId"] === value);
    if (ended) cache.entries.delete(hashedKey);
  }
}
