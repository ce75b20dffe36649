// A small local stand-in for the Stripe API, for the calls this app makes: customers, Checkout
// Sessions (create, list by customer and status, expire), Customer Portal sessions, and
// subscriptions (retrieve, list by customer, update an item's quantity, cancel). The real `stripe`
// library talks to it (STRIPE_API_BASE → host/port/protocol), over HTTP, with form-encoded bodies —
// as it talks to api.stripe.com. Tests set the "current" state of subscriptions, complete a
// Checkout (which makes its subscription, with the session's price and quantity) and can make a
// call fail. An Idempotency-Key is honoured as Stripe does: a successful answer is replayed for the
// same key, and the key reused with other parameters is refused.
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type Stripe from "stripe";
import { subscriptionObject } from "./stripe-objects.ts";

type Json = Record<string, unknown>;
export type RecordedRequest = { method: string; path: string; body: Json; authorization: string | undefined; idempotencyKey: string | undefined };

export async function startFakeStripe() {
  const customers = new Map<string, Json>();
  const checkoutSessions: Json[] = [];
  const portalSessions: Json[] = [];
  const subscriptions = new Map<string, Stripe.Subscription>();
  const idempotent = new Map<string, { body: Json; result: Json }>();
  const requests: RecordedRequest[] = [];
  const failures: { method: string; path: RegExp; status: number; type: string; remaining: number }[] = [];
  const outages: { method: string; path: RegExp; answer: number | "no answer"; until: number }[] = [];
  const delays: { method: string; path: RegExp; ms: number[] }[] = [];
  let url = "";

  const routes: { method: string; path: RegExp; handle(match: RegExpMatchArray, body: Json, query: URLSearchParams): [number, Json] }[] = [
    {
      method: "POST",
      path: /^\/v1\/customers$/,
      handle: (_, body) => {
        const customer = {
          id: id("cus"),
          object: "customer",
          created: now(),
          email: body.email ?? null,
          name: body.name ?? null,
          metadata: body.metadata ?? {},
          livemode: false,
        };
        customers.set(customer.id, customer);
        return [200, customer];
      },
    },
    {
      method: "GET",
      path: /^\/v1\/customers\/([\w-]+)$/,
      handle: ([, customerId]) => found(customers.get(customerId!), "customer", customerId!),
    },
    {
      method: "POST",
      path: /^\/v1\/checkout\/sessions$/,
      handle: (_, body) => {
        const sessionId = id("cs_test");
        const session = {
          id: sessionId,
          object: "checkout.session",
          mode: body.mode,
          customer: body.customer ?? null,
          client_reference_id: body.client_reference_id ?? null,
          line_items: body.line_items,
          metadata: body.metadata ?? {},
          subscription_data: body.subscription_data,
          success_url: body.success_url,
          cancel_url: body.cancel_url,
          status: "open",
          payment_status: "unpaid",
          subscription: null,
          url: `${url}/checkout/${sessionId}`,
          created: now(),
          expires_at: now() + 24 * 60 * 60,
          livemode: false,
        };
        checkoutSessions.push(session);
        return [200, session];
      },
    },
    {
      // https://docs.stripe.com/api/checkout/sessions/list — newest first, filtered by customer and status.
      method: "GET",
      path: /^\/v1\/checkout\/sessions$/,
      handle: (_, __, query) => {
        const matching = checkoutSessions
          .filter((session) => !query.has("customer") || session.customer === query.get("customer"))
          .filter((session) => !query.has("status") || session.status === query.get("status"));
        return [200, listPage(matching as { id: string; created: number }[], query, "/v1/checkout/sessions")];
      },
    },
    {
      // https://docs.stripe.com/api/checkout/sessions/expire — only an open session can be expired.
      method: "POST",
      path: /^\/v1\/checkout\/sessions\/([\w-]+)\/expire$/,
      handle: ([, sessionId]) => {
        const session = checkoutSessions.find((candidate) => candidate.id === sessionId);
        if (!session) return notFound("checkout.session", sessionId!);
        if (session.status !== "open") {
          return [
            400,
            stripeError(
              "invalid_request_error",
              `Only Checkout Sessions with a status in ["open"] can be expired. This session has a status of "${session.status}".`,
            ),
          ];
        }
        Object.assign(session, { status: "expired", url: null });
        return [200, session];
      },
    },
    {
      method: "POST",
      path: /^\/v1\/billing_portal\/sessions$/,
      handle: (_, body) => {
        if (!customers.has(String(body.customer))) return notFound("customer", String(body.customer));
        const sessionId = id("bps");
        const session = {
          id: sessionId,
          object: "billing_portal.session",
          customer: body.customer,
          return_url: body.return_url,
          url: `${url}/portal/${sessionId}`,
          created: now(),
          livemode: false,
        };
        portalSessions.push(session);
        return [200, session];
      },
    },
    {
      // https://docs.stripe.com/api/subscriptions/list — newest first, cursor pagination with
      // starting_after; without `status`, every subscription that is not canceled.
      method: "GET",
      path: /^\/v1\/subscriptions$/,
      handle: (_, __, query) => {
        const status = query.get("status");
        const matching = [...subscriptions.values()]
          .filter((subscription) => !query.has("customer") || subscription.customer === query.get("customer"))
          .filter((subscription) => (status === "all" ? true : status ? subscription.status === status : subscription.status !== "canceled"));
        return [200, listPage(matching, query, "/v1/subscriptions")];
      },
    },
    {
      method: "GET",
      path: /^\/v1\/subscriptions\/([\w-]+)$/,
      handle: ([, subscriptionId]) => found(subscriptions.get(subscriptionId!) as unknown as Json | undefined, "subscription", subscriptionId!),
    },
    {
      // https://docs.stripe.com/api/subscriptions/update — what the app updates: its items'
      // quantities (items[n][id], items[n][quantity]), with a proration_behavior (recorded with the request).
      method: "POST",
      path: /^\/v1\/subscriptions\/([\w-]+)$/,
      handle: ([, subscriptionId], body) => {
        const subscription = subscriptions.get(subscriptionId!);
        if (!subscription) return notFound("subscription", subscriptionId!);
        if (subscription.status === "canceled") {
          return [400, stripeError("invalid_request_error", "A canceled subscription can only update its cancellation_details and metadata.")];
        }
        const updated = structuredClone(subscription);
        for (const change of (body.items as Json[] | undefined) ?? []) {
          const item = updated.items.data.find((candidate) => candidate.id === change.id);
          if (!item) return [400, stripeError("invalid_request_error", `No such subscription item: '${String(change.id)}'`, "resource_missing")];
          if (change.quantity !== undefined) item.quantity = Number(change.quantity);
        }
        subscriptions.set(updated.id, updated);
        return [200, updated as unknown as Json];
      },
    },
    {
      method: "DELETE",
      path: /^\/v1\/subscriptions\/([\w-]+)$/,
      handle: ([, subscriptionId]) => {
        const subscription = subscriptions.get(subscriptionId!);
        // As Stripe: a canceled subscription is no longer found to cancel.
        if (!subscription || subscription.status === "canceled") return notFound("subscription", subscriptionId!);
        const canceled = { ...subscription, status: "canceled", canceled_at: now(), ended_at: now() } as Stripe.Subscription;
        subscriptions.set(subscriptionId!, canceled);
        return [200, canceled as unknown as Json];
      },
    },
  ];

  async function handle(request: http.IncomingMessage, response: http.ServerResponse) {
    const { pathname: path, searchParams: query } = new URL(request.url ?? "/", "http://fake");
    const raw = await readBody(request);

    // Pages a browser lands on (end-to-end tests).
    if (request.method === "GET" && /^\/(checkout|portal)\//.test(path)) {
      const title = path.startsWith("/checkout/") ? "Fake Stripe Checkout" : "Fake Stripe Customer Portal";
      response.setHeader("content-type", "text/html");
      response.end(`<!doctype html><html lang="en"><title>${title}</title><main><h1>${title}</h1><p>${path}</p></main></html>`);
      return;
    }
    // The control API for tests in another process (end-to-end).
    if (path.startsWith("/__fake/")) return control(request.method ?? "GET", path, raw, response);

    const body = parseForm(raw);
    const idempotencyKey = header(request, "idempotency-key");
    requests.push({ method: request.method ?? "GET", path, body, authorization: header(request, "authorization"), idempotencyKey });
    const delay = delays.find((d) => d.method === request.method && d.path.test(path));
    if (delay) await new Promise((resolve) => setTimeout(resolve, delay.ms.length > 1 ? delay.ms.shift() : delay.ms[0]));
    const outage = outages.find((o) => o.method === request.method && o.path.test(path) && performance.now() < o.until);
    if (outage?.answer === "no answer") {
      // Held until well after any client's timeout, then answered as Stripe's own failure.
      await new Promise((resolve) => setTimeout(resolve, outage.until - performance.now() + 15_000));
      return send(response, 500, stripeError("api_error", `Injected stall for ${request.method} ${path}.`));
    }
    if (outage)
      return send(
        response,
        outage.answer,
        stripeError(outage.answer === 429 ? "rate_limit_error" : "api_error", `Injected outage for ${request.method} ${path}.`),
      );
    const failure = failures.find((f) => f.method === request.method && f.path.test(path) && f.remaining > 0);
    if (failure) {
      failure.remaining--;
      return send(response, failure.status, stripeError(failure.type, `Injected failure for ${request.method} ${path}.`));
    }
    const replay = idempotencyKey ? idempotent.get(`${path} ${idempotencyKey}`) : undefined;
    if (replay && JSON.stringify(replay.body) !== JSON.stringify(body)) {
      const message = `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`;
      return send(response, 400, stripeError("idempotency_error", message));
    }
    if (replay) return send(response, 200, replay.result);
    for (const route of routes) {
      const match = request.method === route.method ? path.match(route.path) : null;
      if (!match) continue;
      const [status, result] = route.handle(match, body, query);
      if (idempotencyKey && status === 200) idempotent.set(`${path} ${idempotencyKey}`, { body, result });
      return send(response, status, result);
    }
    send(response, 404, stripeError("invalid_request_error", `Unrecognized request URL (${request.method}: ${path}).`));
  }

  // Like Stripe, a request the fake cannot handle gets an api_error, never a dropped connection.
  const server = http.createServer((request, response) => {
    handle(request, response).catch((error: Error) => send(response, 500, stripeError("api_error", error.message)));
  });

  function control(method: string, path: string, raw: string, response: http.ServerResponse) {
    const subscription = path.match(/^\/__fake\/subscriptions\/([\w-]+)$/);
    if (method === "PUT" && subscription) {
      subscriptions.set(subscription[1]!, JSON.parse(raw));
      return send(response, 200, { ok: true });
    }
    if (method === "GET" && path === "/__fake/state") {
      return send(response, 200, { customers: [...customers.values()], checkoutSessions, portalSessions });
    }
    send(response, 404, { error: "unknown control path" });
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    customers,
    checkoutSessions,
    portalSessions,
    requests,
    /** What GET /v1/subscriptions/:id answers from now on. */
    setSubscription(subscription: Stripe.Subscription) {
      subscriptions.set(subscription.id, subscription);
    },
    /** Stripe's current state of a subscription (after the app's updates). */
    subscription(subscriptionId: string): Stripe.Subscription | undefined {
      return subscriptions.get(subscriptionId);
    },
    /**
     * The customer pays the open Checkout Session `sessionId`: it completes, and its subscription
     * exists, active, with the session's price, quantity and subscription metadata. Returns the
     * subscription (the webhook events are the test's to deliver).
     */
    completeCheckoutSession(sessionId: string): Stripe.Subscription {
      const session = checkoutSessions.find((candidate) => candidate.id === sessionId);
      if (!session || session.status !== "open") throw new Error(`no open Checkout Session ${sessionId}`);
      const [lineItem] = session.line_items as { price: string; quantity: string }[];
      const subscription = subscriptionObject({
        customer: String(session.customer),
        priceId: lineItem!.price,
        quantity: Number(lineItem!.quantity),
        metadata: (session.subscription_data as { metadata?: Record<string, string> } | undefined)?.metadata ?? {},
        created: now(),
      });
      subscriptions.set(subscription.id, subscription);
      Object.assign(session, { status: "complete", payment_status: "paid", subscription: subscription.id, url: null });
      return subscription;
    },
    /** The next `times` matching calls answer `status` with a Stripe error of `type` (api_error: Stripe's own failure). */
    failNext(method: string, path: RegExp, status = 500, times = 1, type = "api_error") {
      failures.push({ method, path, status, type, remaining: times });
    },
    /** For `durationMs`, matching calls answer `answer` (429: a rate_limit_error, else an api_error), or nothing at all. */
    failFor(method: string, path: RegExp, answer: number | "no answer", durationMs: number) {
      outages.push({ method, path, answer, until: performance.now() + durationMs });
    },
    /**
     * Matching calls are answered `ms` later from now on: a slow Stripe, which widens a race. A list
     * delays the calls one after another by its values (the last one for every call after), so that
     * an earlier call can be answered after a later one.
     */
    slowDown(method: string, path: RegExp, ms: number | number[]) {
      delays.push({ method, path, ms: typeof ms === "number" ? [ms] : [...ms] });
    },
    countRequests(method: string, path: RegExp) {
      return requests.filter((r) => r.method === method && path.test(r.path)).length;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // a stalled request (failFor "no answer") is not waited for
      }),
  };
}

