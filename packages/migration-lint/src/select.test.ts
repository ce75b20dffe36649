// Which migrations are checked: --base (a real temporary git repository), the baseline file, --all,
// explicit paths — and the replayed history always being every earlier migration.
import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BASELINE_FILE, lintMigrations, UsageError, writeBaseline } from "@starter/migration-lint";

const scratch = await mkdtemp(path.join(os.tmpdir(), "db-check-select-"));
afterAll(() => rm(scratch, { recursive: true, force: true }));

const CREATE_USER = `CREATE TABLE "User" ("id" TEXT NOT NULL, "name" VARCHAR(50));`;
const WIDEN_NAME = `ALTER TABLE "User" ALTER COLUMN "name" SET DATA TYPE VARCHAR(100);`; // safe only if the old type is known
const RENAME = `ALTER TABLE "User" RENAME COLUMN "name" TO "fullName";`;

let projects = 0;
/** A project folder with prisma/migrations/<name>/migration.sql for each entry. */
async function project(migrations: Record<string, string>) {
  const cwd = path.join(scratch, `p${++projects}`);
  for (const [name, sql] of Object.entries(migrations)) await addMigration(cwd, name, sql);
  await writeFile(path.join(cwd, "prisma", "migrations", "migration_lock.toml"), 'provider = "postgresql"\n');
  return { cwd, dir: path.join(cwd, "prisma", "migrations") };
}

async function addMigration(cwd: string, name: string, sql: string) {
  await mkdir(path.join(cwd, "prisma", "migrations", name), { recursive: true });
  await writeFile(path.join(cwd, "prisma", "migrations", name, "migration.sql"), sql);
}

const checked = (report: { files: { file: string }[] }) => report.files.map((f) => f.file);

