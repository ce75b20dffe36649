// What a trace shows, recorded in memory from the process's real tracer provider (lib/tracing/sdk.ts,
// with Prisma's instrumentation) on this file's own database: the span tree of an API request, a
// dashboard action and a webhook delivery, down to each Prisma operation and SQL statement — which
// carries its placeholders, never the values. On the Accelerate path the statements are the
// endpoint's spans (prisma:accelerate:db_query), sent back to the client with each answer.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { logger } from "@/lib/logger";
import { callApi, userWithKey } from "@/test/support/api";
import { onAcceleratePath as onAccelerate } from "@/test/support/database-path";
import { startFakeStripe, type FakeStripe } from "@/test/support/fake-stripe";
import { captureLogs } from "@/test/support/logs";
import { signIn } from "@/test/support/signed-in";
import { eventObject, subscriptionObject, webhookRequest } from "@/test/support/stripe-objects";
import { outline, recordSpans, type SpanNode } from "@/test/support/tracing";
import { newUser } from "@/test/support/users";

vi.mock("@/lib/auth/session", () => import("@/test/support/signed-in").then((module) => module.stubbedSession));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

/** Where Prisma's SQL spans come from: the client's own query executor, or the Accelerate endpoint's. */
const DB_QUERY = onAccelerate ? "prisma:accelerate:db_query" : "prisma:client:db_query";

const recording = recordSpans();
let fake: FakeStripe;
beforeAll(async () => {
  fake = await startFakeStripe();
  vi.stubEnv("STRIPE_SECRET_KEY", "sk_test_fake");
  vi.stubEnv("STRIPE_WEBHOOK_SECRET", "whsec_traces");
  vi.stubEnv("STRIPE_PRICE_PRO_MONTHLY", "price_pro_monthly");
  vi.stubEnv("STRIPE_API_BASE", fake.url);
});
afterAll(async () => {
  await fake.stop();
  await recording.stop();
  vi.unstubAllEnvs();
});

const everySpan = (node: SpanNode): SpanNode[] => [node, ...node.children.flatMap(everySpan)];
const statements = (node: SpanNode) => everySpan(node).flatMap((span) => (span.name === DB_QUERY ? [String(span.attributes["db.query.text"])] : []));
const named = (node: SpanNode, name: string) => node.children.filter((child) => child.name === name);

/** The one trace the call made (what ran before it, the fixtures, is dropped). */
async function traceOf(call: () => Promise<unknown>): Promise<SpanNode> {
  recording.takeTraces();
  await call();
  const traces = recording.takeTraces();
  expect(traces.map((trace) => trace.name)).toHaveLength(1);
  return traces[0]!;
}

