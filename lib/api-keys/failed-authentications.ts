// A flood of made-up API keys must not cost a database lookup each, nor slow down everyone else:
// - each client address has a budget of failed authentications (FAILED_AUTHENTICATIONS, counted in
//   PostgreSQL like every limit, so across instances). Once it is used up, this instance refuses the
//   address's keys it has not verified recently with a 429, without a query, until the sliding window
//   lets one more in. Keys this instance has verified (cache.ts) still work from that address: a
//   colleague behind the same NAT keeps working while a script there guesses keys.
// - a key found unknown, revoked or expired is remembered as such for API_KEY_CACHE_TTL_SECONDS, so
//   the same bad key sent again is refused without a query. That never hides a good key: a key's
//   256 random bits are first presented after it is created, and revoked or expired is final.
import { getServerEnv } from "@/lib/env";
import { consumeRateLimit, RateLimitedError, retryIn } from "@/lib/rate-limit/rate-limit";

/** Failed authentications one client address may make per minute. */
export const FAILED_AUTHENTICATIONS = { limit: 20, windowMs: 60_000 };
const MAX_ENTRIES = 10_000;

// On globalThis: route handlers and server actions may live in different module instances.
const globalForFailures = globalThis as unknown as { __refusedAddresses?: Map<string, number>; __badKeys?: Map<string, number> };
/** Addresses over their budget, with when this instance lets them try again (epoch ms). */
const refusedAddresses = (globalForFailures.__refusedAddresses ??= new Map());
/** Hashes of keys found unknown, revoked or expired, with until when that answer stands (epoch ms). */
const badKeys = (globalForFailures.__badKeys ??= new Map());

/** Throws RateLimitedError (429) while `address` is over its budget of failed authentications. */
export function assertAuthenticationBudget(address: string, now = Date.now()) {
  const until = refusedAddresses.get(address);
  if (until === undefined) return;
  if (until <= now) {
    refusedAddresses.delete(address);
    return;
  }
  const seconds = Math.ceil((until - now) / 1000);
  throw new RateLimitedError(
    `Too many requests with an invalid API key from your address: at most ${FAILED_AUTHENTICATIONS.limit} a minute. Retry ${retryIn(seconds)}.`,
    seconds,
  );
}

/** Counts a failed authentication from `address`; once over budget, its unverified keys are refused until the window lets one in. */
export async function recordFailedAuthentication(address: string, now = Date.now()) {
  const decision = await consumeRateLimit(`api-auth-failed:${address}`, FAILED_AUTHENTICATIONS.limit, { now, windowMs: FAILED_AUTHENTICATIONS.windowMs });
  if (decision.allowed) return;
  remember(refusedAddresses, address, now + decision.resetSeconds * 1000);
}

export function isKnownBadKey(hashedKey: string, now = Date.now()) {
  const until = badKeys.get(hashedKey);
  if (until === undefined) return false;
  if (until > now) return true;
  badKeys.delete(hashedKey);
  return false;
}

export function rememberBadKey(hashedKey: string, now = Date.now()) {
  const ttl = getServerEnv().API_KEY_CACHE_TTL_SECONDS * 1000;
  if (ttl > 0) remember(badKeys, hashedKey, now + ttl);
}

function remember(entries: Map<string, number>, key: string, until: number) {
  entries.delete(key);
  if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!); // the oldest
  entries.set(key, until);
}
