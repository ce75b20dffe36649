// db:doctor on real databases: each finding comes from the situation it diagnoses, made for real.
import { createHash } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDatabase, dropDatabase, uniqueDatabaseName, withAdmin } from "@/test/support/database";
import { createPrismaProject, schemaEngine } from "@/test/support/prisma-cli";
import { checkConnections } from "./server.ts";
import { formatReport, needsAction, runDoctor, type Finding } from "./index.ts";
import { PROGRESS_TABLE_SQL } from "../backfill/progress.ts";
import { migrationUrlKind } from "@/lib/migrations/datasource";
import { BUDGET_MS, budgetFor } from "@/test/support/budgets";

const { serverUrl } = inject("testDatabase");
const databases: string[] = [];
const cleanups: (() => Promise<unknown>)[] = [];

const INIT = `CREATE TABLE "Author" ("id" SERIAL NOT NULL, "name" TEXT, CONSTRAINT "Author_pkey" PRIMARY KEY ("id"));\n`;
const MODELS = "model Author {\n  id Int @id @default(autoincrement())\n  name String?\n}";
const LOCK_TIMEOUT = "options=-c%20lock_timeout%3D5s";

/** A database with 1_init applied by the real `prisma migrate deploy`, copied for each test. */
let template: string;

beforeAll(async () => {
  template = uniqueDatabaseName("doctor_template");
  databases.push(template);
  const url = await createDatabase(serverUrl, template);
  const { run } = await project({ "1_init": INIT });
  const deployed = await run(["migrate", "deploy"], url);
  expect(deployed.code, deployed.output).toBe(0);
}, budgetFor(BUDGET_MS.command));

afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
  for (const name of databases) await dropDatabase(serverUrl, name);
});

async function project(migrations: Record<string, string>) {
  const created = await createPrismaProject(MODELS);
  cleanups.push(created.remove);
  for (const [name, sql] of Object.entries(migrations)) await created.writeMigration(name, sql);
  await writeFile(path.join(created.dir, "migrations", "migration_lock.toml"), 'provider = "postgresql"\n');
  return created;
}

async function copyOfTemplate() {
  const name = uniqueDatabaseName();
  databases.push(name);
  return createDatabase(serverUrl, name, template);
}

/** A session that stays open for the test (ended afterwards). */
async function session(url: string, applicationName: string) {
  const client = new pg.Client({ connectionString: url, application_name: applicationName });
  await client.connect();
  client.on("error", () => {});
  cleanups.push(() => client.end().catch(() => {}));
  const { rows } = await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
  return { client, pid: rows[0]!.pid };
}

async function doctor(dir: string, url: string, env: Record<string, string> = {}, longTransactionSeconds?: number, development?: boolean) {
  const fullEnv = { ...process.env, DATABASE_URL: url, DIRECT_URL: "", PRISMA_SCHEMA_ENGINE_BINARY: schemaEngine, CHECKPOINT_DISABLE: "1", ...env };
  return runDoctor({
    migrationsDir: path.join(dir, "migrations"),
    url: fullEnv.DIRECT_URL || url,
    variable: fullEnv.DIRECT_URL ? "DIRECT_URL" : "DATABASE_URL",
    env: fullEnv,
    urlKind: migrationUrlKind,
    longTransactionSeconds,
    development,
  });
}

const ids = (findings: Finding[]) => findings.map((finding) => finding.id);
const find = (findings: Finding[], id: string) => findings.find((finding) => finding.id === id)!;

