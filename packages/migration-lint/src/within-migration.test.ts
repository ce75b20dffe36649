// A statement is judged by what the migration has already done (and, for a drop, by what it does
// next): Prisma's renames, columns added a few lines above, tables emptied first, copy-then-swap,
// temporary tables, and drops of things no migration created.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { lintMigrationSql } from "@starter/migration-lint";

// "User" (… "name" varchar(50), "role" "Role" …) and "Post" (id, title, content, published, authorId, views).
const init = readFileSync(path.join(import.meta.dirname, "fixtures", "init.sql"), "utf8");

async function lint(sql: string, history: string[] = [init]) {
  return lintMigrationSql(sql, { file: "m.sql", history });
}

async function rulesFor(sql: string, history?: string[]) {
  return (await lint(sql, history)).findings.map((finding) => finding.rule);
}

describe("a drop next to an addition: Prisma's rename", () => {
  it("reports a dropped column as probably renamed to the column of the same type the migration adds, with @map and expand-contract", async () => {
    const { findings } = await lint(`ALTER TABLE "User" DROP COLUMN "name",\nADD COLUMN "fullName" VARCHAR(100);`);
    expect(findings.map((f) => f.rule)).toEqual(["drop-column"]);
    expect(findings[0]!.message).toContain(`Drops "User"."name" while this migration adds "fullName" to "User": probably a renamed field`);
    expect(findings[0]!.message).toContain(`every value of "name" is lost`);
    expect(findings[0]!.alternative).toContain(`@map("name")`);
    expect(findings[0]!.alternative).toMatch(/backfill "fullName" from "name" in batches.*examples\/expand-contract/);
  });

  it("finds the addition in a later statement too", async () => {
    const { findings } = await lint(`ALTER TABLE "User" DROP COLUMN "name";\nALTER TABLE "User" ADD COLUMN "displayName" TEXT;`);
    // varchar(50) → text: another type family, yet a rename may change the type; only the same family is offered.
    expect(findings[0]!.message).not.toContain("probably a renamed field");
    const same = await lint(`ALTER TABLE "User" DROP COLUMN "name";\nALTER TABLE "User" ADD COLUMN "displayName" VARCHAR(80);`);
    expect(same.findings[0]!.message).toContain(`adds "displayName" to "User": probably a renamed field`);
  });

  it("keeps the plain drop advice when nothing is added to the table", async () => {
    const { findings } = await lint(`ALTER TABLE "User" DROP COLUMN "name";\nALTER TABLE "Post" ADD COLUMN "fullName" VARCHAR(50);`);
    expect(findings[0]!.message).not.toContain("probably");
    expect(findings[0]!.alternative).toContain("@ignore");
  });

  it("reports a dropped table as probably renamed to a created table with the same columns, with @@map", async () => {
    const sql = [
      `ALTER TABLE "Post" DROP CONSTRAINT "Post_authorId_fkey";`,
      `DROP TABLE "Post";`,
      `CREATE TABLE "Article" ("id" SERIAL NOT NULL, "title" VARCHAR(200) NOT NULL, "content" TEXT, "published" BOOLEAN NOT NULL DEFAULT false, "authorId" TEXT NOT NULL, "views" INTEGER NOT NULL DEFAULT 0);`,
      `CREATE TABLE "Tag" ("id" TEXT NOT NULL);`,
    ].join("\n");
    const { findings } = await lint(sql);
    expect(findings.map((f) => f.rule)).toEqual(["drop-table"]);
    expect(findings[0]!.message).toContain(`Drops table "Post" while this migration creates "Article": probably a renamed model`);
    expect(findings[0]!.alternative).toContain(`@@map("Post")`);
  });
});

describe("columns added earlier in the same migration", () => {
  it("may be renamed or dropped: no deployed code knows them", async () => {
    expect(await rulesFor(`ALTER TABLE "User" ADD COLUMN "tmp" TEXT;\nALTER TABLE "User" RENAME COLUMN "tmp" TO "nick";`)).toEqual([]);
    expect(await rulesFor(`ALTER TABLE "User" ADD COLUMN "tmp" TEXT;\nALTER TABLE "User" DROP COLUMN "tmp";`)).toEqual([]);
    expect(
      await rulesFor(`ALTER TABLE "User" ADD COLUMN "tmp" TEXT;\nALTER TABLE "User" RENAME COLUMN "tmp" TO "nick";\nALTER TABLE "User" DROP COLUMN "nick";`),
    ).toEqual([]);
  });

  it("but an existing column renamed or dropped is still flagged", async () => {
    expect(await rulesFor(`ALTER TABLE "User" ADD COLUMN "tmp" TEXT;\nALTER TABLE "User" RENAME COLUMN "name" TO "nick";`)).toEqual(["rename-column"]);
  });
});

