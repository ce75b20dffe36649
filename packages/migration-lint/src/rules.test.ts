// Every rule on Prisma-shaped SQL: what it flags, and what it must leave alone. Each case asserts the
// complete list of rules reported, so a false positive fails as surely as a miss.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { lintMigrations, lintMigrationSql } from "@starter/migration-lint";

// "User" (id, email, name varchar(50), role "Role", balance numeric(10,2), lastIp cidr, flags
// varbit(8), createdAt/updatedAt timestamp(3)) and "Post" (id serial, title varchar(200), content,
// published, authorId, views int), with "User_email_key", "Post_authorId_idx", "Post_authorId_fkey".
const init = readFileSync(path.join(import.meta.dirname, "fixtures", "init.sql"), "utf8");

async function rulesFor(sql: string, history: string[] = [init]) {
  const report = await lintMigrationSql(sql, { history });
  return report.findings.map((finding) => finding.rule);
}

describe("dangerous statements", () => {
  it.each([
    ["rename-column", `ALTER TABLE "User" RENAME COLUMN "name" TO "fullName";`],
    ["rename-column", `ALTER TABLE IF EXISTS ONLY "public"."User" RENAME "name" TO "fullName";`],
    ["rename-table", `ALTER TABLE "Post" RENAME TO "Article";`],
    ["add-column-not-null-without-default", `ALTER TABLE "User" ADD COLUMN "phone" TEXT NOT NULL;`],
    ["add-column-not-null-without-default", `ALTER TABLE "User" ADD COLUMN "phone" TEXT DEFAULT NULL NOT NULL;`],
    ["drop-column", `ALTER TABLE "User" DROP COLUMN "name";`],
    ["drop-column", `ALTER TABLE ONLY "User" DROP COLUMN IF EXISTS "name" CASCADE;`],
    ["drop-table", `DROP TABLE "Post";`],
    ["drop-table", `DROP TABLE IF EXISTS "public"."Post" CASCADE;`],
    ["change-column-type", `ALTER TABLE "Post" ALTER COLUMN "views" SET DATA TYPE BIGINT;`],
    ["change-column-type", `ALTER TABLE "User" ALTER COLUMN "name" SET DATA TYPE VARCHAR(20);`],
    ["change-column-type", `ALTER TABLE "User" ALTER COLUMN "name" TYPE VARCHAR(100) COLLATE "C";`],
    ["change-column-type", `ALTER TABLE "User" ALTER COLUMN "balance" SET DATA TYPE DECIMAL(12,3);`],
    ["change-column-type", `ALTER TABLE "User" ALTER COLUMN "email" SET DATA TYPE VARCHAR(100);`],
    ["change-column-type", `ALTER TABLE "User" ALTER COLUMN "role" SET DATA TYPE "Role_new" USING ("role"::text::"Role_new");`],
    ["change-column-type", `ALTER TABLE "User" ALTER COLUMN "createdAt" SET DATA TYPE TIMESTAMP(0);`],
    ["change-column-type", `ALTER TABLE "User" ALTER COLUMN "updatedAt" SET DATA TYPE TIMESTAMPTZ(3);`],
    ["create-index-non-concurrent", `CREATE INDEX "Post_title_idx" ON "Post"("title");`],
    ["create-index-non-concurrent", `CREATE UNIQUE INDEX IF NOT EXISTS "Post_title_key" ON "public"."Post"("title");`],
    ["drop-index-non-concurrent", `DROP INDEX "Post_authorId_idx";`],
    ["drop-index-non-concurrent", `DROP INDEX IF EXISTS "public"."Post_authorId_idx";`],
    ["volatile-default", `ALTER TABLE "Post" ADD COLUMN "uid" UUID NOT NULL DEFAULT gen_random_uuid();`],
    ["volatile-default", `ALTER TABLE "Post" ADD COLUMN "uid" UUID DEFAULT uuid_generate_v4();`],
    ["volatile-default", `ALTER TABLE "Post" ADD COLUMN "seen" TIMESTAMPTZ DEFAULT clock_timestamp();`],
    ["volatile-default", `ALTER TABLE "Post" ADD COLUMN "seen" TEXT DEFAULT timeofday();`],
    ["volatile-default", `ALTER TABLE "Post" ADD COLUMN "rank" INTEGER DEFAULT (random() * 100)::integer;`],
    ["volatile-default", `ALTER TABLE "Post" ADD COLUMN "n" INTEGER DEFAULT nextval('"Post_n_seq"');`],
    ["volatile-default", `ALTER TABLE "Post" ADD COLUMN "n" SERIAL;`],
    ["volatile-default", `ALTER TABLE "Post" ADD COLUMN "n" BIGSERIAL NOT NULL;`],
    ["volatile-default", `ALTER TABLE "Post" ADD COLUMN "n" INTEGER GENERATED ALWAYS AS IDENTITY;`],
    ["volatile-default", `ALTER TABLE "Post" ADD COLUMN "slug" TEXT GENERATED ALWAYS AS (lower("title")) STORED;`],
    ["blocking-maintenance", `REINDEX TABLE "Post";`],
    ["blocking-maintenance", `REINDEX INDEX "Post_authorId_idx";`],
    ["blocking-maintenance", `REINDEX SCHEMA "public";`],
    ["blocking-maintenance", `VACUUM FULL "Post";`],
    ["blocking-maintenance", `VACUUM (FULL, ANALYZE) "User", "Post";`],
    ["blocking-maintenance", `CLUSTER "Post" USING "Post_pkey";`],
    ["truncate", `TRUNCATE TABLE "Post";`],
    ["drop-schema", `DROP SCHEMA "reporting" CASCADE;`],
    ["drop-database", `DROP DATABASE "app";`],
    ["delete-without-where", `DELETE FROM "Post";`],
    ["update-without-where", `UPDATE "Post" SET "views" = 0;`],
    ["backfill-under-lock", `ALTER TABLE "Post" ADD COLUMN "score" INTEGER;\nUPDATE "Post" SET "score" = "views" WHERE "score" IS NULL;`],
    ["lock-table", `LOCK TABLE "Post";`],
    ["lock-table", `LOCK "Post" IN SHARE ROW EXCLUSIVE MODE NOWAIT;`],
    ["rename-enum-value", `ALTER TYPE "Role" RENAME VALUE 'ADMIN' TO 'OWNER';`],
    ["drop-enum-value", `ALTER TYPE "Role" RENAME TO "Role_old";\nCREATE TYPE "Role" AS ENUM ('USER');\nDROP TYPE "Role_old";`],
    ["drop-enum-value", `DROP TYPE "Role";`],
    ["drop-column", `DO $$ BEGIN ALTER TABLE "User" DROP COLUMN "name"; END $$;`],
  ])("%s: %s", async (rule, sql) => {
    expect(await rulesFor(sql)).toEqual([rule]);
  });

  it.each([
    [["set-not-null", "restrict-writes"], `ALTER TABLE "User" ALTER COLUMN "name" SET NOT NULL;`],
    [["set-not-null", "restrict-writes"], `ALTER TABLE "User" ADD CONSTRAINT "User_name_not_null" NOT NULL "name";`],
    [
      ["add-foreign-key-without-not-valid", "restrict-writes"],
      `ALTER TABLE "Post" ADD CONSTRAINT "Post_editorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id");`,
    ],
    [["add-check-without-not-valid", "restrict-writes"], `ALTER TABLE "Post" ADD CONSTRAINT "Post_views_check" CHECK ("views" >= 0);`],
    [["add-unique-constraint", "restrict-writes"], `ALTER TABLE "Post" ADD CONSTRAINT "Post_title_key" UNIQUE ("title");`],
    [["add-exclusion-constraint", "restrict-writes"], `ALTER TABLE "Post" ADD CONSTRAINT "Post_title_excl" EXCLUDE USING gist ("title" WITH =);`],
    // NOT VALID spares the existing rows, not the running release's writes.
    [["restrict-writes"], `ALTER TABLE "Post" ADD CONSTRAINT "Post_editorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") NOT VALID;`],
    [["restrict-writes"], `ALTER TABLE "Post" ADD CONSTRAINT "Post_views_check" CHECK ("views" >= 0) NOT VALID;`],
    [["restrict-writes"], `ALTER TABLE "User" ADD CONSTRAINT "User_name_not_null" NOT NULL "name" NOT VALID;`],
  ])("both questions: %j for %s", async (rules, sql) => {
    expect(await rulesFor(sql)).toEqual(rules);
  });

  it.each([
    [`CREATE INDEX CONCURRENTLY "Post_title_idx" ON "Post"("title");\nALTER TABLE "Post" ADD COLUMN "subtitle" TEXT;`],
    [`DROP INDEX CONCURRENTLY "Post_authorId_idx";\nSELECT 1;`],
    [`REINDEX INDEX CONCURRENTLY "Post_authorId_idx";\nSELECT 1;`],
    [`UPDATE "Post" SET "views" = 0 WHERE "views" < 0;\nVACUUM ANALYZE "Post";`],
    // CONCURRENTLY cannot run in a transaction even on a table this migration creates.
    [`CREATE TABLE "Tag" ("id" TEXT NOT NULL);\nCREATE INDEX CONCURRENTLY "Tag_id_idx" ON "Tag"("id");`],
  ])("concurrently-mixed: %s", async (sql) => {
    expect(await rulesFor(sql)).toEqual(["concurrently-mixed"]);
  });

  it("flags constraints written on an added column like ADD CONSTRAINT", async () => {
    expect(await rulesFor(`ALTER TABLE "Post" ADD COLUMN "editorId" TEXT REFERENCES "User"("id");`)).toEqual(["add-foreign-key-without-not-valid"]);
    expect(await rulesFor(`ALTER TABLE "Post" ADD COLUMN "score" INTEGER CHECK ("score" > 0);`)).toEqual(["add-check-without-not-valid"]);
    expect(await rulesFor(`ALTER TABLE "Post" ADD COLUMN "slug" TEXT UNIQUE;`)).toEqual(["add-unique-constraint"]);
    expect(await rulesFor(`ALTER TABLE "Post" ADD COLUMN "key" INTEGER PRIMARY KEY;`)).toEqual([
      "add-column-not-null-without-default",
      "add-unique-constraint",
    ]);
  });

  it("reports each subcommand of one ALTER TABLE, on the statement's line", async () => {
    const sql = [
      "-- AlterTable",
      `ALTER TABLE "User" DROP COLUMN "lastIp",`,
      `ADD COLUMN     "phone" TEXT NOT NULL,`,
      `ADD COLUMN     "bio" TEXT,`,
      `ALTER COLUMN "name" SET NOT NULL;`,
    ].join("\n");
    const { findings } = await lintMigrationSql(sql, { history: [init] });
    expect(findings.map((f) => [f.line, f.rule])).toEqual([
      [2, "add-column-not-null-without-default"],
      [2, "drop-column"],
      [2, "set-not-null"],
      [2, "restrict-writes"],
    ]);
  });

  it("names the objects and says what to do instead", async () => {
    const { findings } = await lintMigrationSql(`ALTER TABLE "User" RENAME COLUMN "name" TO "fullName";`, { file: "m.sql", history: [init] });
    expect(findings).toEqual([
      {
        file: "m.sql",
        line: 1,
        rule: "rename-column",
        message: expect.stringContaining(`Renames "User"."name" to "fullName"`),
        alternative: expect.stringMatching(/@map\("name"\).*expand-contract/),
      },
    ]);
  });

  it("flags a type change whose old type it does not know, and says so", async () => {
    const { findings } = await lintMigrationSql(`ALTER TABLE "Legacy" ALTER COLUMN "code" SET DATA TYPE TEXT;`, { history: [init] });
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toContain("current type is not known");
  });

  it("gives the old and new type of a rewriting change", async () => {
    const { findings } = await lintMigrationSql(`ALTER TABLE "User" ALTER COLUMN "name" SET DATA TYPE VARCHAR(20);`, { history: [init] });
    expect(findings[0]!.message).toContain("varchar(50) → varchar(20) is not a binary-compatible change");
  });
});

