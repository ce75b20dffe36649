// --format github: GitHub Actions workflow commands, escaped as the Actions toolkit escapes them.
import { describe, expect, it } from "vitest";
import { formatGithub, type LintReport } from "@starter/migration-lint";

const file = "prisma/migrations/2_x,y:z/migration.sql";
const report: LintReport = {
  ok: false,
  selection: "the given paths",
  postgres: { version: null, from: "a supported release assumed (13+, not 14.0–14.3): no DIRECT_URL or DATABASE_URL" },
  files: [
    {
      file,
      phase: "expand",
      findings: [{ file, line: 3, rule: "drop-column", message: 'Drops 100% of\r\n"name".', alternative: "Use @map: or, expand-contract." }],
      acknowledged: [{ file, line: 5, rule: "lock-table", message: "m", alternative: "a", reason: "tiny, reviewed" }],
      contractOperations: [],
      warnings: [{ file, line: 1, message: "matches no finding" }],
    },
  ],
};

describe("formatGithub", () => {
  it("prints each finding as an error annotation on its file and line, with the safe alternative, then the summary line", () => {
    const lines = formatGithub(report).trimEnd().split("\n");
    expect(lines).toEqual([
      `::error file=prisma/migrations/2_x%2Cy%3Az/migration.sql,line=3,title=db-check drop-column::Drops 100%25 of%0D%0A"name".%0A→ Use @map: or, expand-contract.`,
      `::notice file=prisma/migrations/2_x%2Cy%3Az/migration.sql,line=5,title=db-check lock-table (acknowledged)::tiny, reviewed`,
      `::warning file=prisma/migrations/2_x%2Cy%3Az/migration.sql,line=1,title=db-check::matches no finding`,
      expect.stringMatching(
        /^db-check: 1 finding to fix \(1 acknowledged, 1 warning\); 1 migration checked: the given paths; PostgreSQL: a supported release assumed \(13\+, not 14\.0–14\.3\): no DIRECT_URL or DATABASE_URL\. /,
      ),
    ]);
  });
});