export type FakeStripe = Awaited<ReturnType<typeof startFakeStripe>>;

/** Sets a subscription on a fake running in another process (the e2e global setup's). */
export async function putSubscription(fakeUrl: string, subscription: Stripe.Subscription) {
  const response = await fetch(`${fakeUrl}/__fake/subscriptions/${subscription.id}`, { method: "PUT", body: JSON.stringify(subscription) });
  if (!response.ok) throw new Error(`fake Stripe refused the subscription: ${response.status}`);
}

export async function fakeStripeState(fakeUrl: string): Promise<{ customers: Json[]; checkoutSessions: Json[]; portalSessions: Json[] }> {
  return (await fetch(`${fakeUrl}/__fake/state`)).json();
}

/** One page of a Stripe list: newest first, `limit` (at most 100) items after `starting_after`. */
function listPage(items: { id: string; created: number }[], query: URLSearchParams, listUrl: string): Json {
  const limit = Math.min(100, Number(query.get("limit") ?? 10));
  const sorted = [...items].sort((a, b) => b.created - a.created || (a.id < b.id ? 1 : -1));
  const after = query.get("starting_after");
  const start = after ? sorted.findIndex((item) => item.id === after) + 1 : 0;
  return { object: "list", data: sorted.slice(start, start + limit), has_more: start + limit < sorted.length, url: listUrl };
}

