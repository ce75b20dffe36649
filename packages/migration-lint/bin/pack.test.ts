// The package works in a Prisma project that is not this repository: packed as npm would publish it, installed
// from the tarball into a fresh folder holding only a Prisma schema and its migrations, run with `npx db-check`.
// Nothing of this repository is reachable from there: the tarball must carry every file and dependency it needs.
// Packing runs the package's prepack (scripts/pack.mjs): the sources compiled to dist/, which the packed
// package.json's exports, types and bin name — so the package is also a library that plain node imports.
import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUDGET_MS, budgetFor } from "@/test/support/budgets";

const run = promisify(execFile);
const PACKAGE = path.resolve(import.meta.dirname, "..");
const REPOSITORY = path.resolve(PACKAGE, "..", "..");
const scratch = await mkdtemp(path.join(os.tmpdir(), "db-check-pack-"));
const app = path.join(scratch, "app");
const cleanups = [() => rm(scratch, { recursive: true, force: true })];
afterAll(() => Promise.all(cleanups.map((cleanup) => cleanup())));

const SCHEMA = `generator client {
  provider = "prisma-client"
  output   = "../generated/prisma"
}

datasource db {
  provider = "postgresql"
}

model Account {
  id    String @id
  email String @unique
}
`;

const migrations = {
  "20260101000000_init": `-- CreateTable\nCREATE TABLE "Account" ("id" TEXT NOT NULL, "email" TEXT NOT NULL, "legacy" TEXT, CONSTRAINT "Account_pkey" PRIMARY KEY ("id"));\n\n-- CreateIndex\nCREATE UNIQUE INDEX "Account_email_key" ON "Account"("email");\n`,
  "20260102000000_drop_legacy": `-- AlterTable\nALTER TABLE "Account" DROP COLUMN "legacy";\n`,
};

