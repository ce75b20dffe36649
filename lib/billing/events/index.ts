// The Stripe events billing acts on, each with its handler. Anything else is acknowledged and ignored.
import { checkoutSessionCompleted } from "./checkout-session-completed.ts";
import { customerSubscriptionChanged } from "./customer-subscription-changed.ts";
import { invoicePaymentFailed } from "./invoice-payment-failed.ts";
import { invoiceSettled } from "./invoice-settled.ts";
import type { EventHandler } from "./types.ts";

export const EVENT_HANDLERS: Record<string, EventHandler> = {
  "checkout.session.completed": checkoutSessionCompleted,
  "customer.subscription.created": customerSubscriptionChanged,
  "customer.subscription.updated": customerSubscriptionChanged,
  "customer.subscription.deleted": customerSubscriptionChanged,
  "invoice.paid": invoiceSettled,
  "invoice.payment_failed": invoicePaymentFailed,
};
