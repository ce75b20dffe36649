// Usage: what an organization holds against its plan's limits (posts, active API keys), for the
// overview's meters and the forms that create them, and a user's authenticated /api/v1 requests per
// UTC day. The requests are counted by the rate limiter's statement (lib/rate-limit/counter.ts), one
// row per user and day, and kept for API_USAGE_RETENTION_DAYS (lib/maintenance deletes older days).
import { activeKeyFilter } from "@/lib/api-keys/keys";
import type { Plan } from "@/lib/billing/plans";
import { db } from "@/lib/db";
import { getEntitlements } from "@/lib/organizations/entitlements";
import type { Actor } from "@/lib/organizations/permissions";

/** The days the dashboard's chart shows, today included. */
export const API_USAGE_CHART_DAYS = 30;

const DAY_MS = 24 * 60 * 60 * 1000;

/** How much of a limit is used: `used` may exceed `limit` after a downgrade. */
export type Allowance = { used: number; limit: number };

/** One UTC day and the API requests counted on it. */
export type DailyRequests = { day: string; requests: number };

export type Usage = { plan: Plan; posts: Allowance; apiKeys: Allowance; apiRequests: DailyRequests[] };

type Allowances = Pick<Usage, "plan" | "posts" | "apiKeys">;

/** The organization's posts and active keys at `now` against its plan: what the overview's meters and the create forms show. */
export async function getAllowances(organizationId: string, { now = new Date() } = {}): Promise<Allowances> {
  const [{ plan }, posts, apiKeys] = await Promise.all([
    getEntitlements(organizationId),
    db.post.count({ where: { organizationId } }),
    db.apiKey.count({ where: { organizationId, ...activeKeyFilter(now) } }),
  ]);
  return { plan, posts: { used: posts, limit: plan.limits.posts }, apiKeys: { used: apiKeys, limit: plan.limits.apiKeys } };
}

/** Whether a limit is used up: one more would be refused. */
export function isAtLimit({ used, limit }: Allowance) {
  return used >= limit;
}

/** The actor's usage at `now`: their organization's posts and active keys against its plan, and their own API requests of the last `days` UTC days. */
export async function getUsage(
  { userId, organizationId }: Pick<Actor, "userId" | "organizationId">,
  { now = new Date(), days = API_USAGE_CHART_DAYS } = {},
): Promise<Usage> {
  const [allowances, apiRequests] = await Promise.all([getAllowances(organizationId, { now }), apiRequestsByDay(userId, { now, days })]);
  return { ...allowances, apiRequests };
}

/** The user's API requests on each of the last `days` UTC days, oldest first, today last; a day without any counts 0. */
export async function apiRequestsByDay(userId: string, { now = new Date(), days = API_USAGE_CHART_DAYS } = {}): Promise<DailyRequests[]> {
  const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  const series = Array.from({ length: days }, (_, i) => utcDay(new Date(today - (days - 1 - i) * DAY_MS)));
  const rows = await db.apiUsageDay.findMany({ where: { userId, day: { gte: new Date(today - (days - 1) * DAY_MS) } }, select: { day: true, count: true } });
  const counted = new Map(rows.map((row) => [utcDay(row.day), row.count]));
  return series.map((day) => ({ day, requests: counted.get(day) ?? 0 }));
}

/** `YYYY-MM-DD`, in UTC: how a day is named, stored (a `date` column) and shown. */
function utcDay(date: Date) {
  return date.toISOString().slice(0, 10);
}
