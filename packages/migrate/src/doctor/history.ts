// `_prisma_migrations` against prisma/migrations: what `prisma migrate deploy` would apply, refuse
// or silently ignore.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { failedMigrationAdvice, failedMigrationProblem, type MigrationTable } from "../deploy.ts";
import type { Migration } from "@starter/migration-lint";
import type { Finding } from "./finding.ts";
import type { CheckedStatement } from "./statements.ts";

/** `statements`: for each failed migration found in the folder, what each of its statements left in the catalog. */
export async function checkHistory(
  table: MigrationTable,
  local: Migration[],
  statements: Map<string, CheckedStatement[]>,
  development = false,
): Promise<Finding[]> {
  const findings: Finding[] = [];
  const failed = new Set(table.failed.map((row) => row.name));

  for (const row of table.failed) {
    findings.push({
      check: "history",
      id: "failed-migration",
      severity: "action",
      title: `Migration ${row.name} failed and blocks every deploy (P3009)`,
      detail: [failedMigrationProblem(row), ...describeStatements(statements.get(row.name))].join("\n"),
      fix: [failedMigrationAdvice(row.name), `npx prisma migrate resolve --rolled-back ${row.name}`, `npx prisma migrate resolve --applied ${row.name}`],
      ...(statements.has(row.name) && { statements: statements.get(row.name) }),
    });
  }

  const pending = local.filter(({ name }) => !table.applied.has(name) && !failed.has(name)).map(({ name }) => name);
  if (pending.length > 0) {
    findings.push({
      check: "history",
      id: "pending-migrations",
      severity: "action",
      title: `${pending.length} migration${pending.length === 1 ? " is" : "s are"} not applied: ${pending.join(", ")}`,
      detail: "The database is behind the code: the app may query columns or tables that do not exist yet.",
      // Development applies them with migrate dev (and regenerates the client); production with deploy.
      fix: [development ? "npm run db:migrate" : "npm run db:deploy"],
    });
  }

  for (const { name, file } of local) {
    const recorded = table.checksums.get(name);
    if (recorded === undefined) continue;
    const script = await readFile(file, "utf8");
    // Prisma accepts a file whose only change is its line endings (a checkout on Windows).
    if ([script, script.replaceAll("\r\n", "\n")].some((text) => sha256(text) === recorded)) continue;
    findings.push({
      check: "history",
      id: "edited-migration",
      severity: "action",
      title: `Migration ${name} was edited after it was applied`,
      detail:
        "Its migration.sql no longer matches the checksum recorded when it was applied: the database has the old version. " +
        "`prisma migrate dev` would want to reset the database, and fresh databases get the new version.",
      fix: [`git log -p -- prisma/migrations/${name}/migration.sql   # then restore the applied version and put the change in a new migration`],
    });
  }

  const localNames = new Set(local.map(({ name }) => name));
  const missing = [...table.applied].filter((name) => !localNames.has(name));
  if (missing.length > 0) {
    findings.push({
      check: "history",
      id: "missing-migrations",
      severity: "action",
      title: `Applied in the database but missing from prisma/migrations: ${missing.join(", ")}`,
      detail: "Deployed from another branch, renamed or deleted: this checkout cannot reproduce the database's schema.",
      fix: ["Restore the folder(s) from the branch that deployed them (git log --all -- prisma/migrations), then merge."],
    });
  }
  return findings;
}

function describeStatements(statements: CheckedStatement[] | undefined): string[] {
  if (!statements) return ["Its migration.sql is missing or does not parse: the drift check below shows what part of it took effect, if any."];
  const checkable = statements.filter(({ effect }) => effect !== "not checkable");
  const summary =
    checkable.length === 0
      ? "None of its statements can be checked in the catalog: the drift check below shows what took effect, if any."
      : checkable.every(({ effect }) => effect === "not applied")
        ? "None of the statements the catalog can show took effect: fix the migration, then --rolled-back and deploy again."
        : "Part of it took effect (below): undo it (then --rolled-back), or complete the rest by hand (then --applied).";
  return [summary, ...statements.map(({ line, text, effect }) => `  line ${line}: ${text} — ${effect}`)];
}

function sha256(text: string) {
  return createHash("sha256").update(text).digest("hex");
}
