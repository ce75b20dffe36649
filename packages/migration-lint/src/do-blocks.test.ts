// DO blocks: the SQL statements of a PL/pgSQL body are linted where they stand; what db-check cannot
// read is reported as not checked, never passed over.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { lintMigrationSql } from "@starter/migration-lint";

const init = readFileSync(path.join(import.meta.dirname, "fixtures", "init.sql"), "utf8");
const lint = (sql: string, history = [init]) => lintMigrationSql(sql, { file: "m.sql", history });

describe("a DO block", () => {
  it("has its statements linted at their own lines, inside IF branches and exception blocks too", async () => {
    const sql = [
      `-- AlterTable`,
      `DO $$`,
      `BEGIN`,
      `  IF EXISTS (SELECT 1 FROM information_schema.columns WHERE column_name = 'name') THEN`,
      `    ALTER TABLE "User" RENAME COLUMN "name" TO "fullName";`,
      `  END IF;`,
      `  CREATE INDEX "Post_title_idx" ON "Post"("title");`,
      `EXCEPTION WHEN duplicate_object THEN NULL;`,
      `END $$;`,
    ].join("\n");
    const { findings } = await lint(sql);
    expect(findings.map((f) => [f.line, f.rule])).toEqual([
      [5, "rename-column"],
      [7, "create-index-non-concurrent"],
    ]);
  });

  it("reads EXECUTE of a constant string", async () => {
    const { findings } = await lint(`DO $$ BEGIN EXECUTE 'ALTER TABLE "Post" ALTER COLUMN "views" TYPE BIGINT'; END $$;`);
    expect(findings.map((f) => f.rule)).toEqual(["change-column-type"]);
  });

  it("reports EXECUTE of a computed string as not checked, with its line", async () => {
    const sql = `DO $$\nBEGIN\n  EXECUTE format('DROP TABLE %I', 'Post');\nEND $$;`;
    const { findings } = await lint(sql);
    expect(findings.map((f) => [f.line, f.rule])).toEqual([[3, "do-block-not-checked"]]);
    expect(findings[0]!.message).toContain("EXECUTE runs a statement computed at run time (format('DROP TABLE %I', 'Post'))");
  });

  it("reports a block in another language as not checked", async () => {
    const { findings } = await lint(`DO LANGUAGE plperl $$ print 1 $$;`);
    expect(findings.map((f) => f.rule)).toEqual(["do-block-not-checked"]);
    expect(findings[0]!.message).toContain("written in plperl");
  });

  it("takes an acknowledgement above the block for what is inside it", async () => {
    const report = await lint(
      `-- db-check:allow do-block-not-checked, create-index-non-concurrent reason: reviewed, tiny table\nDO $$ BEGIN\n  EXECUTE format('SELECT %s', 1);\n  CREATE INDEX "i" ON "Post"("title");\nEND $$;`,
    );
    expect(report.findings).toEqual([]);
    expect(report.acknowledged.map((f) => [f.line, f.rule])).toEqual([
      [3, "do-block-not-checked"],
      [4, "create-index-non-concurrent"],
    ]);
  });

  it("changes the schema model like plain statements, in history too", async () => {
    const history = [init, `DO $$ BEGIN CREATE TABLE "Tag" ("id" TEXT, "name" VARCHAR(20)); END $$;`];
    expect((await lint(`ALTER TABLE "Tag" ALTER COLUMN "name" TYPE VARCHAR(40);`, history)).findings).toEqual([]);
    expect((await lint(`DO $$ BEGIN CREATE TABLE "Tag" ("id" TEXT); END $$;\nCREATE INDEX "Tag_id_idx" ON "Tag"("id");`)).findings).toEqual([]);
  });
});
