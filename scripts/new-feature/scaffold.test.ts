// The measure of `npm run new:feature`: in a scratch clone of this repository (its committed HEAD,
// with this checkout's node_modules hard-linked), a generated feature passes `npm run typecheck`,
// ESLint, `npm run db:check`, its own generated tests and the API's documentation and fuzz tests
// — with no file edited by hand — and then its e2e spec, with the accessibility and phone-width
// checks of every dashboard page, on a production build of the scratch copy. ESLint runs on the
// generated and edited files only (the whole tree is what `npm run lint` checks in CI anyway, and
// its type-aware rules take minutes on 2 cores).
import { execFileSync, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { stripVTControlCharacters } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { freePort } from "@/test/support/free-port";
import { projectRoot } from "@/test/support/prisma-cli";

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

function run(command: string, args: string[], runEnv: NodeJS.ProcessEnv = database): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: repo, env: runEnv, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk));
    child.once("error", reject);
    child.once("exit", (code) => resolve({ code: code ?? 1, output }));
  });
}

const changedFiles = () =>
  execFileSync("git", ["status", "--porcelain", "--untracked-files=all"], { cwd: repo, encoding: "utf8" })
    .split("\n")
    .filter(Boolean)
    .map((line) => line.slice(3).replace(/^"|"$/g, ""))
    .sort();

const FEATURE = ["TaskList", "name:string", "summary:string?", "notes:text?", "done:boolean", "position:int", "estimate:int?"];

beforeAll(() => {
  execFileSync("git", ["clone", "--quiet", projectRoot, repo]);
  execFileSync("cp", ["-al", path.join(projectRoot, "node_modules"), path.join(repo, "node_modules")]);
});

describe("npm run new:feature, in a scratch copy of the repository", { timeout: 900_000 }, () => {
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
    const migration = files.find((file) => file.endsWith("_add_task_lists/migration.sql"));
    expect(migration).toBeDefined();
    expect(files).toEqual(
      [
        "app/(dashboard)/dashboard/task-lists/[id]/delete-task-list-form.tsx",
        "app/(dashboard)/dashboard/task-lists/[id]/edit-task-list-form.tsx",
        "app/(dashboard)/dashboard/task-lists/[id]/page.tsx",
        "app/(dashboard)/dashboard/task-lists/actions.ts",
        "app/(dashboard)/dashboard/task-lists/list-item.ts",
        "app/(dashboard)/dashboard/task-lists/new-task-list-form.tsx",
        "app/(dashboard)/dashboard/task-lists/page.tsx",
        "app/(dashboard)/dashboard/task-lists/task-list-list.tsx",
        "app/api/v1/routes.ts",
        "app/api/v1/task-lists/[id]/route.ts",
        "app/api/v1/task-lists/route.test.ts",
        "app/api/v1/task-lists/route.ts",
        "components/dashboard/nav-items.ts",
        "components/task-lists/task-list-fields.tsx",
        "e2e/task-lists.spec.ts",
        "lib/task-lists/schemas.ts",
        "lib/task-lists/task-lists.test.ts",
        "lib/task-lists/task-lists.ts",
        migration!,
        "prisma/schema.prisma",
      ].sort(),
    );
    expect(generated.output).toContain("db-check: OK");

    const typecheck = await run("npm", ["run", "typecheck"]);
    expect(typecheck.code, typecheck.output).toBe(0);
    const code = files.filter((file) => /\.tsx?$/.test(file));
    const lint = await run(path.join("node_modules", ".bin", "eslint"), ["--max-warnings=0", ...code]);
    expect(lint.code, lint.output).toBe(0);
    const format = await run(path.join("node_modules", ".bin", "prettier"), ["--check", ...code]);
    expect(format.code, format.output).toBe(0);
    const dbCheck = await run("npm", ["run", "db:check"]);
    expect(dbCheck.code, dbCheck.output).toBe(0);

    const tests = await run(path.join("node_modules", ".bin", "vitest"), [
      "run",
      "--maxWorkers=2",
      "lib/task-lists",
      "app/api/v1/task-lists",
      "app/api/v1/openapi.json",
      "app/api/v1/fuzz.test.ts",
    ]);
    expect(tests.code, tests.output).toBe(0);
    // The generated tests ran, and so did the documentation's and the fuzz test's on the new routes.
    expect(stripVTControlCharacters(tests.output)).toMatch(/Test Files\s+4 passed \(4\)/);
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
        "e2e/task-lists.spec.ts",
        "e2e/accessibility.spec.ts",
        "e2e/responsive.spec.ts",
        "--grep",
        "task list|every dashboard page",
      ],
      env({ E2E_PORT: String(await freePort()) }),
    );
    expect(e2e.code, e2e.output).toBe(0);
    const output = stripVTControlCharacters(e2e.output);
    expect(output).toContain("a task list made in the dashboard is listed, edited and deleted");
    expect(output).toMatch(/\b4 passed\b/);
  });
});
