// Release phases: what an expand migration and a contract migration may hold, and their order in a release.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { formatText, lintMigrations, lintMigrationSql, readPhase, readRequiredBackfills } from "@starter/migration-lint";

const history = [`CREATE TABLE "User" ("id" TEXT NOT NULL, "name" TEXT, "legacy" TEXT, "age" INTEGER);`];
const lint = (sql: string) => lintMigrationSql(sql, { file: "m.sql", history });
const CONTRACT = "-- db-check:phase contract";
// The version a report says the version-dependent rules used.
const postgres = { version: "15.4", from: "db-check.config.json" };

describe("the phase a migration declares", () => {
  it("is expand without a directive, and contract with one on a line of its own", () => {
    expect(readPhase(`ALTER TABLE "User" DROP COLUMN "legacy";`)).toEqual({ phase: "expand" });
    expect(readPhase(`-- AlterTable\n${CONTRACT}\nALTER TABLE "User" DROP COLUMN "legacy";`)).toEqual({ phase: "contract", line: 2 });
    expect(readPhase(`  --db-check:phase   expand  \nSELECT 1;`)).toEqual({ phase: "expand", line: 1 });
  });

  it("is a finding when the directive names no phase, or both", async () => {
    for (const sql of [`-- db-check:phase shrink\nSELECT 1;`, `${CONTRACT}\n-- db-check:phase expand\nSELECT 1;`]) {
      const report = await lint(sql);
      expect(
        report.findings.map((f) => f.rule),
        sql,
      ).toEqual(["invalid-phase"]);
    }
  });

  it("is a finding when the directive is not a line comment of its own (it would declare nothing)", async () => {
    const report = await lint(`ALTER TABLE "User" DROP COLUMN "legacy"; ${CONTRACT}`);
    expect(report.phase).toBe("expand");
    expect(report.findings.map((f) => f.rule)).toEqual(["drop-column", "invalid-phase"]);
  });
});

describe("an expand migration", () => {
  it.each([
    ["drop-column", `ALTER TABLE "User" DROP COLUMN "legacy";`],
    ["drop-table", `DROP TABLE "User";`],
    ["rename-column", `ALTER TABLE "User" RENAME COLUMN "name" TO "fullName";`],
    ["change-column-type", `ALTER TABLE "User" ALTER COLUMN "age" SET DATA TYPE TEXT;`],
  ])("refuses %s even when it is acknowledged", async (rule, statement) => {
    const report = await lint(`-- db-check:allow ${rule} reason: reviewed\n${statement}`);
    expect(report.acknowledged).toEqual([]);
    expect(report.findings.map((f) => f.rule)).toEqual([rule]);
    expect(report.findings[0]!.alternative).toContain("refused even when acknowledged");
    expect(report.findings[0]!.alternative).toContain(CONTRACT);
    // The acknowledgement was read (no "matches no finding" warning), it just cannot allow this.
    expect(report.warnings.filter((warning) => warning.message.includes("matches no finding"))).toEqual([]);
    expect(report.findings[0]!.alternative).toContain(`Your db-check:allow ${rule} (line 1) was read, and does not apply.`);
    // The closing line does not send the reader back to acknowledging it.
    const summary = formatText({ ok: false, selection: "the given paths", files: [report], postgres })
      .trimEnd()
      .split("\n")
      .at(-1);
    expect(summary).toMatch(
      /^db-check: 1 finding to fix( \(1 warning\))?; 1 migration checked: the given paths; PostgreSQL 15\.4 \(db-check\.config\.json\)\. Change the migration: an acknowledgement cannot allow these\.$/,
    );
  });

  it("still offers an acknowledgement in the closing line when a finding can take one", async () => {
    const report = await lint(`ALTER TABLE "User" DROP COLUMN "legacy";\nCREATE INDEX "i" ON "User" ("name");`);
    const summary = formatText({ ok: false, selection: "the given paths", files: [report], postgres })
      .trimEnd()
      .split("\n")
      .at(-1);
    expect(summary).toContain("Change the migration, or acknowledge a finding above its statement: -- db-check:allow <rule> reason:");
  });

  it("takes an acknowledged write restriction, with the reason the running release complies", async () => {
    const sql = `-- db-check:allow set-not-null, restrict-writes reason: tiny table; every release since 2.1 writes a name\nALTER TABLE "User" ALTER COLUMN "name" SET NOT NULL;`;
    const report = await lint(sql);
    expect(report.findings).toEqual([]);
    expect(report.acknowledged.map((f) => f.rule)).toEqual(["set-not-null", "restrict-writes"]);
  });

  it("accepts constraints on columns the running release does not write: new columns and new tables", async () => {
    const sql = [
      `ALTER TABLE "User" ADD COLUMN "teamId" TEXT;`,
      `ALTER TABLE "User" ADD CONSTRAINT "User_teamId_check" CHECK ("teamId" <> '') NOT VALID;`,
      `CREATE TABLE "Team" ("id" TEXT NOT NULL);`,
      `ALTER TABLE "Team" ADD CONSTRAINT "Team_id_check" CHECK ("id" <> '');`,
    ].join("\n");
    expect((await lint(sql)).findings).toEqual([]);
  });

  it("still takes acknowledgements for findings that do not break the running release", async () => {
    const report = await lint(`-- db-check:allow create-index-non-concurrent reason: tiny table\nCREATE INDEX "i" ON "User" ("name");`);
    expect(report.findings).toEqual([]);
    expect(report.acknowledged.map((f) => f.rule)).toEqual(["create-index-non-concurrent"]);
  });
});

