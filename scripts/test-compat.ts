// `npm run test:compat -- --base <git ref> [vitest filters…]`: proves that the release before keeps
// working on this branch's schema, and that this branch works once its contract migrations ran.
//
// 1. The code of <base>, checked out in a temporary work tree, runs its own database-backed tests with
//    its own harness — on a schema made by THIS branch's migrations up to its expand phase (its
//    prisma/migrations folder is swapped for them). That is the production situation during a
//    deploy: the old release serves while the expand migrations apply.
// 2. This branch's tests run on every migration, contract ones included (its harness applies them in
//    order: the expand ones, then the contract ones).
// Exit 0: both pass. 1: tests failed (listed). 2: bad arguments, a dirty work tree, an unknown ref.
import { spawn, type StdioOptions } from "node:child_process";
import { cp, mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { listMigrations, readPhase } from "@starter/migration-lint";
import { addReleaseWorktree, git } from "./release-worktree.ts";

/**
 * The template's database-backed tests: the app's, not its tooling's (packages/, since the tools left
 * lib/migrations). Given as folders, not as the Vitest project "app", because <base> may predate the
 * projects; the exclusion keeps older bases, whose lib/migrations still held the tools, to the app too.
 */
export const APP_TESTS = ["app/", "lib/"];
const TOOLING_TESTS = "lib/migrations/**";
const USAGE = "Usage: npm run test:compat -- --base <git ref> [--previous-only] [vitest filters…]";

class CompatUsageError extends Error {}

async function main(argv: string[], cwd: string): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { base: { type: "string" }, "previous-only": { type: "boolean", default: false } },
    allowPositionals: true,
  });
  if (!values.base) throw new CompatUsageError(`--base is required. ${USAGE}`);
  const root = (await git(cwd, "rev-parse", "--show-toplevel").catch(() => "")).trim();
  if (!root) throw new CompatUsageError(`${cwd} is not in a git repository.`);
  const dirty = (await git(root, "status", "--porcelain")).split("\n").filter(Boolean);
  if (dirty.length) {
    throw new CompatUsageError(
      `the work tree has uncommitted changes (${dirty
        .slice(0, 3)
        .map((line) => line.slice(3))
        .join(", ")}${dirty.length > 3 ? ", …" : ""}): ` + "commit or stash them, so that what is tested is what will merge.",
    );
  }
  const base = (await git(root, "rev-parse", "--verify", "--quiet", `${values.base}^{commit}`).catch(() => "")).trim();
  if (!base || values.base.startsWith("-")) {
    throw new CompatUsageError(`unknown git ref "${values.base}": fetch it first (e.g. git fetch origin main) or name an existing branch or commit.`);
  }
  const filters = positionals.length ? positionals : APP_TESTS;
  const exclude = positionals.length ? [] : [TOOLING_TESTS];

  const expand = await expandMigrations(root, base);
  console.log(
    `test:compat: ${base.slice(0, 12)} (${values.base}) on this branch's expand migrations (${expand.length}, up to ${expand.at(-1)?.name ?? "none"})`,
  );
  const scratch = await mkdtemp(path.join(os.tmpdir(), "test-compat-"));
  const worktree = path.join(scratch, "base");
  const failures: string[] = [];
  const tree = await addReleaseWorktree(root, base, worktree);
  try {
    const migrations = path.join(worktree, "prisma", "migrations");
    await rm(migrations, { recursive: true, force: true });
    for (const migration of expand) await cp(path.dirname(migration.file), path.join(migrations, migration.name), { recursive: true });
    await cp(path.join(root, "prisma", "migrations", "migration_lock.toml"), path.join(migrations, "migration_lock.toml")).catch(() => {});
    await run(worktree, "prisma", ["generate"], { quiet: true });
    failures.push(...(await vitest(worktree, filters, exclude, path.join(scratch, "base.json"), "the previous release")));
  } finally {
    await tree.remove();
  }
  try {
    // CI runs this branch's whole suite right after (on every migration, as its harness does): it
    // passes --previous-only rather than run the same tests twice.
    if (!values["previous-only"]) {
      console.log("test:compat: this branch on every migration (expand, then contract)");
      await run(root, "prisma", ["generate"], { quiet: true });
      failures.push(...(await vitest(root, filters, exclude, path.join(scratch, "current.json"), "this branch")));
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  if (failures.length) {
    console.error(`\ntest:compat: ${failures.length} failing test${failures.length === 1 ? "" : "s"}:\n${failures.map((f) => `  - ${f}`).join("\n")}`);
    console.error(
      "A migration this branch applies before its deploy breaks the release that is still running: move the breaking statement to a contract migration (-- db-check:phase contract).",
    );
    return 1;
  }
  console.log("test:compat: OK — the previous release works on the expand schema, and this branch on the contract schema.");
  return 0;
}

/** This branch's migrations, minus the contract migrations that are new since <base> (they run after the deploy). */
async function expandMigrations(root: string, base: string) {
  const atBase = new Set((await git(root, "ls-tree", "--name-only", `${base}:prisma/migrations`).catch(() => "")).split("\n").filter(Boolean));
  const local = [];
  for (const migration of await listMigrations(path.join(root, "prisma", "migrations"))) {
    local.push({ ...migration, phase: readPhase(await readFile(migration.file, "utf8")).phase, isNew: !atBase.has(migration.name) });
  }
  const firstContract = local.findIndex((m) => m.isNew && m.phase === "contract");
  const misplaced = firstContract === -1 ? undefined : local.slice(firstContract).find((m) => m.isNew && m.phase === "expand");
  if (misplaced) {
    throw new CompatUsageError(
      `expand migration ${misplaced.name} comes after contract migration ${local[firstContract]!.name}: split the release (see npm run db:check).`,
    );
  }
  return local.filter((m) => !(m.isNew && m.phase === "contract"));
}

/** Runs the vitest of `dir` on its own harness; returns the failing tests as "file > test". */
async function vitest(dir: string, filters: string[], exclude: string[], report: string, label: string): Promise<string[]> {
  const args = ["run", ...filters, ...exclude.flatMap((glob) => ["--exclude", glob]), "--reporter=default", "--reporter=json", `--outputFile.json=${report}`];
  const code = await run(dir, "vitest", args);
  const parsed = await readFile(report, "utf8").then(
    (text) => JSON.parse(text) as { testResults: { name: string; message?: string; assertionResults: { fullName: string; status: string }[] }[] },
    () => undefined,
  );
  if (!parsed) return code === 0 ? [] : [`${label}: vitest exited with ${code} before reporting`];
  const failed = parsed.testResults.flatMap((file) => {
    const name = path.relative(dir, file.name);
    const tests = file.assertionResults.filter((test) => test.status === "failed").map((test) => `${label}: ${name} > ${test.fullName}`);
    return tests.length || !file.message ? tests : [`${label}: ${name} (${file.message.split("\n")[0]})`];
  });
  return failed.length || code === 0 ? failed : [`${label}: vitest exited with ${code}`];
}

function run(cwd: string, command: string, args: string[], { quiet = false } = {}): Promise<number> {
  // A nested vitest must not believe it runs inside the outer one.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("VITEST"))) as NodeJS.ProcessEnv;
  const output: StdioOptions = ["ignore", quiet ? "pipe" : "inherit", quiet ? "pipe" : "inherit"];
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(cwd, "node_modules", ".bin", command), args, {
      cwd,
      env: { ...env, CHECKPOINT_DISABLE: "1", NEXT_TELEMETRY_DISABLED: "1" },
      stdio: output,
    });
    let captured = "";
    child.stdout?.on("data", (chunk: Buffer) => (captured += chunk));
    child.stderr?.on("data", (chunk: Buffer) => (captured += chunk));
    child.once("error", reject);
    child.once("exit", (code) => {
      if (quiet && code !== 0) reject(new Error(`${command} ${args.join(" ")} failed in ${cwd} (exit ${code}):\n${captured}`));
      else resolve(code ?? 1);
    });
  });
}

try {
  process.exitCode = await main(process.argv.slice(2), process.cwd());
} catch (error) {
  if (!(error instanceof CompatUsageError) && !(error instanceof TypeError && String((error as NodeJS.ErrnoException).code).startsWith("ERR_PARSE_ARGS")))
    throw error;
  console.error(`test:compat: ${error.message}`);
  process.exitCode = 2;
}
