// The emails billing sends about a user's subscription. An event's handler collects them while it
// runs in the webhook's transaction; they go out only once that transaction committed — so a
// replayed event (a duplicate, which runs no handler) or a rolled-back one sends nothing, and each
// is sent at most once per Stripe event. A failing SMTP server never fails the webhook: the email
// is logged as failed (`email.failed`, with the event id and the user id) and not retried, since
// Stripe would otherwise redeliver an event that was already applied.
import type { Logger } from "pino";
import { paymentFailedEmail } from "@/lib/email/messages/payment-failed";
import { proEndedEmail } from "@/lib/email/messages/pro-ended";
import { sendEmail } from "@/lib/email/send";
import type { RenderedEmail } from "@/lib/email/template";
import { BILLING_PATH, PORTAL_PATH } from "./paths.ts";

type Recipient = { id: string; email: string; name: string | null };

export type BillingNotice =
  | { kind: "payment_failed"; to: Recipient; amountDue: number; currency: string; nextPaymentAttempt: Date | null }
  | { kind: "pro_ended"; to: Recipient; status: string };

export function renderNotice(notice: BillingNotice, origin: string): RenderedEmail {
  switch (notice.kind) {
    case "payment_failed":
      return paymentFailedEmail({ ...notice, name: notice.to.name, updatePaymentUrl: `${origin}${PORTAL_PATH}` });
    case "pro_ended":
      return proEndedEmail({ name: notice.to.name, status: notice.status, billingUrl: `${origin}${BILLING_PATH}` });
  }
}

export async function sendBillingNotices(notices: BillingNotice[], { origin, eventId, logger }: { origin: string; eventId: string; logger: Logger }) {
  for (const notice of notices) {
    try {
      const delivery = await sendEmail({ to: notice.to.email, ...renderNotice(notice, origin) });
      logger.info({ event: "email.billing", kind: notice.kind, stripeEventId: eventId, userId: notice.to.id, delivery }, "billing email");
    } catch (error) {
      logger.error(
        { event: "email.failed", kind: notice.kind, stripeEventId: eventId, userId: notice.to.id, error: (error as Error).message },
        "billing email not sent",
      );
    }
  }
}
