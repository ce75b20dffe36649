// `npm run test:faults`: the production build (`next start`) under steady traffic from several
// users while faults are injected, one at a time, into a real PostgreSQL the suite owns, the
// Accelerate endpoint in front of it (on a second `next start` on the Accelerate path), Stripe and
// the SMTP relay (see faults.ts). For each it asserts what docs/security-and-operations.md promises — no 500 and no
// hang, recovery without a restart of the app, nothing lost and nothing applied twice, readiness
// down while the database is and liveness up throughout — prints the table, and exits 1 when any
// assertion failed.
//
//   npx tsx tools/faults/index.ts [--only <part of a fault's name> …]   (repeatable: the faults matching any)
//
// With E2E_SKIP_BUILD=1 it reuses the production build in .next (the one `npm test`'s e2e step
// just made, as .ci/run does) instead of building again.
import "../bench/bench-process-env.ts";
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { getDb } from "@/lib/db";
import { organizationPath } from "@/lib/organizations/paths";
import { buildApp, createMigratedDatabase, freePort, newUser, startFakeStripe, userWithKey } from "../../test/harness.ts";
import { Cleanup } from "../bench/cleanup.ts";
import { projectRoot } from "../bench/processes.ts";
import { appEnv, startProduction } from "../bench/server.ts";
import { FAULTS, type Fault } from "./faults.ts";
import { FaultyAccelerateEndpoint } from "./accelerate.ts";
import { FaultyPostgres, SUITE_APPLICATION_NAME } from "./postgres.ts";
import { FaultySmtp } from "./smtp.ts";
import {
  ACTION_DETAIL,
  actionTitlePrefix,
  deliver,
  billingSubscription,
  newPostForm,
  startTraffic,
  type ApiUser,
  type BillingUser,
  type Kind,
  type Outcome,
} from "./traffic.ts";

/** Every request, page and probe is answered within this (pool wait 10 s, plus the statement that was running). */
export const REQUEST_BOUND_MS = 15_000;
/** The first success (API, webhook or sign-in: what the fault concerns) comes within this of the dependency returning. */
export const RECOVERY_BOUND_MS = 5_000;
/** Traffic before the fault, and after the database is back. */
const BEFORE_MS = 2_000;
const AFTER_MS = 6_000;
const API_USERS = 6;
const BILLING_USERS = 4;
/** How often a refused webhook is redelivered after the fault, and how far apart (Stripe's retries, compressed). */
const REDELIVERIES = 3;
const REDELIVERY_GAP_MS = 1_000;
const API_KINDS: Kind[] = ["api-write", "api-read"];
/**
 * The dashboard's new-post action, two ways, and what each may answer. Posted without script: the
 * page with the form saying it created the post, or with its "busy" message, or the error page (a
 * 500 whose document the error boundary renders: the page rendered after the action met the fault).
 * Called with script: its ActionState in an RSC payload, "created" or "busy" — never a 500 — and,
 * when the page refreshed after a created post met the fault, the error row the page's error
 * boundary shows ("created, then the error page"). Either carries the request id (X-Request-Id,
 * and Server-Timing for the page's script).
 */
const DASHBOARD_ACTIONS = [
  { kind: "action", name: "dashboard form posts (no script)", answers: [ACTION_DETAIL.created, ACTION_DETAIL.busy, ACTION_DETAIL.errorPage] },
  {
    kind: "script-action",
    name: "dashboard actions with script (Next-Action)",
    answers: [ACTION_DETAIL.created, ACTION_DETAIL.busy, ACTION_DETAIL.createdThenErrorPage],
  },
] as const;
/** What an action answered when it said it created its post. */
const SAID_CREATED = new Set<string>([ACTION_DETAIL.created, ACTION_DETAIL.createdThenErrorPage]);

const { values } = parseArgs({ options: { only: { type: "string", multiple: true } } });
const only = values.only ?? [];
const faults = FAULTS.filter((fault) => only.length === 0 || only.some((part) => fault.name.includes(part)));
if (faults.length === 0) {
  console.error(`No fault matches --only ${only.join(", ")}. Faults: ${FAULTS.map((fault) => fault.name).join(", ")}.`);
  process.exit(2);
}

