// The hazards db-check shares with squawk, Atlas, strong_migrations and eugene (and those it adds), each with
// what it flags and what it must leave alone. Each case asserts the complete list of rules reported.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { lintMigrationSql, type LintSqlContext } from "@starter/migration-lint";

// "User" and "Post" (see rules.test.ts), and a partitioned "Event" with its partition "Event_2026".
const init = readFileSync(path.join(import.meta.dirname, "fixtures", "init.sql"), "utf8");
const partitions = `CREATE TABLE "Event" ("id" INTEGER NOT NULL, "at" DATE NOT NULL) PARTITION BY RANGE ("at");
CREATE TABLE "Event_2026" PARTITION OF "Event" FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE TABLE "Event_2027" ("id" INTEGER NOT NULL, "at" DATE NOT NULL);`;
const history = [init, partitions];
// "Email" has a CHECK; "Level" inherits one from its base domain; "Label" has none (its CHECK was dropped).
const domains = `CREATE DOMAIN "Email" AS TEXT CHECK (VALUE LIKE '%@%');
CREATE DOMAIN "Positive" AS INTEGER CONSTRAINT "Positive_check" CHECK (VALUE > 0);
CREATE DOMAIN "Level" AS "Positive";
CREATE DOMAIN "Label" AS TEXT CONSTRAINT "Label_check" CHECK (VALUE <> '');
ALTER DOMAIN "Label" DROP CONSTRAINT "Label_check";`;

async function rulesFor(sql: string, config: LintSqlContext["config"] = { rules: { "lock-timeout": "off" } }, earlier = history) {
  const report = await lintMigrationSql(sql, { history: earlier, config });
  return [...report.findings.map((finding) => finding.rule), ...report.warnings.flatMap((warning) => warning.rule ?? [])];
}

