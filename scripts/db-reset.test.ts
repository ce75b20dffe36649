// `npm run db:reset`: the development database (embedded) from scratch, and nothing else, ever.
import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { relocatedDataDir, startEmbeddedPostgres } from "@starter/local-db";
import { projectRoot } from "@/test/support/prisma-cli";
import { runScript } from "@/test/support/scripts";
import { BUDGET_MS, budgetFor } from "@/test/support/budgets";

const scratch = await mkdtemp(path.join(os.tmpdir(), "db-reset-"));
const dataDir = path.join(scratch, "pg");
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
  await rm(relocatedDataDir(dataDir), { recursive: true, force: true });
});

/** `npm run db:reset` with no database URL: on its own embedded development database, on a free port. */
function dbReset(env: Record<string, string> = {}) {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, EMBEDDED_POSTGRES_DIR: dataDir, EMBEDDED_POSTGRES_PORT: "0", LOG_LEVEL: "silent", ...env };
  for (const name of ["DATABASE_URL", "DIRECT_URL"]) if (!(name in env)) delete childEnv[name];
  return runScript("scripts/db-reset.ts", [], { env: childEnv });
}

/** Runs `query` on the development database the script left stopped. */
async function onDevelopmentDatabase<T>(query: (client: pg.Client) => Promise<T>): Promise<T> {
  const server = await startEmbeddedPostgres({ dataDir, port: 0, databases: ["app"] });
  const client = new pg.Client(server.url("app"));
  try {
    await client.connect();
    return await query(client);
  } finally {
    await client.end();
    await server.stop();
  }
}

describe("npm run db:reset", { timeout: budgetFor(BUDGET_MS.release, BUDGET_MS.release, BUDGET_MS.databaseStart) }, () => {
  it("refuses in production with no database URL: the development database is never the answer there", async () => {
    const result = await dbReset({ NODE_ENV: "production" });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("db:reset: refused: neither DIRECT_URL nor DATABASE_URL is set, and this is production");
  });

  it("refuses a DATABASE_URL, naming it and what to do, and touches nothing", async () => {
    const db = new pg.Client(process.env.DIRECT_URL);
    await db.connect();
    await db.query(`INSERT INTO "User" (id, email, "updatedAt") VALUES ('kept', 'kept@example.com', now())`);
    const result = await dbReset({ DATABASE_URL: process.env.DIRECT_URL! });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("db:reset: refused: DATABASE_URL is set, and db:reset only resets the development database");
    expect((await db.query(`SELECT email FROM "User" WHERE id = 'kept'`)).rows).toEqual([{ email: "kept@example.com" }]);
    await db.end();
  });

  it("wipes the development database, applies every migration and seeds the demo users again", async () => {
    const first = await dbReset();
    expect(first.code, first.output).toBe(0);
    await onDevelopmentDatabase((client) => client.query(`INSERT INTO "User" (id, email, "updatedAt") VALUES ('stray', 'stray@example.com', now())`));

    const again = await dbReset();
    expect(again.code, again.output).toBe(0);
    expect(again.stdout).toContain(
      "db:reset: the development database is as new: migrated, and seeded with demo@example.com, teammate@example.com and their team.",
    );
    const { users, applied } = await onDevelopmentDatabase(async (client) => ({
      users: (await client.query(`SELECT email FROM "User" ORDER BY email`)).rows,
      applied: (await client.query(`SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL`)).rows.length,
    }));
    expect(users).toEqual([{ email: "demo@example.com" }, { email: "teammate@example.com" }]);
    const migrations = (await readdir(path.join(projectRoot, "prisma", "migrations"), { withFileTypes: true })).filter((entry) => entry.isDirectory());
    expect(applied).toBe(migrations.length);
  });
});
