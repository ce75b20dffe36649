import type Stripe from "stripe";
import { idOf, syncSubscription } from "../sync.ts";
import type { EventHandler } from "./types.ts";

// invoice.paid / invoice.payment_failed: the subscription's status may have moved (active ⇄ past_due).
export const invoiceSettled: EventHandler = async (event, context) => {
  const subscriptionId = subscriptionIdOfInvoice(event.data.object as Stripe.Invoice);
  return subscriptionId ? syncSubscription(context, subscriptionId) : "ignored";
};

/** The subscription an invoice bills, if any (a one-off invoice has none). */
export function subscriptionIdOfInvoice(invoice: Stripe.Invoice & { subscription?: string | Stripe.Subscription | null }) {
  // API 2025-03-31+: invoice.parent.subscription_details; older API versions: invoice.subscription.
  return idOf(invoice.parent?.subscription_details?.subscription) ?? idOf(invoice.subscription);
}
