"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { appOrigin } from "@/lib/app-origin";
import { requireUser } from "@/lib/auth/session";
import { createPortalSession, startUpgrade } from "@/lib/billing/checkout";
import { getBilling } from "@/lib/billing/stripe";
import { logger } from "@/lib/logger";

export type BillingActionState = { error?: string };

const intervalSchema = z.enum(["monthly", "yearly"]);

export async function upgradeAction(_previous: BillingActionState, formData: FormData): Promise<BillingActionState> {
  const user = await requireUser();
  const billing = getBilling();
  const interval = intervalSchema.safeParse(formData.get("interval"));
  if (!billing || !interval.success) return { error: "Upgrading is not available." };
  let url: string;
  try {
    // Checkout, or the Portal for a customer who already pays: never a second subscription.
    ({ url } = await startUpgrade(billing, user, interval.data, await appOrigin()));
  } catch (error) {
    logger.error({ event: "billing.checkout", userId: user.id, error: (error as Error).message }, "checkout failed");
    return { error: "We could not reach the payment provider. Please try again." };
  }
  redirect(url);
}

export async function manageBillingAction(): Promise<BillingActionState> {
  const user = await requireUser();
  const billing = getBilling();
  const customer = user.subscription?.stripeCustomerId;
  if (!billing || !customer) return { error: "There is no billing account to manage yet." };
  let url: string;
  try {
    url = await createPortalSession(billing, customer, await appOrigin());
  } catch (error) {
    logger.error({ event: "billing.portal", userId: user.id, error: (error as Error).message }, "portal failed");
    return { error: "We could not reach the payment provider. Please try again." };
  }
  redirect(url);
}
