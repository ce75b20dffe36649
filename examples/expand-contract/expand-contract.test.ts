// The zero-downtime rename of Author.name → Author.displayName, run against a real PostgreSQL
// while the app versions on both sides of each step serve traffic the whole time.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { lintMigrations } from "@starter/migration-lint";
import { dropDatabase, uniqueDatabaseName, withDatabase } from "@/test/support/database";
import { PROGRESS_TABLE_SQL } from "@starter/migrate";
import { projectRoot } from "@/test/support/prisma-cli";
import { runCaptured } from "@/test/support/processes";
import { createScriptProject } from "@/test/support/script-project";
import { BUDGET_MS, budgetFor } from "@/test/support/budgets";
import type { Authors } from "./app/authors.ts";

const exampleDir = import.meta.dirname;
const OVERLAP_MS = 400;

type Version = { connect(url: string): Authors };
let versions: Record<"v0" | "v1" | "v2" | "v3", Version>;

/** One running instance of an app version: creates its own authors, renames them, reads them back. */
class Workload {
  readonly errors: string[] = [];
  /** What this instance last wrote for each of its authors. */
  readonly written = new Map<number, string>();
  operations = 0;
  private running = false;
  private loop: Promise<void> | undefined;
  private readonly authors: Authors;

  constructor(
    readonly label: string,
    version: Version,
    url: string,
  ) {
    this.authors = version.connect(url);
  }

  start() {
    this.running = true;
    this.loop = this.run();
    return this;
  }

  async stop() {
    this.running = false;
    await this.loop;
    await this.authors.disconnect();
  }

  private async run() {
    for (let n = 0; this.running; n++) {
      await this.attempt(async () => {
        const id = await this.authors.create(`${this.label}-${n}-${Math.random()}@example.com`, `${this.label} #${n}`);
        this.written.set(id, `${this.label} #${n}`);
        for (const [otherId] of [...this.written].slice(-3)) {
          const name = `${this.label} #${n} renamed ${otherId}`;
          await this.authors.rename(otherId, name);
          this.written.set(otherId, name);
          const read = await this.authors.readName(otherId);
          if (read !== name) throw new Error(`read ${JSON.stringify(read)} back for author ${otherId}, expected ${JSON.stringify(name)}`);
        }
      });
    }
  }