describe("a contract migration", () => {
  it("allows drops, renames and tightening (with its backfill), and lists them for review", async () => {
    const sql = [
      CONTRACT,
      `UPDATE "User" SET "name" = '' WHERE "name" IS NULL;`,
      `ALTER TABLE "User" ADD CONSTRAINT "User_name_not_null" CHECK ("name" IS NOT NULL) NOT VALID;`,
      `ALTER TABLE "User" DROP COLUMN "legacy";`,
      `ALTER TABLE "User" RENAME COLUMN "age" TO "years";`,
    ].join("\n");
    const report = await lint(sql);
    expect(report.phase).toBe("contract");
    expect(report.findings).toEqual([]);
    expect(report.contractOperations.map((f) => [f.line, f.rule])).toEqual([
      [3, "restrict-writes"],
      [4, "drop-column"],
      [5, "rename-column"],
    ]);
    expect(formatText({ files: [report], ok: true, selection: "the given paths", postgres })).toContain(
      "m.sql:4  drop-column  contract migration — runs after the new release is live",
    );
  });

  it.each([
    ["set-not-null", `ALTER TABLE "User" ALTER COLUMN "name" SET NOT NULL;`],
    ["change-column-type", `ALTER TABLE "User" ALTER COLUMN "age" SET DATA TYPE BIGINT;`],
    ["add-check-without-not-valid", `ALTER TABLE "User" ADD CONSTRAINT "User_age_check" CHECK ("age" > 0);`],
  ])("still reports the lock of %s: the live release is blocked just the same", async (rule, statement) => {
    const report = await lint(`${CONTRACT}\n${statement}`);
    expect(report.findings.map((f) => [f.line, f.rule])).toEqual([[2, rule]]);
    const acknowledged = await lint(`${CONTRACT}\n-- db-check:allow ${rule} reason: the table holds 40 rows\n${statement}`);
    expect(acknowledged.findings).toEqual([]);
    expect(acknowledged.acknowledged.map((f) => f.rule)).toEqual([rule]);
  });

  it("can make a column NOT NULL without a long lock, step by step over contract migrations (CHECK or PostgreSQL 18's NOT NULL … NOT VALID)", async () => {
    for (const add of [
      `ALTER TABLE "User" ADD CONSTRAINT "User_name_nn" CHECK ("name" IS NOT NULL) NOT VALID;`,
      `ALTER TABLE "User" ADD CONSTRAINT "User_name_nn" NOT NULL "name" NOT VALID;`,
    ]) {
      const steps = [
        `${CONTRACT}\n${add}`,
        `${CONTRACT}\nALTER TABLE "User" VALIDATE CONSTRAINT "User_name_nn";`,
        `${CONTRACT}\nALTER TABLE "User" ALTER COLUMN "name" SET NOT NULL;`,
      ];
      for (const [index, step] of steps.entries()) {
        const report = await lintMigrationSql(step, { history: [...history, ...steps.slice(0, index)] });
        expect(report.findings, step).toEqual([]);
      }
    }
  });

  it("flags the whole recipe written in one file: VALIDATE under the lock of the ADD CONSTRAINT", async () => {
    const sql = [
      CONTRACT,
      `ALTER TABLE "User" ADD CONSTRAINT "User_name_nn" CHECK ("name" IS NOT NULL) NOT VALID;`,
      `ALTER TABLE "User" VALIDATE CONSTRAINT "User_name_nn";`,
      `ALTER TABLE "User" ALTER COLUMN "name" SET NOT NULL;`,
    ].join("\n");
    const report = await lint(sql);
    expect(report.findings.map((f) => [f.line, f.rule])).toEqual([[3, "validate-under-lock"]]);
  });

  it.each([
    ["CREATE TABLE", `CREATE TABLE "Team" ("id" TEXT NOT NULL);`],
    ["CREATE INDEX", `CREATE INDEX CONCURRENTLY "User_name_idx" ON "User" ("name");`],
    ["ALTER TABLE … ADD COLUMN", `ALTER TABLE "User" ADD COLUMN "bio" TEXT;`],
    ["ALTER TABLE … DROP NOT NULL", `ALTER TABLE "User" ALTER COLUMN "id" DROP NOT NULL;`],
    ["CREATE TYPE … AS ENUM", `CREATE TYPE "Role" AS ENUM ('USER', 'ADMIN');`],
    ["ALTER TYPE … ADD VALUE", `ALTER TYPE "Role" ADD VALUE 'OWNER';`],
  ])("refuses what adds to the schema (%s): the code being deployed could not rely on it", async (kind, statement) => {
    const report = await lint(`${CONTRACT}\n${statement}`);
    expect(report.findings.map((f) => [f.line, f.rule])).toEqual([[2, "expand-in-contract"]]);
    expect(report.findings[0]!.message).toContain(kind);
  });

  it("may use a temporary table as scratch space", async () => {
    const sql = `${CONTRACT}\nCREATE TEMP TABLE "keep" AS SELECT "id" FROM "User";\nALTER TABLE "User" DROP COLUMN "legacy";\nDROP TABLE "keep";`;
    const report = await lint(sql);
    expect(report.findings).toEqual([]);
  });
});

