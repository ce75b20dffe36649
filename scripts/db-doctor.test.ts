// `npm run db:doctor`: the command line around @starter/migrate's runDoctor, on this project's migrations.
import { afterAll, describe, expect, inject, it } from "vitest";
import { createDatabase, dropDatabase, uniqueDatabaseName } from "@/test/support/database";
import { runScript } from "@/test/support/scripts";
import { BUDGET_MS, budgetFor } from "@/test/support/budgets";

const { serverUrl } = inject("testDatabase");
const empty = uniqueDatabaseName();
afterAll(() => dropDatabase(serverUrl, empty));

function dbDoctor(args: string[], env: Record<string, string>) {
  return runScript("scripts/db-doctor.ts", args, { env: { ...process.env, DATABASE_URL: "", DIRECT_URL: "", LOG_LEVEL: "silent", ...env } });
}

describe("npm run db:doctor", { timeout: budgetFor(BUDGET_MS.command) }, () => {
  it("exits 0 with nothing to act on for this project's migrated database", async () => {
    // The per-file test database: this project's migrations applied by the real prisma migrate deploy.
    const result = await dbDoctor([], { DIRECT_URL: `${process.env.DATABASE_URL}?options=-c%20lock_timeout%3D5s` });
    expect(result.stderr).toBe("");
    expect(result.stdout).toMatch(/^db:doctor: postgresql:\/\/127\.0\.0\.1:\d+\/test_\w+ \(DIRECT_URL\)\nURLs: DIRECT_URL direct\n/);
    expect(result.stdout).toMatch(/\nNothing to act on \(\d+ ms\)\.\n$/);
    expect(result.code).toBe(0);
  });

  it("exits 1 with the findings as JSON when there is something to act on; on an empty database, the backfills wait for the migrations", async () => {
    const url = await createDatabase(serverUrl, empty);
    const result = await dbDoctor(["--json"], { DATABASE_URL: url });
    expect(result.code, result.stderr).toBe(1);
    const report = JSON.parse(result.stdout) as { variable: string; findings: { id: string; fix: string[] }[] };
    expect(report.variable).toBe("DATABASE_URL");
    expect(report.findings.map((finding) => finding.id)).toEqual(["pending-migrations", "no-lock-timeout"]);
  });

  it("exits 2, naming the variable and never the password, when the database cannot be reached", async () => {
    const result = await dbDoctor([], { DIRECT_URL: "postgresql://app:s3cret-pw@127.0.0.1:9/app" });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^db:doctor: cannot connect to DIRECT_URL \(postgresql:\/\/127\.0\.0\.1:9\/app\): /);
    expect(result.stderr).not.toContain("s3cret-pw");
  });

  it("exits 2 with one line for an unknown option", async () => {
    expect(await dbDoctor(["--fix"], {})).toMatchObject({ code: 2, stderr: "db:doctor: Unknown option '--fix'. Usage: npm run db:doctor [-- --json]\n" });
  });
});
