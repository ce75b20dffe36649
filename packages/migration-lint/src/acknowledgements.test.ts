import { describe, expect, it } from "vitest";
import { lintMigrationSql } from "@starter/migration-lint";

const history = [`CREATE TABLE "User" ("id" TEXT NOT NULL, "name" TEXT, "legacy" TEXT);`];
// lock-timeout (a warning by default) would add its warning to every report here; it has tests of its own.
const lint = (sql: string) => lintMigrationSql(sql, { file: "m.sql", history, config: { rules: { "lock-timeout": "off" } } });

describe("db-check:allow", () => {
  it("allows the named finding on the statement below, with its reason", async () => {
    const report = await lint(
      `-- AlterTable\n-- db-check:allow create-index-non-concurrent reason: unused since release 2.3\nCREATE INDEX "i" ON "User" ("legacy");`,
    );
    expect(report.findings).toEqual([]);
    expect(report.warnings).toEqual([]);
    expect(report.acknowledged).toEqual([
      expect.objectContaining({ file: "m.sql", line: 3, rule: "create-index-non-concurrent", reason: "unused since release 2.3" }),
    ]);
  });

  it.each([
    [
      "above Prisma's comment, after a blank line",
      `-- db-check:allow create-index-non-concurrent reason: r\n\n-- AlterTable\nCREATE INDEX "i" ON "User" ("legacy");`,
    ],
    ["trailing on the statement's line", `CREATE INDEX "i" ON "User" ("legacy"); -- db-check:allow create-index-non-concurrent reason: r`],
    [
      "trailing on the last line of a multi-line statement",
      `CREATE INDEX "i"\n  ON "User" ("legacy"); -- db-check:allow create-index-non-concurrent reason: r\nSELECT 1;`,
    ],
    [
      "trailing on a statement's closing semicolon",
      `CREATE INDEX "i"\n  ON "User" ("legacy")\n; -- db-check:allow create-index-non-concurrent reason: r\nSELECT 1;`,
    ],
    ["inside the statement, above its subcommand", `CREATE INDEX "i"\n  -- db-check:allow create-index-non-concurrent reason: r\n  ON "User" ("legacy");`],
    ["as a block comment", `/* db-check:allow create-index-non-concurrent reason: the reason\n   can span lines */\nCREATE INDEX "i" ON "User" ("legacy");`],
  ])("is found %s", async (_, sql) => {
    const report = await lint(sql);
    expect(report.findings).toEqual([]);
    expect(report.acknowledged.map((f) => f.rule)).toEqual(["create-index-non-concurrent"]);
  });

  it("reads a block comment's reason as one line", async () => {
    const report = await lint(`/* db-check:allow create-index-non-concurrent reason: the reason\n   can span lines */\nCREATE INDEX "i" ON "User" ("legacy");`);
    expect(report.acknowledged[0]!.reason).toBe("the reason can span lines");
  });

  it("allows several rules at once, and only the rules it names", async () => {
    const sql = [
      "-- db-check:allow add-unique-constraint, create-index-non-concurrent reason: r",
      `ALTER TABLE "User" ADD CONSTRAINT "User_name_key" UNIQUE ("name"), ADD COLUMN "x" TEXT NOT NULL;`,
      `CREATE INDEX "i" ON "User" ("legacy");`,
    ].join("\n");
    const report = await lint(sql);
    expect(report.acknowledged.map((f) => f.rule)).toEqual(["add-unique-constraint"]);
    expect(report.findings.map((f) => [f.line, f.rule])).toEqual([
      [2, "add-column-not-null-without-default"],
      [2, "restrict-writes"],
      [3, "create-index-non-concurrent"],
    ]);
    // create-index-non-concurrent was named but matched nothing on its statement.
    expect(report.warnings).toEqual([
      { file: "m.sql", line: 1, message: expect.stringContaining("db-check:allow create-index-non-concurrent matches no finding") },
    ]);
  });

  it("belongs to one statement: a trailing comment does not allow the next", async () => {
    const report = await lint(`SELECT 1; -- db-check:allow create-index-non-concurrent reason: r\nCREATE INDEX "i" ON "User" ("legacy");`);
    expect(report.findings.map((f) => f.rule)).toEqual(["create-index-non-concurrent"]);
    expect(report.warnings.map((w) => w.line)).toEqual([1]);
  });

  it.each([
    ["without a reason", `-- db-check:allow create-index-non-concurrent`, "it gives no reason"],
    ["with an empty reason", `-- db-check:allow create-index-non-concurrent reason:   `, "it gives no reason"],
    ["without a rule", `-- db-check:allow reason: because`, "it names no rule"],
    ["with an unknown rule", `-- db-check:allow drop-colum reason: typo`, `unknown rule "drop-colum"`],
    ["with another directive", `-- db-check:ignore create-index-non-concurrent reason: r`, `"db-check:ignore" is not a db-check directive`],
  ])("allows nothing and is itself a finding %s", async (_, comment, problem) => {
    const report = await lint(`${comment}\nCREATE INDEX "i" ON "User" ("legacy");`);
    expect(report.acknowledged).toEqual([]);
    expect(report.findings.map((f) => [f.line, f.rule])).toEqual([
      [1, "invalid-acknowledgement"],
      [2, "create-index-non-concurrent"],
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
    const report = await lint(`ALTER TABLE "User" ADD COLUMN "bio" TEXT;\n-- db-check:allow create-index-non-concurrent reason: r\n`);
    expect(report.warnings.map((w) => w.message)).toEqual([expect.stringContaining("applies to no statement")]);
  });

  it("ignores ordinary comments that mention db-check", async () => {
    const report = await lint(`-- see db-check:allow in the docs\nALTER TABLE "User" ADD COLUMN "bio" TEXT;`);
    expect(report).toEqual({ file: "m.sql", phase: "expand", findings: [], contractOperations: [], acknowledged: [], warnings: [] });
  });

  it("allows rules on every statement of the file with db-check:allow-file, a reason still required", async () => {
    const sql = [
      "-- db-check:allow-file create-index-non-concurrent reason: the table holds a few hundred rows",
      `CREATE INDEX "i" ON "User" ("legacy");`,
      `CREATE INDEX "j" ON "User" ("name");`,
    ].join("\n");
    const report = await lint(sql);
    expect(report.findings).toEqual([]);
    expect(report.acknowledged.map((f) => [f.line, f.rule, f.reason])).toEqual([
      [2, "create-index-non-concurrent", "the table holds a few hundred rows"],
      [3, "create-index-non-concurrent", "the table holds a few hundred rows"],
    ]);
    const withoutReason = await lint(`-- db-check:allow-file create-index-non-concurrent\nCREATE INDEX "i" ON "User" ("legacy");`);
    expect(withoutReason.findings.map((f) => f.rule)).toEqual(["invalid-acknowledgement", "create-index-non-concurrent"]);
    const unused = await lint(`-- db-check:allow-file drop-table reason: r\nCREATE INDEX CONCURRENTLY "i" ON "User" ("legacy");`);
    expect(unused.warnings.map((w) => w.message)).toEqual([expect.stringContaining("db-check:allow-file drop-table matches no finding")]);
  });

  it("cannot allow-file what breaks the running release in an expand migration", async () => {
    const report = await lint(`-- db-check:allow-file drop-column reason: r\nALTER TABLE "User" DROP COLUMN "legacy";`);
    expect(report.findings.map((f) => f.rule)).toEqual(["drop-column"]);
  });
});
