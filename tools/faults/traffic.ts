// Steady traffic from several users while a fault is injected, every answer recorded: API writes
// and reads with API keys, a dashboard page and a dashboard server action (the new-post form) with
// a session, signed Stripe webhook deliveries, and the health probes.
import type Stripe from "stripe";
import { eventObject, subscriptionObject, webhookRequest, type FakeStripe } from "../../test/harness.ts";
import { STRIPE } from "../bench/server.ts";

/**
 * Longer than any request may take (the bound the suite asserts is lower): a request still
 * unanswered then is recorded as hung (status 0), not waited for.
 */
const GIVE_UP_MS = 60_000;
/** Each user's pause between two requests: steady traffic, not a load test. */
const THINK_MS = 100;
const WEBHOOK_EVERY_MS = 300;
const HEALTH_EVERY_MS = 200;
/** Sign-ins come from one address, which may ask for 40 emails in 15 minutes (lib/auth/sign-in-throttle.ts). */
const SIGN_IN_EVERY_MS = 700;

export type Kind = "api-write" | "api-read" | "page" | "action" | "webhook" | "sign-in" | "health" | "live";

export type Outcome = {
  kind: Kind;
  /** performance.now() when sent and when answered. */
  startedAt: number;
  endedAt: number;
  /** 0: no answer (network error, or hung past GIVE_UP_MS). */
  status: number;
  retryAfter: string | null;
  /**
   * The API's error code, the webhook's outcome, for a page whether it is the error page, for a
   * sign-in where it led, for an action what the page it answered says (ACTION_DETAIL).
   */
  detail: string | null;
  /** A write's post title (the API's or the action's); a webhook's event id; a sign-in's email address. */
  subject?: string;
  /** The response's X-Request-Id: what the error page shows the visitor to quote. */
  requestId?: string | null;
};

/** What a dashboard action's answer is: the form saying it created the post, the form's "busy" message, the error page, or something else. */
export const ACTION_DETAIL = { created: "created", busy: "busy state", errorPage: "error page", stack: "stack trace", other: "unexpected page" } as const;
/** The form's message when the database is busy or away (lib/user-action.ts). */
const BUSY_MESSAGE = "We are very busy right now. Please try again in a moment.";

/** `dashboard`: their organization's dashboard, /dashboard/<slug>. */
export type ApiUser = { userId: string; key: string; cookie: string; dashboard: string };
export type BillingUser = { userId: string; customerId: string; subscription: Stripe.Subscription };

export type Traffic = { stop(): Promise<{ outcomes: Outcome[]; events: Map<string, Stripe.Event> }> };

export function startTraffic(options: {
  baseUrl: string;
  fault: string;
  users: ApiUser[];
  billingUsers: BillingUser[];
  stripe: FakeStripe;
  /** Visitors asking for sign-in emails too. */
  signIns: boolean;
  /** The new-post form's server action fields (newPostForm), the same for every user. */
  newPostForm: [string, string][];
}): Traffic {
  const outcomes: Outcome[] = [];
  let running = true;
  let writes = 0;
  const events = new Map<string, Stripe.Event>();
  // Deliveries and probes are sent on a clock, not one after the other: what is still in flight.
  const inFlight = new Set<Promise<unknown>>();
  const sendAside = (work: Promise<unknown>) => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };

  const send = async (kind: Kind, path: string, init: RequestInit, subject?: string) => {
    const startedAt = performance.now();
    let outcome: Outcome;
    try {
      const response = await fetch(`${options.baseUrl}${path}`, { ...init, redirect: "manual", signal: AbortSignal.timeout(GIVE_UP_MS) });
      const text = await response.text();
      outcome = {
        kind,
        startedAt,
        endedAt: performance.now(),
        status: response.status,
        retryAfter: response.headers.get("retry-after"),
        detail:
          kind === "sign-in"
            ? signInDetail(response.headers.get("location"))
            : kind === "action"
              ? actionDetail(response.status, text, subject!)
              : detailOf(kind, response.status, text),
        subject,
        requestId: response.headers.get("x-request-id"),
      };
    } catch (error) {
      outcome = { kind, startedAt, endedAt: performance.now(), status: 0, retryAfter: null, detail: (error as Error).message, subject };
    }
    outcomes.push(outcome);
    return outcome;
  };

  let actions = 0;
  const userLoop = async (user: ApiUser, index: number) => {
    const authorization = { authorization: `Bearer ${user.key}` };
    for (let round = 0; running; round++) {
      const title = `${options.fault} write ${++writes}`;
      await send(
        "api-write",
        "/api/v1/posts",
        { method: "POST", headers: { ...authorization, "content-type": "application/json" }, body: JSON.stringify({ title }) },
        title,
      );
      await pause(THINK_MS);
      await send("api-read", "/api/v1/posts?limit=5", { headers: authorization });
      await pause(THINK_MS);
      // One user in three also looks at their dashboard now and then: a page rendered on the server.
      if (index % 3 === 0 && round % 3 === 0) await send("page", user.dashboard, { headers: { cookie: user.cookie } });
      // Another one in three creates a post through the dashboard's form now and then: its server
      // action, posted as the browser posts the form (below).
      if (index % 3 === 1 && round % 2 === 0) {
        const title = `${options.fault} action ${++actions}`;
        const body = new FormData();
        for (const [name, value] of options.newPostForm) body.append(name, value);
        body.append("title", title);
        await send("action", `${user.dashboard}/posts`, { method: "POST", headers: { cookie: user.cookie, origin: options.baseUrl }, body }, title);
      }
    }
  };

  const webhookLoop = async () => {
    for (let i = 0; running; i++) {
      const user = options.billingUsers[i % options.billingUsers.length]!;
      const event = eventObject("customer.subscription.updated", user.subscription);
      events.set(event.id, event);
      sendAside(deliver(options.baseUrl, event, send));
      await pause(WEBHOOK_EVERY_MS);
    }
  };

  // next-auth's email sign-in as the sign-in form posts it: a CSRF token (and its cookie) first.
  const signInLoop = async () => {
    for (let i = 0; running; i++) {
      const email = `signin-${i}-${Date.now()}@faults.example.com`;
      const csrf = await fetch(`${options.baseUrl}/api/auth/csrf`, { signal: AbortSignal.timeout(GIVE_UP_MS) }).catch(() => undefined);
      if (csrf?.ok) {
        const { csrfToken } = (await csrf.json()) as { csrfToken: string };
        const cookie = csrf.headers
          .getSetCookie()
          .map((value) => value.split(";")[0])
          .join("; ");
        const body = new URLSearchParams({ csrfToken, email, callbackUrl: `${options.baseUrl}/dashboard` });
        sendAside(
          send("sign-in", "/api/auth/signin/email", { method: "POST", headers: { cookie, "content-type": "application/x-www-form-urlencoded" }, body }, email),
        );
      }
      await pause(SIGN_IN_EVERY_MS);
    }
  };

  const healthLoop = async () => {
    while (running) {
      sendAside(send("health", "/api/health", {}));
      sendAside(send("live", "/api/health/live", {}));
      await pause(HEALTH_EVERY_MS);
    }
  };

  const loops = [...options.users.map(userLoop), webhookLoop(), healthLoop(), ...(options.signIns ? [signInLoop()] : [])];
  return {
    async stop() {
      running = false;
      await Promise.all(loops);
      await Promise.all(inFlight);
      return { outcomes, events };
    },
  };
}