type Check = { fault: string; name: string; ok: boolean; detail: string };
type Row = {
  fault: string;
  requests: number;
  ok2xx: number;
  r429: number;
  r503: number;
  other5xx: number;
  /** No answer within the give-up time, or a connection error. */
  noAnswer: number;
  maxLatencyMs: number;
  recoverMs: number | null;
  lostWrites: number;
  /** Writes answered 503 whose commit reached the server anyway. */
  refusedButStored: number;
  errorPages: number;
  /** Dashboard actions, per DASHBOARD_ACTIONS: what each answered, counted in the order of its `answers`. */
  actions: string[];
  /** Sign-ins answered "check your email" / "try again". */
  signIns: string;
};

const cleanup = new Cleanup();
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void cleanup.runAll().then(() => process.exit(130)));
}

const checks: Check[] = [];
const rows: Row[] = [];
let exitCode = 0;
try {
  const started = performance.now();
  const postgres = await FaultyPostgres.start();
  cleanup.add("PostgreSQL", () => postgres.remove());
  const database = "faults";
  const databaseUrl = await createMigratedDatabase(postgres.url("postgres"), database);
  const suiteUrl = new URL(databaseUrl);
  suiteUrl.searchParams.set("application_name", SUITE_APPLICATION_NAME);
  process.env.DATABASE_URL = suiteUrl.toString();

  const stripe = await startFakeStripe();
  cleanup.add("fake Stripe", () => stripe.stop());
  const smtp = await FaultySmtp.start();
  cleanup.add("SMTP relay", () => smtp.stop());
  const port = await freePort();
  const env = {
    ...appEnv({ databaseUrl, baseUrl: `http://127.0.0.1:${port}`, stripeUrl: stripe.url, nodeEnv: "production" }),
    EMAIL_SERVER: smtp.url,
    EMAIL_FROM: "Acme SaaS <no-reply@example.com>",
  };
  if (process.env.E2E_SKIP_BUILD && existsSync(path.join(projectRoot, ".next", "BUILD_ID"))) {
    console.log("Reusing the production build in .next (E2E_SKIP_BUILD=1).");
  } else {
    console.log("Building the app (next build)…");
    await buildApp(env);
  }
  const app = await startProduction(env, port, cleanup);
  // The Accelerate path: a second server whose DATABASE_URL is the endpoint in front of the same
  // database (so the same users), started only when one of its faults runs.
  let accelerate: FaultyAccelerateEndpoint | undefined;
  let accelerateApp: typeof app | undefined;
  if (faults.some((fault) => fault.path === "accelerate")) {
    accelerate = await FaultyAccelerateEndpoint.start(databaseUrl, cleanup);
    const acceleratePort = await freePort();
    accelerateApp = await startProduction(
      { ...env, DATABASE_URL: accelerate.url, DIRECT_URL: databaseUrl, NEXTAUTH_URL: `http://127.0.0.1:${acceleratePort}` },
      acceleratePort,
      cleanup,
    );
  }

  const users = await seedApiUsers();
  const billingUsers = await seedBillingUsers(stripe);
  const forms = new Map([[app, await newPostForm(app.url, users)]]);
  if (accelerateApp) forms.set(accelerateApp, await newPostForm(accelerateApp.url, users));
  console.log(`Set up in ${Math.round((performance.now() - started) / 1000)} s; faults: ${faults.map((fault) => fault.name).join(", ")}.`);

  for (const fault of faults) {
    const faultStarted = performance.now();
    const target = fault.path === "accelerate" ? accelerateApp! : app;
    const traffic = startTraffic({
      baseUrl: target.url,
      fault: fault.name,
      users,
      billingUsers,
      stripe,
      signIns: fault.signIns ?? false,
      newPostForm: forms.get(target)!,
    });
    await sleep(BEFORE_MS);
    const injectedAt = performance.now();
    await fault.inject({ postgres, database, stripe, smtp, accelerate });
    const backAt = performance.now();
    await sleep(AFTER_MS);
    const { outcomes, events } = await traffic.stop();
    const redeliveries = await redeliverRefused(target.url, outcomes, events);
    const { row, checks: faultChecks } = await assess(fault, { outcomes, redeliveries, events, injectedAt, backAt, delivered: smtp.delivered });
    rows.push(row);
    checks.push(...faultChecks);
    const failed = faultChecks.filter((check) => !check.ok).length;
    console.log(
      `${fault.name}: ${Math.round((performance.now() - faultStarted) / 1000)} s, ${failed === 0 ? "all checks passed" : `${failed} check(s) failed`}`,
    );
  }
  await getDb().$disconnect();
  if (checks.some((check) => !check.ok)) {
    console.log(`\nThe app's last output:\n${app.output().slice(-3000)}`);
    if (accelerateApp) console.log(`\nThe Accelerate path's app's last output:\n${accelerateApp.output().slice(-3000)}`);
  }
  console.log(`\nTotal ${Math.round((performance.now() - started) / 1000)} s.`);
} catch (error) {
  console.error(`The fault suite could not run: ${(error as Error).stack}`);
  exitCode = 1;
} finally {
  await cleanup.runAll();
}