describe("the default: migrations after the baseline", () => {
  it("checks everything when there is no baseline file", async () => {
    const { cwd } = await project({ "1_init": CREATE_USER, "2_rename": RENAME });
    const report = await lintMigrations({ cwd });
    expect(checked(report)).toEqual(["prisma/migrations/1_init/migration.sql", "prisma/migrations/2_rename/migration.sql"]);
    expect(report.selection).toBe(`all migrations (no ${BASELINE_FILE})`);
    expect(report.ok).toBe(false);
  });

  it("checks only the migrations sorted after the baseline, replaying all the earlier ones", async () => {
    const { cwd, dir } = await project({ "20240101000000_init": CREATE_USER, "20240201000000_rename": RENAME });
    await writeFile(path.join(dir, BASELINE_FILE), "# reviewed up to\n20240201000000_rename\n");
    expect(checked(await lintMigrations({ cwd }))).toEqual([]);

    await addMigration(cwd, "20240301000000_widen", `ALTER TABLE "User" ALTER COLUMN "fullName" SET DATA TYPE VARCHAR(100);`);
    const report = await lintMigrations({ cwd });
    expect(checked(report)).toEqual(["prisma/migrations/20240301000000_widen/migration.sql"]);
    // The old type came from the (unchecked) init, through the (unchecked) rename.
    expect(report.ok).toBe(true);
    expect(report.selection).toBe("migrations after the baseline 20240201000000_rename");
  });

  it("writes the newest migration as the baseline", async () => {
    const { cwd, dir } = await project({ "1_init": CREATE_USER, "2_rename": RENAME });
    expect(await writeBaseline(dir)).toBe("2_rename");
    expect(await readFile(path.join(dir, BASELINE_FILE), "utf8")).toMatch(/^# .*\n# .*\n2_rename\n$/);
    expect(checked(await lintMigrations({ cwd }))).toEqual([]);
  });

  it("rejects a baseline file that names nothing, and a missing migrations folder", async () => {
    const { cwd, dir } = await project({ "1_init": CREATE_USER });
    await writeFile(path.join(dir, BASELINE_FILE), "# nothing\n\n");
    await expect(lintMigrations({ cwd })).rejects.toThrow(UsageError);
    await expect(lintMigrations({ cwd, dir: "db/migrations" })).rejects.toThrow("No migrations folder at db/migrations.");
    await expect(writeBaseline(path.join(cwd, "nowhere"))).rejects.toThrow(UsageError);
  });
});

describe("--all", () => {
  it("checks every migration, even before the baseline", async () => {
    const { cwd, dir } = await project({ "1_init": CREATE_USER, "2_rename": RENAME });
    await writeBaseline(dir);
    const report = await lintMigrations({ cwd, all: true });
    expect(checked(report)).toHaveLength(2);
    expect(report.files[1]!.findings.map((f) => f.rule)).toEqual(["rename-column"]);
  });
});

describe("explicit paths", () => {
  it("checks exactly the given folders and files, each with the migrations before it as history", async () => {
    const { cwd } = await project({ "1_init": CREATE_USER, "2_widen": WIDEN_NAME, "3_rename": RENAME });
    const report = await lintMigrations({ cwd, paths: ["prisma/migrations/3_rename", "prisma/migrations/2_widen/migration.sql"] });
    expect(checked(report)).toEqual(["prisma/migrations/3_rename/migration.sql", "prisma/migrations/2_widen/migration.sql"]);
    expect(report.files.map((f) => f.findings.map((x) => x.rule))).toEqual([["rename-column"], []]);
  });

  it("lints a loose SQL file as the next migration after all of them", async () => {
    const { cwd } = await project({ "1_init": CREATE_USER });
    await writeFile(path.join(cwd, "draft.sql"), WIDEN_NAME);
    const report = await lintMigrations({ cwd, paths: ["draft.sql"] });
    // The old type comes from 1_init: the widening is known not to rewrite.
    expect(report.files.map((f) => [f.file, f.phase, f.findings])).toEqual([["draft.sql", "expand", []]]);
  });

  it("rejects a missing path, and a folder without migration.sql", async () => {
    const { cwd } = await project({ "1_init": CREATE_USER });
    await expect(lintMigrations({ cwd, paths: ["prisma/migrations/9_nope"] })).rejects.toThrow("No such file or folder: prisma/migrations/9_nope.");
    await expect(lintMigrations({ cwd, paths: ["prisma"] })).rejects.toThrow("No migration.sql in prisma.");
  });
});

describe("--base <git-ref>", () => {
  const gitEnv = {
    ...process.env,
    GIT_CONFIG_GLOBAL: "/dev/null",
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CEILING_DIRECTORIES: scratch, // never reach a repository around the scratch folder
    GIT_AUTHOR_NAME: "test",
    GIT_AUTHOR_EMAIL: "test@example.com",
    GIT_COMMITTER_NAME: "test",
    GIT_COMMITTER_EMAIL: "test@example.com",
  };
  const git = (cwd: string, ...args: string[]) => execFileSync("git", args, { cwd, env: gitEnv, stdio: "pipe" }).toString();

  it("checks the migrations added or changed since the merge-base: committed, staged, unstaged and untracked", async () => {
    const { cwd, dir } = await project({ "1_init": CREATE_USER, "2_old": `ALTER TABLE "User" ADD COLUMN "bio" TEXT;` });
    git(cwd, "init", "--quiet", "--initial-branch=main");
    git(cwd, "add", ".");
    git(cwd, "commit", "--quiet", "-m", "init");
    git(cwd, "checkout", "--quiet", "-b", "feature");
    await addMigration(cwd, "3_committed", RENAME);
    git(cwd, "add", ".");
    git(cwd, "commit", "--quiet", "-m", "rename");
    await addMigration(cwd, "4_staged", `ALTER TABLE "User" ADD COLUMN "age" INTEGER;`);
    git(cwd, "add", ".");
    await addMigration(cwd, "5_untracked", `DROP TABLE "User";`);
    await writeFile(path.join(dir, "2_old", "migration.sql"), `ALTER TABLE "User" ADD COLUMN "bio" TEXT NOT NULL;`);
    await writeFile(path.join(dir, BASELINE_FILE), "5_untracked\n"); // not a migration folder: ignored
    // main moves on after the branch point: what changed there is not this branch's to check.
    git(cwd, "stash", "--quiet", "--include-untracked");
    git(cwd, "checkout", "--quiet", "main");
    await writeFile(path.join(dir, "1_init", "migration.sql"), `${CREATE_USER}\n-- edited on main\n`);
    git(cwd, "commit", "--quiet", "-am", "edit on main");
    git(cwd, "checkout", "--quiet", "feature");
    git(cwd, "stash", "pop", "--quiet", "--index");

    const report = await lintMigrations({ cwd, base: "main" });
    expect(checked(report)).toEqual([
      "prisma/migrations/2_old/migration.sql",
      "prisma/migrations/3_committed/migration.sql",
      "prisma/migrations/4_staged/migration.sql",
      "prisma/migrations/5_untracked/migration.sql",
    ]);
    expect(report.files.map((f) => f.findings.map((x) => x.rule))).toEqual([["add-column-not-null-without-default"], ["rename-column"], [], ["drop-table"]]);
    expect(report.selection).toBe("migrations added or changed since main");
    // DB_CHECK_BASE is the default base; an explicit base wins over the baseline file.
    expect(checked(await lintMigrations({ cwd, env: { DB_CHECK_BASE: "main" } }))).toHaveLength(4);
    expect(checked(await lintMigrations({ cwd, base: "HEAD" }))).toEqual([
      "prisma/migrations/2_old/migration.sql",
      "prisma/migrations/4_staged/migration.sql",
      "prisma/migrations/5_untracked/migration.sql",
    ]);
  });

  it("rejects an unknown ref, an option-like ref and a folder outside git", async () => {
    const { cwd } = await project({ "1_init": CREATE_USER });
    await expect(lintMigrations({ cwd, base: "main" })).rejects.toThrow(/--base main: .* is not in a git repository\./);
    git(cwd, "init", "--quiet", "--initial-branch=main");
    git(cwd, "add", ".");
    git(cwd, "commit", "--quiet", "-m", "init");
    await expect(lintMigrations({ cwd, base: "origin/nope" })).rejects.toThrow(`--base origin/nope: unknown git ref "origin/nope".`);
    await expect(lintMigrations({ cwd, base: "--output=x" })).rejects.toThrow(UsageError);
    await expect(lintMigrations({ cwd, env: { DB_CHECK_BASE: "nope" } })).rejects.toThrow(`DB_CHECK_BASE=nope: unknown git ref "nope".`);
  });
});
