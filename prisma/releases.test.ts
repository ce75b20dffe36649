// The move to organizations (issue 26), proven on the real app, release by release: one database,
// filled by release 0's code (the commit before organizations), then each next release deployed onto
// it with its own commands, in deploy.yml's order — expand migrations; the new code starts serving
// while the previous release still does; the previous one drains; backfills; contract migrations —
// and at each step the releases serving answer real requests through their own route handlers
// (test/support/release-process.ts): every key reads exactly its owner's posts and creates one,
// the Stripe webhook updates the right subscription, every session still finds its user. It ends
// with nothing lost: every row owned by its owner's personal organization, every key valid for
// the current code, every subscription on its plan.
//
// Each old release is a temporary git work tree of its commit (scripts/release-worktree.ts) with its
// own generated Prisma client; the last release is this checkout's working tree, so the proof keeps
// covering the current code. CI runs on a full clone: the commits below must be in the history.
import { fork, type ChildProcess } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { addReleaseWorktree, git } from "@/scripts/release-worktree";
import { BUDGET_MS, budgetFor } from "@/test/support/budgets";
import { createDatabase, dropDatabase, uniqueDatabaseName } from "@/test/support/database";
import { startFakeStripe, type FakeStripe } from "@/test/support/fake-stripe";
import { projectRoot } from "@/test/support/prisma-cli";
import { runCaptured } from "@/test/support/processes";
import type { ReleaseAnswer, ReleaseRequest } from "@/test/support/release-process";
import { eventObject, subscriptionObject } from "@/test/support/stripe-objects";

/**
 * The releases, oldest first: each a commit of main, the last one this checkout's working tree. To
 * append the next release, in its branch: give the last entry the commit it stands for (the last
 * commit of main before the new release), then add the new release as the last entry, without a commit.
 */
const RELEASES: { name: string; commit?: string }[] = [
  { name: "release 0 (before organizations)", commit: "dd23e37" },
  { name: "release 1 (expand)", commit: "f9c2daf" },
  { name: "release 2 (backfill)", commit: "27de832" },
  { name: "release 3 (switch reads)", commit: "055cdb2" },
  { name: "release 4 (contract)", commit: "9d3da02" },
  { name: "release 5 (teams: organizations in the URL, members, invitations, audit log; this checkout)" },
];

const PRICE = "price_pro_monthly";
const DAY = 86_400;

type Release = { name: string; dir: string };
type Serving = { name: string; request(request: ReleaseRequest): Promise<ReleaseAnswer>; stop(): void };
type User = { email: string; id: string; sessionToken: string; posts: string[]; subscription?: { id: string; customer: string; periodEnd: number } };
type Key = { owner: User; plaintext: string };

const fakeStripe: Promise<FakeStripe> = startFakeStripe();
const { serverUrl } = inject("testDatabase");
const databaseName = uniqueDatabaseName();
let databaseUrl: string;
let sql: pg.Client;
let scratch: string;
const releases: Promise<Release>[] = [];
const worktrees: { remove(): Promise<void> }[] = [];
const running: Serving[] = [];
const users: User[] = [];
const keys: Key[] = [];
let servings = 0;
/** Releases deployed and serving so far: each step builds on the one before, and says so when it failed. */
let deployed = 0;
const afterRelease = (index: number) => expect(deployed, `${RELEASES[index - 1]!.name} failed: this step builds on it`).toBe(index);

/** Production's environment, on this test's database and fake Stripe: for the commands and the code of every release. */
async function releaseEnv(): Promise<NodeJS.ProcessEnv> {
  return {
    NODE_ENV: "production",
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DATABASE_URL: databaseUrl,
    DIRECT_URL: databaseUrl,
    NEXTAUTH_SECRET: "releases-test-secret-of-32-characters",
    NEXTAUTH_URL: "http://localhost:3000",
    STRIPE_SECRET_KEY: "sk_test_releases",
    STRIPE_WEBHOOK_SECRET: "whsec_releases",
    STRIPE_PRICE_PRO_MONTHLY: PRICE,
    STRIPE_API_BASE: (await fakeStripe).url,
    // Every request verifies its key against the database, never a cached verdict.
    API_KEY_CACHE_TTL_SECONDS: "0",
    LOG_LEVEL: "warn",
    CHECKPOINT_DISABLE: "1",
    NEXT_TELEMETRY_DISABLED: "1",
  };
}

