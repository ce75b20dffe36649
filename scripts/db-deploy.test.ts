// `npm run db:deploy`: the command line around @starter/migrate's deployMigrations, on this project's migrations.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { readMigrationTable } from "@starter/migrate";
import { createDatabase, dropDatabase, uniqueDatabaseName } from "@/test/support/database";
import { projectRoot } from "@/test/support/prisma-cli";
import { runScript } from "@/test/support/scripts";
import { listMigrations, readPhase } from "@starter/migration-lint";
import { readFile } from "node:fs/promises";
import { BUDGET_MS, budgetFor } from "@/test/support/budgets";

const { serverUrl } = inject("testDatabase");
const name = uniqueDatabaseName();
afterAll(() => dropDatabase(serverUrl, name));

function dbDeploy(args: string[], env: Record<string, string>) {
  return runScript("scripts/db-deploy.ts", args, { env: { ...process.env, DATABASE_URL: "", DIRECT_URL: "", LOG_LEVEL: "silent", ...env } });
}

describe("npm run db:deploy", { timeout: budgetFor(BUDGET_MS.command, BUDGET_MS.command) }, () => {
  it("applies this project's migrations phase by phase through DIRECT_URL, the backfills between, and says what it applied", async () => {
    const url = await createDatabase(serverUrl, name);
    const env = { DIRECT_URL: url, DATABASE_URL: "prisma+postgres://accelerate.invalid/?api_key=x" };
    const migrations = [];
    for (const { name, file } of await listMigrations(path.join(projectRoot, "prisma", "migrations"))) {
      migrations.push({ name, phase: readPhase(await readFile(file, "utf8")).phase });
    }
    // A database no release has migrated: everything but the trailing contract migrations is expand.
    let trailingContract = migrations.length;
    while (trailingContract > 0 && migrations[trailingContract - 1]!.phase === "contract") trailingContract--;
    const expand = migrations.slice(0, trailingContract).map((m) => m.name);

    const expanded = await dbDeploy(["--phase", "expand"], env);
    expect(expanded.code, expanded.stderr).toBe(0);
    expect(expanded.stdout).toContain(`db:deploy (expand phase): applied ${expand.length} migrations: ${expand.join(", ")}.`);
    expect([...(await readMigrationTable(url)).applied]).toEqual(expand);

    // As deploy.yml does, the backfills run between the phases: trailing contract migrations may require them.
    const backfilled = await runScript("scripts/db-backfill.ts", [], { env: { ...process.env, LOG_LEVEL: "silent", ...env } });
    expect(backfilled.code, backfilled.stderr).toBe(0);
    const contracted = await dbDeploy(["--phase", "contract"], env);
    expect(contracted.code, contracted.stderr).toBe(0);
    expect([...(await readMigrationTable(url)).applied]).toEqual(migrations.map((m) => m.name));
  });

  it.each([
    [["--phase", "shrink"], `db:deploy: unknown phase "shrink": use --phase expand or --phase contract.\n`],
    [["--phases", "expand"], expect.stringMatching(/^db:deploy: Unknown option '--phases'\. Usage: npm run db:deploy -- --phase expand\|contract\n$/)],
  ])("exits 2 with one line for bad arguments (%j)", async (args, message) => {
    const result = await dbDeploy(args, {});
    expect(result).toMatchObject({ code: 2, stderr: message });
  });

  it.each(["NODE_ENV", "VERCEL_ENV"])(
    "in production (%s=production) with no URL, exits 2 naming the variables instead of using the development database",
    async (variable) => {
      const result = await dbDeploy([], { [variable]: "production" });
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^db:deploy: neither DIRECT_URL nor DATABASE_URL is set, and this is production \((NODE|VERCEL)_ENV=production\)/);
      expect(result.stdout + result.stderr).not.toMatch(/Embedded PostgreSQL|applied/);
    },
  );

  it("`npm run db:status` (scripts/prisma.ts) in production with no URL fails naming the variables, before starting any database", async () => {
    const result = spawnSync(path.join(projectRoot, "node_modules", ".bin", "tsx"), ["scripts/prisma.ts", "migrate", "status"], {
      cwd: projectRoot,
      env: { ...process.env, VERCEL_ENV: "production", DATABASE_URL: "", DIRECT_URL: "", LOG_LEVEL: "silent" },
      encoding: "utf8",
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^db: neither DIRECT_URL nor DATABASE_URL is set, and this is production \(VERCEL_ENV=production\)/);
    expect(result.stdout).not.toMatch(/Embedded PostgreSQL|Datasource/);
  });

  it("exits 2, naming the variable and never the password, when the database cannot be reached", async () => {
    const result = await dbDeploy(["--phase", "expand"], { DIRECT_URL: "postgresql://app:s3cret-pw@127.0.0.1:9/app" });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^db:deploy: cannot connect to the migration database \(postgresql:\/\/127\.0\.0\.1:9\/app\).*DIRECT_URL/);
    expect(result.stderr).not.toContain("s3cret-pw");
  });
});
