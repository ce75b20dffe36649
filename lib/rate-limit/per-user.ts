// The limits a signed-in user's requests share, wherever they come from — any of their API keys,
// their session on the API, or a dashboard action (lib/user-action.ts):
// - the plan's requests per minute, counted per organization (not per key: across its keys and its
//   members' sessions) in PostgreSQL;
// - a cap on the requests a user has in flight on this server instance, so that a burst by one
//   user cannot take more than a small share of the database pool and starve everyone else.
import { getServerEnv } from "@/lib/env";
import type { Actor } from "@/lib/organizations/permissions";
import { consumeRateLimit, RateLimitedError, type RateLimitDecision } from "./rate-limit.ts";

/**
 * Counts a request against the organization's limit (its plan's requests per minute); an API request
 * (`apiRequest`) counts in the acting user's API usage of the day too.
 */
export function consumeRequest(
  { userId, organizationId }: Pick<Actor, "userId" | "organizationId">,
  requestsPerMinute: number,
  { apiRequest = false } = {},
): Promise<RateLimitDecision> {
  return consumeRateLimit(`organization:${organizationId}`, requestsPerMinute, { apiUsageOf: apiRequest ? userId : undefined });
}

// On globalThis: route handlers and server actions may live in different module instances.
const globalForSlots = globalThis as unknown as { __userSlots?: Map<string, number> };
const slots = (globalForSlots.__userSlots ??= new Map());

/** A quarter of the pool (at least one connection): what one user may keep busy at once. */
export function maxInFlightPerUser() {
  return Math.max(1, Math.ceil(getServerEnv().DATABASE_POOL_SIZE / 4));
}

/**
 * Runs `work` in one of the user's slots, or refuses at once (RateLimitedError, retry in 1 s) when
 * they are all taken. Refusing instead of queueing keeps a burst from holding connections while it waits.
 */
export async function withUserSlot<T>(userId: string, work: () => Promise<T>): Promise<T> {
  const cap = maxInFlightPerUser();
  const taken = slots.get(userId) ?? 0;
  if (taken >= cap) throw new RateLimitedError(`Too many requests at once: at most ${cap} at a time per account. Retry in 1 second.`, 1);
  slots.set(userId, taken + 1);
  try {
    return await work();
  } finally {
    const left = (slots.get(userId) ?? 1) - 1;
    if (left > 0) slots.set(userId, left);
    else slots.delete(userId);
  }
}
