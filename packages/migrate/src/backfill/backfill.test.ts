// Backfills run by @starter/migrate's runner on real databases (copies of the migrated template,
// which has the `_backfills` table): batches, resumption, one runner at a time, timeouts, throttling,
// edited files, fresh databases and bad input. The command line (a killed run): scripts/db-backfill.test.ts.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { createDatabase, dropDatabase, uniqueDatabaseName, withAdmin } from "@/test/support/database";
import { createPrismaProject } from "@/test/support/prisma-cli";
import { BackfillRefusal } from "./errors.ts";
import { connect } from "./progress.ts";
import { readBackfillSources } from "./files.ts";
import { runBackfills, type BackfillEvent, type BackfillOptions } from "./runner.ts";
import { readBackfillStatus } from "./status.ts";
import { BUDGET_MS, budgetFor } from "@/test/support/budgets";

const { serverUrl, templateName } = inject("testDatabase");
const databases: string[] = [];
const cleanups: (() => Promise<unknown>)[] = [];

afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
  for (const name of databases) await dropDatabase(serverUrl, name);
});

/**
 * A copy of the migrated template with an "Author" table of `rows` rows whose new column is still empty.
 * The template's own backfills (the app's, finished on its empty tables) are forgotten: these tests see
 * only the backfills they write.
 */
async function databaseWithAuthors(rows: number) {
  const name = uniqueDatabaseName();
  databases.push(name);
  const url = await createDatabase(serverUrl, name, templateName);
  await withAdmin(url, async (client) => {
    await client.query(`DELETE FROM "_backfills"`);
    await client.query(
      `CREATE TABLE "Author" ("id" SERIAL PRIMARY KEY, "email" TEXT NOT NULL, "name" TEXT, "displayName" TEXT, "touched" INTEGER NOT NULL DEFAULT 0)`,
    );
    await client.query(
      `INSERT INTO "Author" ("email", "name") SELECT 'a' || i || '@example.com', CASE WHEN i % 10 = 0 THEN NULL ELSE 'Author ' || i END FROM generate_series(1, $1) i`,
      [rows],
    );
  });
  return url;
}

/** A project folder (its backfills and migrations), with the repository's node_modules so backfills import `@starter/migrate`. */
async function project() {
  const created = await createPrismaProject("model Placeholder {\n  id Int @id\n}");
  cleanups.push(created.remove);
  const backfillsDir = path.join(created.dir, "backfills");
  await mkdir(backfillsDir);
  return {
    ...created,
    backfillsDir,
    migrationsDir: path.join(created.dir, "migrations"),
    async writeBackfill(name: string, source: string) {
      await writeFile(path.join(backfillsDir, `${name}.ts`), source);
    },
  };
}

type Project = Awaited<ReturnType<typeof project>>;

const COPY_DISPLAY_NAME = (options = "") => `import { defineBackfill } from "@starter/migrate";
export default defineBackfill({ table: "Author", keyset: ["id"], set: { displayName: "name" }, batchSize: 1000${options} });
`;

function run(p: Project, url: string, options: Partial<BackfillOptions> = {}) {
  const events: BackfillEvent[] = [];
  const onEvent = (event: BackfillEvent) => {
    events.push(event);
    options.onEvent?.(event);
  };
  const result = runBackfills({ backfillsDir: p.backfillsDir, migrationsDir: p.migrationsDir, url, ...options, onEvent });
  return result.then((value) => ({ ...value, events }));
}

async function query<T extends Record<string, unknown>>(url: string, sql: string, params: unknown[] = []) {
  return withAdmin(url, async (client) => (await client.query<T>(sql, params)).rows);
}

const progressRow = async (url: string, name: string) => (await query(url, `SELECT * FROM "_backfills" WHERE name = $1`, [name]))[0];
const authorsLeft = async (url: string) =>
  Number((await query<{ n: string }>(url, `SELECT count(*) AS n FROM "Author" WHERE "displayName" IS NULL AND "name" IS NOT NULL`))[0]!.n);

/** A session kept open for the test. */
async function session(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  client.on("error", () => {});
  cleanups.push(() => client.end().catch(() => {}));
  return client;
}

