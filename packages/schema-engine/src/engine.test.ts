// The Prisma CLI's migrate and db commands, run for real through the offline schema engine.
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { dropDatabase, listDatabases, uniqueDatabaseName, withAdmin, withDatabase } from "@/test/support/database";
import { createPrismaProject, prismaCli, projectRoot } from "@/test/support/prisma-cli";

const { serverUrl } = inject("testDatabase");
const createdDatabases: string[] = [];

function newDatabaseUrl() {
  const name = uniqueDatabaseName();
  createdDatabases.push(name);
  return withDatabase(serverUrl, name);
}

async function query<T extends Record<string, unknown>>(url: string, sql: string): Promise<T[]> {
  return withAdmin(url, async (client) => (await client.query<T>(sql)).rows);
}

const USER_MODEL = `model Account {
  id    Int    @id @default(autoincrement())
  email String @unique
}`;

let project: Awaited<ReturnType<typeof createPrismaProject>>;

beforeAll(async () => {
  project = await createPrismaProject(USER_MODEL);
});

afterAll(async () => {
  await project.remove();
  for (const name of createdDatabases) await dropDatabase(serverUrl, name);
  expect(await listDatabases(serverUrl, "prisma_migrate_shadow_db_%")).toEqual([]);
});

describe("the engine binary", () => {
  it("is used with exactly the Prisma CLI it was written against (package.json pins prisma; upgrade them together)", async () => {
    const require = createRequire(import.meta.url);
    const pinned = (require("../package.json") as { peerDependencies: { prisma: string } }).peerDependencies.prisma;
    const installed = (require("prisma/package.json") as { version: string }).version;
    expect(installed, `the installed prisma is ${installed}, the schema engine is pinned to ${pinned}: upgrade the Prisma packages together`).toBe(pinned);
  });

  it("reports the engine version the CLI expects", async () => {
    const result = await prismaCli(["--version"], { cwd: projectRoot });
    const { enginesVersion } = await import("@prisma/engines-version");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/schema-engine/);
    expect(result.output).not.toMatch(/download/i);
    expect(enginesVersion).toMatch(/^[0-9a-f]{40}$/);
  });
});

