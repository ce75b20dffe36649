// How every feature keeps a user to their plan's number of something (posts, projects…): the count
// and the create run in one transaction under a lock on the user's row, so concurrent creates
// cannot pass the limit together. Over it, a PlanLimitError: 403 `plan_limit_reached` in the API,
// the message in the dashboard.
import { db, type DbTransaction } from "@/lib/db";
import { PlanLimitError } from "@/lib/errors";
import { getPlan, type Plan } from "./plans.ts";

type Limited<Row> = {
  /** The plan's number, e.g. `(plan) => plan.limits.posts`. */
  limit: (plan: Plan) => number;
  /** What is counted, plural, for the message: "posts". */
  noun: string;
  count: (tx: DbTransaction) => Promise<number>;
  create: (tx: DbTransaction) => Promise<Row>;
};

export async function createWithinPlanLimit<Row>(userId: string, { limit: limitOf, noun, count, create }: Limited<Row>): Promise<Row> {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT 1 FROM "User" WHERE "id" = ${userId} FOR UPDATE`;
    const subscription = await tx.subscription.findUnique({ where: { userId }, select: { plan: true } });
    const limit = limitOf(getPlan(subscription?.plan));
    if ((await count(tx)) >= limit) throw new PlanLimitError(`Your plan allows ${limit.toLocaleString("en-US")} ${noun}. Delete some, or upgrade.`);
    return create(tx);
  });
}
