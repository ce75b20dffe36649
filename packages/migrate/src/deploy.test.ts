// Release phases applied by the real `prisma migrate deploy`, on real databases.
import { afterAll, describe, expect, inject, it } from "vitest";
import { createDatabase, dropDatabase, uniqueDatabaseName, withAdmin } from "@/test/support/database";
import { createPrismaProject, schemaEngine } from "@/test/support/prisma-cli";
import { DeployRefusal, deployMigrations, readMigrationTable } from "./deploy.ts";
import { PROGRESS_TABLE_SQL } from "./backfill/progress.ts";
import { runBackfills } from "./backfill/runner.ts";
import { mkdir, writeFile } from "node:fs/promises";
import type { MigrationPhase } from "@starter/migration-lint";
import path from "node:path";
import { BUDGET_MS, budgetFor } from "@/test/support/budgets";

const { serverUrl } = inject("testDatabase");
const databases: string[] = [];
const projects: { remove(): Promise<void> }[] = [];

afterAll(async () => {
  for (const name of databases) await dropDatabase(serverUrl, name);
  for (const project of projects) await project.remove();
});

async function freshDatabase() {
  const name = uniqueDatabaseName();
  databases.push(name);
  return createDatabase(serverUrl, name);
}

const INIT = `CREATE TABLE "Author" ("id" SERIAL PRIMARY KEY, "name" TEXT, "legacy" TEXT);`;
const ADD_BIO = `ALTER TABLE "Author" ADD COLUMN "bio" TEXT;`;
const DROP_LEGACY = `-- db-check:phase contract\nALTER TABLE "Author" DROP COLUMN "legacy";`;
const DROP_BIO = `-- db-check:phase contract\nALTER TABLE "Author" DROP COLUMN "bio";`;

async function project(migrations: Record<string, string>) {
  const created = await createPrismaProject("model Author {\n  id Int @id @default(autoincrement())\n  name String?\n  bio String?\n}");
  projects.push(created);
  for (const [name, sql] of Object.entries(migrations)) await created.writeMigration(name, sql);
  return created;
}

function deploy(dir: string, url: string, phase?: MigrationPhase) {
  return deployMigrations({
    config: path.join(dir, "prisma.config.ts"),
    migrationsDir: path.join(dir, "migrations"),
    url,
    phase,
    env: { ...process.env, DATABASE_URL: url, PRISMA_SCHEMA_ENGINE_BINARY: schemaEngine, CHECKPOINT_DISABLE: "1" },
    prismaOutput: "capture",
  });
}

async function columns(url: string) {
  return withAdmin(url, async (client) => {
    const { rows } = await client.query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'Author' ORDER BY column_name`,
    );
    return rows.map((row) => row.column_name);
  });
}

async function migrationRows(url: string) {
  return withAdmin(url, async (client) => {
    const { rows } = await client.query(
      `SELECT migration_name, checksum, applied_steps_count, finished_at IS NOT NULL AS finished FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    return rows;
  });
}