describe("hazards, flagged", () => {
  it.each([
    // PostgreSQL's own volatility: uuid_generate_v7 is unknown (an extension's), hence volatile; random_normal is VOLATILE in pg_proc.
    ["volatile-default", `ALTER TABLE "Post" ADD COLUMN "u" UUID DEFAULT uuid_generate_v7();`],
    ["volatile-default", `ALTER TABLE "Post" ADD COLUMN "x" FLOAT8 DEFAULT random_normal();`],
    [
      "volatile-default",
      `CREATE FUNCTION "pick"() RETURNS INTEGER LANGUAGE sql AS $$ SELECT 1 $$;\nALTER TABLE "Post" ADD COLUMN "p" INTEGER DEFAULT "pick"();`,
    ],
    ["partitioned-index-concurrently", `CREATE INDEX CONCURRENTLY "Event_at_idx" ON "Event"("at");`],
    ["detach-partition", `ALTER TABLE "Event" DETACH PARTITION "Event_2026";`],
    ["attach-partition", `ALTER TABLE "Event" ATTACH PARTITION "Event_2027" FOR VALUES FROM ('2027-01-01') TO ('2028-01-01');`],
    ["concurrently-in-function", `DO $$ BEGIN CREATE INDEX CONCURRENTLY "Post_title_idx" ON "Post"("title"); END $$;`],
    ["concurrently-in-function", `DO $$ BEGIN EXECUTE 'CREATE INDEX CONCURRENTLY "Post_title_idx" ON "Post"("title")'; END $$;`],
    [
      "concurrently-in-function",
      `CREATE FUNCTION "reindex"() RETURNS void LANGUAGE plpgsql AS $$ BEGIN EXECUTE 'REINDEX INDEX CONCURRENTLY ' || quote_ident('Post_pkey'); END $$;`,
    ],
    ["concurrently-in-function", `CREATE PROCEDURE "build"() LANGUAGE sql AS $$ CREATE INDEX CONCURRENTLY "i" ON "Post"("title") $$;`],
    ["new-enum-value-used", `ALTER TYPE "Role" ADD VALUE 'OWNER';\nUPDATE "User" SET "role" = 'OWNER' WHERE "email" LIKE '%@acme.test';`],
    ["primary-key-nullable", `ALTER TABLE "User" ADD CONSTRAINT "User_pkey2" PRIMARY KEY USING INDEX "User_name_key";`],
    ["table-rewrite", `ALTER TABLE "Post" SET UNLOGGED;`],
    ["table-rewrite", `ALTER TABLE "Post" SET LOGGED;`],
    ["table-rewrite", `ALTER TABLE "Post" SET TABLESPACE "fast";`],
    ["table-rewrite", `ALTER TABLE "Post" SET ACCESS METHOD "heap2";`],
    ["table-rewrite", `ALTER TABLE "Post" ALTER COLUMN "views" SET EXPRESSION AS (0);`],
    ["table-rewrite", `REFRESH MATERIALIZED VIEW "PostStats";`],
    ["backfill-under-lock", `ALTER TABLE "Post" ADD COLUMN "score" INTEGER;\nINSERT INTO "Post" ("title", "authorId") SELECT "email", "id" FROM "User";`],
    ["backfill-under-lock", `ALTER TABLE "Post" ADD COLUMN "score" INTEGER;\nDELETE FROM "Post" WHERE "views" = 0;`],
    [["create-index-non-concurrent", "backfill-under-lock"], `CREATE INDEX "Post_views_idx" ON "Post"("views");\nDELETE FROM "Post" WHERE "views" = 0;`],
    ["change-column-type", `ALTER TABLE "User" ALTER COLUMN "name" SET DATA TYPE VARCHAR(100);`],
    ["rename-table", `ALTER TABLE "Post" SET SCHEMA "archive";`],
    ["rename-schema", `ALTER SCHEMA "public" RENAME TO "app";`],
    ["rename-type", `ALTER TYPE "Role" RENAME TO "UserRole";`],
    ["rename-type", `ALTER TYPE "Role" SET SCHEMA "archive";`],
    ["drop-object", `DROP VIEW "PostStats";`],
    ["drop-object", `DROP FUNCTION "pick"();`],
    ["drop-object", `DROP SEQUENCE "Post_id_seq";`],
    ["drop-object", `ALTER VIEW "PostStats" RENAME TO "Stats";`],
    ["drop-object", `ALTER MATERIALIZED VIEW "PostStats" SET SCHEMA "archive";`],
    ["drop-object", `ALTER FUNCTION "pick"() RENAME TO "choose";`],
    ["transaction-control", `BEGIN;\nALTER TABLE "Post" ADD COLUMN "score" INTEGER;\nCOMMIT;`],
    ["domain-check", `ALTER DOMAIN "Email" ADD CONSTRAINT "Email_check" CHECK (VALUE LIKE '%@%');`],
    ["domain-check", `ALTER DOMAIN "Email" SET NOT NULL;`],
    ["domain-check", `ALTER DOMAIN "Email" VALIDATE CONSTRAINT "Email_check";`],
    // A domain with a CHECK (created here, or earlier) given to a column of an existing table: a rewrite under ACCESS EXCLUSIVE.
    ["domain-check", `CREATE DOMAIN "Handle" AS TEXT CHECK (VALUE <> '');\nALTER TABLE "User" ALTER COLUMN "email" TYPE "Handle";`],
    ["domain-check", `ALTER TABLE "User" ALTER COLUMN "email" TYPE "Email";`],
    ["domain-check", `ALTER TABLE "User" ADD COLUMN "backupEmail" "Email";`],
    ["domain-check", `ALTER TABLE "User" ADD COLUMN "level" "Level";`],
    [
      "validate-under-lock",
      `ALTER TABLE "Post" ADD CONSTRAINT "Post_views_check" CHECK ("views" >= 0) NOT VALID;\nALTER TABLE "Post" VALIDATE CONSTRAINT "Post_views_check";`,
    ],
    [
      "validate-under-lock",
      `ALTER TABLE "Post" ADD CONSTRAINT "Post_a_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") NOT VALID;\nALTER TABLE "Post" VALIDATE CONSTRAINT "Post_a_fkey";`,
    ],
    ["drop-not-null", `ALTER TABLE "Post" ALTER COLUMN "title" DROP NOT NULL;`],
    ["unique-on-existing-data", `CREATE UNIQUE INDEX CONCURRENTLY "Post_title_key" ON "Post"("title");`],
  ])("%s: %s", async (rule: string | string[], sql) => {
    // A widening without rewrite is flagged for the CHECK on the column; the primary key adopts an index on a nullable column.
    const earlier = [
      ...history,
      domains,
      `ALTER TABLE "User" ADD CONSTRAINT "User_name_check" CHECK ("name" <> '');`,
      `CREATE UNIQUE INDEX CONCURRENTLY "User_name_key" ON "User"("name");`,
    ];
    const found = await rulesFor(sql, { rules: { "lock-timeout": "off" } }, earlier);
    // The rule under test, and only the restrictions and renames that come with its statement.
    expect(found.filter((id) => id !== "restrict-writes")).toEqual([rule].flat());
  });

  it("says a unique constraint on existing rows may meet duplicates", async () => {
    const report = await lintMigrationSql(`ALTER TABLE "Post" ADD CONSTRAINT "Post_title_key" UNIQUE ("title");`, { history });
    expect(report.findings[0]!.message).toContain("the existing rows may hold duplicates, which fail the migration");
  });

  it("reports the lock_timeout missing before the first lock that blocks the running release, once per migration (a warning by default)", async () => {
    const sql = `ALTER TABLE "Post" ADD COLUMN "a" TEXT;\nALTER TABLE "User" ADD COLUMN "b" TEXT;`;
    const report = await lintMigrationSql(sql, { history });
    expect(report.findings).toEqual([]);
    expect(report.warnings.map((w) => [w.line, w.rule])).toEqual([[1, "lock-timeout"]]);
    expect((await lintMigrationSql(`SET lock_timeout = '5s';\n${sql}`, { history })).warnings).toEqual([]);
    expect((await lintMigrationSql(sql, { history, config: { rules: { "lock-timeout": "error" } } })).findings.map((f) => f.rule)).toEqual(["lock-timeout"]);
    // VALIDATE and CREATE INDEX CONCURRENTLY let reads and writes through.
    expect((await lintMigrationSql(`CREATE INDEX CONCURRENTLY "i" ON "Post"("title");`, { history })).warnings).toEqual([]);
  });

  it("reports the statement_timeout missing before the first lock that blocks the running release, once, when the project turns the rule on (off by default)", async () => {
    const sql = `SET lock_timeout = '5s';\nALTER TABLE "Post" ADD COLUMN "a" TEXT;\nALTER TABLE "User" ADD COLUMN "b" TEXT;`;
    const on = { rules: { "statement-timeout": "error" as const } };
    const off = await lintMigrationSql(sql, { history });
    expect([...off.findings, ...off.warnings]).toEqual([]);
    expect((await lintMigrationSql(sql, { history, config: on })).findings.map((f) => [f.line, f.rule])).toEqual([[2, "statement-timeout"]]);
    expect((await lintMigrationSql(`SET statement_timeout = '30s';\n${sql}`, { history, config: on })).findings).toEqual([]);
    expect((await lintMigrationSql(`CREATE INDEX CONCURRENTLY "i" ON "Post"("title");`, { history, config: on })).findings).toEqual([]);
  });
});