describe("safe statements", () => {
  it.each([
    [`ALTER TABLE "User" ADD COLUMN "bio" TEXT;`],
    [`ALTER TABLE "User" ADD COLUMN "score" INTEGER NOT NULL DEFAULT 0;`],
    [`ALTER TABLE "User" ADD COLUMN "plan" TEXT NOT NULL DEFAULT 'free';`],
    [`ALTER TABLE "User" ADD COLUMN "settings" JSONB NOT NULL DEFAULT '{}'::jsonb;`],
    [`ALTER TABLE "User" ADD COLUMN "seenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;`],
    [`ALTER TABLE "User" ADD COLUMN "seenAt" TIMESTAMPTZ NOT NULL DEFAULT now();`],
    // PostgreSQL 18: a virtual generated column is computed when read, never stored.
    [`ALTER TABLE "Post" ADD COLUMN "slug" TEXT GENERATED ALWAYS AS (lower("title")) VIRTUAL;`],
    [`CREATE INDEX CONCURRENTLY "Post_title_idx" ON "Post"("title");`],
    [`-- CreateIndex\nCREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS "Post_title_key" ON "Post"("title");\n-- trailing comment`],
    [`DROP INDEX CONCURRENTLY IF EXISTS "Post_authorId_idx";`],
    [`ALTER TABLE "Post" VALIDATE CONSTRAINT "Post_views_check";`],
    [`ALTER TABLE "Post" ADD CONSTRAINT "Post_views_check" CHECK ("views" >= 0) NOT ENFORCED;`],
    [`ALTER TABLE "Post" ADD CONSTRAINT "Post_title_key" UNIQUE USING INDEX "Post_title_key";`],
    // An index on a NOT NULL column: nothing to build, nothing to scan, nothing the running release may no longer write.
    [`ALTER TABLE "User" ADD CONSTRAINT "User_pkey2" PRIMARY KEY USING INDEX "User_email_key";`],
    [`ALTER INDEX "Post_authorId_idx" RENAME TO "Post_author_idx";`],
    [`ALTER TABLE "Post" RENAME CONSTRAINT "Post_authorId_fkey" TO "Post_author_fkey";`],
    [`ALTER TYPE "Role" ADD VALUE 'OWNER';`],
    [`ALTER TABLE "User" ALTER COLUMN "name" DROP NOT NULL;`],
    [`ALTER TABLE "User" ALTER COLUMN "name" SET DEFAULT 'anonymous';`],
    [`ALTER TABLE "Post" ALTER COLUMN "views" SET DEFAULT (random() * 10)::integer;`],
    [`COMMENT ON COLUMN "User"."name" IS 'display name';`],
    [`-- only a comment\n/* and a block comment */`],
    [``],
    [`DO $$ BEGIN CREATE TYPE "Status" AS ENUM ('DRAFT'); EXCEPTION WHEN duplicate_object THEN NULL; END $$;`],
    [`UPDATE "Post" SET "views" = 0 WHERE "views" < 0;\nALTER TABLE "Post" ADD COLUMN "score" INTEGER;`],
    [`ALTER TABLE "Post" VALIDATE CONSTRAINT "Post_views_check";\nUPDATE "Post" SET "views" = 0 WHERE "views" < 0;`],
    [`LOCK TABLE "Post" IN ROW EXCLUSIVE MODE;`],
    [`DELETE FROM "Post" WHERE "published" = false;`],
    [`ALTER TYPE "Role" RENAME TO "Role_old";\nCREATE TYPE "Role" AS ENUM ('USER', 'ADMIN', 'OWNER');\nDROP TYPE "Role_old";`],
    [`CREATE TYPE "Status" AS ENUM ('DRAFT', 'LIVE');`],
    // Type names that are keys every JavaScript object inherits are types like any other, not serials.
    [`CREATE TYPE "constructor" AS ENUM ('A');\nALTER TABLE "User" ADD COLUMN "kind" "constructor";`],
    [`CREATE TYPE "toString" AS ENUM ('A');\nALTER TABLE "User" ADD COLUMN "kind" "toString";`],
    [`UPDATE "Post" SET "views" = 0 WHERE "views" IS NULL;`],
    [`REINDEX INDEX CONCURRENTLY "Post_authorId_idx";`],
    [`VACUUM ANALYZE "Post";`],
    [`ANALYZE "Post";`],
  ])("%s", async (sql) => {
    expect(await rulesFor(sql)).toEqual([]);
  });

  it("allows anything on a table created in the same migration (what migrate dev writes for a new model)", async () => {
    const sql = `-- CreateTable
CREATE TABLE "Comment" (
    "id" TEXT NOT NULL,
    "postId" INTEGER NOT NULL,
    "body" TEXT NOT NULL,
    "score" INTEGER,

    CONSTRAINT "Comment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Comment_postId_idx" ON "Comment"("postId");

-- CreateIndex
CREATE UNIQUE INDEX "Comment_body_key" ON "Comment"("body");

-- AddForeignKey
ALTER TABLE "Comment" ADD CONSTRAINT "Comment_postId_fkey" FOREIGN KEY ("postId") REFERENCES "Post"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

ALTER TABLE "Comment" ADD CONSTRAINT "Comment_score_check" CHECK ("score" > 0), ADD CONSTRAINT "Comment_body_uq" UNIQUE ("body");
ALTER TABLE "Comment" ALTER COLUMN "score" SET NOT NULL, ALTER COLUMN "score" SET DATA TYPE BIGINT, ADD COLUMN "n" SERIAL;
ALTER TABLE "Comment" RENAME COLUMN "body" TO "text";
DROP INDEX "Comment_postId_idx";
ALTER TABLE "Comment" RENAME TO "Reply";
ALTER TABLE "Reply" DROP COLUMN "score";
TRUNCATE "Reply";
REINDEX TABLE "Reply";
REINDEX INDEX "Comment_body_key";
CLUSTER "Reply" USING "Comment_body_key";
ALTER TABLE "Reply" ADD CONSTRAINT "Reply_text_excl" EXCLUDE USING btree ("text" WITH =);
LOCK TABLE "Reply";
UPDATE "Reply" SET "text" = '';
DELETE FROM "Reply";
CREATE TYPE "Mood" AS ENUM ('HAPPY');
ALTER TYPE "Mood" RENAME VALUE 'HAPPY' TO 'GLAD';
DROP TYPE "Mood";
DROP TABLE "Reply";`;
    expect(await rulesFor(sql)).toEqual([]);
  });

  it.each([
    ["varchar(n) → varchar(m ≥ n)", `ALTER TABLE "User" ALTER COLUMN "name" SET DATA TYPE VARCHAR(100);`],
    ["varchar(n) → varchar(n)", `ALTER TABLE "User" ALTER COLUMN "name" TYPE character varying(50);`],
    ["varchar(n) → varchar", `ALTER TABLE "User" ALTER COLUMN "name" SET DATA TYPE VARCHAR;`],
    ["varchar(n) → text", `ALTER TABLE "User" ALTER COLUMN "name" SET DATA TYPE TEXT;`],
    ["text → varchar", `ALTER TABLE "User" ALTER COLUMN "email" SET DATA TYPE VARCHAR;`],
    ["numeric(p,s) → numeric(p' ≥ p,s)", `ALTER TABLE "User" ALTER COLUMN "balance" SET DATA TYPE DECIMAL(12,2);`],
    ["numeric(p,s) → numeric", `ALTER TABLE "User" ALTER COLUMN "balance" SET DATA TYPE NUMERIC;`],
    ["varbit(n) → varbit(m ≥ n)", `ALTER TABLE "User" ALTER COLUMN "flags" SET DATA TYPE BIT VARYING(16);`],
    ["cidr → inet", `ALTER TABLE "User" ALTER COLUMN "lastIp" SET DATA TYPE INET;`],
    ["timestamp(p) → timestamp(p' ≥ p)", `ALTER TABLE "User" ALTER COLUMN "createdAt" SET DATA TYPE TIMESTAMP(6);`],
    ["serial → integer (the same type)", `ALTER TABLE "Post" ALTER COLUMN "id" SET DATA TYPE INTEGER;`],
  ])("no-rewrite type change: %s", async (_, sql) => {
    expect(await rulesFor(sql)).toEqual([]);
  });
});

