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

  it("counts lines correctly after multi-byte characters (the parser counts bytes)", async () => {
    const sql = `-- Überschrift — 🚀 ünïcödé\nALTER TABLE "Ärger" ADD COLUMN "ß" TEXT;\n/* ✓ */\nDROP TABLE "x";`;
    const { statements, comments } = await parseMigration(sql, "m.sql");
    expect(statements.map((s) => s.line)).toEqual([2, 4]);
    expect(comments.map((c) => [c.text, c.line])).toEqual([
      ["-- Überschrift — 🚀 ünïcödé", 1],
      ["/* ✓ */", 3],
    ]);
  });

  it("finds comments as PostgreSQL does: not inside strings or dollar-quoted bodies; trailing or on their own line", async () => {
    const sql = [`SELECT '-- not a comment', $$ /* nor this */ $$; -- trailing`, `  -- own line`, `DO $body$ BEGIN -- inside the body`, `END $body$;`].join(
      "\n",
    );
    const { comments } = await parseMigration(sql, "m.sql");
    expect(comments.map((c) => [c.text, c.line, c.trailing])).toEqual([
      ["-- trailing", 1, true],
      ["-- own line", 2, false],
    ]);
  });

  it("accepts an empty file or one with only comments", async () => {
    expect(await parseMigration("", "m.sql")).toEqual({ statements: [], comments: [] });
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
