// Stripe webhooks: verified, then applied exactly once. The event id is recorded in StripeEvent in
// the same transaction as its effect, so a replay — or the same event delivered ten times at
// once — finds the id and changes nothing, and a failure leaves nothing half-written: Stripe
// retries and the retry starts clean. The emails an event causes go out after its transaction
// committed (lib/billing/notices.ts), at most once per event; those the SMTP server did not take
// are kept, answered 503, and sent by the event's redelivery (which applies nothing). So are
// the cached API keys of the users whose plan it wrote evicted: before the commit, a request could
// cache the old plan again. What the webhook reads of Stripe's objects is parsed first
// (lib/billing/stripe-objects.ts): an object that does not fit is logged as `invalid_object` and
// answered 500 like any failure, with nothing written and the event not recorded, so Stripe retries.
import type { Span } from "@opentelemetry/api";
import type Stripe from "stripe";
import { evictCachedKeys, type CachedKeyMatch } from "@/lib/api-keys/cache";
import { isDatabaseBusy } from "@/lib/database-errors";
import { db } from "@/lib/db";
import { logger as rootLogger } from "@/lib/logger";
import { lookup } from "@/lib/lookup";
import { recordHttpStatus, SPAN, withSpan } from "@/lib/tracing/spans";
import { EVENT_HANDLERS } from "./events/index.ts";
import { sendBillingNotices, takeUnsentNotices, type BillingNotice } from "./notices.ts";
import { StripeObjectInvalidError } from "./stripe-objects.ts";
import { getBilling, isStripeUnavailable } from "./stripe.ts";

export type WebhookOutcome = "processed" | "duplicate" | "ignored" | "customer_not_found";
export type WebhookResponse = { status: number; body: { received: true; outcome: WebhookOutcome } | { error: string } };

/** `origin`: the app's public origin, for the links in the emails an event sends. */
export function handleStripeWebhook(payload: string, signature: string | null, options: WebhookOptions): Promise<WebhookResponse> {
  // Its span holds the transaction's Prisma spans; the event's type and id are set once it is verified.
  return withSpan(SPAN.webhook, {}, async (span) => {
    const response = await handle(payload, signature, options, span);
    recordHttpStatus(span, response.status);
    if ("outcome" in response.body) span.setAttribute("stripe.webhook.outcome", response.body.outcome);
    return response;
  });
}

type WebhookOptions = { origin: string; logger?: typeof rootLogger };

async function handle(payload: string, signature: string | null, { origin, logger = rootLogger }: WebhookOptions, span: Span): Promise<WebhookResponse> {
  const billing = getBilling();
  if (!billing) return { status: 503, body: { error: "Billing is not configured." } };

  let event: Stripe.Event;
  try {
    event = billing.stripe.webhooks.constructEvent(payload, signature ?? "", billing.webhookSecret);
  } catch (error) {
    logger.warn({ event: "stripe.webhook", outcome: "invalid_signature", reason: (error as Error).message }, "rejected a webhook");
    return { status: 400, body: { error: "Invalid or missing Stripe signature." } };
  }

  span.setAttributes({ "stripe.event.id": event.id, "stripe.event.type": event.type });
  const started = performance.now();
  const log = (outcome: WebhookOutcome | "error" | "invalid_object", extra: Record<string, unknown> = {}) =>
    logger[outcome === "error" || outcome === "invalid_object" ? "error" : "info"](
      { event: "stripe.webhook", id: event.id, type: event.type, outcome, ms: Math.round(performance.now() - started), ...extra },
      "stripe webhook",
    );

  const handler = lookup(EVENT_HANDLERS, event.type);
  if (!handler) {
    log("ignored");
    return { status: 200, body: { received: true, outcome: "ignored" } };
  }
  const notices: BillingNotice[] = [];
  const changedKeys: CachedKeyMatch[] = [];
  let outcome: WebhookOutcome;
  try {
    // The event's object is parsed before the transaction: an invalid one writes nothing.
    const apply = handler(event.data.object);
    outcome = await db.$transaction(
      async (tx): Promise<WebhookOutcome> => {
        // Waits while another delivery of this event is in flight; finds its row once it committed.
        const recorded = await tx.$executeRaw`INSERT INTO "StripeEvent" ("id", "type") VALUES (${event.id}, ${event.type}) ON CONFLICT ("id") DO NOTHING`;
        if (recorded === 0) {
          notices.push(...(await takeUnsentNotices(tx, event.id, logger)));
          return "duplicate";
        }
        return apply({ tx, billing, notices, changedKeys });
      },
      { maxWait: 10_000, timeout: 30_000 },
    );
  } catch (error) {
    if (error instanceof StripeObjectInvalidError) {
      const { stripeObject, objectId, issues } = error;
      log("invalid_object", { error: error.name, stripeObject, objectId, issues });
    } else {
      log("error", { error: (error as Error).message });
    }
    // Stripe retries either; a 503 tells whoever reads its dashboard that the database or Stripe's
    // own API was away (the re-read of the object), not a bug.
    return {
      status: isDatabaseBusy(error) || isStripeUnavailable(error) ? 503 : 500,
      body: { error: "The event could not be processed; Stripe will retry it." },
    };
  }
  log(outcome);
  for (const match of changedKeys) evictCachedKeys(match);
  if (!(await sendBillingNotices(notices, { origin, eventId: event.id, logger }))) {
    // Applied, but an email is kept for Stripe's redelivery to send.
    return { status: 503, body: { error: "The event was applied, but its emails could not be sent; Stripe's retry sends them." } };
  }
  return { status: 200, body: { received: true, outcome } };
}