describe("an API request's trace", () => {
  it("is the route's span, with the auth and rate-limit steps and each Prisma operation and statement under it", async () => {
    const { user, key } = await userWithKey();
    const title = `title-${randomBytes(6).toString("hex")}`;
    const trace = await traceOf(() => callApi("/api/v1/posts", { key, method: "POST", body: { title } }));

    expect(trace).toMatchObject({
      name: "api createPost",
      attributes: { "http.request.method": "POST", "http.response.status_code": 201, "enduser.id": user.id },
    });
    expect(trace.children.map((child) => child.name)).toEqual(["auth", "rate limit", "prisma:client:transaction"]);
    const [auth, rateLimit, transaction] = trace.children as [SpanNode, SpanNode, SpanNode];

    expect(auth.attributes).toEqual({ "auth.via": "api_key" });
    const keyLookup = auth.children.find((child) => child.attributes.name === "ApiKey.findUnique")!;
    // Prisma's serialize and compile steps are left out (lib/tracing/sdk.ts): the operation holds its statements.
    expect(outline(keyLookup)).toEqual(["prisma:client:operation", ...keyLookup.children.map(() => `  ${DB_QUERY}`)]);
    expect(keyLookup.children.length).toBeGreaterThan(0);
    expect(statements(keyLookup)[0]).toMatch(/^SELECT .* FROM "public"\."ApiKey" WHERE \("public"\."ApiKey"\."hashedKey" = \$1/);

    expect(rateLimit.attributes).toEqual({ "rate_limit.allowed": true, "rate_limit.limit": 60, "rate_limit.remaining": 59 });
    // The counter skips Prisma on the pg path (lib/rate-limit: one statement on the app's own pool).
    // About one request in a hundred also prunes old windows through Prisma: not the counter's.
    const counter = rateLimit.children.filter((child) => child.attributes.name !== "RateLimitWindow.deleteMany");
    expect(counter.map((child) => child.name)).toEqual(onAccelerate ? ["prisma:client:operation"] : []);

    const insert = named(transaction, "prisma:client:operation").find((operation) => operation.attributes.name === "Post.create")!;
    expect(statements(insert)).toEqual([expect.stringMatching(/^INSERT INTO "public"\."Post" \("id","title",.*\) VALUES \(\$1,\$2,/)]);
    expect(statements(transaction).at(-1)).toBe("COMMIT");
  });

  it("records statements, never the values they were sent with (a post's title, the API key)", async () => {
    const { key } = await userWithKey();
    const title = `title-${randomBytes(6).toString("hex")}`;
    const trace = await traceOf(() => callApi("/api/v1/posts", { key, method: "POST", body: { title } }));
    expect(statements(trace).length).toBeGreaterThan(5);
    const recorded = JSON.stringify(everySpan(trace).map((span) => span.attributes));
    expect(recorded).not.toContain(title);
    expect(recorded).not.toContain(key.slice(-12));
  });

  it("carries a refused request's status; one refused at auth has nothing under it but the auth step", async () => {
    const { key } = await userWithKey();
    const missing = await traceOf(() => callApi("/api/v1/posts/does-not-exist", { key }));
    expect(missing).toMatchObject({ name: "api getPost", attributes: { "http.response.status_code": 404 } });
    const unauthenticated = await traceOf(() => callApi("/api/v1/me", { key: `${key.slice(0, -1)}x` }));
    expect(unauthenticated.attributes["http.response.status_code"]).toBe(401);
    expect(unauthenticated.children.map((child) => child.name)).toEqual(["auth"]);
  });
});

describe("a dashboard action's trace", () => {
  it("is the action's span, with the auth and rate-limit steps and the action's Prisma operations under it", async () => {
    const { createPostAction } = await import("@/app/(dashboard)/dashboard/[org]/posts/actions");
    const { user } = await userWithKey();
    signIn(user);
    const trace = await traceOf(async () => expect(await createPostAction(undefined, { title: "from the dashboard" })).toMatchObject({ status: "ok" }));

    expect(trace).toMatchObject({ name: "user action", attributes: { "enduser.id": user.id, "action.status": "ok" } });
    expect(trace.children.map((child) => child.name)).toEqual(["auth", "rate limit", "prisma:client:transaction"]);
    expect(trace.children[0]!.attributes).toEqual({ "auth.via": "session" });
    expect(statements(trace)).toContainEqual(expect.stringMatching(/^INSERT INTO "public"\."Post" /));
  });
});

describe("a webhook delivery's trace", () => {
  it("is the delivery's span, with the event's type and outcome, and its transaction's statements under it", async () => {
    const { POST } = await import("@/app/api/stripe/webhook/route");
    const customer = `cus_traces${Date.now()}`;
    await newUser(`${customer}@example.com`, { stripeCustomerId: customer });
    const subscription = subscriptionObject({ customer, priceId: "price_pro_monthly" });
    fake.setSubscription(subscription);
    const event = eventObject("customer.subscription.created", subscription);
    const trace = await traceOf(async () => expect((await POST(webhookRequest(event, "whsec_traces"))).status).toBe(200));

    expect(trace).toMatchObject({
      name: "stripe webhook",
      attributes: {
        "stripe.event.id": event.id,
        "stripe.event.type": "customer.subscription.created",
        "stripe.webhook.outcome": "processed",
        "http.response.status_code": 200,
      },
    });
    const [transaction] = named(trace, "prisma:client:transaction");
    expect(statements(transaction!)).toContainEqual(expect.stringMatching(/^INSERT INTO "StripeEvent" \("id", "type"\) VALUES \(\$1, \$2\)/));
    expect(statements(transaction!)).toContainEqual(expect.stringMatching(/^UPDATE "public"\."Subscription" SET /));
    expect(JSON.stringify(everySpan(trace).map((span) => span.attributes))).not.toContain(customer);
  });
});

describe("the logs of a traced request", () => {
  it("carry the trace and span ids beside the request id; a line outside any span carries none", async () => {
    const { key } = await userWithKey();
    const logs = captureLogs();
    try {
      const trace = await traceOf(() => callApi("/api/v1/posts/does-not-exist", { key, headers: { "x-request-id": "req-traced-123" } }));
      logger.info({ event: "outside" }, "no span here");
      expect(logs.entries()).toEqual([
        expect.objectContaining({ event: "api.error", requestId: "req-traced-123", trace_id: trace.traceId, span_id: trace.spanId }),
        expect.not.objectContaining({ trace_id: expect.anything() }),
      ]);
    } finally {
      logs.stop();
    }
  });
});
