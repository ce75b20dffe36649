import { parseInvoice, type StripeInvoice } from "../stripe-objects.ts";
import { idOf, syncSubscription, type SyncContext } from "../sync.ts";
import { eventHandler } from "./types.ts";

// invoice.paid / invoice.payment_failed: the subscription's status may have moved (active ⇄ past_due).
export const invoiceSettled = eventHandler(parseInvoice, syncInvoiceSubscription);

/** Syncs the subscription an invoice bills; a one-off invoice has none and is ignored. */
export async function syncInvoiceSubscription(invoice: StripeInvoice, context: SyncContext) {
  const subscriptionId = subscriptionIdOfInvoice(invoice);
  return subscriptionId ? syncSubscription(context, subscriptionId) : "ignored";
}

/** The subscription an invoice bills, if any. */
export function subscriptionIdOfInvoice(invoice: StripeInvoice) {
  // API 2025-03-31+: invoice.parent.subscription_details; older API versions: invoice.subscription.
  return idOf(invoice.parent?.subscription_details?.subscription) ?? idOf(invoice.subscription);
}