describe("db:doctor", { timeout: budgetFor(BUDGET_MS.command) }, () => {
  it("reports nothing on a healthy database whose migration connection has a lock_timeout", async () => {
    const { dir } = await project({ "1_init": INIT });
    const report = await doctor(dir, `${await copyOfTemplate()}?${LOCK_TIMEOUT}`);
    expect(report.findings).toEqual([]);
    expect(needsAction(report)).toBe(false);
    expect(report.urls).toEqual({ DATABASE_URL: "direct" });
    expect(report.connections.byApplication).toContainEqual({ applicationName: "db:doctor", count: expect.any(Number) });
    expect(formatReport(report)).toMatch(/Nothing to act on \(\d+ ms\)\.\n$/);
  });

  it("advises a lock_timeout when the migration connection has none, without counting it as something to act on", async () => {
    const { dir } = await project({ "1_init": INIT });
    const report = await doctor(dir, await copyOfTemplate());
    expect(report.findings).toEqual([expect.objectContaining({ id: "no-lock-timeout", severity: "advice" })]);
    expect(needsAction(report)).toBe(false);
  });

  it("flags a pooled DATABASE_URL without DIRECT_URL, and a DIRECT_URL that is itself pooled", async () => {
    const { dir } = await project({ "1_init": INIT });
    const url = await copyOfTemplate();
    const pooled = `${url}?pgbouncer=true&${LOCK_TIMEOUT}`;
    const withoutDirect = await doctor(dir, pooled);
    expect(withoutDirect.urls).toEqual({ DATABASE_URL: "pooled" });
    expect(ids(withoutDirect.findings)).toEqual(["direct-url-missing"]);
    const pooledDirect = await doctor(dir, url, { DIRECT_URL: pooled });
    expect(ids(pooledDirect.findings)).toEqual(["direct-url-pooled"]);
  });

  it("lists pending migrations with the command that applies them, and does not call them drift", async () => {
    const { dir } = await project({ "1_init": INIT, "2_add_bio": `ALTER TABLE "Author" ADD COLUMN "bio" TEXT;` });
    const report = await doctor(dir, `${await copyOfTemplate()}?${LOCK_TIMEOUT}`);
    expect(report.findings).toEqual([
      expect.objectContaining({ id: "pending-migrations", title: "1 migration is not applied: 2_add_bio", fix: ["npm run db:deploy"] }),
    ]);
    expect(needsAction(report)).toBe(true);
  });

  it("on the development database, gives a developer's advice: db:migrate for a pending migration, no lock_timeout", async () => {
    const { dir } = await project({ "1_init": INIT, "2_add_bio": `ALTER TABLE "Author" ADD COLUMN "bio" TEXT;` });
    const report = await doctor(dir, await copyOfTemplate(), {}, undefined, true);
    expect(report.findings).toEqual([expect.objectContaining({ id: "pending-migrations", fix: ["npm run db:migrate"] })]);
  });

  it("reports a migration edited after it was applied", async () => {
    const { dir } = await project({ "1_init": `${INIT}-- tidied up later\n` });
    const report = await doctor(dir, `${await copyOfTemplate()}?${LOCK_TIMEOUT}`);
    expect(ids(report.findings)).toEqual(["edited-migration"]);
    expect(find(report.findings, "edited-migration").title).toBe("Migration 1_init was edited after it was applied");
  });

  it("reports unfinished, failed and edited backfills, with the command that resumes each", async () => {
    const { dir, run } = await project({ "1_init": INIT, "2_backfill_progress": PROGRESS_TABLE_SQL });
    const url = await copyOfTemplate();
    expect((await run(["migrate", "deploy"], url)).code).toBe(0);
    await mkdir(path.join(dir, "backfills"));
    const copy = `export default { table: "Author", keyset: ["id"], set: { name: "name" } };\n`;
    for (const name of ["3_not_run", "4_failed", "5_edited", "6_done"]) await writeFile(path.join(dir, "backfills", `${name}.ts`), copy);
    await withAdmin(url, (client) =>
      client.query(
        `INSERT INTO "_backfills" (name, checksum, rows_done, finished_at, last_error) VALUES
           ('4_failed', $1, 40, NULL, 'the batch after id = 40 failed 6 times: canceling statement due to lock timeout'),
           ('5_edited', 'the checksum of an older version', 10, now(), NULL),
           ('6_done', $1, 10, now(), NULL)`,
        [createHash("sha256").update(copy).digest("hex")],
      ),
    );

    const report = await doctor(dir, `${url}?${LOCK_TIMEOUT}`);
    expect(report.findings).toEqual([
      expect.objectContaining({
        check: "backfills",
        id: "unfinished-backfill",
        title: "Backfill 3_not_run has not run on this database",
        fix: ["npm run db:backfill -- --only 3_not_run"],
      }),
      expect.objectContaining({
        id: "failed-backfill",
        title: "Backfill 4_failed failed after 40 rows",
        detail: expect.stringContaining("canceling statement due to lock timeout"),
        fix: ["npm run db:backfill -- --only 4_failed"],
      }),
      expect.objectContaining({ id: "edited-backfill", title: "Backfill 5_edited was edited after it finished" }),
    ]);
    expect(formatReport(report)).toContain("✖ [backfills] Backfill 4_failed failed after 40 rows\n");
  });

  it("reports migrations applied in the database but missing from the folder", async () => {
    const { dir } = await project({});
    const report = await doctor(dir, `${await copyOfTemplate()}?${LOCK_TIMEOUT}`);
    expect(ids(report.findings)).toEqual(["missing-migrations"]);
    expect(find(report.findings, "missing-migrations").title).toBe("Applied in the database but missing from prisma/migrations: 1_init");
  });

  it("shows drift made by hand as the SQL between the migrations and the database", async () => {
    const { dir } = await project({ "1_init": INIT });
    const url = await copyOfTemplate();
    await withAdmin(url, (client) => client.query(`ALTER TABLE "Author" ADD COLUMN "nickname" TEXT`));
    const report = await doctor(dir, `${url}?${LOCK_TIMEOUT}`);
    expect(ids(report.findings)).toEqual(["drift"]);
    expect(find(report.findings, "drift").detail).toMatch(/ALTER TABLE "public"\."Author" ADD COLUMN\s+"nickname" TEXT;/);
    expect(find(report.findings, "drift").fix[0]).toMatch(/^If the database is right/);
    // On the development database, starting over comes first.
    const development = await doctor(dir, url, {}, undefined, true);
    expect(find(development.findings, "drift").fix[0]).toMatch(/^npm run db:reset {3}# the development database from scratch/);
  });

  it("diagnoses a failed concurrent unique index build: the failed migration with PostgreSQL's error and the resolve commands, and the INVALID index with the DROP INDEX CONCURRENTLY that removes it", async () => {
    const migrations = { "1_init": INIT, "2_unique_name": `CREATE UNIQUE INDEX CONCURRENTLY "Author_name_key" ON "Author"("name");\n` };
    const { dir, run } = await project(migrations);
    const url = await copyOfTemplate();
    await withAdmin(url, (client) => client.query(`INSERT INTO "Author" ("name") VALUES ('Ann'), ('Ann')`));
    expect((await run(["migrate", "deploy"], url)).code).not.toBe(0);

    const report = await doctor(dir, `${url}?${LOCK_TIMEOUT}`);
    // The index exists, though INVALID: drift shows what the failed migration left behind.
    expect(ids(report.findings)).toEqual(["failed-migration", "drift", "invalid-index"]);
    expect(find(report.findings, "drift").detail).toContain('"Author_name_key"');
    const failed = find(report.findings, "failed-migration");
    expect(failed.title).toBe("Migration 2_unique_name failed and blocks every deploy (P3009)");
    expect(failed.detail).toContain('could not create unique index "Author_name_key"');
    expect(failed.fix).toContain("npx prisma migrate resolve --rolled-back 2_unique_name");
    expect(failed.fix).toContain("npx prisma migrate resolve --applied 2_unique_name");

    expect(failed.statements).toEqual([{ line: 1, text: 'CREATE UNIQUE INDEX CONCURRENTLY "Author_name_key" ON "Author"("name");', effect: "left INVALID" }]);

    const invalid = find(report.findings, "invalid-index");
    expect(invalid.title).toBe("Index public.Author_name_key on Author is INVALID");
    expect(invalid.fix).toEqual(['DROP INDEX CONCURRENTLY "public"."Author_name_key";']);
    // The prescribed statement works, and the index finding goes away.
    await withAdmin(url, (client) => client.query(invalid.fix[0]!));
    expect(ids((await doctor(dir, `${url}?${LOCK_TIMEOUT}`)).findings)).toEqual(["failed-migration"]);
  });

  it("tells which statements of a failed migration took effect: those committed before the failure are applied, the rest are not, and what the catalog cannot show is said", async () => {
    const partial = [
      `CREATE TABLE "Tag" ("id" SERIAL NOT NULL, CONSTRAINT "Tag_pkey" PRIMARY KEY ("id"));`,
      `ALTER TABLE "Author" ADD COLUMN "bio" TEXT;`,
      `CREATE INDEX "Author_bio_idx" ON "Author"("bio");`,
      `COMMIT;`,
      `CREATE UNIQUE INDEX "Author_name_key" ON "Author"("name");`,
      `ALTER TABLE "Author" ADD COLUMN "nickname" TEXT;`,
      `UPDATE "Author" SET "nickname" = "name";`,
      `DROP TABLE "Tag";`,
    ].join("\n");
    const { dir, run } = await project({ "1_init": INIT, "2_partial": `${partial}\n` });
    const url = await copyOfTemplate();
    await withAdmin(url, (client) => client.query(`INSERT INTO "Author" ("name") VALUES ('Ann'), ('Ann')`));
    const deployed = await run(["migrate", "deploy"], url);
    expect(deployed.code).not.toBe(0);
    expect(deployed.output).toContain('could not create unique index "Author_name_key"');

    const failed = find((await doctor(dir, `${url}?${LOCK_TIMEOUT}`)).findings, "failed-migration");
    expect(failed.statements).toEqual([
      { line: 1, text: expect.stringMatching(/^CREATE TABLE "Tag"/), effect: "applied" },
      { line: 2, text: `ALTER TABLE "Author" ADD COLUMN "bio" TEXT;`, effect: "applied" },
      { line: 3, text: `CREATE INDEX "Author_bio_idx" ON "Author"("bio");`, effect: "applied" },
      { line: 5, text: `CREATE UNIQUE INDEX "Author_name_key" ON "Author"("name");`, effect: "not applied" },
      { line: 6, text: `ALTER TABLE "Author" ADD COLUMN "nickname" TEXT;`, effect: "not applied" },
      { line: 7, text: `UPDATE "Author" SET "nickname" = "name";`, effect: "not checkable" },
      { line: 8, text: `DROP TABLE "Tag";`, effect: "not applied" },
    ]);
    expect(failed.detail).toContain("Part of it took effect (below)");
    expect(failed.detail).toContain(`  line 2: ALTER TABLE "Author" ADD COLUMN "bio" TEXT; — applied`);
  });

  it("names the session holding Prisma's migrate advisory lock, with the statement that ends it", async () => {
    const { dir } = await project({ "1_init": INIT });
    const url = await copyOfTemplate();
    const stuck = await session(url, "stuck deploy");
    await stuck.client.query("SELECT pg_advisory_lock(72707369)");

    const report = await doctor(dir, `${url}?${LOCK_TIMEOUT}`);
    expect(ids(report.findings)).toEqual(["migrate-lock-held"]);
    const held = find(report.findings, "migrate-lock-held");
    expect(held.title).toBe(`Prisma's migrate lock (advisory lock 72707369) is held by pid ${stuck.pid}`);
    expect(held.detail).toContain(`pid ${stuck.pid} (application_name "stuck deploy", client 127.0.0.1, connected since `);
    expect(held.detail).toContain("SELECT pg_advisory_lock(72707369)");
    expect(held.fix).toEqual([`SELECT pg_terminate_backend(${stuck.pid});`]);
  });

  it("shows a DDL statement waiting behind an open transaction, with the blocking chain and the session to end", async () => {
    const { dir } = await project({ "1_init": INIT });
    const url = await copyOfTemplate();
    const report = await session(url, "slow report");
    await report.client.query(`BEGIN; SELECT count(*) FROM "Author";`);
    const migration = await session(url, "migration");
    void migration.client.query(`ALTER TABLE "Author" ADD COLUMN "bio" TEXT`).catch(() => {});
    await waitFor(
      async () =>
        (await withAdmin(url, (c) => c.query("SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"))).rowCount === 1,
    );

    const result = await doctor(dir, `${url}?${LOCK_TIMEOUT}`);
    // Reading the schema for the drift check would queue behind the ALTER too: it gives up instead of hanging.
    expect(ids(result.findings)).toEqual(["drift-not-checked", "blocked-session"]);
    expect(find(result.findings, "drift-not-checked").severity).toBe("advice");
    const blocked = find(result.findings, "blocked-session");
    expect(blocked.title).toMatch(new RegExp(`^pid ${migration.pid} has waited for a lock since .*, blocked by pid ${report.pid}$`));
    expect(blocked.detail).toMatch(
      new RegExp(
        `^pid ${migration.pid} \\(application_name "migration".*ALTER TABLE "Author" ADD COLUMN "bio" TEXT\n  ↳ blocked by pid ${report.pid} \\(application_name "slow report"`,
      ),
    );
    expect(blocked.fix).toEqual([`SELECT pg_terminate_backend(${report.pid});`]);
  });

  it("reports a transaction left open longer than the limit, even when nothing waits for it yet", async () => {
    const { dir } = await project({ "1_init": INIT });
    const url = await copyOfTemplate();
    const idle = await session(url, "forgotten console");
    await idle.client.query(`BEGIN; SELECT count(*) FROM "Author";`);
    await new Promise((resolve) => setTimeout(resolve, 2_500));

    const report = await doctor(dir, `${url}?${LOCK_TIMEOUT}`, {}, 2);
    expect(ids(report.findings)).toEqual(["long-transaction"]);
    expect(find(report.findings, "long-transaction")).toMatchObject({
      title: expect.stringMatching(new RegExp(`^pid ${idle.pid} has had a transaction open for \\d+ s \\(idle in transaction\\)$`)),
      fix: [`SELECT pg_terminate_backend(${idle.pid});`],
    });
  });

  it("warns when connections are nearly exhausted, naming the applications that hold them", () => {
    expect(checkConnections({ max: 100, reserved: 3, inUse: 50, byApplication: [] })).toEqual([]);
    const [finding] = checkConnections({
      max: 100,
      reserved: 3,
      inUse: 90,
      byApplication: [
        { applicationName: "app", count: 88 },
        { applicationName: "psql", count: 2 },
      ],
    });
    expect(finding).toMatchObject({ id: "connections-nearly-exhausted", title: "90 of 97 usable connections are in use (max_connections 100)" });
    expect(finding!.detail).toContain("By application: app: 88, psql: 2.");
  });
});

async function waitFor(condition: () => Promise<boolean>) {
  for (let i = 0; i < 100; i++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("timed out");
}
