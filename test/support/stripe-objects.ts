// Stripe objects in the shape the current API (2025-03-31 and later) sends them — periods on
// subscription items, invoices pointing at their subscription through `parent` — and webhook
// events signed by the real `stripe` library.
import { randomBytes } from "node:crypto";
import Stripe from "stripe";

const DAY = 24 * 60 * 60;
const now = () => Math.floor(Date.now() / 1000);
const id = (prefix: string) => `${prefix}_${randomBytes(10).toString("hex")}`;

export type SubscriptionFields = {
  id?: string;
  customer: string;
  priceId: string;
  status?: Stripe.Subscription.Status;
  periodEnd?: number;
  cancelAtPeriodEnd?: boolean;
  cancelAt?: number | null;
  metadata?: Record<string, string>;
  /** A subscription that started with a free trial ending then: the trial is its first period. */
  trialEnd?: number;
  /** When it was created (epoch seconds; default a day ago): Stripe lists a customer's subscriptions newest first. */
  created?: number;
  /** The item's quantity: Pro's seats (default 1). */
  quantity?: number;
};

export function subscriptionObject(fields: SubscriptionFields): Stripe.Subscription {
  const created = fields.created ?? now() - DAY;
  const periodStart = created;
  const periodEnd = fields.periodEnd ?? fields.trialEnd ?? periodStart + 30 * DAY;
  const subscriptionId = fields.id ?? id("sub");
  const status = fields.status ?? "active";
  return {
    id: subscriptionId,
    object: "subscription",
    application: null,
    application_fee_percent: null,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null },
    billing_cycle_anchor: periodStart,
    billing_cycle_anchor_config: null,
    billing_mode: { flexible: null, type: "classic" },
    cancel_at: fields.cancelAt ?? null,
    cancel_at_period_end: fields.cancelAtPeriodEnd ?? false,
    canceled_at: status === "canceled" ? now() : null,
    cancellation_details: { comment: null, feedback: null, reason: status === "canceled" ? "cancellation_requested" : null },
    collection_method: "charge_automatically",
    created,
    currency: "usd",
    customer: fields.customer,
    days_until_due: null,
    default_payment_method: "pm_1Pexample",
    default_source: null,
    default_tax_rates: [],
    description: null,
    discounts: [],
    ended_at: status === "canceled" ? now() : null,
    invoice_settings: { account_tax_ids: null, issuer: { type: "self" } },
    items: {
      object: "list",
      data: [
        {
          id: id("si"),
          object: "subscription_item",
          billing_thresholds: null,
          created,
          current_period_end: periodEnd,
          current_period_start: periodStart,
          discounts: [],
          metadata: {},
          price: priceObject(fields.priceId),
          quantity: fields.quantity ?? 1,
          subscription: subscriptionId,
          tax_rates: [],
        },
      ],
      has_more: false,
      url: `/v1/subscription_items?subscription=${subscriptionId}`,
    },
    latest_invoice: id("in"),
    livemode: false,
    metadata: fields.metadata ?? {},
    next_pending_invoice_item_invoice: null,
    on_behalf_of: null,
    pause_collection: null,
    payment_settings: { payment_method_options: null, payment_method_types: null, save_default_payment_method: "off" },
    pending_invoice_item_interval: null,
    pending_setup_intent: null,
    pending_update: null,
    schedule: null,
    start_date: created,
    status,
    test_clock: null,
    transfer_data: null,
    trial_end: fields.trialEnd ?? null,
    trial_settings: { end_behavior: { missing_payment_method: "create_invoice" } },
    trial_start: fields.trialEnd ? created : null,
  } as unknown as Stripe.Subscription;
}

function priceObject(priceId: string) {
  return {
    id: priceId,
    object: "price",
    active: true,
    billing_scheme: "per_unit",
    created: now() - 30 * DAY,
    currency: "usd",
    livemode: false,
    lookup_key: null,
    metadata: {},
    nickname: null,
    product: "prod_Pexample",
    recurring: { interval: "month", interval_count: 1, meter: null, usage_type: "licensed" },
    tax_behavior: "unspecified",
    type: "recurring",
    unit_amount: 1900,
    unit_amount_decimal: "1900",
  };
}

