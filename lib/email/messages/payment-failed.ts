import { BRAND } from "../brand.ts";
import { formatAmount, formatDate } from "@/lib/format";
import { renderEmail } from "../template.ts";

export type PaymentFailed = {
  name: string | null;
  /** In the currency's smallest unit, as Stripe gives it. */
  amountDue: number;
  currency: string;
  /** When Stripe tries again (invoice.next_payment_attempt); null when it will not. */
  nextPaymentAttempt: Date | null;
  /** Opens the Customer Portal, where the card is updated. */
  updatePaymentUrl: string;
};

export function paymentFailedEmail({ name, amountDue, currency, nextPaymentAttempt, updatePaymentUrl }: PaymentFailed) {
  const amount = formatAmount(amountDue, currency);
  const until = nextPaymentAttempt
    ? `Your Pro plan stays active until then: we will try the payment again on ${formatDate(nextPaymentAttempt)}. Update your card before that date to keep Pro without interruption.`
    : "That was the last automatic attempt: update your card now to keep your Pro plan.";
  return renderEmail({
    subject: `Your payment for ${BRAND.name} Pro failed`,
    preview: `We could not charge ${amount} for your Pro plan.`,
    blocks: [
      { kind: "heading", text: "Your payment failed" },
      { kind: "paragraph", text: `Hi${name ? ` ${name}` : ""}, we could not charge ${amount} to your card for your ${BRAND.name} Pro plan.` },
      { kind: "paragraph", text: until },
      { kind: "button", label: "Update your card", url: updatePaymentUrl },
      { kind: "note", text: "You receive this email because a payment for your subscription did not go through." },
    ],
  });
}