describe("the phases of one release", () => {
  const scratch = mkdtemp(path.join(os.tmpdir(), "db-check-phases-"));
  afterAll(async () => rm(await scratch, { recursive: true, force: true }));

  async function project(migrations: Record<string, string>) {
    const cwd = await mkdtemp(path.join(await scratch, "p-"));
    for (const [name, sql] of Object.entries(migrations)) {
      await mkdir(path.join(cwd, "prisma", "migrations", name), { recursive: true });
      await writeFile(path.join(cwd, "prisma", "migrations", name, "migration.sql"), sql);
    }
    return cwd;
  }

  const migrations = {
    "1_init": history[0]!,
    "2_contract": `${CONTRACT}\nALTER TABLE "User" DROP COLUMN "legacy";`,
    "3_expand": `ALTER TABLE "User" ADD COLUMN "bio" TEXT;`,
  };

  it("refuses an expand migration after a contract migration: split the release", async () => {
    const cwd = await project(migrations);
    const report = await lintMigrations({ cwd, paths: ["prisma/migrations/2_contract", "prisma/migrations/3_expand"] });
    expect(report.ok).toBe(false);
    expect(report.files[1]!.findings.map((f) => f.rule)).toEqual(["expand-after-contract"]);
    expect(report.files[1]!.findings[0]!.message).toContain("prisma/migrations/2_contract/migration.sql");
    expect(report.files[1]!.findings[0]!.alternative).toContain("Split the release");
  });

  it("does not judge the order of the whole history (--all): releases alternate there", async () => {
    const cwd = await project(migrations);
    const report = await lintMigrations({ cwd, all: true });
    expect(report.ok).toBe(true);
    expect(report.files.map((f) => f.phase)).toEqual(["expand", "contract", "expand"]);
  });
});

