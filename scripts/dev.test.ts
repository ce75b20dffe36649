// `npm run dev` from nothing: embedded PostgreSQL, migrations, seed, Next.js — then Ctrl-C.
// Each runs in a copy of this checkout (test/support/working-tree.ts), on free ports: Next.js allows
// one `next dev` per checkout, and a developer's `npm run dev` may be running in this one. The copy
// has the .env a new user makes first: `cp .env.example .env`, every variable empty.
import { execFile, execFileSync, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { chromium } from "@playwright/test";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { BUDGET_MS, budgetFor } from "@/test/support/budgets";
import { withAdmin } from "@/test/support/database";
import { freePort } from "@/test/support/free-port";
import { explainedBy, interrupt, outputOf, startHelper, waitFor200, type HelperProcess } from "@/test/support/processes";
import { copyWorkingTree, type WorkingTreeCopy } from "@/test/support/working-tree";
import { clusterDir, relocatedDataDir } from "@starter/local-db";
import { listBackfills } from "@starter/migration-lint";
import { runScript } from "@/test/support/scripts";
import { Cleanup } from "../tools/bench/cleanup.ts";
import { addNavItem, NAV } from "./new-feature/edits.ts";
import { parseFeature } from "./new-feature/spec.ts";

// How long a start may take before the test calls it hung comes from test/support/budgets.ts.
// Start-up time itself is measured by `npm run bench` (section 5), never asserted here.
/** The dev servers a test started and has not stopped yet: a failing test leaves none behind. */
const running = new Set<HelperProcess>();
async function stopRunning() {
  for (const dev of running) await interrupt(dev);
}
afterEach(stopRunning);
let scratch: string | undefined;
let checkout: WorkingTreeCopy;
beforeAll(async () => {
  checkout = await copyWorkingTree();
  await copyFile(path.join(checkout.root, ".env.example"), path.join(checkout.root, ".env"));
}, budgetFor(BUDGET_MS.copy));
afterAll(async () => {
  if (scratch) {
    await rm(scratch, { recursive: true, force: true });
    await rm(relocatedDataDir(path.join(scratch, "pg")), { recursive: true, force: true });
  }
  await checkout?.remove();
});

/** `npm run dev` as the tests run it: in the copy, with its own data directory, on free ports. */
function startDev(dataDir: string, port: number, databaseUrl?: string, extraArgs: string[] = []) {
  return spawnDev(checkout.root, port, { EMBEDDED_POSTGRES_DIR: dataDir, EMBEDDED_POSTGRES_PORT: "0", DATABASE_URL: databaseUrl }, extraArgs);
}

/**
 * `npm run dev` (`node --import tsx scripts/dev.ts`) in the checkout at `root`, with no DATABASE_URL
 * unless `env` gives one.
 */
function spawnDev(root: string, port: number, env: Record<string, string | undefined>, extraArgs: string[] = []) {
  const childEnv = { ...process.env, NODE_ENV: "development" } as NodeJS.ProcessEnv;
  for (const name of ["DATABASE_URL", "DIRECT_URL", "EMBEDDED_POSTGRES_DIR", "EMBEDDED_POSTGRES_PORT"]) delete childEnv[name];
  for (const [name, value] of Object.entries(env)) if (value !== undefined) childEnv[name] = value;
  const dev = startHelper("npm run dev", process.execPath, ["--import", "tsx", "scripts/dev.ts", "--port", String(port), ...extraArgs], {
    cwd: root,
    env: childEnv,
  });
  running.add(dev);
  dev.child.once("exit", () => running.delete(dev));
  return dev;
}

/** Until `npm run dev` serves `url`: its whole start (PostgreSQL, migrations, seed, the first compile). */
function waitForStart(url: string, dev: HelperProcess) {
  return waitFor200(url, dev, BUDGET_MS.devServerStart);
}

/** Until `npm run dev` has printed `text`; fails with its output when it exits first or `budgetMs` runs out. */
async function waitForOutput(dev: HelperProcess, text: string, budgetMs: number) {
  const deadline = Date.now() + budgetMs;
  while (!dev.output().includes(text)) {
    if (dev.child.exitCode !== null || Date.now() > deadline) throw new Error(`npm run dev never printed ${JSON.stringify(text)}${outputOf(dev)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Ctrl-C; exits 0, or the failure shows what it printed. */
async function expectCleanStop(dev: HelperProcess) {
  expect(await interrupt(dev), `Ctrl-C: exit code${outputOf(dev)}`).toBe(0);
}

const { devServerStart, stop, firstCompile, browserLaunch } = BUDGET_MS;

describe("npm run dev with no DATABASE_URL", { timeout: budgetFor(devServerStart, firstCompile, stop, devServerStart, stop) }, () => {
  it("serves / and a database-backed /api/health, says each phase, compiles / and /sign-in ahead, stops cleanly on Ctrl-C, and keeps the data for the next start; backfills find the new database empty", async () => {
    scratch = await mkdtemp(path.join(os.tmpdir(), "dev-runner-test-"));
    const dataDir = path.join(scratch, "pg");
    const port = await freePort();
    const backfill = path.join(checkout.root, "prisma", "backfills", "20261207000000_names_from_emails.ts");
    await writeFile(backfill, `export default { table: "User", keyset: ["id"], set: { name: "email" } };\n`);
    // The test's backfill first, then the project's own (prisma/backfills): every one runs on the new database.
    const backfillNames = listBackfills(path.dirname(backfill)).map((file) => file.name);

    const dev = startDev(dataDir, port);
    await waitForStart(`http://127.0.0.1:${port}/api/health`, dev);
    expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(200);
    const databaseUrl = /Embedded PostgreSQL started: (\S+)/.exec(dev.output())?.[1];
    expect(databaseUrl).toBeDefined();
    // `next dev` starts once the migrations are applied, while the backfills and the seed run.
    await waitForOutput(dev, "▲ Demo data seeded", firstCompile);
    await waitForOutput(dev, "▲ Compiled ahead of the first visit: /, /sign-in", firstCompile);
    const lineOf = (text: string) => dev.output().indexOf(text);
    expect(lineOf("▲ Embedded PostgreSQL started")).toBeLessThan(lineOf("▲ Migrations applied — "));
    expect(lineOf("▲ Migrations applied — ")).toBeLessThan(lineOf("Ready in"));
    expect(lineOf("▲ db:backfill: finished")).toBeLessThan(lineOf("▲ Demo data seeded — "));

    await expectCleanStop(dev);
    expect(existsSync(path.join(clusterDir(dataDir), "postmaster.pid"))).toBe(false); // shut down, not killed
    await expect(fetch(`http://127.0.0.1:${port}/api/health`)).rejects.toThrow();

    const again = startDev(dataDir, port);
    await waitForStart(`http://127.0.0.1:${port}/api/health`, again);
    const url = /Embedded PostgreSQL started: (\S+)/.exec(again.output())![1]!;
    const client = new pg.Client(url);
    await client.connect();
    const { rows } = await client.query(`SELECT count(*)::int AS users FROM "User"`);
    // Ran before the first seed, on an empty table: finished without changing a row, and never again.
    const { rows: backfills } = await client.query(`SELECT name, rows_done::int, finished_at IS NOT NULL AS finished FROM "_backfills" ORDER BY name`);
    await client.end();
    await rm(backfill);
    expect(rows).toEqual([{ users: 2 }]); // the seed (demo@ and teammate@) ran twice, the data was kept, nothing duplicated
    expect(backfillNames[0]).toBe("20261207000000_names_from_emails");
    expect(backfills).toEqual(backfillNames.map((name) => ({ name, rows_done: 0, finished: true })));
    // The project's own backfills are required by contract migrations this new database already has: not needed.
    const [own, ...project] = backfillNames;
    const notNeeded = project.map((name) => `${name} \\(\\S+ is already applied\\)`).join(", ");
    expect(dev.output()).toMatch(
      new RegExp(`▲ db:backfill: finished ${own} \\(0 rows\\); not needed: ${notNeeded}\\. All ${backfillNames.length} backfills are finished\\.`),
    );
    expect(again.output()).not.toContain("db:backfill");
    await expectCleanStop(again);
  });
});