function found(object: Json | undefined, type: string, objectId: string): [number, Json] {
  return object ? [200, object] : notFound(type, objectId);
}

function notFound(type: string, objectId: string): [number, Json] {
  return [404, stripeError("invalid_request_error", `No such ${type}: '${objectId}'`, "resource_missing")];
}

function stripeError(type: string, message: string, code?: string) {
  return { error: { type, message, ...(code && { code }) } };
}

function send(response: http.ServerResponse, status: number, body: Json) {
  response.statusCode = status;
  response.setHeader("content-type", "application/json");
  response.setHeader("request-id", id("req"));
  response.end(JSON.stringify(body));
}

function header(request: http.IncomingMessage, name: string) {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function readBody(request: http.IncomingMessage) {
  return new Promise<string>((resolve) => {
    let raw = "";
    request.on("data", (chunk) => (raw += chunk));
    request.on("end", () => resolve(raw));
  });
}

/** Stripe's form encoding: `a[b][0][c]=v` → { a: { b: [{ c: "v" }] } }. */
function parseForm(raw: string): Json {
  const root: Json = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    const path = key.split(/\[|\]\[|\]/).filter(Boolean);
    let node: Json = root;
    path.forEach((segment, index) => {
      if (index === path.length - 1) {
        node[segment] = value;
        return;
      }
      const nextIsIndex = /^\d+$/.test(path[index + 1]!);
      node[segment] ??= nextIsIndex ? [] : {};
      node = node[segment] as Json;
    });
  }
  return root;
}

function id(prefix: string) {
  return `${prefix}_${randomBytes(12).toString("hex")}`;
}

function now() {
  return Math.floor(Date.now() / 1000);
}