describe("the schema model replayed from earlier migrations", () => {
  it("treats schema-qualified and unqualified names as the same table, and folds unquoted names", async () => {
    expect(await rulesFor(`ALTER TABLE "public"."User" ALTER COLUMN "name" SET DATA TYPE VARCHAR(100);`)).toEqual([]);
    // Unquoted Post is the table post, which the migrations never created: its column types are unknown.
    expect(await rulesFor(`ALTER TABLE Post ALTER COLUMN title SET DATA TYPE VARCHAR(300);`)).toEqual(["change-column-type"]);
    expect(await rulesFor(`ALTER TABLE "Post" ALTER COLUMN "title" SET DATA TYPE VARCHAR(300);`)).toEqual([]);
    expect(await rulesFor(`ALTER TABLE tag ALTER COLUMN name TYPE text;`, [`CREATE TABLE Tag (Name varchar(20));`])).toEqual([]);
  });

  it("follows renames, type changes, drops and re-creations", async () => {
    const history = [
      init,
      `ALTER TABLE "User" RENAME COLUMN "name" TO "displayName";\nALTER TABLE "User" RENAME TO "Account";`,
      `ALTER TABLE "Account" ALTER COLUMN "displayName" SET DATA TYPE VARCHAR(80);\nALTER TABLE "Account" ADD COLUMN "code" VARCHAR(10);`,
    ];
    expect(await rulesFor(`ALTER TABLE "Account" ALTER COLUMN "displayName" SET DATA TYPE VARCHAR(120);`, history)).toEqual([]);
    expect(await rulesFor(`ALTER TABLE "Account" ALTER COLUMN "displayName" SET DATA TYPE VARCHAR(60);`, history)).toEqual(["change-column-type"]);
    expect(await rulesFor(`ALTER TABLE "Account" ALTER COLUMN "code" SET DATA TYPE TEXT;`, history)).toEqual([]);
    // The old names are gone.
    expect(await rulesFor(`ALTER TABLE "User" ALTER COLUMN "name" SET DATA TYPE TEXT;`, history)).toEqual(["change-column-type"]);
    // Dropped, then re-created with another type.
    const recreated = [...history, `ALTER TABLE "Account" DROP COLUMN "code";\nALTER TABLE "Account" ADD COLUMN "code" INTEGER;`];
    expect(await rulesFor(`ALTER TABLE "Account" ALTER COLUMN "code" SET DATA TYPE TEXT;`, recreated)).toEqual(["change-column-type"]);
  });

  it("uses the statements earlier in the same migration", async () => {
    const sql = `ALTER TABLE "Post" ADD COLUMN "code" VARCHAR(10);\nALTER TABLE "Post" ALTER COLUMN "code" SET DATA TYPE VARCHAR(20);`;
    expect(await rulesFor(sql)).toEqual([]);
  });

  it("compares a dropped enum with the one that took over its name in the same migration, not in an earlier one", async () => {
    const recreate = `ALTER TYPE "Role" RENAME TO "Role_old";\nCREATE TYPE "Role" AS ENUM ('USER', 'OWNER');\n`;
    const [sameMigration] = (await lintMigrationSql(`${recreate}DROP TYPE "Role_old";`, { history: [init] })).findings;
    expect(sameMigration?.message).toMatch(/^Drops enum "Role_old", which the migration replaced by a new enum of its original name without 'ADMIN'/);
    const [later] = (await lintMigrationSql(`DROP TYPE "Role_old";`, { history: [init, recreate] })).findings;
    expect(later?.message).toMatch(/^Drops enum "Role_old" \('USER', 'ADMIN'\)/);
  });

  it("knows a table is only new in the migration that creates it", async () => {
    const history = [init, `CREATE TABLE "Tag" ("id" TEXT NOT NULL, "name" TEXT);`];
    expect(await rulesFor(`CREATE INDEX "Tag_name_idx" ON "Tag"("name");`, history)).toEqual(["create-index-non-concurrent"]);
    expect(await rulesFor(`DROP TABLE "Tag";\nCREATE TABLE "Tag" ("id" TEXT);\nCREATE INDEX "Tag_id_idx" ON "Tag"("id");`, history)).toEqual(["drop-table"]);
  });

  it("lets SET NOT NULL through once a validated CHECK (column IS NOT NULL) proves it", async () => {
    const setNotNull = `ALTER TABLE "User" ALTER COLUMN "name" SET NOT NULL;\nALTER TABLE "User" DROP CONSTRAINT "User_name_not_null";`;
    const added = `ALTER TABLE "User" ADD CONSTRAINT "User_name_not_null" CHECK ("name" IS NOT NULL) NOT VALID;`;
    const validated = `ALTER TABLE "User" VALIDATE CONSTRAINT "User_name_not_null";`;
    expect(await rulesFor(added)).toEqual(["restrict-writes"]);
    expect(await rulesFor(validated, [init, added])).toEqual([]);
    expect(await rulesFor(setNotNull, [init, added, validated])).toEqual([]);
    expect(await rulesFor(`${validated}\n${setNotNull}`, [init, added])).toEqual([]);
    // Not yet validated, or dropped before: the scan happens.
    expect(await rulesFor(setNotNull, [init, added])).toEqual(["set-not-null"]);
    expect(await rulesFor(`ALTER TABLE "User" DROP CONSTRAINT "User_name_not_null";\n${setNotNull}`, [init, added, validated])).toEqual([
      "set-not-null",
      "restrict-writes",
    ]);
  });

  it("knows which table an index belongs to", async () => {
    const sql = `CREATE TABLE "Tag" ("id" TEXT);\nCREATE INDEX "Tag_id_idx" ON "Tag"("id");\nDROP INDEX "Tag_id_idx";`;
    expect(await rulesFor(sql)).toEqual([]);
    const { findings } = await lintMigrationSql(`DROP INDEX "Post_authorId_idx";`, { history: [init] });
    expect(findings[0]!.message).toContain(`ACCESS EXCLUSIVE lock on "Post"`);
  });
});

