// `npm run db:check` as CI and people run it: the package's `db-check` bin (precompiled to plain JS by
// bin/precompiled.mjs), spawned in a project folder.
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createServer, type Socket } from "node:net";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { CONNECT_TIMEOUT_MS, runDbCheck, type LintReport } from "@starter/migration-lint";
import { projectRoot } from "@/test/support/prisma-cli";

const scratch = await mkdtemp(path.join(os.tmpdir(), "db-check-cli-"));
afterAll(() => rm(scratch, { recursive: true, force: true }));

// The link npm makes for the package's bin: what `npm run db:check` runs.
const script = path.join(projectRoot, "node_modules", ".bin", "db-check");

function dbCheck(cwd: string, args: string[] = [], env: Record<string, string | undefined> = {}) {
  return node([script, ...args], cwd, env);
}

function node(args: string[], cwd: string, overrides: Record<string, string | undefined> = {}) {
  const env = { ...process.env, ...overrides };
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

/** The version of the server this test file's database (DIRECT_URL) runs on, as db-check shows it: "15.20". */
async function serverVersion() {
  const client = new pg.Client({ connectionString: process.env.DIRECT_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ server_version_num: string }>("SHOW server_version_num");
    const number = Number(rows[0]!.server_version_num);
    return `${Math.floor(number / 10000)}.${number % 10000}`;
  } finally {
    await client.end();
  }
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
    expect(stdout).toBe(
      `db-check: OK — nothing to fix; 2 migrations checked: all migrations (no db-check-baseline.txt); PostgreSQL ${await serverVersion()} (the server at DIRECT_URL).\n`,
    );
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
    // A rename in an expand migration: no acknowledgement can allow it, and the closing line does not offer one.
    expect(lines.at(-2)).toMatch(/Change the migration: an acknowledgement cannot allow these\.$/);
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
      postgres: { version: await serverVersion(), from: "the server at DIRECT_URL" },
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
    [["--format", "xml"], /^db-check: Unknown --format "xml": use text, json, github, sarif or gitlab\. \(see --help\)\n$/],
    [["--config", "nowhere.json"], /^db-check: nowhere\.json: cannot read it \(ENOENT\); fix the path given to --config\.\n$/],
  ])("exits 2 on a usage error: %j", async (args, message) => {
    const cwd = await project({ "1_init": INIT });
    const { code, stdout, stderr } = await dbCheck(cwd, args);
    expect({ code, stdout }).toEqual({ code: 2, stdout: "" });
    expect(stderr).toMatch(message);
    expect(stderr.trim().split("\n")).toHaveLength(1);
  });

  it.each([
    [{ rules: { "no-such-rule": "off" } }, /^db-check: db-check\.config\.json: unknown rule "no-such-rule" in "rules"; use a rule id from/],
    [{ rules: { "drop-column": "silent" } }, /^db-check: db-check\.config\.json: rule "drop-column" is set to "silent"; use "error", "warn" or "off"\.\n$/],
    [{ postgres: "fifteen" }, /^db-check: db-check\.config\.json: "postgres" is "fifteen", not a PostgreSQL version; write it as "15" or "14\.3"\.\n$/],
    [{ exclude: "prisma/migrations/1_init" }, /^db-check: db-check\.config\.json: "exclude" is not a list of paths; write \[/],
    [{ rule: {} }, /^db-check: db-check\.config\.json: unknown key "rule"; the keys are "postgres", "rules" and "exclude"\.\n$/],
    ["{ not json", /^db-check: db-check\.config\.json: not valid JSON \(.*\); fix the syntax\.\n$/],
  ])("exits 2 with one line naming the problem and the fix on a bad config file: %j", async (config, message) => {
    const cwd = await project({ "1_init": INIT });
    await writeFile(path.join(cwd, "db-check.config.json"), typeof config === "string" ? config : JSON.stringify(config));
    const { code, stdout, stderr } = await dbCheck(cwd);
    expect({ code, stdout }).toEqual({ code: 2, stdout: "" });
    expect(stderr).toMatch(message);
    expect(stderr.trim().split("\n")).toHaveLength(1);
  });

  it("exits 2 naming a migration it cannot read", async () => {
    const cwd = await project({ "1_init": INIT });
    await mkdir(path.join(cwd, "prisma/migrations/2_unreadable"));
    // A file the kernel refuses to read even to root (EIO): the tests may run as root, where permissions do not stop a read.
    await symlink("/proc/self/mem", path.join(cwd, "prisma/migrations/2_unreadable/migration.sql"));
    const { code, stdout, stderr } = await dbCheck(cwd);
    expect({ code, stdout }).toEqual({ code: 2, stdout: "" });
    expect(stderr).toBe(
      "db-check: Cannot read prisma/migrations/2_unreadable/migration.sql (EIO): make it a readable file, or remove the folder if it is not a migration. (see --help)\n",
    );
  });

  it("follows the config file: rule levels, the PostgreSQL version, excluded paths", async () => {
    const cwd = await project({
      "1_init": INIT,
      "2_index": `CREATE INDEX CONCURRENTLY "User_id_idx" ON "User"("id");\n`,
      "3_drop": `ALTER TABLE "User" DROP COLUMN "name";\n`,
      "4_legacy": `DROP TABLE "User";\n`,
    });
    const config = { postgres: "14.2", rules: { "drop-column": "warn", "lock-timeout": "off" }, exclude: ["prisma/migrations/4_*/**"] };
    await writeFile(path.join(cwd, "db-check.config.json"), JSON.stringify(config));
    const { code, stdout } = await dbCheck(cwd, ["--json", "--all"]);
    const report = JSON.parse(stdout);
    expect(report.files.map((f: { file: string }) => f.file)).toEqual([
      "prisma/migrations/1_init/migration.sql",
      "prisma/migrations/2_index/migration.sql",
      "prisma/migrations/3_drop/migration.sql",
    ]);
    expect(report.files[1].findings.map((f: { rule: string }) => f.rule)).toEqual(["concurrently-pg14-bug"]);
    expect(report.files[2].findings).toEqual([]);
    expect(report.files[2].warnings.map((w: { rule: string }) => w.rule)).toEqual(["drop-column"]);
    expect(code).toBe(1);
    // --config names another file.
    await writeFile(path.join(cwd, "strict.json"), JSON.stringify({ rules: { "lock-timeout": "error" } }));
    const strict = await dbCheck(cwd, ["--config", "strict.json", "--json", "prisma/migrations/3_drop"]);
    expect(JSON.parse(strict.stdout).files[0].findings.map((f: { rule: string }) => f.rule)).toEqual(["lock-timeout", "drop-column"]);
  });

  it("prints SARIF 2.1.0 for code scanning with --format sarif", async () => {
    const cwd = await project({ "1_init": INIT, "2_drop": `ALTER TABLE "User" DROP COLUMN "name";\n` });
    const { code, stdout } = await dbCheck(cwd, ["--format", "sarif"]);
    const sarif = JSON.parse(stdout);
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs[0].tool.driver).toEqual({ name: "db-check", rules: [{ id: "drop-column", name: "drop-column" }] });
    expect(sarif.runs[0].results).toEqual([
      {
        ruleId: "drop-column",
        ruleIndex: 0,
        level: "error",
        message: { text: expect.stringMatching(/^Drops "User"\."name" .*\n→ /s) },
        locations: [{ physicalLocation: { artifactLocation: { uri: "prisma/migrations/2_drop/migration.sql" }, region: { startLine: 1 } } }],
      },
    ]);
    expect(code).toBe(1);
  });

  it("prints GitLab's code quality report with --format gitlab", async () => {
    const cwd = await project({ "1_init": INIT, "2_drop": `ALTER TABLE "User" DROP COLUMN "name";\n` });
    const { code, stdout } = await dbCheck(cwd, ["--format", "gitlab"]);
    expect(JSON.parse(stdout)).toEqual([
      {
        description: expect.stringMatching(/^Drops "User"\."name" /),
        check_name: "drop-column",
        fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/),
        severity: "major",
        location: { path: "prisma/migrations/2_drop/migration.sql", lines: { begin: 1 } },
      },
    ]);
    expect(code).toBe(1);
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
      // The same database to read the PostgreSQL version from.
      const env = { DIRECT_URL: process.env.DIRECT_URL };
      const io = { cwd, env, stdout: (text: string) => (stdout += text), stderr: (text: string) => (stderr += text) };
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

  it("passes on this repository's own migration history, its acknowledged findings listed with their reasons", async () => {
    const { code, stdout } = await dbCheck(projectRoot, ["--all"]);
    // Release 3's NOT NULL migrations are contract operations: listed for review, not findings to fix.
    expect(stdout).toMatch(
      /(?:^|\n)db-check: OK — nothing to fix(?: \(\d+ acknowledged(?:, \d+ contract operations?)?\))?; \d+ migrations? checked: all migrations; PostgreSQL .*\.\n$/,
    );
    expect(code).toBe(0);
  });
});

