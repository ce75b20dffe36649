import { billingContactOf, billingContactSelect } from "../contact.ts";
import { PLANS } from "../plans.ts";
import { hasPaidAccess } from "../status.ts";
import { parseFailedInvoice } from "../stripe-objects.ts";
import { subscriptionIdOfInvoice, syncInvoiceSubscription } from "./invoice-settled.ts";
import { eventHandler } from "./types.ts";

// invoice.payment_failed: the subscription's status moves (usually active → past_due) like for any
// invoice; while Pro is kept (Stripe retries), the user learns what happened and how to fix it. A
// failed first payment (Checkout, status incomplete) never gave Pro: Checkout itself shows it. After
// the last attempt the subscription ends, and the "Pro ended" email (lib/billing/sync.ts) says so.
export const invoicePaymentFailed = eventHandler(parseFailedInvoice, async (invoice, context) => {
  const outcome = await syncInvoiceSubscription(invoice, context);
  const subscriptionId = subscriptionIdOfInvoice(invoice);
  if (outcome !== "processed" || !subscriptionId) return outcome;
  const row = await context.tx.subscription.findUnique({
    where: { stripeSubscriptionId: subscriptionId },
    select: { plan: true, status: true, ...billingContactSelect },
  });
  const contact = row && billingContactOf(row);
  if (contact && row.plan === PLANS.pro.id && hasPaidAccess(row.status)) {
    context.notices.push({
      kind: "payment_failed",
      to: contact,
      organizationSlug: row.organization.slug,
      amountDue: invoice.amount_due,
      currency: invoice.currency,
      nextPaymentAttempt: invoice.next_payment_attempt === null ? null : new Date(invoice.next_payment_attempt * 1000),
    });
  }
  return outcome;
});
