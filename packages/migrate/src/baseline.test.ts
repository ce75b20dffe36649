// db:baseline on a database built with plain SQL, as a team adopting the template would have it.
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { createDatabase, dropDatabase, uniqueDatabaseName, withAdmin } from "@/test/support/database";
import { createPrismaProject, schemaEngine } from "@/test/support/prisma-cli";
import { baselineDatabase, BaselineRefusal } from "./baseline.ts";
import { readMigrationTable } from "./deploy.ts";
import { BUDGET_MS, budgetFor } from "@/test/support/budgets";

const { serverUrl } = inject("testDatabase");
const databases: string[] = [];
const projects: { remove(): Promise<void> }[] = [];

afterAll(async () => {
  for (const project of projects) await project.remove();
  for (const name of databases) await dropDatabase(serverUrl, name);
});

async function freshDatabase(sql?: string) {
  const name = uniqueDatabaseName();
  databases.push(name);
  const url = await createDatabase(serverUrl, name);
  if (sql) await withAdmin(url, (client) => client.query(sql));
  return url;
}

const EXISTING = `
  CREATE TABLE customers (id bigserial PRIMARY KEY, email text NOT NULL UNIQUE, created_at timestamptz NOT NULL DEFAULT now());
  CREATE TABLE orders (id bigserial PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customers(id), total numeric(10,2) NOT NULL);
  CREATE INDEX orders_customer_id_idx ON orders (customer_id);
  INSERT INTO customers (email) VALUES ('ann@example.com');
`;

async function project() {
  const created = await createPrismaProject("");
  projects.push(created);
  return created;
}

function baseline(dir: string, url: string) {
  return baselineDatabase({
    config: path.join(dir, "prisma.config.ts"),
    migrationsDir: path.join(dir, "migrations"),
    url,
    env: { ...process.env, DATABASE_URL: url, PRISMA_SCHEMA_ENGINE_BINARY: schemaEngine, CHECKPOINT_DISABLE: "1" },
    now: new Date("2026-12-01T10:55:00Z"),
  });
}

describe("db:baseline", { timeout: budgetFor(BUDGET_MS.command, BUDGET_MS.command) }, () => {
  it("writes the live schema as the first migration, records it as applied without running it, and leaves migrate status clean", async () => {
    const { dir, run } = await project();
    const url = await freshDatabase(EXISTING);

    const result = await baseline(dir, url);
    expect(result.name).toBe("20261201105500_baseline");
    const sql = await readFile(result.file, "utf8");
    expect(sql).toContain('CREATE TABLE "public"."customers"');
    expect(sql).toContain('CREATE TABLE "public"."orders"');
    expect(sql).toContain('CREATE INDEX "orders_customer_id_idx"');
    expect(sql).toContain('FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id")');
    expect([...(await readMigrationTable(url)).applied]).toEqual(["20261201105500_baseline"]);
    expect((await withAdmin(url, (client) => client.query("SELECT email FROM customers"))).rows).toEqual([{ email: "ann@example.com" }]);
    const status = await run(["migrate", "status"], url);
    expect(status.code, status.output).toBe(0);

    // The baseline builds the same schema on a fresh database: no drift between the two.
    const fresh = await freshDatabase();
    expect((await run(["migrate", "deploy"], fresh)).code).toBe(0);
    const diff = await run(["migrate", "diff", "--from-config-datasource", "--to-migrations", "migrations", "--exit-code"], url);
    expect(diff.code, diff.output).toBe(0);
  });

  it("refuses when the migrations folder already has migrations, saying to mark them applied instead", async () => {
    const { dir, writeMigration } = await project();
    await writeMigration("1_init", "CREATE TABLE customers (id bigserial PRIMARY KEY);");
    const refusal = await baseline(dir, await freshDatabase(EXISTING)).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(BaselineRefusal);
    expect((refusal as Error).message).toMatch(/^the migrations folder already has 1 migration\(s\) \(1_init…\).*npx prisma migrate resolve --applied <name>/);
  });

  it("refuses when _prisma_migrations already records migrations, writing nothing", async () => {
    const { dir } = await project();
    const url = await freshDatabase(EXISTING);
    const first = await baseline(dir, url);
    await rm(path.dirname(first.file), { recursive: true });

    const refusal = await baseline(dir, url).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(BaselineRefusal);
    expect((refusal as Error).message).toMatch(/^the database's _prisma_migrations already records 1 migration\(s\) \(20261201105500_baseline…\)/);
  });

  it("refuses an empty database: there is nothing to baseline, deploy the migrations instead", async () => {
    const { dir } = await project();
    await expect(baseline(dir, await freshDatabase())).rejects.toThrow(
      "the database has no tables to baseline: apply the migrations to it instead (npm run db:deploy).",
    );
  });
});