if (rows.length > 0) console.log(`\n${renderTable(rows)}`);
for (const check of checks) console.log(`${check.ok ? "✓" : "✗"} ${check.fault}: ${check.name}${check.ok ? "" : ` — ${check.detail}`}`);
if (checks.some((check) => !check.ok)) exitCode = 1;
process.exit(exitCode);

// ---- data -------------------------------------------------------------------------------------

/** Pro users (the per-minute limit stays out of the way), each with an API key and a signed-in session. */
async function seedApiUsers(): Promise<ApiUser[]> {
  const users: ApiUser[] = [];
  for (let i = 0; i < API_USERS; i++) {
    const { user, key } = await userWithKey("pro");
    const sessionToken = randomUUID();
    await getDb().session.create({ data: { sessionToken, userId: user.id, expires: new Date(Date.now() + 3_600_000) } });
    const { slug } = await getDb().organization.findUniqueOrThrow({ where: { id: user.organizationId }, select: { slug: true } });
    users.push({ userId: user.id, key, cookie: `next-auth.session-token=${sessionToken}`, dashboard: organizationPath(slug) });
  }
  return users;
}

/** Users whose subscription Stripe knows (the fake Stripe answers the webhook's re-reads). */
async function seedBillingUsers(stripe: { setSubscription(subscription: BillingUser["subscription"]): void }): Promise<BillingUser[]> {
  const users: BillingUser[] = [];
  for (let i = 0; i < BILLING_USERS; i++) {
    const customerId = `cus_faults_${i}`;
    const user = await newUser(`billing-${i}@faults.example.com`, { plan: "free", stripeCustomerId: customerId });
    const subscription = billingSubscription(customerId, user.id, i);
    stripe.setSubscription(subscription);
    users.push({ userId: user.id, customerId, subscription });
  }
  return users;
}

/** Every delivery not answered 200 is sent again, as Stripe retries, until it is (or REDELIVERIES times). */
async function redeliverRefused(baseUrl: string, outcomes: Outcome[], events: Map<string, import("stripe").Stripe.Event>) {
  const redeliveries: Outcome[] = [];
  const answered200 = new Set(outcomes.filter((o) => o.kind === "webhook" && o.status === 200).map((o) => o.subject));
  let pending = [...events.keys()].filter((id) => !answered200.has(id));
  for (let attempt = 0; attempt < REDELIVERIES && pending.length > 0; attempt++) {
    if (attempt > 0) await sleep(REDELIVERY_GAP_MS);
    const results = await Promise.all(
      pending.map((id) =>
        deliver(baseUrl, events.get(id)!, async (kind, requestPath, init, subject) => {
          const startedAt = performance.now();
          const response = await fetch(`${baseUrl}${requestPath}`, init);
          const body = (await response.json().catch(() => null)) as { outcome?: string } | null;
          return { kind, startedAt, endedAt: performance.now(), status: response.status, retryAfter: null, detail: body?.outcome ?? null, subject };
        }),
      ),
    );
    redeliveries.push(...results);
    pending = results.filter((result) => result.status !== 200).map((result) => result.subject!);
  }
  return redeliveries;
}

// ---- assessment -------------------------------------------------------------------------------