describe("the PostgreSQL version", () => {
  const postgres = (version: string) => ({
    rules: { "lock-timeout": "off" as const },
    postgres: { major: Number(version.split(".")[0]), minor: Number(version.split(".")[1] ?? 0) },
  });

  it("flags CREATE INDEX and REINDEX CONCURRENTLY on 14.0–14.3 (the corruption bug), not on 14.4 or 15", async () => {
    expect(await rulesFor(`CREATE INDEX CONCURRENTLY "i" ON "Post"("title");`, postgres("14.3"))).toEqual(["concurrently-pg14-bug"]);
    expect(await rulesFor(`REINDEX INDEX CONCURRENTLY "Post_pkey";`, postgres("14.0"))).toEqual(["concurrently-pg14-bug"]);
    expect(await rulesFor(`CREATE INDEX CONCURRENTLY "i" ON "Post"("title");`, postgres("14.4"))).toEqual([]);
    expect(await rulesFor(`CREATE INDEX CONCURRENTLY "i" ON "Post"("title");`, postgres("15"))).toEqual([]);
  });

  it("trusts a validated CHECK (… IS NOT NULL) for SET NOT NULL only from PostgreSQL 12", async () => {
    const earlier = [
      ...history,
      `ALTER TABLE "User" ADD CONSTRAINT "nn" CHECK ("name" IS NOT NULL) NOT VALID;`,
      `ALTER TABLE "User" VALIDATE CONSTRAINT "nn";`,
    ];
    const sql = `ALTER TABLE "User" ALTER COLUMN "name" SET NOT NULL;`;
    expect(await rulesFor(sql, postgres("12"), earlier)).toEqual([]);
    expect(await rulesFor(sql, postgres("11.22"), earlier)).toEqual(["set-not-null"]);
    const [finding] = (await lintMigrationSql(sql, { history: earlier, config: postgres("11") })).findings;
    expect(finding!.alternative).toContain("PostgreSQL 11 has no online way");
  });

  it("flags the CONCURRENTLY forms the server does not have yet: REINDEX before 12, DETACH PARTITION before 14", async () => {
    expect(await rulesFor(`REINDEX INDEX CONCURRENTLY "Post_pkey";`, postgres("11.22"))).toEqual(["concurrently-unsupported"]);
    expect(await rulesFor(`REINDEX INDEX CONCURRENTLY "Post_pkey";`, postgres("12"))).toEqual([]);
    expect(await rulesFor(`ALTER TABLE "Event" DETACH PARTITION "Event_2026" CONCURRENTLY;`, postgres("13.9"))).toEqual(["concurrently-unsupported"]);
    expect(await rulesFor(`ALTER TABLE "Event" DETACH PARTITION "Event_2026" CONCURRENTLY;`, postgres("14"))).toEqual([]);
    // Without a known version, a supported release is assumed.
    expect(await rulesFor(`REINDEX INDEX CONCURRENTLY "Post_pkey";`)).toEqual([]);
  });

  it("offers REINDEX CONCURRENTLY only from PostgreSQL 12", async () => {
    const [old] = (await lintMigrationSql(`REINDEX TABLE "Post";`, { history, config: postgres("11") })).findings;
    expect(old!.alternative).toContain("PostgreSQL 11 has no REINDEX CONCURRENTLY");
    const [current] = (await lintMigrationSql(`REINDEX TABLE "Post";`, { history, config: postgres("16") })).findings;
    expect(current!.alternative).toMatch(/^REINDEX … CONCURRENTLY/);
  });
});