/** A completed Checkout of a subscription; the app's Checkout names the organization and who paid (`userId`), the releases before it only who paid. */
export function checkoutSessionObject(fields: {
  customer: string;
  subscription: string;
  userId: string | null;
  organizationId?: string;
}): Stripe.Checkout.Session {
  return {
    id: id("cs_test"),
    object: "checkout.session",
    mode: "subscription",
    status: "complete",
    payment_status: "paid",
    customer: fields.customer,
    subscription: fields.subscription,
    client_reference_id: fields.userId,
    metadata: { ...(fields.organizationId && { organizationId: fields.organizationId }), ...(fields.userId && { userId: fields.userId }) },
    amount_total: 1900,
    currency: "usd",
    created: now(),
    livemode: false,
    success_url: "http://localhost:3000/dashboard/billing?checkout=success",
    cancel_url: "http://localhost:3000/dashboard/billing?checkout=canceled",
    url: null,
  } as unknown as Stripe.Checkout.Session;
}

/**
 * A subscription's renewal invoice. "open" is one whose payment failed: attempted, with the time of
 * Stripe's next retry in `next_payment_attempt` (null once the retries are used up).
 */
export function invoiceObject(fields: {
  customer: string;
  subscription: string;
  status?: "paid" | "open";
  nextPaymentAttempt?: number | null;
  amountDue?: number;
  currency?: string;
}): Stripe.Invoice {
  const failed = fields.status === "open";
  const amountDue = fields.amountDue ?? 1900;
  const periodStart = now() - 30 * DAY;
  return {
    id: id("in"),
    object: "invoice",
    account_country: "US",
    account_name: "Acme SaaS",
    amount_due: amountDue,
    amount_overpaid: 0,
    amount_paid: failed ? 0 : amountDue,
    amount_remaining: failed ? amountDue : 0,
    amount_shipping: 0,
    attempt_count: 1,
    attempted: true,
    auto_advance: failed,
    billing_reason: "subscription_cycle",
    collection_method: "charge_automatically",
    created: now(),
    currency: fields.currency ?? "usd",
    customer: fields.customer,
    customer_email: "buyer@example.com",
    due_date: null,
    hosted_invoice_url: `https://invoice.stripe.com/i/acct_example/test_${id("inv")}`,
    lines: { object: "list", data: [], has_more: false, url: "/v1/invoices/in_example/lines" },
    livemode: false,
    metadata: {},
    next_payment_attempt: failed ? (fields.nextPaymentAttempt === undefined ? now() + 3 * DAY : fields.nextPaymentAttempt) : null,
    number: "ACME-0001",
    parent: {
      type: "subscription_details",
      quote_details: null,
      subscription_details: { metadata: {}, subscription: fields.subscription },
    },
    period_end: now(),
    period_start: periodStart,
    status: fields.status ?? "paid",
    status_transitions: { finalized_at: now(), marked_uncollectible_at: null, paid_at: failed ? null : now(), voided_at: null },
    subtotal: amountDue,
    total: amountDue,
  } as unknown as Stripe.Invoice;
}

export function eventObject(type: string, object: unknown, created = now()): Stripe.Event {
  return {
    id: id("evt"),
    object: "event",
    api_version: "2026-10-28.endive",
    created,
    data: { object },
    livemode: false,
    pending_webhooks: 1,
    request: { id: id("req"), idempotency_key: null },
    type,
  } as unknown as Stripe.Event;
}

/** The HTTP request Stripe would send for `event`, signed with `secret` (at `timestamp`, default now). */
export function webhookRequest(event: Stripe.Event | string, secret: string, options: { timestamp?: number; signature?: string | null } = {}) {
  const payload = typeof event === "string" ? event : JSON.stringify(event, null, 2);
  const signature =
    options.signature === undefined ? Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp: options.timestamp }) : options.signature;
  return new Request("http://localhost:3000/api/stripe/webhook", {
    method: "POST",
    headers: { "content-type": "application/json", ...(signature !== null && { "stripe-signature": signature }) },
    body: payload,
  });
}
