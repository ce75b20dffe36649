// 2. A burst of signed Stripe webhooks, a fifth of them redeliveries, shuffled and sent 20 at a
// time — then the database is checked against what the fake Stripe holds.
import path from "node:path";
import type Stripe from "stripe";
import { createBilling } from "@/lib/billing/stripe";
import { parseSubscription } from "@/lib/billing/stripe-objects";
import { subscriptionState } from "@/lib/billing/sync";
import { getDb } from "@/lib/db";
import { parseServerEnv } from "@/lib/env";
import { checkoutSessionObject, eventObject, invoiceObject, seededRandom, subscriptionObject, webhookRequest, type FakeStripe } from "../../test/harness.ts";
import { check, type Check } from "./checks.ts";
import type { Cleanup } from "./cleanup.ts";
import { startCpuMeter } from "./cpu.ts";
import { round, type CpuTargets } from "./load.ts";
import { seedBillingUsers } from "./seed.ts";
import { STRIPE } from "./server.ts";
import { runWorker } from "./worker.ts";

const WORKER = path.join(import.meta.dirname, "webhook-worker.ts");

export const WEBHOOK_BURST = { deliveries: 1000, duplicateShare: 0.2, concurrency: 20, users: 50 };

export type WebhookJob = { url: string; concurrency: number; deliveries: { eventId: string; payload: string; signature: string }[] };
export type DeliveryResult = { eventId: string; status: number; outcome: string | null; ms: number };

export type WebhookSection = {
  deliveries: number;
  distinctEvents: number;
  redeliveries: number;
  concurrency: number;
  users: number;
  eventTypes: Record<string, number>;
  elapsedMs: number;
  eventsPerSecond: number;
  latencyMs: { p50: number; p99: number; max: number };
  outcomes: Record<string, number>;
  statusCodes: Record<string, number>;
  non200: number;
  /** CPU per delivery: the app server's process, and its PostgreSQL backends. */
  cpuMsPerDelivery: { server?: number; postgres?: number };
  state: { subscriptionsChecked: number; subscriptionMismatches: string[]; stripeEventRows: number; missingEventIds: number; unexpectedEventIds: number };
};

// Statuses cycle over the users, so the burst writes paid, dunning and ended subscriptions alike.
const STATUSES: { status: Stripe.Subscription.Status; cancelAtPeriodEnd?: boolean }[] = [
  { status: "active" },
  { status: "past_due" },
  { status: "trialing" },
  { status: "canceled" },
  { status: "active", cancelAtPeriodEnd: true },
  { status: "incomplete" },
  { status: "unpaid" },
];
const EVENT_TYPES = [
  "customer.subscription.created",
  "customer.subscription.updated",
  "customer.subscription.updated",
  "customer.subscription.deleted",
  "invoice.paid",
  "invoice.payment_failed",
  "checkout.session.completed",
] as const;

export async function benchWebhooks(
  options: {
    baseUrl: string;
    stripe: FakeStripe;
    databaseUrl: string;
    cpu: CpuTargets;
    /** Names this burst's customers and subscriptions, so that several bursts can share a database (default "bench"). */
    run?: string;
    /** Where its checks are reported, and what they are prefixed with. */
    checkSection?: string;
    checkPrefix?: string;
  },
  cleanup: Cleanup,
): Promise<{ section: WebhookSection; checks: Check[] }> {
  const { deliveries: total, duplicateShare, concurrency } = WEBHOOK_BURST;
  const run = options.run ?? "bench";
  const random = seededRandom(20_240_601); // the same burst every run, so runs compare
  const users = await seedBillingUsers(WEBHOOK_BURST.users, run);

  // Stripe's current state of each user's subscription: what every event makes the app fetch.
  const subscriptions = users.map(({ customerId }, i) => {
    const { status, cancelAtPeriodEnd } = STATUSES[i % STATUSES.length]!;
    const subscription = subscriptionObject({ id: `sub_${run}_${i}`, customer: customerId, priceId: STRIPE.proMonthly, status, cancelAtPeriodEnd });
    options.stripe.setSubscription(subscription);
    return subscription;
  });

  const distinct = Math.round(total * (1 - duplicateShare));
  const events: Stripe.Event[] = [];
  const eventTypes: Record<string, number> = {};
  for (let i = 0; i < distinct; i++) {
    // Round-robin over users: each gets events, so each row must end up equal to Stripe.
    const u = i % users.length;
    const type = EVENT_TYPES[Math.floor(random() * EVENT_TYPES.length)]!;
    eventTypes[type] = (eventTypes[type] ?? 0) + 1;
    events.push(eventFor(type, subscriptions[u]!, users[u]!.userId));
  }
  // Redeliveries: the same event (same id, same payload) again, some more than once.
  const order = [...events, ...Array.from({ length: total - distinct }, () => events[Math.floor(random() * events.length)]!)];
  shuffle(order, random);

  const deliveries = await Promise.all(
    order.map(async (event) => {
      // Signed by the real `stripe` library, each delivery with its own timestamp as Stripe does.
      const request = webhookRequest(event, STRIPE.webhookSecret);
      return { eventId: event.id, payload: await request.text(), signature: request.headers.get("stripe-signature")! };
    }),
  );
  const job: WebhookJob = { url: `${options.baseUrl}/api/stripe/webhook`, concurrency, deliveries };
  const startedAt = new Date();
  const meter = await startCpuMeter(options.cpu.serverPids, options.cpu.sampler);
  const { elapsedMs, results } = await runWorker<{ elapsedMs: number; results: DeliveryResult[] }>(WORKER, job, cleanup);
  const cpu = await meter.stop();

  const outcomes = countBy(results, (result) => result.outcome ?? "(no outcome)");
  const statusCodes = countBy(results, (result) => String(result.status));
  const non200 = results.filter((result) => result.status !== 200).length;
  const latencies = results.map((result) => result.ms).sort((a, b) => a - b);
  const state = await verifyState(options.databaseUrl, options.stripe.url, users, subscriptions, new Set(events.map((event) => event.id)), startedAt);

  const result: WebhookSection = {
    deliveries: total,
    distinctEvents: distinct,
    redeliveries: total - distinct,
    concurrency,
    users: users.length,
    eventTypes,
    elapsedMs: round(elapsedMs, 0),
    eventsPerSecond: round(total / (elapsedMs / 1000), 1),
    latencyMs: { p50: round(percentile(latencies, 0.5), 1), p99: round(percentile(latencies, 0.99), 1), max: round(latencies.at(-1) ?? 0, 1) },
    outcomes,
    statusCodes,
    non200,
    cpuMsPerDelivery: {
      server: cpu.serverMs === undefined ? undefined : round(cpu.serverMs / total, 2),
      postgres: cpu.postgresMs === undefined ? undefined : round(cpu.postgresMs / total, 2),
    },
    state,
  };
  const name = (text: string) => `${options.checkPrefix ?? ""}${text}`;
  const section = options.checkSection ?? "webhooks";
  const checks = [
    check(section, name("every delivery answered 200"), non200 === 0, `${non200} non-200 (${JSON.stringify(statusCodes)})`),
    check(
      section,
      name("each event applied once: processed = distinct events, duplicate = redeliveries"),
      outcomes.processed === distinct && outcomes.duplicate === total - distinct,
      `processed ${outcomes.processed ?? 0}/${distinct}, duplicate ${outcomes.duplicate ?? 0}/${total - distinct}`,
    ),
    check(
      section,
      name("every Subscription row equals the fake Stripe's subscription"),
      state.subscriptionMismatches.length === 0,
      state.subscriptionMismatches.length === 0 ? `${state.subscriptionsChecked} rows match` : state.subscriptionMismatches.slice(0, 5).join("; "),
    ),
    check(
      section,
      name("StripeEvent holds exactly the distinct event ids"),
      state.missingEventIds === 0 && state.unexpectedEventIds === 0 && state.stripeEventRows === distinct,
      `${state.stripeEventRows} rows, ${state.missingEventIds} missing, ${state.unexpectedEventIds} unexpected`,
    ),
  ];
  return { section: result, checks };
}