describe("a table emptied earlier in the same migration", () => {
  it.each([
    ["DELETE without WHERE", `DELETE FROM "Post";`, "delete-without-where"],
    ["TRUNCATE", `TRUNCATE "Post";`, "truncate"],
  ])("takes ADD COLUMN … NOT NULL without a default after %s, and reports the emptying as data loss", async (_, empty, rule) => {
    expect(await rulesFor(`${empty}\nALTER TABLE "Post" ADD COLUMN "slug" TEXT NOT NULL;`)).toEqual([rule]);
  });

  it("no longer counts as empty once rows are inserted again, nor when the DELETE had a WHERE", async () => {
    expect(
      await rulesFor(`DELETE FROM "Post";\nINSERT INTO "Post" ("title", "authorId") VALUES ('a', 'b');\nALTER TABLE "Post" ADD COLUMN "slug" TEXT NOT NULL;`),
    ).toEqual(["delete-without-where", "add-column-not-null-without-default"]);
    expect(await rulesFor(`DELETE FROM "Post" WHERE "views" = 0;\nALTER TABLE "Post" ADD COLUMN "slug" TEXT NOT NULL;`)).toEqual([
      "add-column-not-null-without-default",
    ]);
    expect(await rulesFor(`TRUNCATE "Post";\nCOPY "Post" FROM '/tmp/posts.csv';\nALTER TABLE "Post" ADD COLUMN "slug" TEXT NOT NULL;`)).toEqual([
      "truncate",
      "add-column-not-null-without-default",
    ]);
  });

  it("is emptied for this migration only", async () => {
    expect(await rulesFor(`ALTER TABLE "Post" ADD COLUMN "slug" TEXT NOT NULL;`, [init, `TRUNCATE "Post";`])).toEqual(["add-column-not-null-without-default"]);
  });
});

describe("copy-then-swap", () => {
  const swap = [
    `ALTER TABLE "Post" ADD COLUMN "views_new" BIGINT;`,
    `UPDATE "Post" SET "views_new" = "views";`,
    `ALTER TABLE "Post" DROP COLUMN "views";`,
    `ALTER TABLE "Post" RENAME COLUMN "views_new" TO "views";`,
  ].join("\n");

  it("does not claim the column goes missing: it reports the type change under running code and the copy under the table's lock", async () => {
    const { findings } = await lint(swap);
    expect(findings.map((f) => [f.line, f.rule])).toEqual([
      [2, "backfill-under-lock"],
      [4, "replace-column"],
    ]);
    expect(findings.map((f) => f.message).join("\n")).not.toContain("does not exist");
    expect(findings[1]!.message).toContain(`Replaces "Post"."views" with the column "views_new", renamed to it`);
    expect(findings[1]!.message).toContain("its type changes from int4 to int8");
    expect(findings[1]!.message).toContain("ACCESS EXCLUSIVE lock");
    expect(findings[0]!.message).toContain("ACCESS EXCLUSIVE lock");
  });

  it("reports a column dropped and added again under its name (what Prisma writes for a type it cannot cast) as replaced, its values lost", async () => {
    const { findings } = await lint(`ALTER TABLE "Post" DROP COLUMN "content",\nADD COLUMN "content" JSONB;`);
    expect(findings.map((f) => f.rule)).toEqual(["replace-column"]);
    expect(findings[0]!.message).toContain("every value of the old one is lost");
    expect(findings[0]!.message).toContain("its type changes from text to jsonb");
  });

  it("is a contract operation: refused in an expand migration even when acknowledged", async () => {
    const { findings } = await lint(`-- db-check:allow replace-column reason: reviewed\nALTER TABLE "Post" DROP COLUMN "content", ADD COLUMN "content" JSONB;`);
    expect(findings.map((f) => f.rule)).toEqual(["replace-column"]);
    expect(findings[0]!.alternative).toContain("refused even when acknowledged");
  });
});