describe("what must pass", () => {
  it.each([
    // STABLE or IMMUTABLE in pg_proc: evaluated once.
    [`ALTER TABLE "Post" ADD COLUMN "d" DATE DEFAULT current_date;`],
    [`ALTER TABLE "Post" ADD COLUMN "t" TIMESTAMPTZ DEFAULT now();`],
    [`ALTER TABLE "Post" ADD COLUMN "s" TEXT DEFAULT lower('X');`],
    [`ALTER TABLE "Post" ADD COLUMN "j" JSONB DEFAULT jsonb_build_object('a', 1);`],
    // A function created in the history keeps its declared volatility.
    [`CREATE FUNCTION "two"() RETURNS INTEGER LANGUAGE sql IMMUTABLE AS $$ SELECT 2 $$;\nALTER TABLE "Post" ADD COLUMN "p" INTEGER DEFAULT "two"();`],
    // The ON ONLY recipe for a partitioned table's index.
    [`CREATE INDEX "Event_at_idx" ON ONLY "Event"("at");`],
    [`CREATE INDEX CONCURRENTLY "Event_2026_at_idx" ON "Event_2026"("at");`],
    [`ALTER INDEX "Event_at_idx" ATTACH PARTITION "Event_2026_at_idx";`],
    [`ALTER TABLE "Event" DETACH PARTITION "Event_2026" CONCURRENTLY;`],
    // A partition proven by a validated CHECK, or created empty in this migration.
    [
      `ALTER TABLE "Event" ATTACH PARTITION "Event_2027" FOR VALUES FROM ('2027-01-01') TO ('2028-01-01');`,
      [
        `ALTER TABLE "Event_2027" ADD CONSTRAINT "b" CHECK ("at" >= '2027-01-01' AND "at" < '2028-01-01') NOT VALID;`,
        `ALTER TABLE "Event_2027" VALIDATE CONSTRAINT "b";`,
      ],
    ],
    [
      `CREATE TABLE "Event_2028" ("id" INTEGER NOT NULL, "at" DATE NOT NULL);\nALTER TABLE "Event" ATTACH PARTITION "Event_2028" FOR VALUES FROM ('2028-01-01') TO ('2029-01-01');`,
    ],
    [`CREATE FUNCTION "f"() RETURNS void LANGUAGE plpgsql AS $$ BEGIN CREATE INDEX "Post_title_idx" ON "Post"("title"); END $$;`],
    [`ALTER TYPE "Role" ADD VALUE 'OWNER';`],
    [`CREATE TYPE "Mood" AS ENUM ('HAPPY');\nALTER TYPE "Mood" ADD VALUE 'SAD';\nCREATE TABLE "Note" ("mood" "Mood" NOT NULL DEFAULT 'SAD');`],
    [`REFRESH MATERIALIZED VIEW CONCURRENTLY "PostStats";`],
    [`INSERT INTO "Post" ("title", "authorId") VALUES ('Hello', 'u1');`],
    [`ALTER TABLE "Post" ADD COLUMN "score" INTEGER;\nINSERT INTO "Tag" SELECT 1;`],
    [`DELETE FROM "Post" WHERE "views" = 0;`],
    // interval precision increases do not rewrite.
    [`ALTER TABLE "Span" ALTER COLUMN "d" TYPE INTERVAL(6);`, [`CREATE TABLE "Span" ("d" INTERVAL(3));`]],
    [`ALTER TABLE "Span" ALTER COLUMN "d" TYPE INTERVAL;`, [`CREATE TABLE "Span" ("d" INTERVAL(3));`]],
    // Prisma's enum recreation renames the type and gives the name to the new one in the same migration.
    [
      `CREATE TYPE "Role_new" AS ENUM ('USER', 'ADMIN', 'OWNER');\nALTER TYPE "Role" RENAME TO "Role_old";\nALTER TYPE "Role_new" RENAME TO "Role";\nDROP TYPE "Role_old";`,
    ],
    [`CREATE VIEW "Recent" AS SELECT * FROM "Post";\nDROP VIEW "Recent";`],
    [`CREATE SEQUENCE "n_seq";\nDROP SEQUENCE "n_seq";`],
    // Created here, or a sequence (defaults use its OID): nothing running uses the old name.
    [`CREATE VIEW "Recent" AS SELECT * FROM "Post";\nALTER VIEW "Recent" RENAME TO "Latest";`],
    [`ALTER SEQUENCE "Post_id_seq" RENAME TO "Post_seq";`],
    [`ALTER TABLE "Post" ADD COLUMN "note" TEXT NOT NULL DEFAULT '';\nALTER TABLE "Post" ALTER COLUMN "note" DROP NOT NULL;`],
    [`BEGIN;\nALTER TABLE "Post" ADD COLUMN "note" TEXT;`],
    [`ALTER TABLE "Post" VALIDATE CONSTRAINT "Post_views_check";`],
    // Creating a domain, using it in a new table, or giving an existing column a domain without constraints: nothing to check.
    [`CREATE DOMAIN "Handle" AS TEXT CHECK (VALUE <> '');`],
    [`CREATE DOMAIN "Handle" AS TEXT CHECK (VALUE <> '');\nCREATE TABLE "Profile" ("handle" "Handle" NOT NULL);`],
    [`CREATE TABLE "Profile" ("email" "Email");\nALTER TABLE "Profile" ADD COLUMN "backup" "Email";`, [domains]],
    [`ALTER TABLE "User" ALTER COLUMN "email" TYPE "Label";`, [domains]],
    [`ALTER TABLE "User" ADD COLUMN "tag" "Label";`, [domains]],
    [`DROP DOMAIN "Email";\nCREATE DOMAIN "Email" AS TEXT;\nALTER TABLE "User" ADD COLUMN "backupEmail" "Email";`, [domains]],
  ])("%s", async (sql, extra: string[] = []) => {
    expect(await rulesFor(sql, { rules: { "lock-timeout": "off" } }, [...history, ...extra])).toEqual([]);
  });
});