describe("npm run dev whose seed fails", { timeout: budgetFor(devServerStart, stop) }, () => {
  it("stops next dev and the database, and exits 1 with the seed's error", async () => {
    const scratchDir = await mkdtemp(path.join(os.tmpdir(), "dev-runner-seed-"));
    const dataDir = path.join(scratchDir, "pg");
    const seedFile = path.join(checkout.root, "prisma", "seed.ts");
    const seed = await readFile(seedFile, "utf8");
    await writeFile(seedFile, `throw new Error("the demo data is broken");\n`);
    try {
      const dev = startDev(dataDir, await freePort());
      const code = await new Promise<number | null>((resolve) => dev.child.once("exit", resolve));
      expect(code, outputOf(dev)).toBe(1);
      expect(dev.output()).toContain("the demo data is broken");
      expect(dev.output()).toContain("tsx prisma/seed.ts failed (exit 1)");
      expect(dev.output()).not.toContain("▲ Demo data seeded");
      expect(existsSync(path.join(clusterDir(dataDir), "postmaster.pid"))).toBe(false);
    } finally {
      await writeFile(seedFile, seed);
      await rm(scratchDir, { recursive: true, force: true });
      await rm(relocatedDataDir(dataDir), { recursive: true, force: true });
    }
  });
});

