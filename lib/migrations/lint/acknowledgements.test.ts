import { describe, expect, it } from "vitest";
import { lintMigrationSql } from "@/lib/migrations/lint";

const history = [`CREATE TABLE "User" ("id" TEXT NOT NULL, "name" TEXT, "legacy" TEXT);`];
const lint = (sql: string) => lintMigrationSql(sql, { file: "m.sql", history });

describe("db-check:allow", () => {
  it("allows the named finding on the statement below, with its reason", async () => {
    const report = await lint(
      `-- AlterTable\n-- db-check:allow drop-column reason: unused since release 2.3\nALTER TABLE "User" DROP COLUMN "legacy";`,
    );
    expect(report.findings).toEqual([]);
    expect(report.warnings).toEqual([]);
    expect(report.acknowledged).toEqual([
      expect.objectContaining({ file: "m.sql", line: 3, rule: "drop-column", reason: "unused since release 2.3" }),
    ]);
  });

  it.each([
    ["above Prisma's comment, after a blank line", `-- db-check:allow drop-column reason: r\n\n-- AlterTable\nALTER TABLE "User" DROP COLUMN "legacy";`],
    ["trailing on the statement's line", `ALTER TABLE "User" DROP COLUMN "legacy"; -- db-check:allow drop-column reason: r`],
    ["trailing on the last line of a multi-line statement", `ALTER TABLE "User"\n  DROP COLUMN "legacy"; -- db-check:allow drop-column reason: r\nSELECT 1;`],
    ["trailing on a statement's closing semicolon", `ALTER TABLE "User"\n  DROP COLUMN "legacy"\n; -- db-check:allow drop-column reason: r\nSELECT 1;`],
    ["inside the statement, above its subcommand", `ALTER TABLE "User"\n  -- db-check:allow drop-column reason: r\n  DROP COLUMN "legacy";`],
    ["as a block comment", `/* db-check:allow drop-column reason: the reason\n   can span lines */\nALTER TABLE "User" DROP COLUMN "legacy";`],
  ])("is found %s", async (_, sql) => {
    const report = await lint(sql);
    expect(report.findings).toEqual([]);
    expect(report.acknowledged.map((f) => f.rule)).toEqual(["drop-column"]);
  });

  it("reads a block comment's reason as one line", async () => {
    const report = await lint(`/* db-check:allow drop-column reason: the reason\n   can span lines */\nALTER TABLE "User" DROP COLUMN "legacy";`);
    expect(report.acknowledged[0]!.reason).toBe("the reason can span lines");
  });

  it("allows several rules at once, and only the rules it names", async () => {
    const sql = [
      "-- db-check:allow drop-column, rename-column reason: r",
      `ALTER TABLE "User" DROP COLUMN "legacy", ADD COLUMN "x" TEXT NOT NULL;`,
      `ALTER TABLE "User" RENAME COLUMN "name" TO "n";`,
    ].join("\n");
    const report = await lint(sql);
    expect(report.acknowledged.map((f) => f.rule)).toEqual(["drop-column"]);
    expect(report.findings.map((f) => [f.line, f.rule])).toEqual([
      [2, "add-column-not-null-without-default"],
      [3, "rename-column"],
    ]);
    // rename-column was named but matched nothing on its statement.
    expect(report.warnings).toEqual([
      { file: "m.sql", line: 1, message: expect.stringContaining("db-check:allow rename-column matches no finding") },
    ]);
  });

  it("belongs to one statement: a trailing comment does not allow the next", async () => {
    const report = await lint(`SELECT 1; -- db-check:allow drop-column reason: r\nALTER TABLE "User" DROP COLUMN "legacy";`);
    expect(report.findings.map((f) => f.rule)).toEqual(["drop-column"]);
    expect(report.warnings.map((w) => w.line)).toEqual([1]);
  });

  it.each([
    ["without a reason", `-- db-check:allow drop-column`, "it gives no reason"],
    ["with an empty reason", `-- db-check:allow drop-column reason:   `, "it gives no reason"],
    ["without a rule", `-- db-check:allow reason: because`, "it names no rule"],
    ["with an unknown rule", `-- db-check:allow drop-colum reason: typo`, `unknown rule "drop-colum"`],
    ["with another directive", `-- db-check:ignore drop-column reason: r`, `"db-check:ignore" is not a db-check directive`],
  ])("allows nothing and is itself a finding %s", async (_, comment, problem) => {
    const report = await lint(`${comment}\nALTER TABLE "User" DROP COLUMN "legacy";`);
    expect(report.acknowledged).toEqual([]);
    expect(report.findings.map((f) => [f.line, f.rule])).toEqual([
      [1, "invalid-acknowledgement"],
      [2, "drop-column"],
    ]);
    expect(report.findings[0]!.message).toContain(problem);
    expect(report.findings[0]!.alternative).toContain("reason: <why this is safe here>");
  });

  it("warns about one that matches no finding, without failing", async () => {
    const report = await lint(`-- db-check:allow rename-table reason: r\nALTER TABLE "User" ADD COLUMN "bio" TEXT;`);
    expect(report.findings).toEqual([]);
    expect(report.warnings).toEqual([
      {
        file: "m.sql",
        line: 1,
        message: "db-check:allow rename-table matches no finding: the statement it applies to (line 2) is not flagged by rename-table.",
      },
    ]);
  });

  it("warns about one after the last statement", async () => {
    const report = await lint(`ALTER TABLE "User" ADD COLUMN "bio" TEXT;\n-- db-check:allow drop-column reason: r\n`);
    expect(report.warnings.map((w) => w.message)).toEqual([expect.stringContaining("applies to no statement")]);
  });

  it("ignores ordinary comments that mention db-check", async () => {
    const report = await lint(`-- see db-check:allow in the docs\nALTER TABLE "User" ADD COLUMN "bio" TEXT;`);
    expect(report).toEqual({ file: "m.sql", findings: [], acknowledged: [], warnings: [] });
  });
});