describe("scratch tables and drops of what was never created", () => {
  it.each([
    [`CREATE TEMP TABLE "ids" AS SELECT "id" FROM "Post";\nDROP TABLE "ids";`],
    [`CREATE TEMPORARY TABLE "ids" ("id" INTEGER);\nDROP TABLE "ids";`],
    [`SELECT "id" INTO TEMP "ids" FROM "Post";\nDROP TABLE "ids";`],
    [`DROP TABLE IF EXISTS "_prisma_tmp";`],
    [`DROP INDEX IF EXISTS "Post_nothing_idx";`],
    [`ALTER TABLE "Post" DROP COLUMN IF EXISTS "nothing";`],
    [`DROP TYPE IF EXISTS "Nothing";`],
  ])("%s: no finding", async (sql) => {
    expect(await rulesFor(sql)).toEqual([]);
  });

  it("does not take a column list with LIKE or INHERITS for the whole table", async () => {
    const history = [init, `CREATE TABLE "Draft" (LIKE "Post", "note" TEXT);`];
    expect(await rulesFor(`ALTER TABLE "Draft" DROP COLUMN IF EXISTS "title";`, history)).toEqual(["drop-column"]);
  });

  it("still flags a temporary table's name that outlives its migration, and a drop without IF EXISTS", async () => {
    expect(await rulesFor(`DROP TABLE "ids";`, [init, `CREATE TABLE "ids" ("id" INTEGER);`])).toEqual(["drop-table"]);
    expect(await rulesFor(`DROP TABLE IF EXISTS "ids";`, [init, `CREATE TEMP TABLE "ids" ("id" INTEGER);\nCREATE TABLE "ids" ("id" INTEGER);`])).toEqual([
      "drop-table",
    ]);
    expect(await rulesFor(`DROP INDEX "Post_nothing_idx";`)).toEqual(["drop-index-non-concurrent"]);
  });
});

describe("updates under a lock the migration holds", () => {
  it("names the lock and the statement that took it", async () => {
    const { findings } = await lint(`LOCK TABLE "Post" IN SHARE MODE;\nUPDATE "Post" SET "views" = 0 WHERE "views" < 0;`);
    expect(findings.map((f) => [f.line, f.rule])).toEqual([
      [1, "lock-table"],
      [2, "backfill-under-lock"],
    ]);
    expect(findings[1]!.message).toContain("after the LOCK TABLE earlier in this migration, which took an SHARE lock");
    expect(findings[1]!.message).toContain("blocking every write");
    expect(findings[1]!.alternative).toContain("batches");
  });

  it("leaves an UPDATE of a new or emptied table alone", async () => {
    expect(await rulesFor(`CREATE TABLE "Tag" ("id" TEXT);\nALTER TABLE "Tag" ADD COLUMN "n" INTEGER;\nUPDATE "Tag" SET "n" = 1;`)).toEqual([]);
  });
});

describe("enum values", () => {
  it("allows renaming a value of an enum created in the same migration", async () => {
    expect(await rulesFor(`CREATE TYPE "Mood" AS ENUM ('HAPPY');\nALTER TYPE "Mood" RENAME VALUE 'HAPPY' TO 'GLAD';`)).toEqual([]);
  });

  it("names the values a recreated enum leaves out", async () => {
    const sql = `CREATE TYPE "Role_new" AS ENUM ('USER');\nALTER TYPE "Role" RENAME TO "Role_old";\nALTER TYPE "Role_new" RENAME TO "Role";\nDROP TYPE "Role_old";`;
    const { findings } = await lint(sql);
    expect(findings.map((f) => [f.line, f.rule])).toEqual([[4, "drop-enum-value"]]);
    expect(findings[0]!.message).toContain(`replaced by a new enum of its original name without 'ADMIN'`);
  });

  it("follows values added and renamed in earlier migrations", async () => {
    const history = [init, `ALTER TYPE "Role" ADD VALUE 'OWNER' BEFORE 'ADMIN';`, `ALTER TYPE "Role" RENAME VALUE 'USER' TO 'MEMBER';`];
    const sql = `ALTER TYPE "Role" RENAME TO "Role_old";\nCREATE TYPE "Role" AS ENUM ('MEMBER', 'ADMIN');\nDROP TYPE "Role_old";`;
    const { findings } = await lint(sql, history);
    expect(findings[0]!.message).toContain(`without 'OWNER':`);
  });

  it("are contract operations: refused in an expand migration even when acknowledged", async () => {
    const { findings } = await lint(`-- db-check:allow rename-enum-value reason: reviewed\nALTER TYPE "Role" RENAME VALUE 'ADMIN' TO 'OWNER';`);
    expect(findings[0]!.alternative).toContain("refused even when acknowledged");
  });
});