// The browser flow visits six pages and three server actions, each compiled on its first request,
// and a page again once the navigation changed.
describe("npm run dev with DATABASE_URL set", { timeout: budgetFor(devServerStart, browserLaunch, 10 * firstCompile, stop) }, () => {
  it("uses that database and starts no embedded one; a new user signs in with the printed link, writes a post, creates an API key that never reaches the log and calls the API; a navigation entry added meanwhile shows without a hydration error", async () => {
    const dataDir = path.join(await mkdtemp(path.join(os.tmpdir(), "dev-runner-url-")), "pg");
    const port = await freePort();
    const dev = startDev(dataDir, port, process.env.DATABASE_URL);
    await waitForStart(`http://127.0.0.1:${port}/api/health`, dev);
    expect(dev.output()).toContain("Using DATABASE_URL");
    expect(dev.output()).not.toContain("Embedded PostgreSQL");
    expect(existsSync(dataDir)).toBe(false);

    // A new user's first minutes, as the README tells them: the sign-in link from /dev/magic-links,
    // then a post and an API key. Next.js's route handlers, pages and server actions each evaluate
    // lib/db.ts in `next dev`: they must share one client, not close each other's pool.
    const email = `first-${Date.now()}@example.com`;
    let key = "";
    const browser = await explainedBy(dev, () =>
      chromium.launch({ timeout: browserLaunch, ...(existsSync("/usr/bin/chromium") && { executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] }) }),
    );
    await explainedBy(dev, async () => {
      // localhost, as NEXTAUTH_URL says (scripts/dev.ts): sign-in checks the origin.
      const context = await browser.newContext({ baseURL: `http://localhost:${port}` });
      // `next dev` compiles each page and action on its first request: every step may wait for that.
      context.setDefaultTimeout(firstCompile);
      const page = await context.newPage();
      await page.goto("/sign-in");
      await page.getByLabel("Email address").fill(email);
      await page.getByRole("button", { name: "Email me a sign-in link" }).click();
      await page.waitForURL(/\/check-email/);
      await page.goto("/dev/magic-links");
      await page
        .locator(`a[href*="${encodeURIComponent(email)}"]`)
        .first()
        .click();
      await page.waitForURL(/\/dashboard\/[a-z0-9-]+$/);
      await page.goto("/dashboard/posts");
      await page.getByLabel("Title", { exact: true }).fill("First post");
      await page.getByRole("button", { name: "Create post" }).click();
      await page.getByText("Created “First post”.").waitFor();
      // A key, then a second submission: useActionState sent the first one's state, the full key,
      // back with it, and `next dev` logged the action's arguments. On Pro, so the plan leaves room
      // for the second (on Free the form is disabled once the one key exists).
      await withAdmin(process.env.DATABASE_URL!, (client) =>
        client.query(
          `UPDATE "Subscription" SET "plan" = 'pro'
           WHERE "organizationId" = (SELECT o."id" FROM "Organization" o JOIN "User" u ON u."id" = o."personalOwnerId" WHERE u."email" = $1)`,
          [email],
        ),
      );
      await page.goto("/dashboard/api-keys");
      await page.getByLabel("Name", { exact: true }).fill("First key");
      await page.getByRole("button", { name: "Create key" }).click();
      await page.getByText("Your new key “First key” is ready.").waitFor();
      key = (await page.getByTestId("new-api-key").textContent())!;
      await page.getByLabel("Name", { exact: true }).fill("Second key");
      await page.getByRole("button", { name: "Create key" }).click();
      await page.getByText("Your new key “Second key” is ready.").waitFor();

      // What `npm run new:feature -- Widget …` does to the navigation (its own edit), while the server
      // runs and the page is open: the next page shows the entry, and React reports no hydration error.
      const navFile = path.join(checkout.root, NAV);
      const nav = await readFile(navFile, "utf8");
      const errors: string[] = [];
      page.on("console", (message) => void (message.type() === "error" && errors.push(message.text())));
      page.on("pageerror", (error) => errors.push(error.message));
      try {
        await writeFile(navFile, addNavItem(nav, parseFeature(["Widget", "name:string"])));
        await page.goto("/dashboard/posts");
        await page.getByRole("navigation", { name: "Dashboard" }).getByRole("link", { name: "Widgets" }).waitFor();
        expect(errors.filter((error) => /hydrat/i.test(error))).toEqual([]);
      } finally {
        await writeFile(navFile, nav);
      }
    }).finally(() => browser.close());
    const me = await fetch(`http://127.0.0.1:${port}/api/v1/me`, { headers: { authorization: `Bearer ${key}` } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ email });
    // The README's promise: keys are never logged, in development either.
    expect(key).toMatch(/^acme_sk_/);
    expect(dev.output()).toContain("createApiKeyAction("); // next dev logged both submissions…
    expect(dev.output()).not.toContain(key.slice("acme_sk_".length)); // …and never the key
    expect(dev.output()).not.toContain("Cannot use a pool");
    await expectCleanStop(dev);
    await rm(path.dirname(dataDir), { recursive: true, force: true });
  });
});