describe("SQL written by Prisma 7 (fixtures/prisma-generated: migrate dev, then migrate diff of a schema change)", () => {
  it("flags exactly the dangerous steps, and nothing of the new model", async () => {
    const report = await lintMigrations({ cwd: path.join(import.meta.dirname, "fixtures"), dir: "prisma-generated", all: true });
    expect(report.files.map((file) => [file.file, file.findings.map((f) => `${f.line} ${f.rule}`)])).toEqual([
      ["prisma-generated/20261125075242_init/migration.sql", []],
      [
        "prisma-generated/20261125080000_change/migration.sql",
        [
          "16 change-column-type", // the enum swap: ALTER COLUMN "role" TYPE "Role_new" USING …
          "19 drop-enum-value", // … which leaves 'ADMIN' out of "Role"
          "21 transaction-control", // the COMMIT Prisma writes after an enum change
          "24 volatile-default", // "uuid" … DEFAULT gen_random_uuid()
          "24 drop-column", // "image"
          "24 drop-column", // "name" (a renamed field: Prisma drops and adds)
          "24 set-not-null", // "age"
          "24 change-column-type", // "age" integer → bigint
          "24 restrict-writes", // "age" NOT NULL: the running release may still write NULL
          "33 add-column-not-null-without-default", // "reviewerId"
          "47 create-index-non-concurrent", // @@index([age])
          "50 create-index-non-concurrent", // @unique on title
        ],
      ],
    ]);
  });
});

describe("an expand-contract rename, step by step", () => {
  const steps = [
    `-- expand\nALTER TABLE "User" ADD COLUMN "fullName" VARCHAR(50);`,
    `-- backfill (in batches in real life)\nUPDATE "User" SET "fullName" = "name" WHERE "fullName" IS NULL;`,
    [`-- contract, once no deployed code reads "name"`, `-- db-check:phase contract`, `ALTER TABLE "User" DROP COLUMN "name";`].join("\n"),
  ];

  it("passes every step, while the naive rename is flagged", async () => {
    for (const [index, step] of steps.entries()) {
      const report = await lintMigrationSql(step, { history: [init, ...steps.slice(0, index)] });
      expect(report.findings, step).toEqual([]);
    }
    expect(await rulesFor(`ALTER TABLE "User" RENAME COLUMN "name" TO "fullName";`)).toEqual(["rename-column"]);
  });
});