describe("db:backfill's runner", { timeout: budgetFor(BUDGET_MS.databaseWork) }, () => {
  it("copies the old column into the new one batch by batch, each committed with its cursor, and a second run does nothing", async () => {
    const url = await databaseWithAuthors(2_500);
    const p = await project();
    await p.writeBackfill("20261207000000_copy_display_name", COPY_DISPLAY_NAME());

    const first = await run(p, url);
    expect(first.exitCode, first.summary).toBe(0);
    // Every tenth author has no name: nothing to copy there.
    expect(first.backfills).toMatchObject([{ name: "20261207000000_copy_display_name", state: "finished", rows: 2_250 }]);
    expect(first.events.filter((event) => event.type === "batch")).toHaveLength(3);
    expect(await authorsLeft(url)).toBe(0);
    expect(await progressRow(url, "20261207000000_copy_display_name")).toMatchObject({
      cursor: ["2500"],
      rows_done: "2250",
      rows_walked: "2500",
      finished_at: expect.any(Date),
      last_error: null,
    });

    const again = await run(p, url);
    expect(again.exitCode).toBe(0);
    expect(again.backfills).toMatchObject([{ state: "finished", alreadyFinished: true, rows: 2_250, edited: false }]);
    expect(again.events.filter((event) => event.type === "batch")).toEqual([]);
  });

  it("never overwrites a value the running app wrote into the new column", async () => {
    const url = await databaseWithAuthors(100);
    await query(url, `UPDATE "Author" SET "displayName" = 'chosen by the user' WHERE id = 7`);
    const p = await project();
    await p.writeBackfill("20261207000000_copy_display_name", COPY_DISPLAY_NAME());
    expect((await run(p, url)).exitCode).toBe(0);
    expect(await query(url, `SELECT "displayName" FROM "Author" WHERE id IN (7, 8) ORDER BY id`)).toEqual([
      { displayName: "chosen by the user" },
      { displayName: "Author 8" },
    ]);
  });

  it("runs a custom batch function on exactly its key range, on a composite keyset, with the timeouts set in its transaction", async () => {
    const url = await databaseWithAuthors(0);
    await query(url, `CREATE TABLE "Seat" ("org" TEXT NOT NULL, "member" INTEGER NOT NULL, "role" TEXT, PRIMARY KEY ("org", "member"))`);
    await query(url, `INSERT INTO "Seat" SELECT 'org' || (i % 7), i, NULL FROM generate_series(1, 500) i`);
    await query(url, `CREATE TABLE "batch_log" ("after" JSONB, "through" JSONB, "lock_timeout" TEXT, "statement_timeout" TEXT)`);
    const p = await project();
    await p.writeBackfill(
      "20261207000000_default_roles",
      `import { defineBackfill } from "@starter/migrate";
export default defineBackfill({
  table: "Seat",
  keyset: ["org", "member"],
  batchSize: 64,
  lockTimeout: "1500ms",
  pending: '"role" IS NULL',
  async batch(tx, range) {
    await tx.query(
      \`INSERT INTO "batch_log" VALUES ($1, $2, current_setting('lock_timeout'), current_setting('statement_timeout'))\`,
      [JSON.stringify(range.after), JSON.stringify(range.through)],
    );
    const { rowCount } = await tx.query(\`UPDATE "Seat" SET "role" = 'member' WHERE \${range.where} AND "role" IS NULL\`, range.params);
    return rowCount ?? 0;
  },
});
`,
    );
    expect(await run(p, url, { dryRun: true })).toMatchObject({ exitCode: 0, backfills: [{ state: "dry-run", rows: 500 }] });
    expect(await query(url, `SELECT count(*)::int AS n FROM "batch_log"`)).toEqual([{ n: 0 }]);

    const result = await run(p, url);
    expect(result.backfills).toMatchObject([{ state: "finished", rows: 500 }]);
    const log = await query<{ after: string[] | null; through: string[]; lock_timeout: string; statement_timeout: string }>(url, `SELECT * FROM "batch_log"`);
    expect(log).toHaveLength(Math.ceil(500 / 64));
    expect(new Set(log.map((batch) => `${batch.lock_timeout} ${batch.statement_timeout}`))).toEqual(new Set(["1500ms 30s"]));
    // Each batch starts where the one before ended.
    expect(log[0]!.after).toBeNull();
    for (let i = 1; i < log.length; i++) expect(log[i]!.after).toEqual(log[i - 1]!.through);
    expect(await query(url, `SELECT count(*)::int AS n FROM "Seat" WHERE "role" IS NULL`)).toEqual([{ n: 0 }]);
  });

  it("lets two runners started at once never run the same backfill together: the second waits, then finds it finished", async () => {
    const url = await databaseWithAuthors(3_000);
    await query(url, `CREATE TABLE "batch_log" ("runner" TEXT, "through" JSONB, "at" TIMESTAMPTZ DEFAULT clock_timestamp())`);
    const p = await project();
    await p.writeBackfill(
      "20261207000000_slow_copy",
      `import { defineBackfill } from "@starter/migrate";
export default defineBackfill({
  table: "Author",
  keyset: ["id"],
  batchSize: 300,
  async batch(tx, range) {
    await tx.query(\`INSERT INTO "batch_log" ("runner", "through") VALUES (current_setting('application_name') || pg_backend_pid(), $1)\`, [JSON.stringify(range.through)]);
    await tx.query("SELECT pg_sleep(0.02)");
    const { rowCount } = await tx.query(\`UPDATE "Author" SET "touched" = "touched" + 1 WHERE \${range.where}\`, range.params);
    return rowCount ?? 0;
  },
});
`,
    );
    const [a, b] = await Promise.all([run(p, url), run(p, url)]);
    expect([a.exitCode, b.exitCode]).toEqual([0, 0]);
    // One ran every batch; the other waited for its lock and found the backfill finished.
    const waited = [a, b].filter((result) => result.events.some((event) => event.type === "waiting"));
    expect(waited).toHaveLength(1);
    expect(waited[0]!.backfills).toMatchObject([{ state: "finished", alreadyFinished: true }]);
    expect(await query(url, `SELECT count(DISTINCT "runner")::int AS runners, count(*)::int AS batches FROM "batch_log"`)).toEqual([
      { runners: 1, batches: 10 },
    ]);
    // Every row changed exactly once.
    expect(await query(url, `SELECT "touched", count(*)::int AS n FROM "Author" GROUP BY 1`)).toEqual([{ touched: 1, n: 3_000 }]);
  });

  it("retries a batch that hit lock_timeout behind a long transaction, with back-off, then stops naming the batch and PostgreSQL's message", async () => {
    const url = await databaseWithAuthors(50);
    const p = await project();
    await p.writeBackfill("20261207000000_copy_display_name", COPY_DISPLAY_NAME(`, batchSize: 20, lockTimeout: "100ms", retries: 2, busyLockWaitMs: 60_000`));
    // A long transaction holds row 25, in the second batch.
    const blocker = await session(url);
    await blocker.query("BEGIN");
    await blocker.query(`UPDATE "Author" SET "email" = "email" WHERE id = 25`);

    const failed = await run(p, url);
    expect(failed.exitCode).toBe(1);
    expect(failed.events.filter((event) => event.type === "retry").map((event) => event.type === "retry" && event.delayMs)).toEqual([500, 1_000]);
    expect(failed.backfills).toMatchObject([{ state: "failed", rows: 18 }]);
    expect(failed.summary).toMatch(
      /^db:backfill: 20261207000000_copy_display_name failed: the batch after id = 20 failed 3 times: canceling statement due to lock timeout \(lock_timeout 100ms/,
    );
    // The first batch stays done; the error is recorded; the blocked batch left nothing behind.
    expect(await progressRow(url, "20261207000000_copy_display_name")).toMatchObject({
      cursor: ["20"],
      rows_done: "18",
      finished_at: null,
      last_error: expect.stringMatching(/lock timeout/),
    });
    expect(await query(url, `SELECT count(*)::int AS n FROM "Author" WHERE id > 20 AND "displayName" IS NOT NULL`)).toEqual([{ n: 0 }]);

    // The long transaction ends during the back-off: the retry gets through, and the run resumes from the cursor.
    const resumed = run(p, url);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await blocker.query("COMMIT");
    const done = await resumed;
    expect(done.exitCode, done.summary).toBe(0);
    expect(done.backfills).toMatchObject([{ state: "finished", rows: 45 }]);
    expect(await authorsLeft(url)).toBe(0);
  });

  it("pauses while another session of the database has waited for a lock longer than busyLockWaitMs", async () => {
    const url = await databaseWithAuthors(30);
    await query(url, `CREATE TABLE "Other" ("id" INTEGER PRIMARY KEY)`);
    const p = await project();
    await p.writeBackfill("20261207000000_copy_display_name", COPY_DISPLAY_NAME(`, busyLockWaitMs: 100`));
    const holder = await session(url);
    await holder.query(`BEGIN; LOCK TABLE "Other" IN ACCESS EXCLUSIVE MODE`);
    const waiter = await session(url);
    const waiting = waiter.query(`SELECT * FROM "Other"`).catch(() => {});
    await new Promise((resolve) => setTimeout(resolve, 300));

    // The lock is released once the backfill has paused for it: it would wait forever otherwise.
    const result = await run(p, url, { onEvent: (event) => void (event.type === "busy" && holder.query("COMMIT")) });
    await waiting;
    expect(result.exitCode).toBe(0);
    expect(result.events.find((event) => event.type === "busy")).toMatchObject({ pauseMs: 1_000, lockWaitMs: expect.any(Number) });
    expect(await authorsLeft(url)).toBe(0);
  });

  it("throttles to rowsPerSecond", async () => {
    const url = await databaseWithAuthors(300);
    const p = await project();
    await p.writeBackfill("20261207000000_copy_display_name", COPY_DISPLAY_NAME(`, batchSize: 100, rowsPerSecond: 200`));
    const started = performance.now();
    expect((await run(p, url)).exitCode).toBe(0);
    // 300 rows at 200 rows/s: the third batch may start only after a second.
    expect(performance.now() - started).toBeGreaterThanOrEqual(1_000);
  });

  it("reports a finished backfill whose file was edited, and does not run it again", async () => {
    const url = await databaseWithAuthors(10);
    const p = await project();
    await p.writeBackfill("20261207000000_copy_display_name", COPY_DISPLAY_NAME());
    expect((await run(p, url)).exitCode).toBe(0);
    await p.writeBackfill("20261207000000_copy_display_name", COPY_DISPLAY_NAME(`, batchSize: 50`));

    const again = await run(p, url);
    expect(again.exitCode).toBe(0);
    expect(again.events).toContainEqual({ type: "edited", name: "20261207000000_copy_display_name", finished: true });
    expect(again.backfills).toMatchObject([{ state: "finished", alreadyFinished: true, edited: true }]);
    const client = await connect(url, "test");
    cleanups.push(() => client.end());
    const status = await readBackfillStatus(client, { sources: await readBackfillSources(p.backfillsDir), migrationsDir: p.migrationsDir, url });
    expect(status.backfills).toMatchObject([{ state: "finished", edited: true }]);
  });

  it("on a fresh database finds nothing to do and marks the backfill finished; one whose contract migration is already applied is not needed", async () => {
    const url = await databaseWithAuthors(0);
    const p = await project();
    await p.writeBackfill("20261207000000_copy_display_name", COPY_DISPLAY_NAME());
    // A database built from the whole history: the contract migration dropped "name" before any backfill ran.
    await p.writeBackfill("20261207000001_copy_legacy", `export default { table: "Author", keyset: ["id"], set: { email: "legacy" } };\n`);
    await p.writeMigration("20261207000002_drop_legacy", "-- db-check:phase contract\n-- db-check:requires-backfill 20261207000001_copy_legacy\nSELECT 1;\n");
    await query(
      url,
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count) VALUES ('x', 'x', '20261207000002_drop_legacy', now(), now(), 1)`,
    );

    const result = await run(p, url);
    expect(result.exitCode, result.summary).toBe(0);
    expect(result.backfills).toMatchObject([
      { name: "20261207000000_copy_display_name", state: "finished", rows: 0 },
      { name: "20261207000001_copy_legacy", state: "not-needed", error: "20261207000002_drop_legacy is already applied" },
    ]);
    expect(await query(url, `SELECT name, finished_at IS NOT NULL AS finished FROM "_backfills" ORDER BY name`)).toEqual([
      { name: "20261207000000_copy_display_name", finished: true },
      { name: "20261207000001_copy_legacy", finished: true },
    ]);
  });

  it("reports an unfinished backfill's rows, rate and ETA, and the contract migrations waiting for it", async () => {
    const url = await databaseWithAuthors(100);
    const p = await project();
    await p.writeBackfill("20261207000000_copy_display_name", COPY_DISPLAY_NAME(`, batchSize: 40`));
    await p.writeMigration(
      "20261207000001_drop_name",
      "-- db-check:phase contract\n-- db-check:requires-backfill 20261207000000_copy_display_name\nSELECT 1;\n",
    );
    const stop = new AbortController();
    const stopped = await run(p, url, { onEvent: (event) => event.type === "batch" && stop.abort(), signal: stop.signal });
    expect(stopped.exitCode).toBe(1);
    expect(stopped.backfills).toMatchObject([{ state: "stopped", rows: 36 }]);

    const client = await connect(url, "test");
    cleanups.push(() => client.end());
    const status = await readBackfillStatus(client, { sources: await readBackfillSources(p.backfillsDir), migrationsDir: p.migrationsDir, url });
    expect(status).toMatchObject({
      tracked: true,
      backfills: [{ state: "unfinished", rowsDone: 36, rowsWalked: 40, requiredBy: ["20261207000001_drop_name"], edited: false }],
    });
    const [backfill] = status.backfills;
    expect(backfill!.rowsPerSecond).toBeGreaterThan(0);
    expect(backfill!.etaSeconds).toBeGreaterThanOrEqual(0);
  });

  describe("refuses bad input before changing anything", () => {
    it.each([
      [
        "a file that does not load",
        `export default defineBackfill({ table: "Author" keyset: ["id"] });`,
        /20261207000000_bad\.ts does not load: .*Fix the file/,
      ],
      ["no keyset", `export default { table: "Author", set: { displayName: "name" } };`, /it declares no keyset: add keyset: \["id"\]/],
      [
        "a keyset that is not unique",
        `export default { table: "Author", keyset: ["email"], set: { displayName: "name" } };`,
        /keyset \("email"\) is not a unique index of "Author"/,
      ],
      ["a table that does not exist", `export default { table: "Writer", keyset: ["id"], set: { displayName: "name" } };`, /table "Writer" does not exist/],
      ["neither set nor batch", `export default { table: "Author", keyset: ["id"] };`, /exactly one of set/],
    ])("%s", async (_, source, message) => {
      const url = await databaseWithAuthors(10);
      const p = await project();
      await p.writeBackfill("20261207000000_a_good_one", COPY_DISPLAY_NAME());
      await p.writeBackfill("20261207000000_bad", source);
      const refusal = await run(p, url).catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(BackfillRefusal);
      expect((refusal as Error).message).toMatch(message);
      // The good backfill sorted before it did not run either.
      expect(await query(url, `SELECT count(*)::int AS n FROM "_backfills"`)).toEqual([{ n: 0 }]);
      expect(await authorsLeft(url)).toBe(9);
    });

    it("an unknown --only, listing the backfills there are", async () => {
      const p = await project();
      await p.writeBackfill("20261207000000_copy_display_name", COPY_DISPLAY_NAME());
      await expect(readBackfillSources(p.backfillsDir, "copy_names")).rejects.toThrow(
        /^--only copy_names: no such backfill in .* \(there are: 20261207000000_copy_display_name\)\. Give a file name without "\.ts"\.$/,
      );
      expect((await readBackfillSources(p.backfillsDir, "copy_display_name")).map((s) => s.name)).toEqual(["20261207000000_copy_display_name"]);
    });

    it("a database blocked by a failed migration", async () => {
      const url = await databaseWithAuthors(10);
      await query(
        url,
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count, logs) VALUES ('y', 'y', '20261207000009_broken', now(), 0, 'ERROR: boom')`,
      );
      const p = await project();
      await p.writeBackfill("20261207000000_copy_display_name", COPY_DISPLAY_NAME());
      await expect(run(p, url)).rejects.toThrow(
        /^migration 20261207000009_broken failed earlier and blocks every deploy \(P3009\): ERROR: boom\. Nothing was run\. .*migrate resolve/,
      );
      expect(await authorsLeft(url)).toBe(9);
    });

    it("a database without the progress table (its migration not applied)", async () => {
      const name = uniqueDatabaseName();
      databases.push(name);
      const url = await createDatabase(serverUrl, name);
      const p = await project();
      await expect(run(p, url)).rejects.toThrow(/has no _backfills table.*Run npm run db:deploy first; nothing was run\.$/);
    });
  });
});
