// Every organization's billing starts as a Subscription row on the free plan: the one way one is
// created, so that what it needs changes in one place.
import type { DbTransaction } from "@/lib/db";

export function createFreeSubscription(tx: Pick<DbTransaction, "subscription">, organizationId: string) {
  return tx.subscription.create({ data: { organizationId } });
}
