// The package README's rule table is the code's: every rule has a row and every row a rule, and an example of
// each rule, linted here, is reported by it — with the lock the table names in its message.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { lintMigrations, lintMigrationSql, RULE_IDS, type Finding, type LintSqlContext } from "@starter/migration-lint";

const readme = readFileSync(path.join(import.meta.dirname, "..", "README.md"), "utf8");
const table = readme.slice(readme.indexOf("<!-- rules:start"), readme.indexOf("<!-- rules:end -->"));
const rows = table
  .split("\n")
  .filter((line) => line.startsWith("| `"))
  .map((line) => line.split(" | ").map((cell) => cell.replace(/^\| /, "").trim()));
const documented = new Map(rows.flatMap(([ids, , lock]) => [...ids!.matchAll(/`([a-z0-9-]+)`/g)].map((match) => [match[1]!, lock!] as const)));

const init = readFileSync(path.join(import.meta.dirname, "fixtures", "init.sql"), "utf8");
const partitioned = `CREATE TABLE "Event" ("at" DATE NOT NULL) PARTITION BY RANGE ("at");\nCREATE TABLE "Event_2026" PARTITION OF "Event" FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');\nCREATE TABLE "Event_2027" ("at" DATE NOT NULL);`;
const CONTRACT = "-- db-check:phase contract";

interface Example {
  sql: string;
  history?: string[];
  config?: LintSqlContext["config"];
}

/** One migration per rule (the phase rules a migration can show alone). */
const EXAMPLES: Record<string, Example> = {
  "rename-column": { sql: `ALTER TABLE "User" RENAME COLUMN "name" TO "fullName";` },
  "rename-table": { sql: `ALTER TABLE "Post" RENAME TO "Article";` },
  "rename-schema": { sql: `ALTER SCHEMA "public" RENAME TO "app";` },
  "rename-type": { sql: `ALTER TYPE "Role" RENAME TO "UserRole";` },
  "add-column-not-null-without-default": { sql: `ALTER TABLE "User" ADD COLUMN "phone" TEXT NOT NULL;` },
  "volatile-default": { sql: `ALTER TABLE "Post" ADD COLUMN "uid" UUID DEFAULT gen_random_uuid();` },
  "drop-column": { sql: `ALTER TABLE "User" DROP COLUMN "name";` },
  "replace-column": {
    sql: `ALTER TABLE "Post" ADD COLUMN "views_new" BIGINT;\nALTER TABLE "Post" DROP COLUMN "views";\nALTER TABLE "Post" RENAME COLUMN "views_new" TO "views";`,
  },
  "drop-table": { sql: `DROP TABLE "Post";` },
  "drop-object": { sql: `DROP SEQUENCE "Post_id_seq";` },
  "set-not-null": { sql: `ALTER TABLE "User" ALTER COLUMN "name" SET NOT NULL;` },
  "drop-not-null": { sql: `ALTER TABLE "Post" ALTER COLUMN "title" DROP NOT NULL;` },
  "change-column-type": { sql: `ALTER TABLE "Post" ALTER COLUMN "views" SET DATA TYPE BIGINT;` },
  "table-rewrite": { sql: `ALTER TABLE "Post" SET UNLOGGED;` },
  "create-index-non-concurrent": { sql: `CREATE INDEX "Post_title_idx" ON "Post"("title");` },
  "partitioned-index-concurrently": { sql: `CREATE INDEX CONCURRENTLY "Event_at_idx" ON "Event"("at");` },
  "unique-on-existing-data": { sql: `CREATE UNIQUE INDEX CONCURRENTLY "Post_title_key" ON "Post"("title");` },
  "concurrently-pg14-bug": { sql: `CREATE INDEX CONCURRENTLY "Post_title_idx" ON "Post"("title");`, config: { postgres: { major: 14, minor: 2 } } },
  "concurrently-unsupported": { sql: `REINDEX INDEX CONCURRENTLY "Post_pkey";`, config: { postgres: { major: 11, minor: 22 } } },
  "drop-index-non-concurrent": { sql: `DROP INDEX "Post_authorId_idx";` },
  "concurrently-mixed": { sql: `CREATE INDEX CONCURRENTLY "Post_title_idx" ON "Post"("title");\nSELECT 1;` },
  "concurrently-in-function": { sql: `DO $$ BEGIN CREATE INDEX CONCURRENTLY "Post_title_idx" ON "Post"("title"); END $$;` },
  "add-foreign-key-without-not-valid": { sql: `ALTER TABLE "Post" ADD CONSTRAINT "Post_e_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id");` },
  "add-check-without-not-valid": { sql: `ALTER TABLE "Post" ADD CONSTRAINT "Post_views_check" CHECK ("views" >= 0);` },
  "add-unique-constraint": { sql: `ALTER TABLE "Post" ADD CONSTRAINT "Post_title_key" UNIQUE ("title");` },
  "primary-key-nullable": {
    sql: `ALTER TABLE "User" ADD CONSTRAINT "User_pkey2" PRIMARY KEY USING INDEX "User_name_key";`,
    history: [init, `CREATE UNIQUE INDEX CONCURRENTLY "User_name_key" ON "User"("name");`],
  },
  "add-exclusion-constraint": { sql: `ALTER TABLE "Post" ADD CONSTRAINT "Post_title_excl" EXCLUDE USING gist ("title" WITH =);` },
  "restrict-writes": { sql: `ALTER TABLE "Post" ADD CONSTRAINT "Post_views_check" CHECK ("views" >= 0) NOT VALID;` },
  "validate-under-lock": { sql: `ALTER TABLE "Post" ADD CONSTRAINT "c" CHECK ("views" >= 0) NOT VALID;\nALTER TABLE "Post" VALIDATE CONSTRAINT "c";` },
  "domain-check": { sql: `CREATE DOMAIN "Email" AS TEXT CHECK (VALUE LIKE '%@%');\nALTER TABLE "User" ALTER COLUMN "email" TYPE "Email";` },
  "attach-partition": { sql: `ALTER TABLE "Event" ATTACH PARTITION "Event_2027" FOR VALUES FROM ('2027-01-01') TO ('2028-01-01');` },
  "detach-partition": { sql: `ALTER TABLE "Event" DETACH PARTITION "Event_2026";` },
  "blocking-maintenance": { sql: `VACUUM FULL "Post";` },
  truncate: { sql: `TRUNCATE "Post";` },
  "delete-without-where": { sql: `DELETE FROM "Post";` },
  "update-without-where": { sql: `UPDATE "Post" SET "views" = 0;` },
  "backfill-under-lock": { sql: `ALTER TABLE "Post" ADD COLUMN "score" INTEGER;\nUPDATE "Post" SET "score" = "views" WHERE "score" IS NULL;` },
  "lock-table": { sql: `LOCK TABLE "Post";` },
  "lock-timeout": { sql: `ALTER TABLE "Post" ADD COLUMN "score" INTEGER;`, config: { rules: {} } },
  "statement-timeout": { sql: `SET lock_timeout = '5s';\nALTER TABLE "Post" ADD COLUMN "score" INTEGER;`, config: { rules: { "statement-timeout": "error" } } },
  "transaction-control": { sql: `BEGIN;\nALTER TABLE "Post" ADD COLUMN "score" INTEGER;\nCOMMIT;` },
  "rename-enum-value": { sql: `ALTER TYPE "Role" RENAME VALUE 'ADMIN' TO 'OWNER';` },
  "drop-enum-value": { sql: `DROP TYPE "Role";` },
  "new-enum-value-used": { sql: `ALTER TYPE "Role" ADD VALUE 'OWNER';\nUPDATE "User" SET "role" = 'OWNER' WHERE "id" = '1';` },
  "drop-schema": { sql: `DROP SCHEMA "reporting" CASCADE;` },
  "drop-database": { sql: `DROP DATABASE "app";` },
  "do-block-not-checked": { sql: `DO $$ BEGIN EXECUTE format('DROP TABLE %I', 'Post'); END $$;` },
  "expand-in-contract": { sql: `${CONTRACT}\nALTER TABLE "User" ADD COLUMN "bio" TEXT;` },
  "invalid-phase": { sql: `-- db-check:phase shrink\nSELECT 1;` },
  "invalid-acknowledgement": { sql: `-- db-check:allow drop-table\nSELECT 1;` },
};