describe("a project's migration history, end to end", () => {
  const dev = newDatabaseUrl();

  it("migrate diff: renders SQL from the schema without a database", async () => {
    const result = await project.run(["migrate", "diff", "--from-empty", "--to-schema", "schema.prisma", "--script"], dev);
    expect(result.code, result.output).toBe(0);
    expect(result.stdout).toContain('CREATE TABLE "Account"');
    expect(result.stdout).toContain('CREATE UNIQUE INDEX "Account_email_key"');
  });

  it("migrate dev: creates the database, writes the first migration and applies it", async () => {
    const result = await project.run(["migrate", "dev", "--name", "init"], dev);
    expect(result.code, result.output).toBe(0);
    const [name] = await readdir(path.join(project.dir, "migrations")).then((names) => names.filter((n) => n.endsWith("_init")));
    expect(name).toBeDefined();
    const sql = await readFile(path.join(project.dir, "migrations", name!, "migration.sql"), "utf8");
    expect(sql).toContain('CREATE TABLE "Account"');

    const rows = await query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      dev,
      `SELECT migration_name, checksum, finished_at FROM _prisma_migrations`,
    );
    // Same checksum as the native engine writes: the history deploys cleanly with either engine.
    expect(rows).toEqual([{ migration_name: name, checksum: createHash("sha256").update(sql).digest("hex"), finished_at: expect.any(Date) }]);
  });

  it("migrate diff --exit-code: 0 when the migrations match the schema, 2 when the schema moved on", async () => {
    const args = ["migrate", "diff", "--from-migrations", "migrations", "--to-schema", "schema.prisma", "--exit-code"];
    const clean = await project.run(args, dev);
    expect(clean.code, clean.output).toBe(0);

    await project.writeSchema(USER_MODEL.replace("email String @unique", "email String @unique\n  name  String?"));
    const changed = await project.run(args, dev);
    expect(changed.code, changed.output).toBe(2);
  });

  it("migrate dev: a second migration is created and applied, with a CHECK constraint in the database", async () => {
    // The engine reads constraints (pg_constraint.contype is PostgreSQL's internal "char" type).
    await query(dev, `ALTER TABLE "Account" ADD CONSTRAINT email_has_at CHECK (position('@' in email) > 0)`);
    const result = await project.run(["migrate", "dev", "--name", "add_name"], dev);
    expect(result.code, result.output).toBe(0);
    const columns = await query<{ column_name: string }>(
      dev,
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'Account' ORDER BY ordinal_position`,
    );
    expect(columns.map((c) => c.column_name)).toEqual(["id", "email", "name"]);
    const migrations = await query(dev, `SELECT 1 FROM _prisma_migrations`);
    expect(migrations).toHaveLength(2);
  });

  it("migrate status: up to date", async () => {
    const result = await project.run(["migrate", "status"], dev);
    expect(result.code, result.output).toBe(0);
    expect(result.stdout).toContain("Database schema is up to date!");
  });

  it("migrate deploy: applies the whole history to an empty database", async () => {
    const prod = newDatabaseUrl();
    const result = await project.run(["migrate", "deploy"], prod);
    expect(result.code, result.output).toBe(0);
    expect(result.stdout).toContain("All migrations have been successfully applied.");
    expect(await query(prod, `SELECT 1 FROM _prisma_migrations WHERE finished_at IS NOT NULL`)).toHaveLength(2);
  });

  it("migrate status: lists a pending migration and exits 1", async () => {
    await project.writeMigration("20990101000000_pending", `ALTER TABLE "Account" ADD COLUMN "bio" TEXT;\n`);
    const result = await project.run(["migrate", "status"], dev);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("20990101000000_pending");
    expect(result.stdout).toContain("have not yet been applied");
  });

  it("migrate deploy: runs a migration script as one statement batch (function bodies keep their semicolons)", async () => {
    await project.writeMigration(
      "20990102000000_function",
      `CREATE FUNCTION touch_name() RETURNS trigger AS $$
BEGIN
  NEW."name" := coalesce(NEW."name", 'anonymous; really');
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER account_touch BEFORE INSERT ON "Account" FOR EACH ROW EXECUTE FUNCTION touch_name();
`,
    );
    const result = await project.run(["migrate", "deploy"], dev);
    expect(result.code, result.output).toBe(0);
    const [row] = await query<{ name: string }>(dev, `INSERT INTO "Account" (email) VALUES ('f@example.com') RETURNING name`);
    expect(row!.name).toBe("anonymous; really");
  });

  it("migrate deploy: a CREATE INDEX CONCURRENTLY alone in its file applies", async () => {
    await project.writeMigration("20990103000000_index", `CREATE INDEX CONCURRENTLY "Account_name_idx" ON "Account" ("name");\n`);
    const result = await project.run(["migrate", "deploy"], dev);
    expect(result.code, result.output).toBe(0);
    const indexes = await query(dev, `SELECT 1 FROM pg_indexes WHERE indexname = 'Account_name_idx'`);
    expect(indexes).toHaveLength(1);
  });

  it("migrate deploy: a broken migration fails with P3018 and is recorded as failed, with PostgreSQL's code and message", async () => {
    await project.writeMigration("20990104000000_broken", `ALTER TABLE "Missing" ADD COLUMN "x" INTEGER;\n`);
    const result = await project.run(["migrate", "deploy"], dev);
    expect(result.code).toBe(1);
    expect(result.output).toContain("P3018");
    expect(result.output).toContain("Migration name: 20990104000000_broken");
    expect(result.output).toContain("Database error code: 42P01");
    expect(result.output).toContain('relation "Missing" does not exist');
    expect(result.output).not.toContain("sql_schema_connector::"); // no Rust span trace

    const [failed] = await query<{ finished_at: Date | null; logs: string | null }>(
      dev,
      `SELECT finished_at, logs FROM _prisma_migrations WHERE migration_name = '20990104000000_broken'`,
    );
    // What the native engine records: no adapter error kind ("external connector error"), no Rust span trace.
    expect(failed).toEqual({ finished_at: null, logs: 'Database error code: 42P01\n\nDatabase error:\nERROR: relation "Missing" does not exist' });

    const status = await project.run(["migrate", "status"], dev);
    expect(status.code).toBe(1);
    expect(status.output).toContain("20990104000000_broken");
  });

  it("migrate resolve --rolled-back: clears the failed migration", async () => {
    const result = await project.run(["migrate", "resolve", "--rolled-back", "20990104000000_broken"], dev);
    expect(result.code, result.output).toBe(0);
    const [row] = await query<{ rolled_back_at: Date | null }>(
      dev,
      `SELECT rolled_back_at FROM _prisma_migrations WHERE migration_name = '20990104000000_broken'`,
    );
    expect(row!.rolled_back_at).toBeInstanceOf(Date);
  });

  it("migrate reset --force: empties the database and re-applies the history", async () => {
    await project.writeMigration("20990104000000_broken", `ALTER TABLE "Account" ADD COLUMN "fixed" INTEGER;\n`);
    const result = await project.run(["migrate", "reset", "--force"], dev);
    expect(result.code, result.output).toBe(0);
    expect(await query(dev, `SELECT 1 FROM "Account"`)).toEqual([]);
    expect(await query(dev, `SELECT 1 FROM _prisma_migrations WHERE finished_at IS NOT NULL`)).toHaveLength(6);
  });
});

describe("an explicit shadow database", () => {
  it("is emptied before use, as the native engine does", async () => {
    const shadow = newDatabaseUrl();
    await withAdmin(serverUrl, (client) => client.query(`CREATE DATABASE "${new URL(shadow).pathname.slice(1)}"`));
    await query(shadow, `CREATE TABLE "Account" (leftover int)`);
    const target = newDatabaseUrl();
    await project.writeSchema(`${USER_MODEL}\nmodel Team {\n  id Int @id\n}`);
    const result = await project.run(["migrate", "dev", "--name", "add_team", "--create-only"], target, { SHADOW_DATABASE_URL: shadow });
    expect(result.code, result.output).toBe(0);
    expect(result.output).toContain("add_team");
  });
});

describe("db push", () => {
  it("creates the schema's tables in a scratch database", async () => {
    const scratch = newDatabaseUrl();
    const result = await project.run(["db", "push"], scratch);
    expect(result.code, result.output).toBe(0);
    expect(await query(scratch, `SELECT 1 FROM information_schema.tables WHERE table_name = 'Account'`)).toHaveLength(1);
  });
});

describe("timeouts from the connection URL", () => {
  it("a migration waiting for a lock gives up after the lock_timeout set in the URL's options", async () => {
    const url = newDatabaseUrl();
    const lockedUrl = new URL(url);
    lockedUrl.searchParams.set("options", "-c lock_timeout=300ms");
    const timeoutProject = await createPrismaProject(USER_MODEL);
    await timeoutProject.writeMigration("20990101000000_busy", `CREATE TABLE "Busy" (id int);\n`);
    expect((await timeoutProject.run(["migrate", "deploy"], url)).code).toBe(0);
    await timeoutProject.writeMigration("20990102000000_alter_busy", `ALTER TABLE "Busy" ADD COLUMN "note" TEXT;\n`);

    // A long transaction holds a lock on the table, as a slow request or a report would.
    await withAdmin(url, async (holder) => {
      await holder.query("BEGIN");
      await holder.query(`LOCK TABLE "Busy" IN ACCESS SHARE MODE`);
      const started = Date.now();
      const result = await timeoutProject.run(["migrate", "deploy"], lockedUrl.toString());
      await holder.query("ROLLBACK");
      expect(result.code).toBe(1);
      expect(result.output).toContain("lock timeout");
      expect(Date.now() - started).toBeLessThan(15_000);
    });
    await timeoutProject.remove();
  });
});

describe("connection failures", () => {
  it("names an unreachable server", async () => {
    const result = await project.run(["migrate", "status"], "postgresql://postgres@127.0.0.1:9/nowhere");
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/P1001|Can't reach database server at `127.0.0.1:9`/);
  });
});

describe("this repository's own wiring", () => {
  it("plain `prisma migrate status` uses the project engine with nothing set by the user", async () => {
    const env = { DATABASE_URL: process.env.DATABASE_URL, PRISMA_SCHEMA_ENGINE_BINARY: undefined };
    const result = await prismaCli(["migrate", "status"], { cwd: projectRoot, env });
    expect(result.code, result.output).toBe(0);
    expect(result.stdout).toContain("Database schema is up to date!");
  });

  it("prisma/migrations matches prisma/schema.prisma", async () => {
    const result = await prismaCli(["migrate", "diff", "--from-migrations", "prisma/migrations", "--to-schema", "prisma/schema.prisma", "--exit-code"], {
      cwd: projectRoot,
      env: { DATABASE_URL: process.env.DATABASE_URL },
    });
    expect(result.code, result.output).toBe(0);
  });
});
