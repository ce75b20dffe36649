// Stripe webhooks: verified, then applied exactly once. The event id is recorded in StripeEvent in
// the same transaction as its effect, so a replay — or the same event delivered ten times at
// once — finds the id and changes nothing, and a failure leaves nothing half-written: Stripe
// retries and the retry starts clean. The emails an event causes go out after its transaction
// committed (lib/billing/notices.ts): at most once per event, and never failing the webhook. So are
// the cached API keys of the users whose plan it wrote evicted: before the commit, a request could
// cache the old plan again.
import type Stripe from "stripe";
import { evictCachedKeys } from "@/lib/api-keys/cache";
import { isDatabaseBusy } from "@/lib/database-errors";
import { db } from "@/lib/db";
import { logger as rootLogger } from "@/lib/logger";
import { lookup } from "@/lib/lookup";
import { EVENT_HANDLERS } from "./events/index.ts";
import { sendBillingNotices, type BillingNotice } from "./notices.ts";
import { getBilling, isStripeUnavailable } from "./stripe.ts";

export type WebhookOutcome = "processed" | "duplicate" | "ignored" | "customer_not_found";
export type WebhookResponse = { status: number; body: { received: true; outcome: WebhookOutcome } | { error: string } };

/** `origin`: the app's public origin, for the links in the emails an event sends. */
export async function handleStripeWebhook(
  payload: string,
  signature: string | null,
  { origin, logger = rootLogger }: { origin: string; logger?: typeof rootLogger },
): Promise<WebhookResponse> {
  const billing = getBilling();
  if (!billing) return { status: 503, body: { error: "Billing is not configured." } };

  let event: Stripe.Event;
  try {
    event = billing.stripe.webhooks.constructEvent(payload, signature ?? "", billing.webhookSecret);
  } catch (error) {
    logger.warn({ event: "stripe.webhook", outcome: "invalid_signature", reason: (error as Error).message }, "rejected a webhook");
    return { status: 400, body: { error: "Invalid or missing Stripe signature." } };
  }

  const started = performance.now();
  const log = (outcome: WebhookOutcome | "error", extra: Record<string, unknown> = {}) =>
    logger[outcome === "error" ? "error" : "info"](
      { event: "stripe.webhook", id: event.id, type: event.type, outcome, ms: Math.round(performance.now() - started), ...extra },
      "stripe webhook",
    );

  const handler = lookup(EVENT_HANDLERS, event.type);
  if (!handler) {
    log("ignored");
    return { status: 200, body: { received: true, outcome: "ignored" } };
  }
  const notices: BillingNotice[] = [];
  const changedUsers = new Set<string>();
  let outcome: WebhookOutcome;
  try {
    outcome = await db.$transaction(
      async (tx): Promise<WebhookOutcome> => {
        // Waits while another delivery of this event is in flight; finds its row once it committed.
        const recorded = await tx.$executeRaw`INSERT INTO "StripeEvent" ("id", "type") VALUES (${event.id}, ${event.type}) ON CONFLICT ("id") DO NOTHING`;
        if (recorded === 0) return "duplicate";
        return handler(event, { tx, billing, notices, changedUsers });
      },
      { maxWait: 10_000, timeout: 30_000 },
    );
  } catch (error) {
    log("error", { error: (error as Error).message });
    // Stripe retries either; a 503 tells whoever reads its dashboard that the database or Stripe's
    // own API was away (the re-read of the object), not a bug.
    return {
      status: isDatabaseBusy(error) || isStripeUnavailable(error) ? 503 : 500,
      body: { error: "The event could not be processed; Stripe will retry it." },
    };
  }
  log(outcome);
  for (const userId of changedUsers) evictCachedKeys({ userId });
  await sendBillingNotices(notices, { origin, eventId: event.id, logger });
  return { status: 200, body: { received: true, outcome } };
}