/** The command lines of the processes holding a TCP connection to `port` on this machine (Linux: `ss`, /proc). */
function processesConnectedTo(port: number) {
  const lines = execFileSync("ss", ["-tnpH", "state", "established", "dst", `127.0.0.1:${port}`], { encoding: "utf8" });
  const pids = new Set([...lines.matchAll(/pid=(\d+)/g)].map((match) => match[1]!));
  return [...pids].map((pid) => readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " "));
}

describe("npm run dev -- --accelerate", { timeout: budgetFor(devServerStart, stop) }, () => {
  it("runs the app on a local Accelerate endpoint in front of the embedded PostgreSQL, and stops both on Ctrl-C", async () => {
    const scratchDir = await mkdtemp(path.join(os.tmpdir(), "dev-runner-accelerate-"));
    const dataDir = path.join(scratchDir, "pg");
    const port = await freePort();
    const dev = startDev(dataDir, port, undefined, ["--accelerate"]);
    await waitForStart(`http://127.0.0.1:${port}/api/health`, dev);

    const databaseUrl = /Embedded PostgreSQL started: (\S+)/.exec(dev.output())![1]!;
    const accelerateUrl = /Local Accelerate endpoint: DATABASE_URL=(\S+)/.exec(dev.output())?.[1];
    expect(accelerateUrl).toMatch(/^prisma\+postgres:\/\/127\.0\.0\.1:\d+\/\?api_key=\w+$/);
    // The app reached the database only through the endpoint: the one process connected to
    // PostgreSQL is the endpoint's (scripts/dev.ts itself), never Next.js.
    const connected = processesConnectedTo(Number(new URL(databaseUrl).port));
    expect(connected).toEqual([expect.stringContaining("scripts/dev.ts")]);

    await expectCleanStop(dev);
    await expect(fetch(`http://127.0.0.1:${new URL(accelerateUrl!).port}/health`)).rejects.toThrow();
    expect(existsSync(path.join(clusterDir(dataDir), "postmaster.pid"))).toBe(false);
    await rm(scratchDir, { recursive: true, force: true });
    await rm(relocatedDataDir(dataDir), { recursive: true, force: true });
  });

  it("refuses a DATABASE_URL that already is an Accelerate URL, before starting anything", async () => {
    const dev = startDev(path.join(os.tmpdir(), "dev-runner-unused"), await freePort(), "prisma+postgres://accelerate.prisma-data.net/?api_key=k", [
      "--accelerate",
    ]);
    const code = await new Promise<number | null>((resolve) => dev.child.once("exit", resolve));
    expect(code).not.toBe(0);
    expect(dev.output()).toContain("--accelerate needs a postgres:// DATABASE_URL (or none)");
    expect(dev.output()).not.toMatch(/Local Accelerate endpoint|Ready in/);
  });
});

