// `npm run test:compat` on real releases: a scratch clone of this repository receives commits the way
// a pull request would, and the command (from this checkout) judges them with the real test suites.
import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile, appendFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { projectRoot } from "@/test/support/prisma-cli";
import { runScript } from "@/test/support/scripts";
import { BUDGET_MS, budgetFor } from "@/test/support/budgets";

const scratch = await mkdtemp(path.join(os.tmpdir(), "compat-repo-"));
const repo = path.join(scratch, "repo");
let base: string;

const git = (...args: string[]) =>
  execFileSync("git", ["-c", "user.email=ci@example.com", "-c", "user.name=CI", ...args], { cwd: repo, encoding: "utf8" }).trim();

// Its suites run on this run's PostgreSQL server (each makes its own template and databases there),
// not on one embedded server each that they would start beside it.
function testCompat(args: string[]) {
  return runScript("scripts/test-compat.ts", args, { cwd: repo, env: { ...process.env, TEST_DATABASE_URL: inject("testDatabase").serverUrl } });
}

/** A commit on a fresh branch from `from`, adding the given files. */
async function release(from: string, files: Record<string, string>) {
  git("checkout", "--quiet", "--detach", from);
  for (const [file, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(repo, file)), { recursive: true });
    await writeFile(path.join(repo, file), content);
  }
  git("add", "-A");
  git("commit", "--quiet", "-m", "release");
  return git("rev-parse", "HEAD");
}

const migration = (name: string) => `prisma/migrations/${name}/migration.sql`;

beforeAll(async () => {
  execFileSync("git", ["clone", "--quiet", projectRoot, repo]);
  await symlink(path.join(projectRoot, "node_modules"), path.join(repo, "node_modules"), "dir");
  await appendFile(path.join(repo, ".git", "info", "exclude"), "node_modules\n");
  base = git("rev-parse", "HEAD");
}, budgetFor(BUDGET_MS.copy));

afterAll(() => rm(scratch, { recursive: true, force: true }));

describe("npm run test:compat", { timeout: budgetFor(BUDGET_MS.release, BUDGET_MS.release, BUDGET_MS.copy) }, () => {
  it("passes a release that adds a nullable column", async () => {
    const schema = (await readFile(path.join(repo, "prisma", "schema.prisma"), "utf8")).replace(
      "  image         String?\n",
      "  image         String?\n  nickname      String?\n",
    );
    const head = await release(base, {
      [migration("29990101000000_add_nickname")]: `ALTER TABLE "User" ADD COLUMN "nickname" TEXT;\n`,
      "prisma/schema.prisma": schema,
    });
    const result = await testCompat(["--base", base, "lib/users/profile.test.ts"]);
    expect(result.output).toContain("test:compat: this branch on every migration");
    expect(result.output).toContain("test:compat: OK");
    expect(result.code, result.output).toBe(0);
    git("checkout", "--quiet", "--detach", head);
  });

  it("fails a release whose expand migration drops a column, acknowledged or not: the previous release still selects it", async () => {
    await release(base, {
      [migration("29990101000000_drop_image")]: `-- db-check:allow drop-column reason: nobody reads it\nALTER TABLE "User" DROP COLUMN "image";\n`,
    });
    // --previous-only: where this branch's own suite runs next anyway (CI).
    const result = await testCompat(["--base", base, "--previous-only", "lib/users/profile.test.ts"]);
    expect(result.code, result.output).toBe(1);
    expect(result.output).not.toContain("test:compat: this branch on every migration");
    expect(result.output).toMatch(/test:compat: \d+ failing tests?:\n {2}- the previous release: lib\/users\/profile\.test\.ts > /);
    expect(result.output).toContain("move the breaking statement to a contract migration");
  });

  it("passes each step of the expand-contract example, one release at a time", async () => {
    const example = path.join(projectRoot, "examples", "expand-contract");
    const sql = async (from: string) => readFile(path.join(example, "migrations", from, "migration.sql"), "utf8");
    // The release's test: the version's own code creates, renames and reads back an author.
    const suite = (version: string, client: string) => `import { execFileSync } from "node:child_process";
import { beforeAll, expect, it } from "vitest";
beforeAll(() => {
  execFileSync("node_modules/.bin/prisma", ["generate", "--schema", "examples/expand-contract/schema/${client}.prisma"], { stdio: "ignore" });
}, ${BUDGET_MS.command});
it("creates, renames and reads an author (${version})", async () => {
  const { connect } = await import("../examples/expand-contract/app/${version}.ts");
  const authors = connect(process.env.DATABASE_URL!);
  const id = await authors.create("a-" + Date.now() + "@example.com", "Ada");
  await authors.rename(id, "Ada L.");
  expect(await authors.readName(id)).toBe("Ada L.");
  await authors.disconnect();
});
`;
    const v0 = await release(base, {
      [migration("29990101000000_author_init")]: await sql("20261125074243_init"),
      "compat/authors.test.ts": suite("v0", "v0"),
    });
    const steps = [
      {
        files: {
          [migration("29990101000001_expand_add_display_name")]: await sql("20261125074244_expand_add_display_name"),
          "compat/authors.test.ts": suite("v1", "v1"),
        },
      },
      { files: { "compat/authors.test.ts": suite("v2", "v1") } },
      {
        files: {
          [migration("29990101000002_contract_drop_name")]: await sql("20261125074246_contract_drop_name"),
          "compat/authors.test.ts": suite("v3", "v3"),
        },
      },
    ];
    let previous = v0;
    for (const [index, step] of steps.entries()) {
      const head = await release(previous, step.files);
      const result = await testCompat(["--base", previous, "compat/"]);
      expect(result.code, `step ${index + 1}:\n${result.output}`).toBe(0);
      previous = head;
    }
  });

  it.each([
    [["--base", "no-such-branch"], /^test:compat: unknown git ref "no-such-branch": fetch it first/m],
    [["lib/users"], /^test:compat: --base is required\./m],
  ])("exits 2 with one line for %j", async (args, message) => {
    git("checkout", "--quiet", "--detach", base);
    const result = await testCompat(args);
    expect(result.code).toBe(2);
    expect(result.output).toMatch(message);
  });

  it("exits 2 on a dirty work tree, naming the changed files", async () => {
    git("checkout", "--quiet", "--detach", base);
    await writeFile(path.join(repo, "README.md"), "changed\n");
    const result = await testCompat(["--base", base]);
    git("checkout", "--quiet", "--", "README.md");
    expect(result.code).toBe(2);
    expect(result.output).toMatch(/^test:compat: the work tree has uncommitted changes \(README\.md\): commit or stash them/m);
  });
});
