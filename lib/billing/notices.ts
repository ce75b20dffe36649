// The emails billing sends about an organization's subscription, to its billing contact
// (contact.ts). An event's handler collects them while it runs in the webhook's transaction; they
// go out only once that transaction committed — so a replayed event (a duplicate, which runs no
// handler) or a rolled-back one sends nothing, and each is sent at most once per Stripe event. An
// email the SMTP server does not take (refused, down, timing out) is logged as failed
// (`email.failed`, with the event id and the user id) and kept on the event's row
// (StripeEvent.unsentEmails), and the webhook answers 503: Stripe redelivers the event, which is not
// applied again (a duplicate) but takes the kept emails and sends them — one delivery takes them, so
// two redeliveries at once cannot both send them — unless they are a day old.
import type { Logger } from "pino";
import { z } from "zod";
import { db, type DbTransaction } from "@/lib/db";
import { paymentFailedEmail } from "@/lib/email/messages/payment-failed";
import { proEndedEmail } from "@/lib/email/messages/pro-ended";
import { sendEmail } from "@/lib/email/send";
import type { RenderedEmail } from "@/lib/email/template";
import { billingPath } from "./paths.ts";

const recipient = z.object({ id: z.string(), email: z.string(), name: z.string().nullable() });
// The slug of the organization whose subscription it is, for the email's link to its billing. Absent
// on an email kept before organizations were in the URL: its link is an old one, which lands in the
// organization the recipient used last.
const organizationSlug = z.string().optional();

// Also the shape of the emails kept on an event's row, read back (as JSON) by its redelivery.
const billingNotice = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("payment_failed"),
    to: recipient,
    organizationSlug,
    amountDue: z.number(),
    currency: z.string(),
    nextPaymentAttempt: z.coerce.date().nullable(),
  }),
  z.object({ kind: z.literal("pro_ended"), to: recipient, organizationSlug, status: z.string() }),
]);

export type BillingNotice = z.infer<typeof billingNotice>;

export function renderNotice(notice: BillingNotice, origin: string): RenderedEmail {
  switch (notice.kind) {
    case "payment_failed":
      return paymentFailedEmail({ ...notice, name: notice.to.name, updatePaymentUrl: `${origin}${billingPage(notice, "/portal")}` });
    case "pro_ended":
      return proEndedEmail({ name: notice.to.name, status: notice.status, billingUrl: `${origin}${billingPage(notice)}` });
  }
}

/** The organization's billing page (or a page under it); for a notice without its slug, the old link. */
function billingPage(notice: BillingNotice, page = ""): string {
  return `${notice.organizationSlug ? billingPath(notice.organizationSlug) : "/dashboard/billing"}${page}`;
}

/**
 * Sends an event's emails (after its transaction committed). Those the SMTP server did not take are
 * kept on the event's row for its redelivery; returns whether every one went out.
 */
export async function sendBillingNotices(notices: BillingNotice[], { origin, eventId, logger }: { origin: string; eventId: string; logger: Logger }) {
  const unsent: BillingNotice[] = [];
  for (const notice of notices) {
    try {
      const delivery = await sendEmail({ to: notice.to.email, ...renderNotice(notice, origin) });
      logger.info({ event: "email.billing", kind: notice.kind, stripeEventId: eventId, userId: notice.to.id, delivery }, "billing email");
    } catch (error) {
      logger.error(
        { event: "email.failed", kind: notice.kind, stripeEventId: eventId, userId: notice.to.id, error: (error as Error).message },
        "billing email not sent",
      );
      unsent.push(notice);
    }
  }
  if (unsent.length > 0) await db.stripeEvent.update({ where: { id: eventId }, data: { unsentEmails: JSON.parse(JSON.stringify(unsent)) } });
  return unsent.length === 0;
}

// A kept email older than this is dropped instead of sent: a billing notice that arrives a day late
// (Stripe redelivers for 3 days) misleads more than it helps — the billing page shows the current state.
export const KEPT_EMAIL_MAX_AGE_MS = 24 * 60 * 60 * 1000;

/**
 * The emails an earlier delivery of this event could not send, taken off its row (in the
 * redelivery's transaction, which holds the row: one delivery takes them) for this one to send.
 */
export async function takeUnsentNotices(tx: DbTransaction, eventId: string, logger: Logger): Promise<BillingNotice[]> {
  const [row] = await tx.$queryRaw<{ unsentEmails: unknown; processedAt: Date }[]>`
    UPDATE "StripeEvent" AS event SET "unsentEmails" = NULL
    FROM (SELECT "id", "unsentEmails" FROM "StripeEvent" WHERE "id" = ${eventId} FOR UPDATE) AS kept
    WHERE event."id" = kept."id" AND kept."unsentEmails" IS NOT NULL
    RETURNING kept."unsentEmails", event."processedAt"`;
  if (!row) return [];
  const notices = z.array(billingNotice).parse(row.unsentEmails);
  if (Date.now() - row.processedAt.getTime() <= KEPT_EMAIL_MAX_AGE_MS) return notices;
  for (const notice of notices) {
    logger.warn({ event: "email.dropped", kind: notice.kind, stripeEventId: eventId, userId: notice.to.id }, "billing email too late to send");
  }
  return [];
}
