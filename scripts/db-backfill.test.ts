// `npm run db:backfill`: the command line around @starter/migrate's runner — run in a copy of the
// project holding the test's own backfills, killed mid-batch for real, and fed bad input.
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { createDatabase, dropDatabase, uniqueDatabaseName, withAdmin } from "@/test/support/database";
import { projectRoot } from "@/test/support/prisma-cli";
import { createScriptProject, type ScriptProject } from "@/test/support/script-project";
import { connectForBackfills, PROGRESS_TABLE_SQL, readBackfillSources, readBackfillStatus } from "@starter/migrate";
import { listMigrations } from "@starter/migration-lint";
import { BUDGET_MS, budgetFor } from "@/test/support/budgets";

const { serverUrl, templateName } = inject("testDatabase");
const databases: string[] = [];
const projects: ScriptProject[] = [];

afterAll(async () => {
  for (const name of databases) await dropDatabase(serverUrl, name);
  for (const project of projects) await project.remove();
});

/** A copy of the migrated template with `rows` authors. */
async function database(rows: number) {
  const name = uniqueDatabaseName();
  databases.push(name);
  const url = await createDatabase(serverUrl, name, templateName);
  await query(url, `CREATE TABLE "Author" ("id" SERIAL PRIMARY KEY, "name" TEXT, "displayName" TEXT, "touched" INTEGER NOT NULL DEFAULT 0)`);
  await query(url, `INSERT INTO "Author" ("name") SELECT 'Author ' || i FROM generate_series(1, $1) i`, [rows]);
  return url;
}

async function query<T extends Record<string, unknown>>(url: string, sql: string, params: unknown[] = []) {
  return withAdmin(url, async (client) => (await client.query<T>(sql, params)).rows);
}

/** A project running this checkout's db:backfill on `backfills` (test/support/script-project.ts). */
async function projectWith(backfills: Record<string, string>) {
  const project = await createScriptProject();
  projects.push(project);
  for (const [name, source] of Object.entries(backfills)) await project.writeBackfill(name, source);
  return project;
}

function dbBackfill(project: ScriptProject, args: string[], env: Record<string, string>) {
  return project.run("db-backfill.ts", args, env);
}

const COPY = `import { defineBackfill } from "@starter/migrate";
export default defineBackfill({ table: "Author", keyset: ["id"], batchSize: 100, set: { displayName: "name" } });
`;

// Each batch counts its rows in "touched" and then sleeps: a kill lands inside a batch.
const SLOW_COUNT = `import { defineBackfill } from "@starter/migrate";
export default defineBackfill({
  table: "Author",
  keyset: ["id"],
  batchSize: 50,
  async batch(tx, range) {
    const { rowCount } = await tx.query(\`UPDATE "Author" SET "touched" = "touched" + 1 WHERE \${range.where}\`, range.params);
    await tx.query("SELECT pg_sleep(0.3)");
    return rowCount ?? 0;
  },
});
`;

