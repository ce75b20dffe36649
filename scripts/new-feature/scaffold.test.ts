// The measure of `npm run new:feature`: in a scratch clone of this repository (its committed HEAD,
// with this checkout's node_modules hard-linked), a generated feature passes `npm run typecheck`,
// ESLint, `npm run db:check`, its own generated tests, the API's documentation and fuzz tests and
// the isolation matrix (every role of two organizations on its actions, pages and operations) — with
// no file edited by hand — and then its e2e spec, with the accessibility and phone-width
// checks of every dashboard page, on a production build of the scratch copy; and `--remove` then
// undoes it, leaving a migration that drops the table, the shared files as they were and a tree that typechecks. ESLint runs on the
// generated and edited files only (the whole tree is what `npm run lint` checks in CI anyway, and
// its type-aware rules take minutes on 2 cores). The feature's name is one the clone has not taken
// (a user's committed TaskList would otherwise break this test).
import { execFileSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { stripVTControlCharacters } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { untakenFeatureName } from "@/test/support/feature-names";
import { freePort } from "@/test/support/free-port";
import { projectRoot } from "@/test/support/prisma-cli";
import { runCaptured } from "@/test/support/processes";
import { parseFeature, snakeCase, type FeatureSpec } from "./spec.ts";
import { BUDGET_MS, budgetFor } from "@/test/support/budgets";

const scratch = await mkdtemp(path.join(os.tmpdir(), "new-feature-scaffold-"));
const repo = path.join(scratch, "repo");
afterAll(() => rm(scratch, { recursive: true, force: true }));

// The scratch repository migrates this test file's own database; a nested vitest gets the same
// server for its databases, and must not believe it runs inside this one.
const env = (overrides: Record<string, string>): NodeJS.ProcessEnv =>
  ({
    ...(Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("VITEST"))) as NodeJS.ProcessEnv),
    CHECKPOINT_DISABLE: "1",
    NEXT_TELEMETRY_DISABLED: "1",
    TEST_DATABASE_URL: inject("testDatabase").serverUrl,
    TEST_DATABASE_PATH: "pg",
    ...overrides,
  }) as NodeJS.ProcessEnv;
const database = env({ DATABASE_URL: process.env.DIRECT_URL!, DIRECT_URL: process.env.DIRECT_URL! });

const run = (command: string, args: string[], runEnv: NodeJS.ProcessEnv = database) => runCaptured(command, args, { cwd: repo, env: runEnv });

const changedFiles = () =>
  execFileSync("git", ["status", "--porcelain", "--untracked-files=all"], { cwd: repo, encoding: "utf8" })
    .split("\n")
    .filter(Boolean)
    .map((line) => line.slice(3).replace(/^"|"$/g, ""))
    .sort();

const FIELDS = ["name:string", "summary:string?", "notes:text?", "done:boolean", "position:int", "estimate:int?"];
let FEATURE: string[];
let spec: FeatureSpec;

beforeAll(() => {
  execFileSync("git", ["clone", "--quiet", projectRoot, repo]);
  execFileSync("cp", ["-al", path.join(projectRoot, "node_modules"), path.join(repo, "node_modules")]);
  FEATURE = [untakenFeatureName(repo, "TaskList"), ...FIELDS];
  spec = parseFeature(FEATURE);
});

