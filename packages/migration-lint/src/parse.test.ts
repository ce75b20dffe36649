import { describe, expect, it } from "vitest";
import { MigrationParseError, parseMigration } from "./parse.ts";

describe("parseMigration", () => {
  it("gives each statement the line of its first token, past Prisma's comments", async () => {
    const sql = [
      "/*",
      "  Warnings:",
      "",
      "  - You are about to drop the column `image` on the `User` table. All the data in the column will be lost.",
      "",
      "*/",
      "-- AlterTable",
      `ALTER TABLE "User" DROP COLUMN "image";`,
      "",
      "-- CreateIndex",
      "",
      "   ",
      `CREATE INDEX "User_name_idx" ON "User"("name"); SELECT 1;`,
      "SELECT",
      "  2",
    ].join("\n");
    const { statements } = await parseMigration(sql, "m.sql");
    expect(statements.map((s) => [Object.keys(s.node)[0], s.line, s.endLine])).toEqual([
      ["AlterTableStmt", 8, 8],
      ["IndexStmt", 13, 13],
      ["SelectStmt", 13, 13],
      ["SelectStmt", 14, 15],
    ]);
  });

  it("skips nested comments, and comments between a statement and its `;`, as PostgreSQL does", async () => {
    const sql = `/* outer /* inner; */ still a comment; */ SELECT 1 /* before the semicolon */ ;\n-- a line\r\n/**/SELECT 2;`;
    const { statements } = await parseMigration(sql, "m.sql");
    expect(statements.map((s) => [s.line, sql.slice(s.start, s.end)])).toEqual([
      [1, "SELECT 1 /* before the semicolon */ ;"],
      [3, "SELECT 2;"],
    ]);
  });

  it("ends a last statement without its `;` at its last token, not at the comments after it", async () => {
    const sql = `SELECT 1;\nSELECT\n  2 -- the end\n\n/* nothing more */\n`;
    const [, last] = (await parseMigration(sql, "m.sql")).statements;
    expect([last!.line, last!.endLine, sql.slice(last!.start, last!.end)]).toEqual([2, 3, "SELECT\n  2"]);
  });

  it("counts lines correctly after multi-byte characters (the parser counts bytes)", async () => {
    const sql = `-- Überschrift — 🚀 ünïcödé\nALTER TABLE "Ärger" ADD COLUMN "ß" TEXT;\n/* ✓ db-check:allow drop-table reason: ü */\nDROP TABLE "x";`;
    const { statements, directiveComments } = await parseMigration(sql, "m.sql");
    expect(statements.map((s) => s.line)).toEqual([2, 4]);
    expect(directiveComments.map((c) => [c.text, c.line])).toEqual([["/* ✓ db-check:allow drop-table reason: ü */", 3]]);
  });

  it("finds the comments that mention db-check: as PostgreSQL does: not inside strings or dollar-quoted bodies; trailing or on their own line", async () => {
    const sql = [
      `SELECT '-- db-check: not a comment', $$ /* db-check: nor this */ $$; -- db-check: trailing`,
      `  -- db-check: own line`,
      `  -- an ordinary comment`,
      `DO $body$ BEGIN -- db-check: inside the body`,
      `END $body$;`,
    ].join("\n");
    const { directiveComments } = await parseMigration(sql, "m.sql");
    expect(directiveComments.map((c) => [c.text, c.line, c.trailing])).toEqual([
      ["-- db-check: trailing", 1, true],
      ["-- db-check: own line", 2, false],
    ]);
  });

  it("accepts an empty file or one with only comments", async () => {
    expect(await parseMigration("", "m.sql")).toEqual({ statements: [], directiveComments: [] });
    expect((await parseMigration("-- nothing yet\n", "m.sql")).statements).toEqual([]);
  });

  it("reports SQL that does not parse with the file, the line and the parser's message", async () => {
    const sql = `-- 🚀 ünïcödé\nALTER TABLE "User" ADD COLUMN "a" TEXT;\n\nALTER TABLE "User" ADD COLUMN;\n`;
    const error = await parseMigration(sql, "prisma/migrations/1_x/migration.sql").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationParseError);
    expect(error).toMatchObject({ file: "prisma/migrations/1_x/migration.sql", line: 4, reason: `syntax error at or near ";"` });
    expect((error as Error).message).toBe(`prisma/migrations/1_x/migration.sql:4: does not parse: syntax error at or near ";"`);
  });
});