async function assess(
  fault: Fault,
  run: { outcomes: Outcome[]; redeliveries: Outcome[]; events: Map<string, unknown>; injectedAt: number; backAt: number; delivered: string[] },
): Promise<{ row: Row; checks: Check[] }> {
  const { outcomes, redeliveries, injectedAt, backAt } = run;
  const faultChecks: Check[] = [];
  const check = (name: string, ok: boolean, detail: string) => faultChecks.push({ fault: fault.name, name, ok, detail });
  const served = outcomes.filter((o) => API_KINDS.includes(o.kind) || o.kind === "webhook");
  const api = outcomes.filter((o) => API_KINDS.includes(o.kind));
  const pages = outcomes.filter((o) => o.kind === "page");
  const actions = outcomes.filter((o) => DASHBOARD_ACTIONS.some(({ kind }) => o.kind === kind));
  const latency = (o: Outcome) => o.endedAt - o.startedAt;
  const describe = (list: Outcome[]) =>
    list
      .slice(0, 5)
      .map((o) => `${o.kind} ${o.status} ${o.detail ?? ""} after ${Math.round(latency(o))} ms`)
      .join("; ");

  // No 500 and no hang: only 2xx, 429 and 503 (with Retry-After and the error shape).
  const unexpected = served.filter((o) => !(o.status >= 200 && o.status < 300) && o.status !== 429 && o.status !== 503);
  check("API and webhooks answer only 2xx, 429 or 503 (no 500, no hang)", unexpected.length === 0, `${unexpected.length}: ${describe(unexpected)}`);
  const bare503 = api.filter((o) => o.status === 503 && (!o.retryAfter || o.detail !== "service_unavailable"));
  check("every API 503 is service_unavailable with Retry-After", bare503.length === 0, `${bare503.length}: ${describe(bare503)}`);
  const badPages = pages.filter((o) => o.status !== 200 && o.detail !== "error page");
  check("pages render, or render the error page", badPages.length === 0, `${badPages.length}: ${describe(badPages)}`);
  // Each dashboard action answers what DASHBOARD_ACTIONS says it may, with the request id.
  for (const { kind, name, answers } of DASHBOARD_ACTIONS) {
    const ofKind = outcomes.filter((o) => o.kind === kind);
    const answered = new Set<string>(answers);
    const bad = ofKind.filter((o) => !answered.has(o.detail ?? "") || !o.requestId);
    check(
      `${name} answer ${answers.map((answer) => `'${answer}'`).join(", ")}, with the request id; never a stack`,
      ofKind.length > 0 && bad.length === 0,
      `${ofKind.length} sent, ${bad.length}: ${describe(bad)}`,
    );
    if (fault.actionsMeetOutage) {
      const refusedMeanwhile = ofKind.filter((o) => !SAID_CREATED.has(o.detail ?? "") && o.startedAt >= injectedAt && o.startedAt <= backAt);
      check(
        `${name} during the outage are refused (${answers.filter((answer) => !SAID_CREATED.has(answer)).join(", ")}), with the request id`,
        refusedMeanwhile.length > 0 && refusedMeanwhile.every((o) => answered.has(o.detail ?? "") && o.requestId),
        `${refusedMeanwhile.length} refused during the outage: ${describe(refusedMeanwhile)}`,
      );
    }
  }
  const slowest = Math.max(0, ...outcomes.map(latency));
  const bound = fault.requestBoundMs ?? REQUEST_BOUND_MS;
  const slow = outcomes.filter((o) => latency(o) > bound);
  check(`every request answered within ${bound / 1000} s`, slow.length === 0, `${slow.length}: ${describe(slow)}`);

  // Recovery: the first success once the dependency is back, and no failure after that settles.
  const succeeded = (o: Outcome) => (o.kind === "sign-in" ? o.detail === "email sent" : o.status >= 200 && o.status < 300);
  const recoveredBy = fault.recoveredBy === "api" ? api : outcomes.filter((o) => o.kind === fault.recoveredBy);
  const firstSuccess = recoveredBy.filter((o) => succeeded(o) && o.endedAt >= backAt).sort((a, b) => a.endedAt - b.endedAt)[0];
  const recoverMs = firstSuccess ? firstSuccess.endedAt - backAt : null;
  check(
    `first ${fault.recoveredBy === "api" ? "API" : fault.recoveredBy} success within ${RECOVERY_BOUND_MS / 1000} s of the dependency returning`,
    recoverMs !== null && recoverMs <= RECOVERY_BOUND_MS,
    `${recoverMs === null ? "none" : Math.round(recoverMs)} ms`,
  );
  // An action is judged by what its answer says, not its status (with script, "created, then the
  // error page" is a 200); its "busy" form asks to retry, which is no failure here.
  const failed = (o: Outcome) =>
    actions.includes(o) ? o.detail !== ACTION_DETAIL.created && o.detail !== ACTION_DETAIL.busy : o.status !== 200 && o.status !== 201;
  const lateFailures = [...served, ...actions].filter((o) => o.startedAt > backAt + RECOVERY_BOUND_MS && failed(o));
  check("no failure once recovered (no dead connection left in the pool)", lateFailures.length === 0, `${lateFailures.length}: ${describe(lateFailures)}`);

  // Sign-in: the email sent, or the page that says to try again; never an error of the app's own.
  const signIns = outcomes.filter((o) => o.kind === "sign-in");
  if (fault.signIns) {
    const badSignIns = signIns.filter((o) => o.status !== 302 || (o.detail !== "email sent" && o.detail !== "EmailSignin"));
    check(
      "every sign-in leads to 'check your email' or to 'try again' (EmailSignin)",
      signIns.length > 0 && badSignIns.length === 0,
      `${signIns.length} sign-ins, ${badSignIns.length}: ${describe(badSignIns)}`,
    );
    check(
      "sign-ins during the outage are told to try again",
      signIns.some((o) => o.detail === "EmailSignin" && o.startedAt >= injectedAt && o.startedAt <= backAt),
      "no EmailSignin during the outage",
    );
    const notDelivered = signIns.filter((o) => o.detail === "email sent" && !run.delivered.includes(o.subject!.toLowerCase()));
    check("every sign-in told 'check your email' got its email", notDelivered.length === 0, `${notDelivered.length} not delivered`);
  }

  // Readiness and liveness.
  const health = outcomes.filter((o) => o.kind === "health");
  if (fault.outlastsTimeouts) {
    // A paused server without the pool's timeouts would hold every request until it resumed. Any
    // request answered 503 meanwhile counts, the ones already waiting on it when it froze too: with
    // every user's request in flight at that moment (as on a slow host), those may be the only ones
    // the 6 s query timeout answers before a 10 s outage ends: the next ones are sent after that 6 s,
    // or wait for a new connection, whose 10 s handshake timeout ends after the outage.
    const answeredMeanwhile = api.filter((o) => o.status === 503 && o.endedAt > injectedAt && o.endedAt < backAt).length;
    check("the API answers 503 while the database is still away (no request waits for its return)", answeredMeanwhile > 0, "no API answer during the outage");
  }
  if (fault.databaseAway) {
    const notReady = health.filter((o) => o.status === 503 && o.startedAt >= injectedAt && o.startedAt <= backAt).length;
    check("/api/health answers 503 while the database is away", notReady > 0, "no 503 during the outage");
  }
  const readyAfter = health.filter((o) => o.startedAt > backAt + RECOVERY_BOUND_MS);
  check(
    "/api/health answers 200 once recovered",
    readyAfter.length > 0 && readyAfter.every((o) => o.status === 200),
    describe(readyAfter.filter((o) => o.status !== 200)),
  );
  const liveDown = outcomes.filter((o) => o.kind === "live" && o.status !== 200);
  check("/api/health/live answers 200 throughout", liveDown.length === 0, `${liveDown.length}: ${describe(liveDown)}`);

  // Nothing lost, nothing twice.
  const writes = outcomes.filter((o) => o.kind === "api-write");
  const titles = new Set(
    (await getDb().post.findMany({ where: { title: { startsWith: `${fault.name} write ` } }, select: { title: true } })).map((post) => post.title),
  );
  const lost = writes.filter((o) => o.status === 201 && !titles.has(o.subject!));
  check("every write answered 201 is in the database", lost.length === 0, `${lost.length} lost`);
  // A write refused before the fault, or after it began, leaves nothing. Only one whose COMMIT was
  // already on its way when the server froze can land after the client gave up on the answer (the
  // outcome every client of a database over a network can meet): whole, never half-done.
  const refusedButApplied = writes.filter((o) => o.status !== 201 && titles.has(o.subject!));
  const landedLate = refusedButApplied.filter((o) => !(o.startedAt <= injectedAt && o.endedAt >= injectedAt));
  check(
    "a write answered 5xx left nothing, unless its commit was in flight when the fault began",
    landedLate.length === 0,
    `${landedLate.length}: ${describe(landedLate)}`,
  );
  // Every post an action said it created is stored, once. Its own refusal ("busy") writes nothing.
  // The form's error page is the page rendered after the action (a form posted without script gets
  // the whole page back): when that render meets the fault, the post the action created is stored
  // — whole, once — and counted in "503 but stored". With script the answer says so itself.
  const actionsStored: Outcome[] = [];
  let lostActions = 0;
  for (const { kind, name } of DASHBOARD_ACTIONS) {
    const ofKind = outcomes.filter((o) => o.kind === kind);
    const stored = (await getDb().post.findMany({ where: { title: { startsWith: actionTitlePrefix(fault.name, kind) } }, select: { title: true } })).map(
      (post) => post.title,
    );
    const storedTitles = new Set(stored);
    const lost = ofKind.filter((o) => SAID_CREATED.has(o.detail ?? "") && !storedTitles.has(o.subject!));
    lostActions += lost.length;
    check(`every post ${name} said they created is in the database`, lost.length === 0, `${lost.length} lost: ${describe(lost)}`);
    check(`no post of ${name} is in the database twice`, stored.length === storedTitles.size, `${stored.length - storedTitles.size} twice`);
    const refusedButStored = ofKind.filter((o) => !SAID_CREATED.has(o.detail ?? "") && storedTitles.has(o.subject!));
    actionsStored.push(...refusedButStored);
    const busyButStored = refusedButStored.filter((o) => o.detail === ACTION_DETAIL.busy && !(o.startedAt <= injectedAt && o.endedAt >= injectedAt));
    check(
      `${name} answered 'busy' left nothing, unless the commit was in flight when the fault began`,
      busyButStored.length === 0,
      `${busyButStored.length}: ${describe(busyButStored)}`,
    );
  }
  const eventIds = [...run.events.keys()];
  const recorded = await getDb().stripeEvent.count({ where: { id: { in: eventIds } } });
  const stillRefused =
    eventIds.length - new Set([...outcomes, ...redeliveries].filter((o) => o.kind === "webhook" && o.status === 200).map((o) => o.subject)).size;
  check("every webhook delivery refused during the fault is accepted when redelivered", stillRefused === 0, `${stillRefused} still refused`);
  // StripeEvent's key allows one row per event; a delivery that answered "processed" is one that applied it.
  const appliedTimes = new Map<string, number>();
  for (const o of [...outcomes, ...redeliveries])
    if (o.kind === "webhook" && o.detail === "processed") appliedTimes.set(o.subject!, (appliedTimes.get(o.subject!) ?? 0) + 1);
  const twice = [...appliedTimes.values()].filter((times) => times > 1).length;
  check(
    "every webhook event applied exactly once",
    recorded === eventIds.length && twice === 0,
    `${eventIds.length} events, ${recorded} recorded, ${twice} applied twice`,
  );

  const row: Row = {
    fault: fault.name,
    requests: served.length + pages.length + actions.length,
    ok2xx: [...served, ...pages, ...actions].filter((o) => o.status >= 200 && o.status < 300).length,
    r429: served.filter((o) => o.status === 429).length,
    r503: served.filter((o) => o.status === 503).length,
    // A form posted without script answers its error page with a 500, counted in its own column; with script, a 500 is never right.
    other5xx: [...served, ...actions.filter((o) => o.kind !== "action")].filter((o) => o.status >= 500 && o.status !== 503).length,
    noAnswer: served.filter((o) => o.status === 0).length,
    maxLatencyMs: slowest,
    recoverMs,
    lostWrites: lost.length + lostActions,
    refusedButStored: refusedButApplied.length + actionsStored.length,
    errorPages: pages.filter((o) => o.detail === "error page").length,
    actions: DASHBOARD_ACTIONS.map(({ kind, answers }) =>
      answers.map((answer) => actions.filter((o) => o.kind === kind && o.detail === answer).length).join(" / "),
    ),
    signIns: fault.signIns ? `${signIns.filter((o) => o.detail === "email sent").length} / ${signIns.filter((o) => o.detail === "EmailSignin").length}` : "—",
  };
  return { row, checks: faultChecks };
}

function renderTable(table: Row[]) {
  const header = [
    "fault",
    "requests",
    "2xx",
    "429",
    "503",
    "other 5xx",
    "no answer",
    "error pages",
    "form posts (no script) created / busy / error page",
    "actions with script created / busy / created, then error page",
    "max latency",
    "time to recover",
    "lost writes",
    "503 but stored",
    "sign-ins sent / try again",
  ];
  const lines = table.map((row) => [
    row.fault,
    String(row.requests),
    String(row.ok2xx),
    String(row.r429),
    String(row.r503),
    String(row.other5xx),
    String(row.noAnswer),
    String(row.errorPages),
    ...row.actions,
    `${(row.maxLatencyMs / 1000).toFixed(1)} s`,
    row.recoverMs === null ? "—" : `${(row.recoverMs / 1000).toFixed(1)} s`,
    String(row.lostWrites),
    String(row.refusedButStored),
    row.signIns,
  ]);
  return [
    `| ${header.join(" | ")} |`,
    `|${header.map((_, i) => (i === 0 ? " --- " : " ---: ")).join("|")}|`,
    ...lines.map((line) => `| ${line.join(" | ")} |`),
  ].join("\n");
}

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