/**
 * `npm run <script> -- <args>` in a release's tree, as deploy.yml runs it: the command its package.json
 * names, run by a shell with its node_modules/.bin first on PATH — what npm does, without npm's own
 * start (half a second of CPU, a dozen times). Fails with the command's output.
 */
async function npmRun(release: Release, script: string, ...args: string[]) {
  const { scripts } = JSON.parse(await readFile(path.join(release.dir, "package.json"), "utf8")) as { scripts: Record<string, string> };
  const env = await releaseEnv();
  const command = [scripts[script]!, ...args].join(" ");
  const { code, output } = await runCaptured("sh", ["-c", command], {
    cwd: release.dir,
    env: { ...env, PATH: `${path.join(release.dir, "node_modules", ".bin")}${path.delimiter}${env.PATH}` },
  });
  if (code !== 0) throw new Error(`${release.name}: npm run ${script} (${command}) exited with ${code}:\n${output}`);
}

/** The release's code, started in its own process on the database (a deployment going live). */
async function serve(release: Release): Promise<Serving> {
  const child: ChildProcess = fork(path.join(projectRoot, "test/support/release-process.ts"), [], {
    cwd: release.dir,
    execArgv: ["--import", "tsx"],
    env: await releaseEnv(),
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk));
  const pending = new Map<number, { resolve(answer: ReleaseAnswer): void; reject(error: Error): void }>();
  let next = 0;
  const exited = new Promise<never>((_, reject) =>
    child.once("exit", (code) => reject(new Error(`${release.name}'s process exited (${code}) before answering:\n${output}`))),
  );
  exited.catch(() => {});
  child.on("message", (message: { id: number; result?: ReleaseAnswer; error?: string }) => {
    const waiting = pending.get(message.id);
    pending.delete(message.id);
    if (message.error !== undefined) waiting?.reject(new Error(`${release.name}: ${message.error}\n${output}`));
    else waiting?.resolve(message.result!);
  });
  await Promise.race([new Promise((resolve) => child.once("message", resolve)), exited]);
  const serving: Serving = {
    name: release.name,
    request: (request) =>
      Promise.race([
        new Promise<ReleaseAnswer>((resolve, reject) => {
          pending.set(next, { resolve, reject });
          child.send({ id: next++, request });
        }),
        exited,
      ]),
    stop: () => {
      child.kill();
      running.splice(running.indexOf(serving), 1);
    },
  };
  running.push(serving);
  return serving;
}

const titles = (body: unknown) => (body as { data: { title: string }[] }).data.map((post) => post.title).toSorted();

/**
 * Real requests to a serving release: every key lists exactly its owner's posts and one key (each in
 * turn) creates a post; a Pro subscription renewed in Stripe is written by the webhook to that
 * subscription alone; every session finds its user.
 */
async function servesEveryone(release: Serving, when: string) {
  const label = `${release.name}, ${when}`;
  for (const key of keys) {
    const listed = await release.request({ op: "api", method: "GET", path: "/api/v1/posts?limit=100", key: key.plaintext });
    expect(listed.status, `${label}: ${key.owner.email}'s key`).toBe(200);
    expect(titles(listed.body), `${label}: ${key.owner.email}'s posts`).toEqual(key.owner.posts.toSorted());
  }
  const writer = keys[servings % keys.length]!;
  const title = `${label}: a post by ${writer.owner.email}`;
  const created = await release.request({ op: "api", method: "POST", path: "/api/v1/posts", key: writer.plaintext, body: { title } });
  expect(created, label).toMatchObject({ status: 201, body: { title } });
  writer.owner.posts.push(title);

  const pro = users.filter((user) => user.subscription);
  const renewed = pro[servings % pro.length]!.subscription!;
  renewed.periodEnd += 30 * DAY;
  const processed = await webhook(release, "customer.subscription.updated", renewed);
  expect(processed, `${label}: the webhook`).toMatchObject({ status: 200, body: { outcome: "processed" } });
  expect(await subscriptions(), `${label}: the subscriptions after the webhook`).toEqual(
    pro.map((user) => ({ stripeSubscriptionId: user.subscription!.id, plan: "pro", currentPeriodEnd: new Date(user.subscription!.periodEnd * 1000) })),
  );
  for (const user of users) {
    expect(await release.request({ op: "session", token: user.sessionToken }), `${label}: ${user.email}'s session`).toEqual({
      status: 200,
      body: { email: user.email },
    });
  }
  servings++;
}