/** `npx db-check …` in the app, as its developers would run it: exit code and output. */
async function npxDbCheck(args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DB_CHECK_BASE; // the CI running these tests may set it
  return run("npx", ["--no-install", "db-check", ...args], { cwd: app, env }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

beforeAll(
  async () => {
    // Packed from a copy: prepack rewrites package.json and dist/, which the test files running beside this one
    // read through the workspace link. The copy sits under the repository's node_modules, so its build finds
    // TypeScript there as the package itself does.
    await mkdir(path.join(REPOSITORY, "node_modules", ".cache"), { recursive: true });
    const copy = await mkdtemp(path.join(REPOSITORY, "node_modules", ".cache", "db-check-pack-"));
    cleanups.push(() => rm(copy, { recursive: true, force: true }));
    await cp(PACKAGE, copy, { recursive: true, filter: (source) => !/[/\\](node_modules|dist)$/.test(source) });
    await run("npm", ["pack", "--pack-destination", scratch], { cwd: copy });
    const tarball = (await readdir(scratch)).find((file) => file.endsWith(".tgz"))!;
    await mkdir(path.join(app, "prisma", "migrations"), { recursive: true });
    await writeFile(path.join(app, "package.json"), JSON.stringify({ name: "someone-elses-app", private: true, type: "module" }));
    await writeFile(path.join(app, "prisma", "schema.prisma"), SCHEMA);
    await writeFile(path.join(app, "prisma", "migrations", "migration_lock.toml"), `provider = "postgresql"\n`);
    for (const [name, sql] of Object.entries(migrations)) {
      await mkdir(path.join(app, "prisma", "migrations", name));
      await writeFile(path.join(app, "prisma", "migrations", name, "migration.sql"), sql);
    }
    // From npm's cache when it holds the dependencies (it does after this repository's npm ci), else the registry.
    await run("npm", ["install", "--save-dev", "--prefer-offline", "--no-audit", "--no-fund", path.join(scratch, tarball)], { cwd: app });
  },
  budgetFor(BUDGET_MS.install, BUDGET_MS.install),
);

describe("the packed package in a fresh Prisma project", () => {
  it("installs with its own dependencies, beside nothing of this repository", async () => {
    const installed = await readdir(path.join(app, "node_modules"));
    expect(installed).toEqual(expect.arrayContaining(["@starter", "libpg-query", "pg"]));
    expect(installed).not.toContain("prisma"); // the app has only its schema and migrations; db-check needs no Prisma
    // Compiled: no TypeScript source, and nothing to compile it with at run time.
    expect(installed).not.toContain("esbuild");
    expect(await readdir(path.join(app, "node_modules", "@starter", "migration-lint"))).toEqual(
      expect.arrayContaining(["dist", "package.json", "README.md", "LICENSE"]),
    );
    expect(await readdir(path.join(app, "node_modules", "@starter", "migration-lint"))).not.toContain("src");
  });

  it(
    "is a library that plain node imports, with types for TypeScript",
    async () => {
      const script = `import { lintMigrations, formatText, lintMigrationSql, RULE_IDS } from "@starter/migration-lint";
const report = await lintMigrations({ cwd: process.cwd(), all: true });
const sql = await lintMigrationSql('ALTER TABLE "Account" ALTER COLUMN "email" SET NOT NULL;', { history: ['CREATE TABLE "Account" ("email" TEXT)'] });
const rules: string[] = report.files.flatMap((file) => file.findings.map((finding) => finding.rule));
console.log(JSON.stringify({ rules, sql: sql.findings.map((finding) => finding.rule), known: RULE_IDS.has("drop-column"), text: formatText(report).includes("db-check:") }));
`;
      await writeFile(path.join(app, "use.ts"), script);
      // Its types, from the .d.ts the tarball carries (TypeScript and Node's types from this repository: the app has none).
      const tsc = path.join(REPOSITORY, "node_modules", "typescript", "bin", "tsc");
      const types = ["--types", "node", "--typeRoots", path.join(REPOSITORY, "node_modules", "@types")];
      const options = ["--noEmit", "--strict", "--skipLibCheck", "--module", "nodenext", "--moduleResolution", "nodenext", "--target", "es2023", ...types];
      await run(process.execPath, [tsc, ...options, "use.ts"], { cwd: app });
      // Run as JavaScript by node alone: no tsx, no loader, no type stripping.
      await writeFile(path.join(app, "use.mjs"), script.replace("const rules: string[] =", "const rules ="));
      const { stdout } = await run(process.execPath, ["use.mjs"], { cwd: app, env: { ...process.env, NODE_OPTIONS: "" } });
      expect(JSON.parse(stdout)).toEqual({ rules: ["drop-column"], sql: ["set-not-null", "restrict-writes"], known: true, text: true });
    },
    budgetFor(BUDGET_MS.command),
  );

  it(
    "lints the project's migrations with npx db-check: the drop is a finding (exit 1)",
    async () => {
      const { code, stdout } = await npxDbCheck([]);
      expect(stdout).toContain("prisma/migrations/20260102000000_drop_legacy/migration.sql:2  drop-column");
      // lock-timeout warns by default: the project has no config turning it off yet.
      expect(stdout).toMatch(/db-check: 1 finding to fix \(1 warning\); 2 migrations checked: all migrations/);
      expect(code).toBe(1);
    },
    budgetFor(BUDGET_MS.command),
  );

  it(
    "passes once the drop ships as a contract migration, and reads the project's config file",
    async () => {
      await writeFile(
        path.join(app, "prisma", "migrations", "20260102000000_drop_legacy", "migration.sql"),
        `-- db-check:phase contract\nALTER TABLE "Account" DROP COLUMN "legacy";\n`,
      );
      await writeFile(path.join(app, "db-check.config.json"), JSON.stringify({ rules: { "lock-timeout": "off" } }));
      const { code, stdout } = await npxDbCheck(["--format", "sarif"]);
      expect(JSON.parse(stdout).runs[0].results.map((result: { ruleId: string; level: string }) => [result.ruleId, result.level])).toEqual([
        ["drop-column", "note"],
      ]);
      expect(code).toBe(0);
    },
    budgetFor(BUDGET_MS.command),
  );
});