describe("EMBEDDED_POSTGRES_PORT", () => {
  it("refuses a value that is not a port, naming the variable and what to set, before starting anything", async () => {
    const dataDir = path.join(await mkdtemp(path.join(os.tmpdir(), "dev-runner-port-")), "pg");
    const dev = spawnDev(checkout.root, await freePort(), { EMBEDDED_POSTGRES_DIR: dataDir, EMBEDDED_POSTGRES_PORT: "fifty" });
    const code = await new Promise<number | null>((resolve) => dev.child.once("exit", resolve));
    expect(code).not.toBe(0);
    expect(dev.output()).toContain("EMBEDDED_POSTGRES_PORT=fifty is not a port: set it to 0–65535 (0 for any free port), or unset it for 54329.");
    expect(existsSync(dataDir)).toBe(false);
    await rm(path.dirname(dataDir), { recursive: true, force: true });
  });
});

describe("a developer's npm run dev and the tests' at once", { timeout: budgetFor(devServerStart, devServerStart, stop, stop) }, () => {
  it("both serve, each on its own port, build folder and database, and the developer's keeps running", async () => {
    // A copy stands for the developer's checkout, where `npm run dev` runs the way the README says:
    // no DATABASE_URL, the data in .data/postgres (only the port is a free one, not 3000).
    const developer = await copyWorkingTree();
    const tests = await copyWorkingTree(developer.root);
    try {
      const developerPort = await freePort();
      const developerDev = spawnDev(developer.root, developerPort, {});
      await waitForStart(`http://127.0.0.1:${developerPort}/api/health`, developerDev);
      const developerDatabase = /Embedded PostgreSQL (?:started|already running): (\S+)/.exec(developerDev.output())![1]!;
      const developerFiles = async () => ({
        lock: JSON.parse(await readFile(path.join(developer.root, ".next", "dev", "lock"), "utf8")).port,
        nextEnv: await readFile(path.join(developer.root, "next-env.d.ts"), "utf8"),
        tsconfig: await readFile(path.join(developer.root, "tsconfig.json"), "utf8"),
      });
      const before = await developerFiles();
      expect(before.lock).toBe(developerPort);

      // What the tests did before: a second `next dev` in the developer's checkout is refused.
      const second = spawn(path.join(developer.root, "node_modules", ".bin", "next"), ["dev", "--port", String(await freePort())], {
        cwd: developer.root,
        env: { ...process.env, NODE_ENV: "development", DATABASE_URL: developerDatabase },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let secondOutput = "";
      second.stdout.on("data", (chunk) => (secondOutput += chunk));
      second.stderr.on("data", (chunk) => (secondOutput += chunk));
      expect(await new Promise((resolve) => second.once("exit", resolve))).not.toBe(0);
      expect(secondOutput).toContain("Another next dev server is already running");

      // What the tests do now: their own copy of that checkout, free ports, their own database.
      const testsPort = await freePort();
      const testsDev = spawnDev(tests.root, testsPort, { EMBEDDED_POSTGRES_PORT: "0" });
      await waitForStart(`http://127.0.0.1:${testsPort}/api/health`, testsDev);
      expect((await fetch(`http://127.0.0.1:${developerPort}/api/health`)).status).toBe(200);
      const testsDatabase = /Embedded PostgreSQL started: (\S+)/.exec(testsDev.output())![1]!;
      expect(new URL(testsDatabase).port).not.toBe(new URL(developerDatabase).port);
      await expectCleanStop(testsDev);

      expect((await fetch(`http://127.0.0.1:${developerPort}/api/health`)).status).toBe(200);
      expect(await developerFiles()).toEqual(before);
      await expectCleanStop(developerDev);
    } finally {
      await stopRunning();
      await tests.remove();
      await developer.remove();
    }
  });
});

// The start, the first compile of a route and of its change, the stop, and `npm run typecheck` (as long as a compile).
describe("npm run dev after npm run db:migrate", { timeout: budgetFor(devServerStart, firstCompile, firstCompile, stop, firstCompile) }, () => {
  const cleanup = new Cleanup();
  afterAll(() => cleanup.runAll());

  it("serves a new field of the schema without a restart, and typechecks once a route it served is removed", async () => {
    // In a copy of the tree: the test edits the schema, writes a migration and regenerates the client.
    const copy = await copyWorkingTree();
    cleanup.add("copy of the working tree", copy.remove);
    const root = copy.root;
    const probe = path.join(root, "app", "api", "regenerate-probe", "route.ts");
    await mkdir(path.dirname(probe));
    await writeFile(
      probe,
      `import { db } from "@/lib/db";\nexport async function GET() {\n  return Response.json(await db.user.findUniqueOrThrow({ where: { email: "probe@example.com" } }));\n}\n`,
    );
    const databaseUrl = process.env.DIRECT_URL!;
    const client = new pg.Client(databaseUrl);
    await client.connect();
    await client.query(`INSERT INTO "User" (id, email, "updatedAt") VALUES ('probe', 'probe@example.com', now())`);
    await client.end();

    const port = await freePort();
    const dev = spawnDev(root, port, { EMBEDDED_POSTGRES_DIR: path.join(root, ".data", "unused"), EMBEDDED_POSTGRES_PORT: "0", DATABASE_URL: databaseUrl });
    const url = `http://127.0.0.1:${port}/api/regenerate-probe`;
    await waitForStart(url, dev);
    expect(await (await fetch(url)).json()).not.toHaveProperty("nickname");

    const schemaFile = path.join(root, "prisma", "schema.prisma");
    const schema = await readFile(schemaFile, "utf8");
    await writeFile(schemaFile, schema.replace(/(model User \{\n)/, "$1  nickname String?\n"));
    // npm run db:migrate -- --name add_nickname, in the copy.
    const migrate = await runScript(path.join(root, "scripts", "prisma.ts"), ["migrate", "dev", "--name", "add_nickname"], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: databaseUrl, DIRECT_URL: "" },
    });
    expect(migrate.code, migrate.output).toBe(0);

    // The same server (never restarted) answers with the new field once it has reloaded the client.
    const deadline = Date.now() + firstCompile;
    let body: unknown;
    while (Date.now() < deadline) {
      body = await fetch(url).then(
        (response) => (response.ok ? response.json() : undefined),
        () => undefined,
      );
      if (body && typeof body === "object" && "nickname" in body) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(body).toMatchObject({ email: "probe@example.com", nickname: null });
    expect(dev.child.exitCode, `npm run dev stopped${outputOf(dev)}`).toBeNull();
    expect(dev.output().match(/Ready in/g)).toHaveLength(1);

    // The route removed once `next dev` has seen it ("Removing what you don't need"): its types in
    // .next/dev/types name a file that is gone, and `npm run typecheck` still passes.
    await expectCleanStop(dev);
    expect(await readFile(path.join(root, ".next", "dev", "types", "validator.ts"), "utf8")).toContain("app/api/regenerate-probe/route.js");
    await rm(path.dirname(probe), { recursive: true });
    const typecheck = await promisify(execFile)("npm", ["run", "typecheck"], { cwd: root, encoding: "utf8" }).then(
      () => ({ code: 0, output: "" }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, output: error.stdout + error.stderr }),
    );
    expect(typecheck.code, typecheck.output).toBe(0);
  });
});
