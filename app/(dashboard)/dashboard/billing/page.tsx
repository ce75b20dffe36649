import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/session";
import { getPlan, PLANS } from "@/lib/billing/plans";
import { hasPaidAccess, statusLabel } from "@/lib/billing/status";
import { getBilling } from "@/lib/billing/stripe";
import { ManageBillingButton, UpgradeButtons } from "./billing-buttons";

export const metadata: Metadata = { title: "Billing" };

const date = (value: Date) => value.toLocaleDateString("en-US", { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" });

export default async function BillingPage({ searchParams }: { searchParams: Promise<{ checkout?: string }> }) {
  const user = await requireUser();
  const { checkout } = await searchParams;
  const billing = getBilling();
  const subscription = user.subscription;
  const plan = getPlan(subscription?.plan);
  const paid = plan.id !== PLANS.free.id;

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
      <Card title="Your plan">
        <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm">
          <dt className="text-muted-foreground">Plan</dt>
          <dd data-testid="billing-plan">{plan.name}</dd>
          {subscription?.stripeSubscriptionId && (
            <>
              <dt className="text-muted-foreground">Status</dt>
              <dd data-testid="billing-status">{statusLabel(subscription.status)}</dd>
            </>
          )}
          {subscription?.currentPeriodEnd && hasPaidAccess(subscription.status) && (
            <>
              <dt className="text-muted-foreground">{subscription.cancelAtPeriodEnd ? "Ends on" : "Renews on"}</dt>
              <dd data-testid="billing-period-end">{date(subscription.currentPeriodEnd)}</dd>
            </>
          )}
        </dl>
        <div className="mt-6">
          {!billing ? (
            <p className="text-sm text-muted-foreground">
              Billing is not configured on this deployment. Set STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET and STRIPE_PRICE_PRO_MONTHLY to enable it.
            </p>
          ) : (
            <div className="space-y-4">
              {!paid && <UpgradeButtons monthly={PLANS.pro.price.monthly} yearly={billing.prices.proYearly ? PLANS.pro.price.yearly : undefined} />}
              {subscription?.stripeCustomerId && <ManageBillingButton />}
            </div>
          )}
        </div>
      </Card>
    </div>
  );
}