describe(
  "npm run new:feature, in a scratch copy of the repository",
  { timeout: budgetFor(BUDGET_MS.build, BUDGET_MS.browserRun, BUDGET_MS.databaseStart, BUDGET_MS.browserLaunch, BUDGET_MS.stop) },
  () => {
    it("puts every file back when the migration cannot be created (no database)", async () => {
      const unreachable = env({ DATABASE_URL: "postgresql://postgres@127.0.0.1:9/none", DIRECT_URL: "postgresql://postgres@127.0.0.1:9/none" });
      const result = await run("npm", ["run", "new:feature", "--", ...FEATURE], unreachable);
      expect(result.code, result.output).toBe(1);
      expect(result.output).toContain("new:feature: Could not create the migration");
      expect(changedFiles()).toEqual([]);
    });

    it("generates a feature that passes typecheck, lint, db:check and its own tests with no hand edits", async () => {
      const generated = await run("npm", ["run", "new:feature", "--", ...FEATURE]);
      expect(generated.code, generated.output).toBe(0);
      const files = changedFiles();
      const migration = files.find((file) => file.endsWith(`_add_${snakeCase(spec.camelPlural)}/migration.sql`));
      expect(migration).toBeDefined();
      const { kebab, kebabPlural: plural } = spec;
      expect(files).toEqual(
        [
          `app/(dashboard)/dashboard/[org]/${plural}/[id]/delete-${kebab}-form.tsx`,
          `app/(dashboard)/dashboard/[org]/${plural}/[id]/edit-${kebab}-form.tsx`,
          `app/(dashboard)/dashboard/[org]/${plural}/[id]/page.tsx`,
          `app/(dashboard)/dashboard/[org]/${plural}/actions.ts`,
          `app/(dashboard)/dashboard/[org]/${plural}/list-item.ts`,
          `app/(dashboard)/dashboard/[org]/${plural}/new-${kebab}-form.tsx`,
          `app/(dashboard)/dashboard/[org]/${plural}/page.test.tsx`,
          `app/(dashboard)/dashboard/[org]/${plural}/page.tsx`,
          `app/(dashboard)/dashboard/[org]/${plural}/${kebab}-list.tsx`,
          "app/api/v1/routes.ts",
          `app/api/v1/${plural}/[id]/route.ts`,
          `app/api/v1/${plural}/route.test.ts`,
          `app/api/v1/${plural}/route.ts`,
          "components/dashboard/nav-items.ts",
          `components/${plural}/${kebab}-fields.tsx`,
          `e2e/${plural}.spec.ts`,
          `lib/${plural}/schemas.ts`,
          `lib/${plural}/${plural}.test.ts`,
          `lib/${plural}/${plural}.ts`,
          "lib/organizations/permissions.ts",
          migration!,
          "prisma/schema.prisma",
          `scripts/new-feature/manifests/${plural}.json`,
          "test/support/access.ts",
        ].sort(),
      );
      expect(generated.output).toContain("db-check: OK");

      const typecheck = await run("npm", ["run", "typecheck"]);
      expect(typecheck.code, typecheck.output).toBe(0);
      const code = files.filter((file) => /\.tsx?$/.test(file));
      const lint = await run(path.join("node_modules", ".bin", "eslint"), ["--max-warnings=0", ...code]);
      expect(lint.code, lint.output).toBe(0);
      const format = await run(path.join("node_modules", ".bin", "prettier"), ["--check", ...files.filter((file) => /\.(tsx?|json)$/.test(file))]);
      expect(format.code, format.output).toBe(0);
      const dbCheck = await run("npm", ["run", "db:check"]);
      expect(dbCheck.code, dbCheck.output).toBe(0);

      const tests = await run(path.join("node_modules", ".bin", "vitest"), [
        "run",
        "--maxWorkers=2",
        "--reporter=verbose",
        `lib/${spec.kebabPlural}`,
        `app/api/v1/${spec.kebabPlural}`,
        `app/(dashboard)/dashboard/[org]/${spec.kebabPlural}`,
        "app/api/v1/openapi.json",
        "app/api/v1/fuzz.test.ts",
        "test/isolation.test.ts",
      ]);
      expect(tests.code, tests.output).toBe(0);
      // The generated tests ran (the queries', the API's, the page's), and so did the documentation's and the fuzz test's on the new
      // routes, and the isolation matrix on the feature's actions, pages and operations (its generated line in test/support/access.ts).
      const output = stripVTControlCharacters(tests.output);
      expect(output).toMatch(/Test Files\s+6 passed \(6\)/);
      for (const action of [`create${spec.model}Action`, `update${spec.model}Action`, `delete${spec.model}Action`])
        expect(output).toContain(`${spec.kebabPlural}/actions.ts#${action}`);
      expect(output).toContain(`${spec.kebabPlural}/[id]/page.tsx: a 404 for non-members`);
    });

    it("builds, and the generated e2e spec and the checks of every dashboard page pass in a browser", async () => {
      // The navigation's single list now holds the new section: the accessibility scan (both themes)
      // and the phone-width check visit it with every other dashboard page.
      const e2e = await run(
        path.join("node_modules", ".bin", "playwright"),
        [
          "test",
          "--project=e2e",
          "--reporter=list",
          `e2e/${spec.kebabPlural}.spec.ts`,
          "e2e/accessibility.spec.ts",
          "e2e/responsive.spec.ts",
          "--grep",
          `${spec.words}|every dashboard page`,
        ],
        env({ E2E_PORT: String(await freePort()) }),
      );
      expect(e2e.code, e2e.output).toBe(0);
      const output = stripVTControlCharacters(e2e.output);
      expect(output).toContain(`a ${spec.words} made in the dashboard is listed, edited and deleted`);
      expect(output).toMatch(/\b4 passed\b/);
    });

    it("removes it with --remove: the tree typechecks again, and db:migrate applies the migration that drops the table", async () => {
      // Applied first, as a person would have: the drop then has a table to drop.
      const migrated = await run("npm", ["run", "db:migrate"]);
      expect(migrated.code, migrated.output).toBe(0);
      const removed = await run("npm", ["run", "new:feature", "--", "--remove", spec.model]);
      expect(removed.code, removed.output).toBe(0);
      // Only the two migrations remain: the feature's own (databases that applied it keep their history) and the drop;
      // the files it edited (the isolation matrix's registry among them) are back as committed, byte for byte.
      const files = changedFiles();
      expect(files).toEqual([
        expect.stringMatching(`_add_${snakeCase(spec.camelPlural)}/migration.sql$`),
        expect.stringMatching(`_remove_${snakeCase(spec.camelPlural)}/migration.sql$`),
      ]);
      expect(removed.output).toContain("db-check: OK");

      const typecheck = await run("npm", ["run", "typecheck"]);
      expect(typecheck.code, typecheck.output).toBe(0);
      const dropped = await run("npm", ["run", "db:migrate"]);
      expect(dropped.code, dropped.output).toBe(0);
      const status = await run("npm", ["run", "db:status"]);
      expect(status.code, status.output).toBe(0);
      expect(status.output).toContain("Database schema is up to date");
    });
  },
);