  private async attempt(operation: () => Promise<void>) {
    try {
      await operation();
      this.operations++;
    } catch (error) {
      this.errors.push(
        String((error as Error).message)
          .split("\n")
          .filter(Boolean)
          .at(-1)!,
      );
    }
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const { serverUrl } = inject("testDatabase");
const databases: string[] = [];

async function newDatabase() {
  const name = uniqueDatabaseName();
  databases.push(name);
  return withDatabase(serverUrl, name);
}

function run(command: string, args: string[]) {
  return runCaptured(path.join(projectRoot, "node_modules", ".bin", command), args, { cwd: projectRoot, env: { ...process.env, CHECKPOINT_DISABLE: "1" } });
}

/**
 * A project that receives the example's migrations and backfill one release at a time, as main would,
 * and runs the commands .github/workflows/deploy.yml runs: `npm run db:deploy -- --phase expand`
 * before the new version rolls out; once it is live, `npm run db:backfill`, then `npm run db:deploy
 * -- --phase contract`. It starts with the template's own migration: the backfills' progress table.
 */
async function releasePipeline(url: string) {
  const project = await createScriptProject();
  await project.writeMigration("20261125000000_backfill_progress", PROGRESS_TABLE_SQL);
  const env = { DIRECT_URL: url };
  const command = async (script: "db-deploy.ts" | "db-backfill.ts", args: string[]) => {
    const result = await project.run(script, args, env);
    expect(result.code, result.output).toBe(0);
    return result.stdout;
  };
  return {
    /** Merges the migration and runs the release's expand phase. */
    async release(from: "migrations" | "naive", migration: string) {
      const sql = await readFile(path.join(exampleDir, from, migration, "migration.sql"), "utf8");
      await project.writeMigration(migration, sql);
      return command("db-deploy.ts", ["--phase", "expand"]);
    },
    /** Merges the backfill, and runs it once the release is live. */
    async backfill(name: string) {
      await project.writeBackfill(name, await readFile(path.join(exampleDir, "backfills", `${name}.ts`), "utf8"));
      return command("db-backfill.ts", []);
    },
    /** The release's contract phase, after its version is live. */
    contract: () => project.run("db-deploy.ts", ["--phase", "contract"], env),
    remove: () => project.remove(),
  };
}

const migrations = (await readdir(path.join(exampleDir, "migrations"))).filter((name) => /^\d+_/.test(name)).sort();
const [initMigration, expandMigration, contractMigration] = migrations as [string, string, string];
const [naiveMigration] = (await readdir(path.join(exampleDir, "naive"))).filter((name) => /^\d+_/.test(name));
const [backfill] = (await readdir(path.join(exampleDir, "backfills"))).map((file) => file.replace(/\.ts$/, "")) as [string];

beforeAll(async () => {
  // Each version's Prisma client, generated from its schema (examples/expand-contract/generated, git-ignored).
  const results = await Promise.all(["v0", "v1", "v3"].map((v) => run("prisma", ["generate", "--schema", path.join(exampleDir, "schema", `${v}.prisma`)])));
  for (const result of results) expect(result.code, result.output).toBe(0);
  versions = {
    v0: await import("./app/v0.ts"),
    v1: await import("./app/v1.ts"),
    v2: await import("./app/v2.ts"),
    v3: await import("./app/v3.ts"),
  };
}, budgetFor(BUDGET_MS.command));

afterAll(async () => {
  for (const name of databases) await dropDatabase(serverUrl, name);
});

describe("expand-contract rename of Author.name to Author.displayName", { timeout: budgetFor(BUDGET_MS.release, BUDGET_MS.command, BUDGET_MS.command) }, () => {
  it("the example's code type-checks against each version's generated client", async () => {
    const result = await run("tsc", ["--noEmit", "-p", path.join(exampleDir, "tsconfig.json")]);
    expect(result.code, result.output).toBe(0);
  });

  it("keeps every query working and every write through all five steps", async () => {
    const url = await newDatabase();
    const pipeline = await releasePipeline(url);
    await pipeline.release("migrations", initMigration);
    const all: Workload[] = [];
    const instance = (label: string, version: Version) => {
      const workload = new Workload(label, version, url).start();
      all.push(workload);
      return workload;
    };

    // Step 1 — add the new column. v0 serves while the migration runs; v1 (writes both) rolls out after.
    const v0 = instance("v0", versions.v0);
    await sleep(OVERLAP_MS);
    await pipeline.release("migrations", expandMigration);
    // Step 2 — write both: v0 and v1 side by side during the rollout, then v0 is gone.
    const v1 = instance("v1", versions.v1);
    await sleep(OVERLAP_MS);
    await v0.stop();

    // Step 3 — npm run db:backfill, in batches, while v1 keeps writing (two instances).
    const v1b = instance("v1b", versions.v1);
    const backfilled = await pipeline.backfill(backfill);
    expect(backfilled).toMatch(new RegExp(`db:backfill: finished ${backfill} \\([1-9]\\d* rows\\)\\. All 1 backfill is finished\\.`));
    const { PrismaClient } = await import("./generated/v1/client.ts");
    const { PrismaPg } = await import("@prisma/adapter-pg");
    const admin = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 1 }) });
    expect(await admin.author.count({ where: { displayName: null, name: { not: null } } })).toBe(0);
    await admin.$disconnect();

    // Step 4 — read new: v2 rolls out next to v1.
    const v2 = instance("v2", versions.v2);
    await sleep(OVERLAP_MS);
    await v1.stop();
    await v1b.stop();

    // Step 5 — drop the old column: v3 (no `name` at all) ships with the contract migration. Its expand
    // phase applies nothing; v3 rolls out next to v2; once v2 is gone, the contract phase drops the
    // column while v3 serves.
    const expandOfV3 = await pipeline.release("migrations", contractMigration);
    expect(expandOfV3).toContain(
      `db:deploy (expand phase): nothing to apply. Waiting for the contract phase (-- db-check:phase contract): ${contractMigration}.`,
    );
    const v3 = instance("v3", versions.v3);
    await sleep(OVERLAP_MS);
    await v2.stop();
    const v3b = instance("v3b", versions.v3);
    const contracted = await pipeline.contract();
    expect(contracted.code, contracted.output).toBe(0);
    expect(contracted.stdout).toContain(`db:deploy (contract phase): applied 1 migration: ${contractMigration}.`);
    await sleep(OVERLAP_MS);
    await v3.stop();
    await v3b.stop();
    await pipeline.remove();

    for (const workload of all) {
      expect(workload.errors, `${workload.label} failed queries`).toEqual([]);
      expect(workload.operations, `${workload.label} did work`).toBeGreaterThan(0);
    }
    // No lost write: every author any version wrote reads back, through the final version, as its last write.
    const reader = versions.v3.connect(url);
    for (const workload of all) {
      for (const [id, name] of workload.written) expect(await reader.readName(id), `${workload.label} author ${id}`).toBe(name);
    }
    await reader.disconnect();
  });

  it("npm run db:check passes every step of the safe sequence (the drop in its contract migration) and flags the naive rename", async () => {
    const safe = await lintMigrations({ cwd: exampleDir, dir: "migrations", all: true });
    expect(safe.ok).toBe(true);
    expect(safe.files.map((file) => path.basename(path.dirname(file.file)))).toEqual(migrations);
    expect(safe.files.map((file) => file.phase)).toEqual(["expand", "expand", "contract"]);
    expect(safe.files.flatMap((file) => file.contractOperations.map((finding) => finding.rule))).toEqual(["drop-column"]);
    expect(safe.files.flatMap((file) => file.acknowledged)).toEqual([]);

    const naive = await lintMigrations({ cwd: exampleDir, dir: "migrations", paths: [path.join("naive", naiveMigration!)] });
    expect(naive.ok).toBe(false);
    expect(naive.files[0]!.findings.map((finding) => finding.rule)).toEqual(["rename-column"]);
  });

  it("the contract phase refuses to drop the old column, applying nothing, until the backfill has finished", async () => {
    const url = await newDatabase();
    const pipeline = await releasePipeline(url);
    await pipeline.release("migrations", initMigration);
    await pipeline.release("migrations", expandMigration);
    await pipeline.release("migrations", contractMigration);

    const refused = await pipeline.contract();
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      `db:deploy: contract phase refused: ${contractMigration} requires the backfill ${backfill}, not started on this database. Nothing was applied. ` +
        "Run npm run db:backfill (with DIRECT_URL on this database), then deploy the contract phase again.\n",
    );
    await pipeline.backfill(backfill);
    expect((await pipeline.contract()).code).toBe(0);
    await pipeline.remove();
  });

  it("the naive RENAME COLUMN breaks the running version at once", async () => {
    const url = await newDatabase();
    const pipeline = await releasePipeline(url);
    await pipeline.release("migrations", initMigration);
    const v0 = new Workload("v0", versions.v0, url).start();
    await sleep(OVERLAP_MS);
    await pipeline.release("naive", naiveMigration!);
    await sleep(OVERLAP_MS);
    await v0.stop();
    await pipeline.remove();

    expect(v0.errors.length).toBeGreaterThan(0);
    expect(v0.errors.join("\n")).toMatch(/column .*name.* does not exist/i);
  });
});
