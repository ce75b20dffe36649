// `npm run db:check` as CI and people run it: the package's `db-check` bin (precompiled to plain JS by
// bin/precompiled.mjs), spawned in a project folder.
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runDbCheck } from "@starter/migration-lint";
import { projectRoot } from "@/test/support/prisma-cli";

const scratch = await mkdtemp(path.join(os.tmpdir(), "db-check-cli-"));
afterAll(() => rm(scratch, { recursive: true, force: true }));

// The link npm makes for the package's bin: what `npm run db:check` runs.
const script = path.join(projectRoot, "node_modules", ".bin", "db-check");

function dbCheck(cwd: string, args: string[] = []) {
  return node([script, ...args], cwd);
}

function node(args: string[], cwd: string) {
  const env = { ...process.env };
  delete env.DB_CHECK_BASE; // the CI running these tests may set it
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.once("error", reject);
    child.once("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

const INIT = `-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "name" TEXT,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "User_name_idx" ON "User"("name");
`;

let projects = 0;
/** A project whose migration connection sets lock_timeout (as db:doctor advises): its config turns lock-timeout off. */
async function project(migrations: Record<string, string>, dir = "prisma/migrations") {
  const cwd = path.join(scratch, `p${++projects}`);
  await mkdir(cwd, { recursive: true });
  await writeFile(path.join(cwd, "db-check.config.json"), JSON.stringify({ rules: { "lock-timeout": "off" } }));
  for (const [name, sql] of Object.entries(migrations)) {
    await mkdir(path.join(cwd, dir, name), { recursive: true });
    await writeFile(path.join(cwd, dir, name, "migration.sql"), sql);
  }
  return cwd;
}

describe("npm run db:check", () => {
  it("exits 0 when nothing is dangerous", async () => {
    const cwd = await project({ "1_init": INIT, "2_bio": `-- AlterTable\nALTER TABLE "User" ADD COLUMN "bio" TEXT;\n` });
    const { code, stdout, stderr } = await dbCheck(cwd);
    expect(stderr).toBe("");
    expect(stdout).toBe("db-check: OK — nothing to fix; 2 migrations checked: all migrations (no db-check-baseline.txt).\n");
    expect(code).toBe(0);
  });

  it("exits 1 with each finding as file:line  rule  message → alternative, grouped per file", async () => {
    const cwd = await project({
      "1_init": INIT,
      "2_rename": `/*\n  Warnings:\n\n  - rename\n*/\n-- AlterTable\nALTER TABLE "User" RENAME COLUMN "name" TO "fullName";\n`,
    });
    const { code, stdout } = await dbCheck(cwd);
    const file = "prisma/migrations/2_rename/migration.sql";
    const lines = stdout.split("\n");
    expect(lines[0]).toBe(file);
    expect(lines[1]).toMatch(new RegExp(`^  ${file}:7  rename-column  Renames "User"\\."name" to "fullName"\\. `));
    expect(lines[2]).toMatch(/^ {4}→ .*expand-contract/);
    expect(lines.at(-2)).toMatch(/^db-check: 1 finding to fix; 2 migrations checked: all migrations .*/);
    expect(lines.at(-2)).toMatch(/acknowledge a finding above its statement: -- db-check:allow <rule> reason: <why this is safe here>$/);
    expect(code).toBe(1);
  });

  it("exits 0 when every finding is acknowledged, and lists them with their reasons", async () => {
    const cwd = await project({
      "1_init": INIT,
      "2_index": `-- db-check:allow create-index-non-concurrent reason: "User" holds a few rows\nCREATE INDEX "User_name_idx" ON "User" ("name");\n`,
    });
    const { code, stdout } = await dbCheck(cwd);
    expect(stdout).toContain(`prisma/migrations/2_index/migration.sql:2  create-index-non-concurrent  acknowledged — reason: "User" holds a few rows`);
    expect(stdout).toContain("db-check: OK — nothing to fix (1 acknowledged)");
    expect(code).toBe(0);
  });

  it("prints a machine-readable report with --json", async () => {
    const cwd = await project({
      "1_init": INIT,
      "2_mixed": `-- db-check:allow rename-table reason: nothing to rename\nALTER TABLE "User" ADD COLUMN "age" INTEGER NOT NULL;\n`,
    });
    const { code, stdout } = await dbCheck(cwd, ["--json", "--all"]);
    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toEqual({
      ok: false,
      selection: "all migrations",
      summary: { migrations: 2, findings: 1, acknowledged: 0, contractOperations: 0, warnings: 1 },
      files: [
        { file: "prisma/migrations/1_init/migration.sql", phase: "expand", findings: [], contractOperations: [], acknowledged: [], warnings: [] },
        {
          file: "prisma/migrations/2_mixed/migration.sql",
          phase: "expand",
          contractOperations: [],
          findings: [
            {
              file: "prisma/migrations/2_mixed/migration.sql",
              line: 2,
              rule: "add-column-not-null-without-default",
              message: expect.any(String),
              alternative: expect.any(String),
            },
          ],
          acknowledged: [],
          warnings: [{ file: "prisma/migrations/2_mixed/migration.sql", line: 1, message: expect.stringContaining("matches no finding") }],
        },
      ],
    });
  });

  it("prints GitHub Actions annotations with --format github", async () => {
    const cwd = await project({ "1_init": INIT, "2_drop": `ALTER TABLE "User" DROP COLUMN "name";\n` });
    const { code, stdout } = await dbCheck(cwd, ["--format", "github"]);
    const [annotation, summary] = stdout.trimEnd().split("\n");
    expect(annotation).toMatch(/^::error file=prisma\/migrations\/2_drop\/migration\.sql,line=1,title=db-check drop-column::Drops "User"\."name" /);
    expect(summary).toMatch(/^db-check: 1 finding to fix; 2 migrations checked/);
    expect(code).toBe(1);
  });

  it("exits 2 naming the file, the line and the parser's message when a migration does not parse", async () => {
    const cwd = await project({ "1_init": INIT, "2_broken": `-- AlterTable\nALTER TABLE "User"\n  ADD COLUMN "age" INTEGR NOT NULL DEFAULT;\n` });
    const { code, stdout, stderr } = await dbCheck(cwd);
    expect(stdout).toBe("");
    expect(stderr).toBe(`db-check: prisma/migrations/2_broken/migration.sql:3: does not parse: syntax error at or near ";"\n`);
    expect(code).toBe(2);
  });

  it.each([
    [["--frobnicate"], /^db-check: Unknown option '--frobnicate'\. \(see --help\)\n$/],
    [["prisma/migrations/9_missing"], /^db-check: No such file or folder: prisma\/migrations\/9_missing\. \(see --help\)\n$/],
    [["--base", "no-such-ref"], /^db-check: --base no-such-ref: .* is not in a git repository\. \(see --help\)\n$/],
    [["--all", "--base", "main"], /^db-check: --all and --base exclude each other\. \(see --help\)\n$/],
    [["--format", "xml"], /^db-check: Unknown --format "xml": text, json or github\. \(see --help\)\n$/],
  ])("exits 2 on a usage error: %j", async (args, message) => {
    const cwd = await project({ "1_init": INIT });
    const { code, stdout, stderr } = await dbCheck(cwd, args);
    expect({ code, stdout }).toEqual({ code: 2, stdout: "" });
    expect(stderr).toMatch(message);
    expect(stderr.trim().split("\n")).toHaveLength(1);
  });

  it("reads another migrations folder with --dir, and records a baseline there", async () => {
    const cwd = await project({ "1_init": INIT, "2_rename": `ALTER TABLE "User" RENAME TO "Person";` }, "db/migrations");
    expect((await dbCheck(cwd, ["--dir", "db/migrations"])).code).toBe(1);
    const written = await dbCheck(cwd, ["--dir", "db/migrations", "--write-baseline"]);
    expect(written.stdout).toBe("db-check: baseline set to 2_rename in db/migrations/db-check-baseline.txt; only later migrations are checked.\n");
    expect(await readFile(path.join(cwd, "db/migrations/db-check-baseline.txt"), "utf8")).toContain("\n2_rename\n");
    const after = await dbCheck(cwd, ["--dir", "db/migrations"]);
    expect(after.stdout).toBe("db-check: no migrations to check (migrations after the baseline 2_rename).\n");
    expect(after.code).toBe(0);
  });

  it.each([[[]], [["--json"]], [["--format", "github"]], [["--frobnicate"]]])(
    "prints and exits exactly like the TypeScript source run in-process: %j",
    async (args) => {
      const cwd = await project({ "1_init": INIT, "2_drop": `ALTER TABLE "User" DROP COLUMN "name", ADD COLUMN "fullName" TEXT;\n` });
      let stdout = "";
      let stderr = "";
      const io = { cwd, env: {}, stdout: (text: string) => (stdout += text), stderr: (text: string) => (stderr += text) };
      const code = await runDbCheck(args, io);
      expect(await dbCheck(cwd, args)).toEqual({ code, stdout, stderr });
    },
  );

  it("keeps PostgreSQL's parser on V8's baseline compiler, which would otherwise spend seconds recompiling it", async () => {
    const migrations = Object.fromEntries(Array.from({ length: 20 }, (_, n) => [`${n}_init`, INIT.replaceAll('"User', `"User${n}`)]));
    const cwd = await project(migrations);
    // V8 prints one line per compiled WebAssembly function, naming the compiler ("using Liftoff" or "using TurboFan").
    const trace = "--trace-wasm-compilation-times";
    const parseAll = `import { loadModule, parseSync } from "libpg-query"; import { readFileSync } from "node:fs";
      await loadModule(); for (const file of process.argv.slice(1)) parseSync(readFileSync(file, "utf8"));`;
    const files = Object.keys(migrations).map((name) => path.join(cwd, "prisma/migrations", name, "migration.sql"));
    const plain = await node([trace, "--input-type=module", "-e", parseAll, ...files], projectRoot);
    expect(plain.stdout).toContain("using TurboFan"); // the same parses, outside the CLI, tier up
    const cli = await node([trace, script], cwd);
    expect(cli.code).toBe(0);
    expect(cli.stdout).toContain("using Liftoff");
    expect(cli.stdout).not.toContain("using TurboFan");
  });

  it("passes on this repository's own migration history", async () => {
    const { code, stdout } = await dbCheck(projectRoot, ["--all"]);
    expect(stdout).toMatch(/^db-check: OK — nothing to fix; \d+ migrations? checked: all migrations\.\n$/);
    expect(code).toBe(0);
  });
});
