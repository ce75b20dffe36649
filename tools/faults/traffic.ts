// Steady traffic from several users while a fault is injected, every answer recorded: API writes
// and reads with API keys, a dashboard page and a dashboard server action (the new-post form, posted
// both as a browser without script posts it and as React posts it with script) with a session,
// signed Stripe webhook deliveries, and the health probes.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type Stripe from "stripe";
import type { ActionState } from "@/lib/user-action";
import { eventObject, subscriptionObject, webhookRequest, type FakeStripe } from "../../test/harness.ts";
import { projectRoot } from "../bench/processes.ts";
import { STRIPE } from "../bench/server.ts";

// React's own encoder of a server function's arguments (the copy Next.js bundles into the
// browser's code): the body a form submitted with script is posted as.
const { encodeReply } = createRequire(import.meta.url)("next/dist/compiled/react-server-dom-webpack/client.node.js") as {
  encodeReply(value: unknown): Promise<string | FormData>;
};

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

/** "action": the new-post form posted without script; "script-action": the same action called with script (Next-Action). */
export type Kind = "api-write" | "api-read" | "page" | "action" | "script-action" | "webhook" | "sign-in" | "health" | "live";

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

/**
 * What a dashboard action's answer is: the form saying it created the post, the form's "busy"
 * message, the error page, or something else. With script the action's answer comes apart from the
 * page's refresh after it: "created, then the error page" is an action that answered it created the
 * post, whose refreshed page (in the same payload) met the fault and shows the error boundary.
 */
export const ACTION_DETAIL = {
  created: "created",
  busy: "busy state",
  errorPage: "error page",
  createdThenErrorPage: "created, then the error page",
  /** Never right: an action that wrote nothing has no page to refresh, and the form's message is lost under the error page. */
  busyThenErrorPage: "busy, then the error page",
  stack: "stack trace",
  other: "unexpected answer",
} as const;
/** The form's message when the database is busy or away (lib/user-action.ts). */
const BUSY_MESSAGE = "We are very busy right now. Please try again in a moment.";