describe("the PostgreSQL version the version-dependent rules use", () => {
  // SET NOT NULL proven by a validated CHECK (… IS NOT NULL) skips its scan from PostgreSQL 12 on.
  const proven = {
    "1_init": INIT,
    "2_check": `ALTER TABLE "User" ADD CONSTRAINT "User_name_nn" CHECK ("name" IS NOT NULL) NOT VALID;\n`,
    "3_validate": `ALTER TABLE "User" VALIDATE CONSTRAINT "User_name_nn";\n`,
    "4_not_null": `-- db-check:phase contract\nALTER TABLE "User" ALTER COLUMN "name" SET NOT NULL;\n`,
  };
  const findings = (stdout: string) => (JSON.parse(stdout) as LintReport).files.flatMap((file) => file.findings.map((finding) => finding.rule));

  /** A TCP server that accepts connections and never answers: counts who connects, and makes a client wait. */
  async function silentServer() {
    const sockets: Socket[] = [];
    const server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    return {
      url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
      connections: () => sockets.length,
      close: () => new Promise((resolve) => (sockets.forEach((socket) => socket.destroy()), server.close(resolve))),
    };
  }

  it("without one in the config, is read from the server at DIRECT_URL, and decides the rules", async () => {
    const cwd = await project(proven);
    const { code, stdout } = await dbCheck(cwd, ["--json", "prisma/migrations/4_not_null"]);
    const version = await serverVersion();
    expect(JSON.parse(stdout).postgres).toEqual({ version, from: "the server at DIRECT_URL" });
    // The test server is 12 or later: the validated CHECK spares the scan.
    expect(Number(version.split(".")[0])).toBeGreaterThanOrEqual(12);
    expect(findings(stdout)).toEqual([]);
    expect(code).toBe(0);
    // DATABASE_URL when DIRECT_URL is not set.
    const fromDatabaseUrl = await dbCheck(cwd, ["--json"], { DIRECT_URL: "", DATABASE_URL: process.env.DIRECT_URL });
    expect(JSON.parse(fromDatabaseUrl.stdout).postgres).toEqual({ version, from: "the server at DATABASE_URL" });
  });

  it("comes from the config when set, without connecting to the database", async () => {
    const server = await silentServer();
    try {
      const cwd = await project(proven);
      await writeFile(path.join(cwd, "db-check.config.json"), JSON.stringify({ postgres: "11", rules: { "lock-timeout": "off" } }));
      const { code, stdout } = await dbCheck(cwd, ["--json", "prisma/migrations/4_not_null"], { DIRECT_URL: server.url });
      expect(JSON.parse(stdout).postgres).toEqual({ version: "11.0", from: "db-check.config.json" });
      expect(findings(stdout)).toEqual(["set-not-null"]); // PostgreSQL 11 scans despite the CHECK
      expect(code).toBe(1);
      expect(server.connections()).toBe(0);
    } finally {
      await server.close();
    }
  });

  it("falls back to the default, saying why, when the server does not answer within the timeout", async () => {
    const server = await silentServer();
    try {
      const cwd = await project(proven);
      const started = performance.now();
      const { code, stdout } = await dbCheck(cwd, ["prisma/migrations/4_not_null"], { DIRECT_URL: server.url });
      expect(performance.now() - started).toBeLessThan(CONNECT_TIMEOUT_MS + 5_000);
      expect(server.connections()).toBe(1);
      expect(stdout).toMatch(/; PostgreSQL: a supported release assumed \(13\+, not 14\.0–14\.3\): the server at DIRECT_URL did not answer \(.+\)\.\n$/);
      expect(code).toBe(0);
      const unset = await dbCheck(cwd, ["prisma/migrations/4_not_null"], { DIRECT_URL: "", DATABASE_URL: "" });
      expect(unset.stdout).toMatch(
        /; PostgreSQL: a supported release assumed \(13\+, not 14\.0–14\.3\): no "postgres" in the config, no DIRECT_URL or DATABASE_URL\.\n$/,
      );
    } finally {
      await server.close();
    }
  });
});