/** Stripe's current state of the subscription, then its event, signed and delivered to the release's webhook. */
async function webhook(release: Serving, type: string, subscription: NonNullable<User["subscription"]>, metadata?: Record<string, string>) {
  const object = subscriptionObject({ id: subscription.id, customer: subscription.customer, priceId: PRICE, periodEnd: subscription.periodEnd, metadata });
  (await fakeStripe).setSubscription(object);
  return release.request({ op: "webhook", payload: JSON.stringify(eventObject(type, object)) });
}

async function subscriptions() {
  const { rows } = await sql.query(
    `SELECT "stripeSubscriptionId", "plan", "currentPeriodEnd" FROM "Subscription" WHERE "stripeSubscriptionId" IS NOT NULL ORDER BY "stripeSubscriptionId"`,
  );
  return rows;
}

/** Release 0's users, as its code wrote them: two on Pro (through the webhook), one free; keys, posts, sessions. */
async function fill(release: Serving) {
  const signUp = async (email: string, plan: "free" | "pro") => {
    const sessionToken = `session-${email}`;
    const created = await release.request({ op: "signUp", email, name: email.split("@")[0]!, sessionToken });
    expect(created.status, email).toBe(201);
    const user: User = { email, id: (created.body as { id: string }).id, sessionToken, posts: [] };
    if (plan === "pro") {
      const suffix = email.split("@")[0]!;
      user.subscription = { id: `sub_${suffix}`, customer: `cus_${suffix}`, periodEnd: Math.floor(Date.now() / 1000) + 30 * DAY };
      // The first event of a customer finds its user by the metadata our checkout sets.
      expect(await webhook(release, "customer.subscription.created", user.subscription, { userId: user.id })).toMatchObject({ status: 200 });
    }
    users.push(user);
    return user;
  };
  const addKey = async (owner: User) => {
    const created = await release.request({ op: "createKey", userId: owner.id, name: `key ${keys.length}` });
    keys.push({ owner, plaintext: (created.body as { key: string }).key });
  };
  const ada = await signUp("ada@example.com", "pro");
  const grace = await signUp("grace@example.com", "pro");
  const free = await signUp("free@example.com", "free");
  await addKey(ada);
  await addKey(ada);
  await addKey(grace);
  await addKey(free);
  for (const key of keys.slice(1)) {
    for (const n of [1, 2]) {
      const title = `release 0: ${key.owner.email}'s post ${n} (key ${keys.indexOf(key)})`;
      expect(await release.request({ op: "api", method: "POST", path: "/api/v1/posts", key: key.plaintext, body: { title } })).toMatchObject({ status: 201 });
      key.owner.posts.push(title);
    }
  }
}

/**
 * Release `index`, ready to run: its work tree and generated client. They are prepared in the
 * background from the start, one after the other, so that release 0 — needed first — has the
 * machine to itself, and each next one is ready long before its step.
 */
function ready(index: number): Promise<Release> {
  return (releases[index] ??= (index === 0 ? Promise.resolve() : ready(index - 1)).then(() => prepare(RELEASES[index]!)));
}

async function prepare({ name, commit }: (typeof RELEASES)[number]): Promise<Release> {
  if (!commit) return { name, dir: projectRoot };
  if (!(await git(projectRoot, "cat-file", "-t", commit).catch(() => "")).startsWith("commit")) {
    throw new Error(`${name}: commit ${commit} is not in this clone's history; fetch it (git fetch --unshallow), as CI's full clone has it.`);
  }
  const tree = await addReleaseWorktree(projectRoot, commit, path.join(scratch, commit));
  worktrees.push(tree);
  // Its own `prisma generate`, into its own lib/generated.
  await npmRun({ name, dir: tree.dir }, "postinstall");
  return { name, dir: tree.dir };
}

beforeAll(async () => {
  databaseUrl = await createDatabase(serverUrl, databaseName);
  sql = new pg.Client({ connectionString: databaseUrl });
  await sql.connect();
  scratch = await mkdtemp(path.join(os.tmpdir(), "releases-"));
  ready(RELEASES.length - 1).catch(() => {}); // each step awaits (and reports) its own
}, budgetFor(BUDGET_MS.copy));