/** The title of the post a dashboard action of `kind` creates: `<fault> action <n>`, `<fault> script action <n>`. */
export function actionTitlePrefix(fault: string, kind: "action" | "script-action") {
  return `${fault} ${kind === "action" ? "action" : "script action"} `;
}

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
  /** The new-post form and its action (newPostForm), the same for every user. */
  newPostForm: NewPostForm;
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
              : kind === "script-action"
                ? scriptActionDetail(response, text, subject!)
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

  const actions = { action: 0, "script-action": 0 };
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
      // action, posted as the browser posts the form without script (below)…
      if (index % 3 === 1 && round % 2 === 0) {
        const title = `${actionTitlePrefix(options.fault, "action")}${++actions.action}`;
        const body = formData(options.newPostForm, title);
        await send("action", `${user.dashboard}/posts`, { method: "POST", headers: { cookie: user.cookie, origin: options.baseUrl }, body }, title);
      }
      // …and the last one in three as React posts it with script (useActionState's dispatch calling
      // the action's server reference): the same fields, encoded as its arguments (the form's
      // previous state, then the form), with the action's id in `Next-Action` and the router's tree
      // in `Next-Router-State-Tree` — the headers Chromium sends for this form; Next.js answers with
      // an RSC payload, not a page. Without the `last-organization` cookie the proxy keeps: as from
      // a browser whose last opened organization is another one (a second tab), the request a
      // cookie set on the way would make Next.js answer with the page rendered again after the action.
      if (index % 3 === 2 && round % 2 === 0) {
        const title = `${actionTitlePrefix(options.fault, "script-action")}${++actions["script-action"]}`;
        const { actionId, routerStateTrees } = options.newPostForm;
        const body = await encodeReply([{ status: "idle" } satisfies ActionState, formData(options.newPostForm, title)]);
        await send(
          "script-action",
          `${user.dashboard}/posts`,
          {
            method: "POST",
            headers: {
              cookie: user.cookie,
              origin: options.baseUrl,
              accept: RSC_CONTENT_TYPE,
              "next-action": actionId,
              "next-router-state-tree": routerStateTrees.get(user.dashboard)!,
            },
            body,
          },
          title,
        );
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

/** Next.js's content type for an RSC payload: what an action called with script is answered with. */
const RSC_CONTENT_TYPE = "text/x-component";
/** The action the new-post form calls, as the build names it, and the page that form is on. */
const NEW_POST_ACTION = { exportedName: "createPostAction", page: "app/(dashboard)/dashboard/[org]/posts/page" };

/**
 * The new-post form as the suite posts it, both ways. `fields`: the hidden fields React renders
 * into it (the server action's reference and the form's state, `$ACTION_…`), read from the page
 * as a browser without script gets it: posting them back with the form's fields runs the action,
 * and Next.js answers with the page rendered with the action's result (a progressively enhanced
 * form). A browser with script sends them too (they are in the form it reads), encoded as the
 * action's arguments, with `actionId` — what the page's client code calls the action by, the id
 * the build records for it — and `routerStateTrees`: the router's tree of each user's posts page (it names their organization).
 * Read once, before the faults: they are the same for every render of a build.
 */
export type NewPostForm = { fields: [string, string][]; actionId: string; routerStateTrees: Map<string, string> };

export async function newPostForm(baseUrl: string, users: ApiUser[]): Promise<NewPostForm> {
  const { cookie, dashboard } = users[0]!;
  const response = await fetch(`${baseUrl}${dashboard}/posts`, { headers: { cookie }, redirect: "manual", signal: AbortSignal.timeout(GIVE_UP_MS) });
  if (response.status !== 200) throw new Error(`GET ${dashboard}/posts answered ${response.status}: ${(await response.text()).slice(0, 500)}`);
  const form = (await response.text()).split("<form").find((chunk) => chunk.split("</form>")[0]!.includes('name="title"'));
  if (!form) throw new Error(`${dashboard}/posts has no new-post form (no field named title)`);
  const fields = [...form.split("</form>")[0]!.matchAll(/<input[^>]*>/g)]
    .map(([input]) => [/name="([^"]*)"/.exec(input)?.[1], /value="([^"]*)"/.exec(input)?.[1] ?? ""] as const)
    .filter((field): field is [string, string] => field[0]?.startsWith("$ACTION") ?? false)
    .map(([name, value]): [string, string] => [name, decodeEntities(value)]);
  if (fields.length === 0) throw new Error("The new-post form carries no server action fields ($ACTION_…)");
  const routerStateTrees = new Map<string, string>();
  for (const user of users) routerStateTrees.set(user.dashboard, await routerStateTree(baseUrl, `${user.dashboard}/posts`, user.cookie));
  return { fields, actionId: newPostActionId(), routerStateTrees };
}

/** The form as a browser submits it: its hidden fields, the title typed in, the content left empty. */
function formData(form: NewPostForm, title: string) {
  const body = new FormData();
  for (const [name, value] of form.fields) body.append(name, value);
  body.append("title", title);
  body.append("content", "");
  return body;
}

/**
 * The new-post action's id: the one the page's client code carries (`createServerReference("<id>",
 * …, "createPostAction")` in its chunk), read from where the build records every action by its
 * export and the pages that use it (.next/server/server-reference-manifest.json).
 */
function newPostActionId(): string {
  const manifest = JSON.parse(readFileSync(path.join(projectRoot, ".next", "server", "server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { exportedName?: string; workers: Record<string, unknown> }>;
  };
  const id = Object.entries(manifest.node).find(
    ([, action]) => action.exportedName === NEW_POST_ACTION.exportedName && NEW_POST_ACTION.page in action.workers,
  )?.[0];
  if (!id) throw new Error(`The build has no server action ${NEW_POST_ACTION.exportedName} used by ${NEW_POST_ACTION.page}`);
  return id;
}

/**
 * `Next-Router-State-Tree` as the router sends it from `pathname`: its tree of segments, from the
 * page's RSC payload (what the router fetches to navigate to it, `RSC: 1`). Each segment of the
 * payload's tree (`{ s: segment, h: hints, c: "$Q<row>" }`, its children a Map outlined in their
 * own row) is `[segment, children, , , hints]` in the header, as the router strips its own state
 * (next/dist/client/flight-data-helpers.js) — the header Chromium sent for this page, checked once.
 */
async function routerStateTree(baseUrl: string, pathname: string, cookie: string): Promise<string> {
  const response = await fetch(`${baseUrl}${pathname}`, { headers: { cookie, rsc: "1" }, signal: AbortSignal.timeout(GIVE_UP_MS) });
  const rows = rscRows(await response.text());
  if (response.status !== 200 || !rows.has("0")) throw new Error(`GET ${pathname} (RSC) answered ${response.status} without its tree`);
  // A static segment is its name; a dynamic one ([org]) is `{ n: name, k: value, t: type }`, which
  // the router sends as `[name, value, type, null]` (next/dist/shared/lib/rsc-transport.js, then
  // flight-data-helpers.js's stripping).
  type TransportNode = { s: string | { n: string; k: string | null; t: string }; h?: number; c?: string };
  const toState = (node: TransportNode): unknown[] => {
    const segment = typeof node.s === "string" ? node.s : [node.s.n, node.s.k ?? "", node.s.t, null];
    const children = node.c ? (JSON.parse(rows.get(node.c.slice("$Q".length))!) as [string, TransportNode][]) : [];
    const state: unknown[] = [segment, Object.fromEntries(children.map(([key, child]) => [key, toState(child)]))];
    state[4] = node.h ?? 0;
    return state;
  };
  const root = (JSON.parse(rows.get("0")!) as { t: { t: TransportNode } }).t.t;
  return encodeURIComponent(JSON.stringify(toState(root)));
}

/**
 * An RSC payload's rows by id (`<hex id>:<value>` a line): enough to read its model rows, which are
 * JSON on one line (a text row's value may span lines, and is never looked up here).
 */
function rscRows(payload: string): Map<string, string> {
  return new Map(
    payload
      .split("\n")
      .map((line) => /^([0-9a-f]+):(.*)$/.exec(line))
      .filter((match) => match !== null)
      .map(([, id, value]) => [id!, value!]),
  );
}

function decodeEntities(text: string) {
  return text.replaceAll("&quot;", '"').replaceAll("&#x27;", "'").replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&amp;", "&");
}

/** A stack in the answer: the server's internals shown to the visitor. */
const STACK = /\n\s+at .+:\d+:\d+/;

function actionDetail(status: number, text: string, title: string): string {
  if (STACK.test(text)) return ACTION_DETAIL.stack;
  if (status === 200 && text.includes(`Created “${title}”`)) return ACTION_DETAIL.created;
  if (status === 200 && text.includes(BUSY_MESSAGE)) return ACTION_DETAIL.busy;
  if (status === 500 && text.includes("<html")) return ACTION_DETAIL.errorPage;
  return `${ACTION_DETAIL.other} (${status}): ${text.slice(0, 300)}`;
}

/**
 * An action called with script is answered 200 with an RSC payload whose root row carries the
 * action's answer (`a`: its ActionState, in a row of its own) and, when the action revalidated the
 * page or set a cookie (one the proxy set on the way counts: next/dist/server/async-storage/
 * request-store.js's mergeMiddlewareCookies), the page rendered again; a server component that
 * throws there is an error row (`E`), which the browser hands to the page's error boundary. An action that throws is answered 500, its
 * answer an error row: what the form can never show.
 */
function scriptActionDetail(response: Response, text: string, title: string): string {
  if (STACK.test(text)) return ACTION_DETAIL.stack;
  const rows = rscRows(text);
  const root = rows.get("0");
  const answerRef = root?.startsWith("{") ? (JSON.parse(root) as { a?: unknown }).a : undefined;
  const answerRow = typeof answerRef === "string" && answerRef.startsWith("$@") ? rows.get(answerRef.slice("$@".length)) : undefined;
  const state = answerRow?.startsWith("{") ? (JSON.parse(answerRow) as ActionState<{ title: string }>) : undefined;
  if (response.status === 200 && response.headers.get("content-type")?.startsWith(RSC_CONTENT_TYPE) && state) {
    const pageFailed = [...rows.values()].some((value) => value.startsWith("E{"));
    if (state.status === "ok" && state.data?.title === title) return pageFailed ? ACTION_DETAIL.createdThenErrorPage : ACTION_DETAIL.created;
    if (state.status === "failed" && state.error === BUSY_MESSAGE) return pageFailed ? ACTION_DETAIL.busyThenErrorPage : ACTION_DETAIL.busy;
  }
  return `${ACTION_DETAIL.other} (${response.status} ${response.headers.get("content-type") ?? ""}): ${text.slice(0, 300).replaceAll("\n", " ")}`;
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
