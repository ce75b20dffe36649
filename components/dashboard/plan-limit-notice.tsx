import Link from "next/link";
import { upgradePath } from "@/lib/billing/paths";
import { PLANS, type Plan } from "@/lib/billing/plans";
import { formatCount } from "@/lib/format";
import { isAtLimit, type Allowance } from "@/lib/usage/usage";

type Props = {
  allowance: Allowance;
  plan: Plan;
  /** What is counted, plural: "posts", "active API keys". */
  noun: string;
  /** How to make room without upgrading: "Delete one". */
  makeRoom: string;
  /** The slug of the organization whose plan it is: the upgrade link is its billing page's. */
  organization: string;
};

/**
 * Why a create form is disabled: shown above it when the plan's limit is used up, with the way to
 * make room and, below the top plan, the upgrade link. Rendered on the server with the page, so the
 * reason is there before anyone types; the create action still refuses on its own.
 */
export function PlanLimitNotice({ allowance, plan, noun, makeRoom, organization }: Props) {
  if (!isAtLimit(allowance)) return null;
  return (
    <p data-testid="plan-limit-notice" className="rounded-md border border-warning/30 bg-warning-muted p-3 text-sm text-warning">
      You have {formatCount(allowance.used)} of {formatCount(allowance.limit)} {noun} on {plan.name}. {makeRoom} to make room
      {plan.id === PLANS.free.id ? (
        <>
          , or{" "}
          <Link href={upgradePath(organization)} className="font-medium text-brand underline underline-offset-2">
            upgrade to {PLANS.pro.name}
          </Link>{" "}
          for more.
        </>
      ) : (
        "."
      )}
    </p>
  );
}