describe("db:deploy --phase", { timeout: budgetFor(BUDGET_MS.command, BUDGET_MS.command, BUDGET_MS.command) }, () => {
  it("expand applies the migrations before the first contract migration; contract applies the rest", async () => {
    const { dir, run } = await project({ "1_init": INIT, "2_add_bio": ADD_BIO, "3_drop_legacy": DROP_LEGACY });
    const url = await freshDatabase();

    const expand = await deploy(dir, url, "expand");
    expect(expand).toMatchObject({ exitCode: 0, applied: ["1_init", "2_add_bio"], waiting: ["3_drop_legacy"] });
    expect(expand.summary).toBe(
      "db:deploy (expand phase): applied 2 migrations: 1_init, 2_add_bio. Waiting for the contract phase (-- db-check:phase contract): 3_drop_legacy.",
    );
    expect(await columns(url)).toEqual(["bio", "id", "legacy", "name"]);
    // Plain Prisma agrees: the contract migration is simply pending.
    const pending = await run(["migrate", "status"], url);
    expect(pending.code).toBe(1);
    expect(pending.output).toContain("3_drop_legacy");

    const contract = await deploy(dir, url, "contract");
    expect(contract).toMatchObject({ exitCode: 0, applied: ["3_drop_legacy"], waiting: [] });
    expect(await columns(url)).toEqual(["bio", "id", "name"]);
    expect(await deploy(dir, url, "contract")).toMatchObject({ exitCode: 0, applied: [], summary: "db:deploy (contract phase): nothing to apply." });

    const status = await run(["migrate", "status"], url);
    expect(status.code, status.output).toBe(0);
    const plain = await run(["migrate", "deploy"], url);
    expect(plain.output).toContain("No pending migrations to apply");
  });

  it("writes the same _prisma_migrations rows and checksums as a plain prisma migrate deploy", async () => {
    const { dir, run } = await project({ "1_init": INIT, "2_add_bio": ADD_BIO, "3_drop_legacy": DROP_LEGACY });
    const phased = await freshDatabase();
    await deploy(dir, phased, "expand");
    await deploy(dir, phased, "contract");
    const plain = await freshDatabase();
    expect((await run(["migrate", "deploy"], plain)).code).toBe(0);
    expect(await migrationRows(phased)).toEqual(await migrationRows(plain));
  });

  it("without a phase applies every pending migration, like prisma migrate deploy", async () => {
    const { dir } = await project({ "1_init": INIT, "2_add_bio": ADD_BIO, "3_drop_legacy": DROP_LEGACY });
    const url = await freshDatabase();
    expect(await deploy(dir, url)).toMatchObject({ exitCode: 0, applied: ["1_init", "2_add_bio", "3_drop_legacy"], waiting: [] });
  });

  it("refuses, applying nothing, a pending expand migration that comes after a contract migration", async () => {
    const { dir, writeMigration } = await project({ "1_init": INIT });
    const url = await freshDatabase();
    await deploy(dir, url);
    await writeMigration("2_drop_legacy", DROP_LEGACY);
    await writeMigration("3_add_bio", ADD_BIO);
    await expect(deploy(dir, url, "expand")).rejects.toThrow(
      /expand migration 3_add_bio comes after contract migration 2_drop_legacy in the pending batch.*Split the release/,
    );
    expect([...(await readMigrationTable(url)).applied]).toEqual(["1_init"]);
  });

  it("on a database no release has migrated, applies past releases' contract migrations with the expand phase; only the trailing ones wait", async () => {
    const { dir } = await project({ "1_init": INIT, "2_drop_legacy": DROP_LEGACY, "3_add_bio": ADD_BIO, "4_drop_bio": DROP_BIO });
    const url = await freshDatabase();
    expect(await deploy(dir, url, "expand")).toMatchObject({ exitCode: 0, applied: ["1_init", "2_drop_legacy", "3_add_bio"], waiting: ["4_drop_bio"] });
    expect(await deploy(dir, url, "contract")).toMatchObject({ exitCode: 0, applied: ["4_drop_bio"], waiting: [] });
  });

  it("refuses, applying nothing, while a failed migration blocks the database, naming it and the fix", async () => {
    const { dir, run, writeMigration } = await project({ "1_init": INIT, "2_broken": `INSERT INTO "Author" ("id") VALUES (1), (1);` });
    const url = await freshDatabase();
    expect((await run(["migrate", "deploy"], url)).code).not.toBe(0);
    await writeMigration("3_add_bio", ADD_BIO);

    const refusal = await deploy(dir, url, "expand").catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(DeployRefusal);
    expect((refusal as Error).message).toMatch(/^migration 2_broken failed earlier and blocks every deploy \(P3009\)/);
    expect((refusal as Error).message).toContain("npx prisma migrate resolve --rolled-back 2_broken");
    expect(await columns(url)).not.toContain("bio");
  });

  it("names the migration that fails during a phase, and exits non-zero", async () => {
    const { dir } = await project({ "1_init": INIT, "2_broken": `INSERT INTO "Author" ("id") VALUES (1), (1);`, "3_drop_legacy": DROP_LEGACY });
    const url = await freshDatabase();
    const result = await deploy(dir, url, "expand");
    expect(result.exitCode).not.toBe(0);
    expect(result.applied).toEqual(["1_init"]);
    expect(result.failed?.name).toBe("2_broken");
    expect(result.summary).toMatch(/^db:deploy \(expand phase\): applied 1 migration: 1_init\. Then migration 2_broken failed/);
  });

  it("refuses a migration whose phase directive names no phase", async () => {
    const { dir } = await project({ "1_init": INIT, "2_drop_legacy": `-- db-check:phase later\nALTER TABLE "Author" DROP COLUMN "legacy";` });
    await expect(deploy(dir, await freshDatabase(), "expand")).rejects.toThrow(/2_drop_legacy\/migration.sql:1: "db-check:phase later" names no phase/);
  });

  it("refuses the contract phase, applying nothing, while a backfill its migration requires has not finished; applies it once it has", async () => {
    const REQUIRES_COPY = `-- db-check:phase contract\n-- db-check:requires-backfill 2_copy_legacy\nALTER TABLE "Author" DROP COLUMN "legacy";`;
    const { dir, writeMigration } = await project({ "1_init": `${INIT}\n${PROGRESS_TABLE_SQL}` });
    const url = await freshDatabase();
    await deploy(dir, url);
    await withAdmin(url, (client) => client.query(`INSERT INTO "Author" ("legacy") VALUES ('a'), ('b')`));
    await mkdir(path.join(dir, "backfills"));
    await writeFile(path.join(dir, "backfills", "2_copy_legacy.ts"), `export default { table: "Author", keyset: ["id"], set: { name: "legacy" } };\n`);
    await writeMigration("3_drop_legacy", REQUIRES_COPY);

    expect(await deploy(dir, url, "expand")).toMatchObject({ exitCode: 0, applied: [], waiting: ["3_drop_legacy"] });
    const refusal = await deploy(dir, url, "contract").catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(DeployRefusal);
    expect((refusal as Error).message).toBe(
      "contract phase refused: 3_drop_legacy requires the backfill 2_copy_legacy, not started on this database. Nothing was applied. " +
        "Run npm run db:backfill (with DIRECT_URL on this database), then deploy the contract phase again.",
    );
    expect(await columns(url)).toContain("legacy");

    const backfilled = await runBackfills({ backfillsDir: path.join(dir, "backfills"), migrationsDir: path.join(dir, "migrations"), url });
    expect(backfilled.exitCode, backfilled.summary).toBe(0);
    expect(await deploy(dir, url, "contract")).toMatchObject({ exitCode: 0, applied: ["3_drop_legacy"] });
    expect(await withAdmin(url, async (client) => (await client.query(`SELECT "name" FROM "Author" ORDER BY "id"`)).rows)).toEqual([
      { name: "a" },
      { name: "b" },
    ]);
  });
});
