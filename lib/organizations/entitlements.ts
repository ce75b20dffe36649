// What an organization's plan allows: the one place that answers it, from the organization's
// subscription (one per organization). The wrappers (userAction, apiRoute) take the requests per
// minute from here; the features take their limits (posts, API keys) from here, counted across the
// organization. A plan's numbers themselves are defined in lib/billing/plans.ts.
import { getPlan, type Plan, type PlanLimits } from "@/lib/billing/plans";
import { db, type DbTransaction } from "@/lib/db";

export type Entitlements = { plan: Plan; limits: PlanLimits };

/** What a subscription row's plan allows; an organization without one has the free plan's. */
export function entitlementsOf(subscription: { plan: string } | null | undefined): Entitlements {
  const plan = getPlan(subscription?.plan);
  return { plan, limits: plan.limits };
}

/** What the organization's plan allows, read in `client` (a transaction, to count and create under one lock). */
export async function getEntitlements(organizationId: string, client: Pick<DbTransaction, "subscription"> = db): Promise<Entitlements> {
  return entitlementsOf(await client.subscription.findUnique({ where: { organizationId }, select: { plan: true } }));
}