afterAll(async () => {
  for (const serving of [...running]) serving.stop();
  await sql?.end();
  await Promise.allSettled(releases);
  await Promise.all(worktrees.map((tree) => tree.remove()));
  await rm(scratch, { recursive: true, force: true });
  await dropDatabase(serverUrl, databaseName);
  await (await fakeStripe).stop();
}, budgetFor(BUDGET_MS.command));

// Each step waits for its release's work tree (a copy) and runs that release (its commands, its code).
describe("the move to organizations, release by release", { timeout: budgetFor(BUDGET_MS.copy, BUDGET_MS.release) }, () => {
  it(`${RELEASES[0]!.name} fills the database: users on Pro and free, keys, posts, sessions`, async () => {
    // Release 0's whole history, as a database that has run it for a while.
    const first = await ready(0);
    await npmRun(first, "db:deploy");
    const serving = await serve(first);
    await fill(serving);
    await servesEveryone(serving, "on its own schema");
    deployed++;
  });

  it.each(RELEASES.slice(1).map((release, i) => [release.name, RELEASES[i]!.name, i + 1] as const))(
    "%s deploys while %s serves, and serves on its own schema once contracted",
    async (_, __, index) => {
      afterRelease(index);
      const previous = running[0]!;
      const release = await ready(index);
      await npmRun(release, "db:deploy", "--phase", "expand");
      await servesEveryone(previous, "on the next release's expand schema");
      const current = await serve(release);
      await servesEveryone(current, "after its expand migrations, before its backfills");
      // Drained: from here on, only the new release writes (deploy.yml waits for this before the backfills).
      previous.stop();
      await npmRun(release, "db:backfill");
      await npmRun(release, "db:deploy", "--phase", "contract");
      await servesEveryone(current, "after its backfills and contract migrations");
      deployed++;
    },
  );

  it("ends with nothing lost: every post, key and subscription in its owner's personal organization, every subscription on its plan, every session its user's", async () => {
    afterRelease(RELEASES.length);
    const owner = (id: string) => users.find((user) => user.id === id)!.email;
    const personal = await sql.query(`
      SELECT o."personalOwnerId" AS "userId", m."role" FROM "Organization" o JOIN "Membership" m ON m."organizationId" = o."id" AND m."userId" = o."personalOwnerId"`);
    expect(personal.rows.map((row) => [owner(row.userId), row.role]).toSorted()).toEqual(users.map((user) => [user.email, "owner"]).toSorted());

    const posts = await sql.query(`SELECT p."title", p."authorId", o."personalOwnerId" FROM "Post" p JOIN "Organization" o ON o."id" = p."organizationId"`);
    for (const user of users) {
      const theirs = posts.rows.filter((row) => row.personalOwnerId === user.id);
      expect(theirs.map((row) => row.title).toSorted(), `${user.email}'s posts`).toEqual(user.posts.toSorted());
      expect(theirs.every((row) => row.authorId === user.id)).toBe(true);
    }
    expect(posts.rows).toHaveLength(users.reduce((sum, user) => sum + user.posts.length, 0));

    const apiKeys = await sql.query(
      `SELECT k."userId", o."personalOwnerId" FROM "ApiKey" k JOIN "Organization" o ON o."id" = k."organizationId" WHERE k."revokedAt" IS NULL`,
    );
    expect(apiKeys.rows.map((row) => [owner(row.personalOwnerId), owner(row.userId)]).toSorted()).toEqual(
      keys.map((key) => [key.owner.email, key.owner.email]).toSorted(),
    );

    const plans = await sql.query(
      `SELECT o."personalOwnerId", s."plan", s."stripeSubscriptionId" FROM "Subscription" s JOIN "Organization" o ON o."id" = s."organizationId"`,
    );
    expect(plans.rows.map((row) => [owner(row.personalOwnerId), row.plan, row.stripeSubscriptionId]).toSorted()).toEqual(
      users.map((user) => [user.email, user.subscription ? "pro" : "free", user.subscription?.id ?? null]).toSorted(),
    );
    const sessions = await sql.query(`SELECT "userId" FROM "Session"`);
    expect(sessions.rows.map((row) => owner(row.userId)).toSorted()).toEqual(users.map((user) => user.email).toSorted());
  });
});
