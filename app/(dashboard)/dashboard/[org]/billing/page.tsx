import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/session";
import { getPlan, PLANS } from "@/lib/billing/plans";
import { hasPaidAccess, statusLabel } from "@/lib/billing/status";
import { getBilling } from "@/lib/billing/stripe";
import { mayStartTrial } from "@/lib/billing/trials";
import { formatDate } from "@/lib/format";
import { refusal } from "@/lib/organizations/permissions";
import { ManageBillingButton, UpgradeButtons } from "./billing-buttons";

export const metadata: Metadata = { title: "Billing" };

type SearchParams = { checkout?: string; upgrade?: string };

export default async function BillingPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requireUser();
  const { checkout, upgrade } = await searchParams;
  const billing = getBilling();
  const subscription = user.subscription;
  const plan = getPlan(subscription?.plan);
  const paid = plan.id !== PLANS.free.id;
  const trialDays = billing?.trialDays && (await mayStartTrial(user)) ? billing.trialDays : undefined;
  // Every member sees the plan; what the organization pays is changed by the roles the table allows.
  const refused = refusal(user.actor, "billing.manage", "change what it pays");

  const yourPlan = (
    <Card title="Your plan">
      <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm">
        <dt className="text-muted-foreground">Plan</dt>
        <dd data-testid="billing-plan">{plan.name}</dd>
        {/* Pro is billed per member: the seats Stripe bills, as its webhook last reported them. */}
        {paid && subscription?.quantity != null && (
          <>
            <dt className="text-muted-foreground">Seats</dt>
            <dd data-testid="billing-seats">{`${subscription.quantity} ${subscription.quantity === 1 ? "seat" : "seats"}, one per member`}</dd>
          </>
        )}
        {subscription?.stripeSubscriptionId && (
          <>
            <dt className="text-muted-foreground">Status</dt>
            <dd data-testid="billing-status">{statusLabel(subscription.status)}</dd>
          </>
        )}
        {subscription?.currentPeriodEnd && hasPaidAccess(subscription.status) && (
          <>
            {/* A trial is the subscription's first period: it ends with it, and the first payment is due then. */}
            <dt className="text-muted-foreground">
              {subscription.status === "trialing" ? "Trial ends on" : subscription.cancelAtPeriodEnd ? "Ends on" : "Renews on"}
            </dt>
            <dd data-testid="billing-period-end">{formatDate(subscription.currentPeriodEnd)}</dd>
          </>
        )}
      </dl>
      {billing && subscription?.stripeCustomerId && !refused && (
        <div className="mt-6">
          <ManageBillingButton />
        </div>
      )}
    </Card>
  );

  const upgradeCard = !paid && (
    <Card
      title="Upgrade to Pro"
      description={`${PLANS.pro.description} $${PLANS.pro.price.monthly} per member per month: every member of the organization is a seat, billed pro rata as people join and leave.`}
    >
      <ul className="mb-6 space-y-1 text-sm text-muted-foreground">
        {PLANS.pro.features.map((feature) => (
          <li key={feature} className="flex gap-2">
            <span aria-hidden>✓</span>
            {feature}
          </li>
        ))}
      </ul>
      {billing && refused ? (
        <p role="status" data-testid="billing-refusal" className="text-sm text-muted-foreground">
          {refused}
        </p>
      ) : billing ? (
        <div className="space-y-3">
          {trialDays && <p className="text-sm text-muted-foreground">Start with a {trialDays}-day free trial: nothing is charged until it ends.</p>}
          <UpgradeButtons monthly={PLANS.pro.price.monthly} yearly={billing.prices.proYearly ? PLANS.pro.price.yearly : undefined} />
        </div>
      ) : (
        <div className="space-y-2">
          <p role="status" data-testid="billing-unavailable" className="rounded-md bg-muted p-4 text-sm text-foreground">
            Upgrading is not available yet. Your account stays on the Free plan, with everything it includes.
          </p>
          {process.env.NODE_ENV !== "production" && (
            <p className="text-xs text-muted-foreground">
              Development only: set STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET and STRIPE_PRICE_PRO_MONTHLY to enable billing (docs/billing.md).
            </p>
          )}
        </div>
      )}
    </Card>
  );

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">Billing</h1>
      {checkout === "success" && (
        <p role="status" className="rounded-md bg-success-muted p-4 text-sm text-success">
          Thank you! Your payment went through; your plan updates here as soon as Stripe confirms it.
        </p>
      )}
      {checkout === "canceled" && (
        <p role="status" className="rounded-md bg-muted p-4 text-sm text-foreground">
          Checkout canceled: nothing was charged.
        </p>
      )}
      {/* An upgrade link (?upgrade=pro) lands on the upgrade itself. */}
      {upgrade ? (
        <>
          {upgradeCard}
          {yourPlan}
        </>
      ) : (
        <>
          {yourPlan}
          {upgradeCard}
        </>
      )}
    </div>
  );
}