/** A rule's entries in a report: findings, and warnings for rules that warn. */
async function reported(rule: string, { sql, history = [init, partitioned], config }: Example): Promise<Pick<Finding, "rule" | "message">[]> {
  const report = await lintMigrationSql(sql, { history, config: config ?? { rules: { "lock-timeout": "off" } } });
  return [...report.findings, ...report.warnings.flatMap((w) => (w.rule ? [{ rule: w.rule, message: w.message }] : []))].filter((f) => f.rule === rule);
}

describe("the package README's rule table", () => {
  it("lists every rule the code reports, and nothing else", () => {
    const phaseRules = ["expand-in-contract", "expand-after-contract", "invalid-phase", "invalid-acknowledgement"];
    expect([...documented.keys()].sort()).toEqual([...RULE_IDS, ...phaseRules].sort());
  });

  it.each([...documented.keys()].filter((rule) => rule !== "expand-after-contract"))(
    "%s: its example is reported, with the lock the table names",
    async (rule) => {
      const example = EXAMPLES[rule];
      expect(example, `no example for ${rule}`).toBeDefined();
      const found = await reported(rule, example!);
      expect(found).not.toEqual([]);
      const lock = documented.get(rule)!;
      if (lock !== "—") expect(found[0]!.message).toContain(lock);
    },
  );

  it("expand-after-contract: its example (two migrations of one release) is reported", async () => {
    const cwd = await mkdtemp(path.join(os.tmpdir(), "db-check-table-"));
    try {
      const migrations = {
        "1_init": init,
        "2_contract": `${CONTRACT}\nALTER TABLE "User" DROP COLUMN "name";`,
        "3_expand": `ALTER TABLE "User" ADD COLUMN "bio" TEXT;`,
      };
      for (const [name, sql] of Object.entries(migrations)) {
        await mkdir(path.join(cwd, "prisma/migrations", name), { recursive: true });
        await writeFile(path.join(cwd, "prisma/migrations", name, "migration.sql"), sql);
      }
      const report = await lintMigrations({ cwd, paths: ["prisma/migrations/2_contract", "prisma/migrations/3_expand"] });
      expect(report.files[1]!.findings.map((f) => f.rule)).toContain("expand-after-contract");
    } finally {
      await rm(cwd, { recursive: true, force: true });
    }
  });
});
