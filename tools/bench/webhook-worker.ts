// Posts pre-signed Stripe webhook deliveries with fixed concurrency, from its own process (so the
// sender's work is not the server's). Reads { url, concurrency, deliveries } as JSON on stdin and
// writes one result per delivery, in sending order, as JSON on stdout.
import { text } from "node:stream/consumers";
import type { DeliveryResult, WebhookJob } from "./webhooks.ts";

const job = JSON.parse(await text(process.stdin)) as WebhookJob;
const results: DeliveryResult[] = new Array(job.deliveries.length);
let next = 0;

async function sender() {
  for (let index = next++; index < job.deliveries.length; index = next++) {
    const delivery = job.deliveries[index]!;
    const started = performance.now();
    try {
      const response = await fetch(job.url, {
        method: "POST",
        headers: { "content-type": "application/json", "stripe-signature": delivery.signature },
        body: delivery.payload,
      });
      const body = (await response.json().catch(() => null)) as { outcome?: string } | null;
      results[index] = { eventId: delivery.eventId, status: response.status, outcome: body?.outcome ?? null, ms: performance.now() - started };
    } catch (error) {
      results[index] = { eventId: delivery.eventId, status: 0, outcome: `network error: ${(error as Error).message}`, ms: performance.now() - started };
    }
  }
}

const started = performance.now();
await Promise.all(Array.from({ length: job.concurrency }, sender));
process.stdout.write(JSON.stringify({ elapsedMs: performance.now() - started, results }));
