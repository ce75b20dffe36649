// Authenticating an API request by its key: hash it, find the hash (unique index, or the
// short-lived cache in cache.ts), refuse revoked and expired keys. `lastUsedAt` is written at most
// once a minute per key, so reads stay reads.
//
// A key acts for the organization that owns it (its organizationId), under that organization's
// plan (lib/organizations/entitlements.ts), with the role its creator holds there. The principal
// carries the organization's name and slug too (`/api/v1/me` answers them): read in the same query,
// and cached with the rest, so that the cached path stays free of queries (cache.ts says what evicts it).
//
// After a downgrade an organization may hold more active keys than its plan allows. The oldest keys,
// up to the plan's limit, keep working; the newer ones are refused (ApiKeyOverPlanLimitError, a 403)
// until someone revokes keys or upgrades. Oldest first because those are the keys integrations
// were built on, and because the set of working keys then never changes by itself: a user over
// the limit cannot create keys, so only a revocation (their choice) or an upgrade lets another in.
import type { Plan } from "@/lib/billing/plans";
import { db } from "@/lib/db";
import type { MembershipRole } from "@/lib/generated/prisma/enums";
import { entitlementsOf } from "@/lib/organizations/entitlements";
import { PlanLimitError } from "@/lib/errors";
import { cacheKey, cacheMark, evictCachedKeys, getCachedKey } from "./cache.ts";
import { assertAuthenticationBudget, isKnownBadKey, rememberBadKey } from "./failed-authentications.ts";
import { looksLikeApiKey } from "./generate.ts";
import { hashApiKey } from "./hash.ts";
import { activeKeyFilter } from "./keys.ts";

export const LAST_USED_RESOLUTION_MS = 60_000;

export type ApiKeyPrincipal = {
  keyId: string;
  userId: string;
  organizationId: string;
  /** What the organization (organizationId) is called, and its URL segment. */
  organization: { name: string; slug: string };
  role: MembershipRole;
  email: string;
  plan: Plan;
  overPlanLimit: boolean;
};

/** A paused key (beyond the plan's number of keys, after a downgrade) was used: a refusal, like any plan limit. */
export class ApiKeyOverPlanLimitError extends PlanLimitError {
  override name = "ApiKeyOverPlanLimitError";

  constructor(plan: Plan) {
    const limit = plan.limits.apiKeys;
    super(
      `Your ${plan.name} plan allows ${limit} active API key${limit === 1 ? "" : "s"}: only your ${limit === 1 ? "oldest one works" : `${limit} oldest work`}. ` +
        "Revoke keys you no longer use, or upgrade, to use this one.",
    );
  }
}

/**
 * The key's principal; null for an unknown, revoked or expired key; throws ApiKeyOverPlanLimitError
 * for a key beyond the plan's limit, and RateLimitedError for a key this instance has not verified
 * recently when `clientAddress` has used up its failed authentications (failed-authentications.ts).
 */
export async function verifyApiKey(presented: string, now = new Date(), clientAddress?: string): Promise<ApiKeyPrincipal | null> {
  const principal = await findPrincipal(presented, now, clientAddress);
  if (principal?.overPlanLimit) throw new ApiKeyOverPlanLimitError(principal.plan);
  return principal;
}

// Lookups in progress, by hashed key: a burst of requests with a key that is not cached yet waits
// for one lookup instead of each taking a pooled connection for the same answer.
const lookups = new Map<string, Promise<ApiKeyPrincipal | null>>();

async function findPrincipal(presented: string, now: Date, clientAddress: string | undefined): Promise<ApiKeyPrincipal | null> {
  const hashedKey = looksLikeApiKey(presented) ? hashApiKey(presented) : undefined;
  const cached = hashedKey && getCachedKey(hashedKey, now);
  if (cached) return cached;
  if (clientAddress !== undefined) assertAuthenticationBudget(clientAddress, now.getTime());
  if (!hashedKey || isKnownBadKey(hashedKey, now.getTime())) return null;
  const pending = lookups.get(hashedKey);
  if (pending) return pending;
  const lookup = lookUp(hashedKey, now).finally(() => lookups.delete(hashedKey));
  lookups.set(hashedKey, lookup);
  return lookup;
}

async function lookUp(hashedKey: string, now: Date): Promise<ApiKeyPrincipal | null> {
  const mark = cacheMark();
  const key = await db.apiKey.findUnique({
    where: { hashedKey },
    select: {
      id: true,
      createdAt: true,
      revokedAt: true,
      expiresAt: true,
      lastUsedAt: true,
      organizationId: true,
      organization: { select: { name: true, slug: true, subscription: { select: { plan: true } } } },
      user: {
        select: {
          id: true,
          email: true,
          memberships: { select: { organizationId: true, role: true } },
        },
      },
    },
  });
  if (!key || key.revokedAt || (key.expiresAt && key.expiresAt <= now)) {
    rememberBadKey(hashedKey, now.getTime());
    return null;
  }
  const { organizationId, organization } = key;
  const role = key.user.memberships.find((membership) => membership.organizationId === organizationId)?.role;
  // A creator who is no longer a member of the key's organization: the key no longer acts for it.
  if (!role) return null;
  const { plan } = entitlementsOf(organization.subscription);
  const overPlanLimit = (await olderActiveKeys(organizationId, key, now)) >= plan.limits.apiKeys;
  if (!overPlanLimit && (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS)) await touch(key.id, now);
  const principal = {
    keyId: key.id,
    userId: key.user.id,
    organizationId,
    organization: { name: organization.name, slug: organization.slug },
    role,
    email: key.user.email,
    plan,
    overPlanLimit,
  };
  // A key over the plan's limit is looked up every time: a revocation elsewhere may let it in.
  if (!overPlanLimit) cacheKey(hashedKey, principal, key.expiresAt, now, mark);
  return principal;
}

/** How many of the organization's active keys were created before this one (ties broken by id). */
function olderActiveKeys(organizationId: string, key: { id: string; createdAt: Date }, now: Date) {
  return db.apiKey.count({
    where: { organizationId, AND: [activeKeyFilter(now), { OR: [{ createdAt: { lt: key.createdAt } }, { createdAt: key.createdAt, id: { lt: key.id } }] }] },
  });
}

// Conditional, so concurrent requests on a stale key write once between them.
async function touch(keyId: string, now: Date) {
  await db.apiKey.updateMany({
    where: { id: keyId, OR: [{ lastUsedAt: null }, { lastUsedAt: { lte: new Date(now.getTime() - LAST_USED_RESOLUTION_MS) } }] },
    data: { lastUsedAt: now },
  });
}

/** Whether the user is gone (deleted by another instance, or during the request): then this instance forgets their keys. */
export async function forgetKeysIfUserGone(userId: string): Promise<boolean> {
  if (await db.user.findUnique({ where: { id: userId }, select: { id: true } })) return false;
  evictCachedKeys({ userId });
  return true;
}