async function waitFor<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let attempt = 0; attempt < 600; attempt++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe("npm run db:backfill", { timeout: budgetFor(BUDGET_MS.command, BUDGET_MS.command) }, () => {
  it("resumes after the process was killed mid-batch: the open batch rolled back, every row changed exactly once", async () => {
    const url = await database(600);
    const project = await projectWith({ "20261207000000_count_rows": SLOW_COUNT });
    // One process (node with tsx's loader, not tsx's wrapper), so SIGKILL hits the runner itself.
    const child = spawn(process.execPath, ["--import", "tsx", path.join(project.dir, "scripts", "db-backfill.ts")], {
      cwd: project.dir,
      env: { ...process.env, DATABASE_URL: "", DIRECT_URL: url, LOG_LEVEL: "silent" },
      stdio: "ignore",
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once("exit", (_, signal) => resolve(signal)));
    // Two batches committed, and the third inside its transaction, its rows updated, sleeping.
    await waitFor(async () => {
      const [row] = await query<{ walked: string }>(url, `SELECT rows_walked AS walked FROM "_backfills"`);
      const [active] = await query(
        url,
        `SELECT 1 FROM pg_stat_activity WHERE application_name = 'db:backfill' AND query LIKE 'SELECT pg_sleep%' AND state = 'active'`,
      );
      return row && Number(row.walked) >= 100 && active ? true : undefined;
    }, "a batch in progress");
    child.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");
    await waitFor(
      async () => ((await query(url, `SELECT 1 FROM pg_stat_activity WHERE application_name = 'db:backfill'`)).length ? undefined : true),
      "the session to end",
    );

    const [progress] = await query<{ walked: string; done: string; finished: boolean }>(
      url,
      `SELECT rows_walked AS walked, rows_done AS done, finished_at IS NOT NULL AS finished FROM "_backfills"`,
    );
    expect(progress!.finished).toBe(false);
    // What the committed batches changed is exactly what the progress row says; the killed batch left nothing.
    expect(await query(url, `SELECT count(*)::text AS n FROM "Author" WHERE "touched" = 1`)).toEqual([{ n: progress!.done }]);
    expect(await query(url, `SELECT count(*)::int AS n FROM "Author" WHERE "touched" > 1`)).toEqual([{ n: 0 }]);

    const resumed = await dbBackfill(project, [], { DIRECT_URL: url });
    expect(resumed.code, resumed.output).toBe(0);
    expect(resumed.stdout).toContain(`20261207000000_count_rows: resuming after ${progress!.walked} rows`);
    expect(resumed.stdout).toMatch(/db:backfill: finished 20261207000000_count_rows \(600 rows\)\. All 1 backfill is finished\.\n$/);
    expect(await query(url, `SELECT "touched", count(*)::int AS n FROM "Author" GROUP BY 1`)).toEqual([{ touched: 1, n: 600 }]);
  });

  it("prints its progress, --status (state, rows, rate) and --json, and a second run does nothing", async () => {
    const url = await database(250);
    const project = await projectWith({ "20261207000000_copy_display_name": COPY });
    const env = { DIRECT_URL: url };
    const pending = await dbBackfill(project, ["--status"], env);
    expect(pending).toMatchObject({ code: 0, stdout: expect.stringContaining("pending    20261207000000_copy_display_name: not started") });
    expect(pending.stdout).toContain("1 not finished: npm run db:backfill runs it.");
    const dry = await dbBackfill(project, ["--dry-run"], env);
    expect(dry.stdout).toContain("db:backfill (dry run): 20261207000000_copy_display_name would touch 250 rows. Nothing was changed.");

    const run = await dbBackfill(project, [], env);
    expect(run.code, run.output).toBe(0);
    // Not a terminal: lines, never the bar's carriage returns.
    expect(run.stdout).not.toContain("\r");
    expect(run.stdout).toContain("20261207000000_copy_display_name: starting (~250 rows in the table)");
    expect(run.stdout).toContain("20261207000000_copy_display_name: finished, 250 rows changed in");

    const status = await dbBackfill(project, ["--status", "--json"], env);
    expect(JSON.parse(status.stdout)).toMatchObject({
      tracked: true,
      backfills: [{ name: "20261207000000_copy_display_name", state: "finished", rowsDone: 250, rowsWalked: 250, edited: false }],
    });
    const again = await dbBackfill(project, ["--json", "--only", "copy_display_name"], env);
    expect(JSON.parse(again.stdout)).toMatchObject({ exitCode: 0, backfills: [{ state: "finished", alreadyFinished: true }] });
  });

  it("exits 1 naming the backfill, the batch and PostgreSQL's message when a batch fails", async () => {
    const url = await database(10);
    const project = await projectWith({
      "20261207000000_broken": `export default { table: "Author", keyset: ["id"], async batch(tx, range) { await tx.query("SELECT 1/0"); return 0; } };\n`,
    });
    const result = await dbBackfill(project, [], { DIRECT_URL: url });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("db:backfill: 20261207000000_broken failed: the batch after the table's start failed: division by zero\n");
  });

  it.each([
    ["an unknown option", ["--onyl", "x"], {}, /^db:backfill: Unknown option '--onyl'\. Usage: npm run db:backfill/],
    ["--status with --dry-run", ["--status", "--dry-run"], {}, /^db:backfill: --status and --dry-run exclude each other/],
    [
      "an unknown --only",
      ["--only", "nope"],
      { DIRECT_URL: "postgresql://app:s3cret-pw@127.0.0.1:9/app" },
      /^db:backfill: --only nope: no such backfill in .*\(there are: 20261207000000_copy_display_name\)/,
    ],
    [
      "an unreachable database",
      [],
      { DIRECT_URL: "postgresql://app:s3cret-pw@127.0.0.1:9/app" },
      /^db:backfill: cannot connect to the migration database \(postgresql:\/\/127\.0\.0\.1:9\/app\).*Check DIRECT_URL/,
    ],
    [
      "production with no URL",
      [],
      { VERCEL_ENV: "production" },
      /^db:backfill: neither DIRECT_URL nor DATABASE_URL is set, and this is production \(VERCEL_ENV=production\)/,
    ],
  ])("exits 2 with one line for %s", async (_, args, env: Record<string, string>, message) => {
    const project = await projectWith({ "20261207000000_copy_display_name": COPY });
    const result = await dbBackfill(project, args, env);
    expect(result.code, result.output).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(result.output).not.toContain("s3cret-pw");
    expect(result.stdout).toBe("");
  });

  it("exits 2, running nothing, for a backfill file that does not compile", async () => {
    const url = await database(10);
    const project = await projectWith({
      "20261207000000_copy_display_name": COPY,
      "20261207000001_typo": `export default { table: "Author", keyset: ["id"] set: {} };\n`,
    });
    const result = await dbBackfill(project, [], { DIRECT_URL: url });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^db:backfill: prisma\/backfills\/20261207000001_typo\.ts does not load: .*Fix the file .*nothing was run\.\n$/);
    expect(await query(url, `SELECT count(*)::int AS n FROM "Author" WHERE "displayName" IS NOT NULL`)).toEqual([{ n: 0 }]);
  });
});

describe("the tests' databases", () => {
  it("have every backfill of prisma/backfills finished (run on the template's empty tables), so no test meets a pending one", async () => {
    const backfills = await readBackfillSources(path.join(projectRoot, "prisma", "backfills"));
    const client = await connectForBackfills(process.env.DIRECT_URL!, "test");
    try {
      const status = await readBackfillStatus(client, {
        sources: backfills,
        migrationsDir: path.join(projectRoot, "prisma", "migrations"),
        url: process.env.DIRECT_URL!,
      });
      expect(status.tracked).toBe(true);
      expect(status.backfills.map((b) => [b.name, b.state])).toEqual(backfills.map((b) => [b.name, "finished"]));
    } finally {
      await client.end();
    }
  });

  it("the progress table's migration holds the statement @starter/migrate documents", async () => {
    const [migration] = (await listMigrations(path.join(projectRoot, "prisma", "migrations"))).filter((m) => m.name.endsWith("_backfill_progress"));
    expect(await readFile(migration!.file, "utf8")).toContain(PROGRESS_TABLE_SQL);
  });
});
