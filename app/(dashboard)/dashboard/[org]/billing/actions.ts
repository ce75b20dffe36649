"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { appOrigin } from "@/lib/app-origin";
import { BillingError, createPortalSession, startUpgrade, upgradeSchema } from "@/lib/billing/checkout";
import { billingPath } from "@/lib/billing/paths";
import { getBilling, withStripe } from "@/lib/billing/stripe";
import { userAction } from "@/lib/user-action";

const UNREACHABLE = "We could not reach the payment provider. Please try again.";

export const upgradeAction = userAction({ schema: upgradeSchema, permission: "billing.manage" }, async ({ interval }, user) => {
  const billing = getBilling();
  if (!billing) throw new BillingError("Upgrading is not available.");
  const billingUrl = `${await appOrigin()}${billingPath(user.organization.slug)}`;
  // Checkout, or the Portal for a customer who already pays: never a second subscription.
  const { url } = await withStripe("billing.checkout", UNREACHABLE, () => startUpgrade(billing, user, interval, billingUrl));
  redirect(url);
});

export const manageBillingAction = userAction({ schema: z.object({}), permission: "billing.manage" }, async (_, user) => {
  const billing = getBilling();
  const customer = user.subscription?.stripeCustomerId;
  if (!billing || !customer) throw new BillingError("There is no billing account to manage yet.");
  const billingUrl = `${await appOrigin()}${billingPath(user.organization.slug)}`;
  redirect(await withStripe("billing.portal", UNREACHABLE, () => createPortalSession(billing, customer, billingUrl)));
});