function eventFor(type: (typeof EVENT_TYPES)[number], subscription: Stripe.Subscription, userId: string): Stripe.Event {
  const customer = subscription.customer as string;
  if (type === "checkout.session.completed") return eventObject(type, checkoutSessionObject({ customer, subscription: subscription.id, userId }));
  if (type === "invoice.paid" || type === "invoice.payment_failed") {
    return eventObject(type, invoiceObject({ customer, subscription: subscription.id, status: type === "invoice.paid" ? "paid" : "open" }));
  }
  return eventObject(type, subscription);
}

/** The expected state is the app's own mapping (subscriptionState) of what the fake Stripe holds. */
async function verifyState(
  databaseUrl: string,
  stripeUrl: string,
  users: { userId: string; customerId: string }[],
  subscriptions: Stripe.Subscription[],
  eventIds: Set<string>,
  /** Rows recorded since then are this burst's (bursts run one after another). */
  startedAt: Date,
): Promise<WebhookSection["state"]> {
  const billing = createBilling(
    parseServerEnv({
      DATABASE_URL: databaseUrl,
      STRIPE_SECRET_KEY: STRIPE.secretKey,
      STRIPE_WEBHOOK_SECRET: STRIPE.webhookSecret,
      STRIPE_PRICE_PRO_MONTHLY: STRIPE.proMonthly,
      STRIPE_API_BASE: stripeUrl,
    }),
  )!;
  const rows = await getDb().subscription.findMany({ where: { stripeCustomerId: { in: users.map((user) => user.customerId) } } });
  const mismatches: string[] = [];
  users.forEach(({ customerId }, i) => {
    const row = rows.find((candidate) => candidate.stripeCustomerId === customerId);
    const expected = { stripeCustomerId: customerId, ...subscriptionState(billing, parseSubscription(subscriptions[i]!)) };
    if (!row) return void mismatches.push(`${customerId}: no Subscription row`);
    for (const [field, value] of Object.entries(expected)) {
      const actual = row[field as keyof typeof row];
      const same = value instanceof Date ? actual instanceof Date && actual.getTime() === value.getTime() : actual === value;
      if (!same) mismatches.push(`${customerId}.${field}: ${JSON.stringify(actual)} ≠ ${JSON.stringify(value)}`);
    }
  });
  const recorded = new Set((await getDb().stripeEvent.findMany({ where: { processedAt: { gte: startedAt } }, select: { id: true } })).map((row) => row.id));
  return {
    subscriptionsChecked: users.length,
    subscriptionMismatches: mismatches,
    stripeEventRows: recorded.size,
    missingEventIds: [...eventIds].filter((id) => !recorded.has(id)).length,
    unexpectedEventIds: [...recorded].filter((id) => !eventIds.has(id)).length,
  };
}

function countBy<T>(items: T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

export function percentile(sorted: number[], p: number) {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

function shuffle<T>(items: T[], random: () => number) {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}
