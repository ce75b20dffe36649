import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Card } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/session";
import { billingPath } from "@/lib/billing/paths";
import { getBilling } from "@/lib/billing/stripe";
import { refusal } from "@/lib/organizations/permissions";
import { ManageBillingButton } from "../billing-buttons";

export const metadata: Metadata = { title: "Billing portal" };

// The link in billing emails ("Update your card") leads here: a page with a button, never a GET
// that opens a portal session — link previews, prefetches and other sites make GETs. The button is
// the billing page's server action: a POST under Next.js's origin check, within the user's limits,
// opening a fresh session (portal URLs expire). Signed out, sign-in comes first and returns here.
export default async function BillingPortalPage() {
  const user = await requireUser();
  if (!getBilling() || !user.subscription?.stripeCustomerId) redirect(billingPath(user.organization.slug));
  const refused = refusal(user.actor, "billing.manage", "open its billing portal");
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">Billing portal</h1>
      <Card title="Manage your subscription" description="Update your card, see your invoices or change your plan in Stripe's billing portal.">
        {refused ? (
          <p role="status" data-testid="billing-refusal" className="text-sm text-muted-foreground">
            {refused}
          </p>
        ) : (
          <ManageBillingButton label="Open the billing portal" />
        )}
      </Card>
    </div>
  );
}