/** One delivery of `event`, signed by the real `stripe` library with its own timestamp, as Stripe signs each attempt. */
export async function deliver(baseUrl: string, event: Stripe.Event, send: (kind: Kind, path: string, init: RequestInit, subject?: string) => Promise<Outcome>) {
  const request = webhookRequest(event, STRIPE.webhookSecret);
  return send("webhook", "/api/stripe/webhook", { method: "POST", headers: request.headers, body: await request.text() }, event.id);
}

export function billingSubscription(customerId: string, userId: string, index: number) {
  return subscriptionObject({ id: `sub_faults_${index}`, customer: customerId, priceId: STRIPE.proMonthly, metadata: { userId } });
}

/**
 * The hidden fields React renders into the new-post form (the server action's reference and the
 * form's state, `$ACTION_…`), read from the page as a browser without script gets it: posting them
 * back with the form's fields runs the action, and Next.js answers with the page rendered with the
 * action's result (a progressively enhanced form). Read once, before the faults: they are the same
 * for every user and every render of a build.
 */
export async function newPostForm(baseUrl: string, { cookie, dashboard }: ApiUser): Promise<[string, string][]> {
  const response = await fetch(`${baseUrl}${dashboard}/posts`, { headers: { cookie }, redirect: "manual", signal: AbortSignal.timeout(GIVE_UP_MS) });
  if (response.status !== 200) throw new Error(`GET ${dashboard}/posts answered ${response.status}: ${(await response.text()).slice(0, 500)}`);
  const form = (await response.text()).split("<form").find((chunk) => chunk.split("</form>")[0]!.includes('name="title"'));
  if (!form) throw new Error(`${dashboard}/posts has no new-post form (no field named title)`);
  const fields = [...form.split("</form>")[0]!.matchAll(/<input[^>]*>/g)]
    .map(([input]) => [/name="([^"]*)"/.exec(input)?.[1], /value="([^"]*)"/.exec(input)?.[1] ?? ""] as const)
    .filter((field): field is [string, string] => field[0]?.startsWith("$ACTION") ?? false)
    .map(([name, value]): [string, string] => [name, decodeEntities(value)]);
  if (fields.length === 0) throw new Error("The new-post form carries no server action fields ($ACTION_…)");
  return fields;
}

function decodeEntities(text: string) {
  return text.replaceAll("&quot;", '"').replaceAll("&#x27;", "'").replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&amp;", "&");
}

function actionDetail(status: number, text: string, title: string): string {
  // A stack in the page: the server's internals shown to the visitor.
  if (/\n\s+at .+:\d+:\d+/.test(text)) return ACTION_DETAIL.stack;
  if (status === 200 && text.includes(`Created “${title}”`)) return ACTION_DETAIL.created;
  if (status === 200 && text.includes(BUSY_MESSAGE)) return ACTION_DETAIL.busy;
  if (status === 500 && text.includes("<html")) return ACTION_DETAIL.errorPage;
  return `${ACTION_DETAIL.other} (${status}): ${text.slice(0, 300)}`;
}

/** Where a sign-in request led: the "check your email" page, or the error page and its error. */
function signInDetail(location: string | null): string | null {
  if (!location) return null;
  const url = new URL(location, "http://app");
  // next-auth's own verify-request route forwards to the app's "check your email" page.
  return ["/api/auth/verify-request", "/check-email"].includes(url.pathname) ? "email sent" : (url.searchParams.get("error") ?? url.pathname);
}

function detailOf(kind: Kind, status: number, text: string): string | null {
  // A server component that throws: Next.js answers 500 with the document whose error boundary
  // (app/error.tsx) the browser renders.
  if (kind === "page") return status === 500 && text.includes("<html") ? "error page" : null;
  try {
    const body = JSON.parse(text) as { error?: { code?: string } | string; outcome?: string };
    return (typeof body.error === "object" ? body.error.code : body.error) ?? body.outcome ?? null;
  } catch {
    return null;
  }
}

function pause(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