describe("an empty migration", () => {
  it("is a warning, with the command that removes it, and fails nothing", async () => {
    for (const sql of ["", "-- This is an empty migration.\n", "/* nothing */\n\n"]) {
      const report = await lintMigrationSql(sql, { file: "prisma/migrations/2_noop/migration.sql", history });
      expect(report.findings).toEqual([]);
      expect(report.warnings).toEqual([
        { file: "prisma/migrations/2_noop/migration.sql", line: 1, message: expect.stringContaining('remove it: rm -r "prisma/migrations/2_noop"') },
      ]);
    }
  });

  it("is not what a migration with statements gets", async () => {
    expect((await lint(`SET lock_timeout = '5s';\nALTER TABLE "User" ADD COLUMN "bio" TEXT;`)).warnings).toEqual([]);
  });
});

describe("a contract migration that requires a backfill (-- db-check:requires-backfill <name>)", () => {
  const scratch = mkdtemp(path.join(os.tmpdir(), "db-check-backfills-"));
  afterAll(async () => rm(await scratch, { recursive: true, force: true }));

  /** A project with these migrations and prisma/backfills files. */
  async function project(migrations: Record<string, string>, backfills: string[]) {
    const cwd = await mkdtemp(path.join(await scratch, "p-"));
    await mkdir(path.join(cwd, "prisma", "backfills"), { recursive: true });
    for (const name of backfills) await writeFile(path.join(cwd, "prisma", "backfills", `${name}.ts`), "export default {};\n");
    for (const [name, sql] of Object.entries(migrations)) {
      await mkdir(path.join(cwd, "prisma", "migrations", name), { recursive: true });
      await writeFile(path.join(cwd, "prisma", "migrations", name, "migration.sql"), sql);
    }
    return cwd;
  }

  const dropLegacy = (directive: string) => `${CONTRACT}\n${directive}\nALTER TABLE "User" DROP COLUMN "legacy";`;
  const check = async (directive: string, backfills: string[]) => {
    const cwd = await project({ "20261207000000_init": history[0]!, "20261207000002_drop_legacy": dropLegacy(directive) }, backfills);
    return lintMigrations({ cwd, all: true });
  };

  it("passes when the backfill exists and is dated before the migration, and the directive is read as no acknowledgement", async () => {
    const report = await check("-- db-check:requires-backfill 20261207000001_copy_legacy", ["20261207000001_copy_legacy"]);
    expect(report.ok).toBe(true);
    // No warning about the directive (lock-timeout's warning, on the DROP, is another matter).
    expect(report.files[1]!.warnings.filter((warning) => warning.rule !== "lock-timeout")).toEqual([]);
    expect(readRequiredBackfills(dropLegacy("  --db-check:requires-backfill   20261207000001_copy_legacy  "))).toEqual({
      required: [{ name: "20261207000001_copy_legacy", line: 2 }],
      problems: [],
    });
  });

  it.each([
    [
      "names a backfill that does not exist",
      "20261207000001_copy_legacy",
      [],
      /has no 20261207000001_copy_legacy\.ts/,
      /Add prisma\/backfills\/20261207000001_copy_legacy\.ts/,
    ],
    ["names it with another timestamp", "20261207000001_copy_legacy", ["20261206000000_copy_legacy"], /has no/, /Did you mean 20261206000000_copy_legacy\?/],
    [
      "names a backfill dated after the migration",
      "20261207000003_copy_legacy",
      ["20261207000003_copy_legacy"],
      /dated after the migration 20261207000002_drop_legacy/,
      /timestamp before 20261207000002/,
    ],
    ["names nothing", "", [], /names no backfill/, /Name the backfill/],
  ])("fails when the directive %s", async (_, name, backfills, message, alternative) => {
    const report = await check(`-- db-check:requires-backfill ${name}`.trimEnd(), backfills);
    expect(report.ok).toBe(false);
    expect(report.files[1]!.findings).toMatchObject([
      { rule: "requires-backfill", line: 2, message: expect.stringMatching(message), alternative: expect.stringMatching(alternative) },
    ]);
  });

  it("fails in an expand migration: it applies before the release's backfills run", async () => {
    const cwd = await project(
      {
        "20261207000000_init": history[0]!,
        "20261207000002_add_bio": `-- db-check:requires-backfill 20261207000001_copy_legacy\nALTER TABLE "User" ADD COLUMN "bio" TEXT;`,
      },
      ["20261207000001_copy_legacy"],
    );
    const report = await lintMigrations({ cwd, all: true });
    expect(report.files[1]!.findings).toMatchObject([
      { rule: "requires-backfill", message: expect.stringContaining("Only a contract migration can require a backfill") },
    ]);
  });
});
