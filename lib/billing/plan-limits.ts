// How every feature keeps an organization to its plan's number of something (posts, projects…): the
// count and the create run in one transaction under a lock on the organization's row, so concurrent
// creates cannot pass the limit together. What the plan allows comes from
// lib/organizations/entitlements.ts. Over it, a PlanLimitError: 403 `plan_limit_reached` in the API,
// the message in the dashboard.
import type { Plan } from "@/lib/billing/plans";
import { db, type DbTransaction } from "@/lib/db";
import { PlanLimitError } from "@/lib/errors";
import { getEntitlements } from "@/lib/organizations/entitlements";

type Limited<Row> = {
  /** The plan's number, e.g. `(plan) => plan.limits.posts`. */
  limit: (plan: Plan) => number;
  /** What is counted, plural, for the message: "posts". */
  noun: string;
  count: (tx: DbTransaction) => Promise<number>;
  create: (tx: DbTransaction) => Promise<Row>;
};

export async function createWithinPlanLimit<Row>(organizationId: string, { limit: limitOf, noun, count, create }: Limited<Row>): Promise<Row> {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT 1 FROM "Organization" WHERE "id" = ${organizationId} FOR UPDATE`;
    const limit = limitOf((await getEntitlements(organizationId, tx)).plan);
    if ((await count(tx)) >= limit) throw new PlanLimitError(`Your plan allows ${limit.toLocaleString("en-US")} ${noun}. Delete some, or upgrade.`);
    return create(tx);
  });
}
