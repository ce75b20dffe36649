// A contract migration that may only run once a backfill (prisma/backfills, run by
// `npm run db:backfill`) has finished says so on a line of its own:
//
//   -- db-check:requires-backfill 20261207120000_author_display_name
//
// db-check checks that the backfill exists and is dated before the migration; `npm run db:deploy --
// --phase contract` refuses the migration until the backfill has finished on that database.
import path from "node:path";
import { CONTRACT_DIRECTIVE, type MigrationPhase } from "./phase.ts";
import { entriesOf } from "./select.ts";
import type { Finding } from "./types.ts";

export const REQUIRES_BACKFILL_DIRECTIVE = "-- db-check:requires-backfill";

export interface BackfillRequirement {
  /** The backfill's file name without `.ts` (`<timestamp>_<name>`, like a migration's folder). */
  name: string;
  /** 1-based line of the directive. */
  line: number;
}

export interface BackfillRequirements {
  required: BackfillRequirement[];
  /** Directives that name no backfill. */
  problems: { line: number; message: string }[];
}

const DIRECTIVE_LINE = /^[ \t]*--[ \t]*db-check:requires-backfill\b(?<value>.*)$/;
/** What `db:backfill` accepts as a backfill's file name (backfill/files.ts in @starter/migrate). */
export const BACKFILL_NAME = /^\d+_[A-Za-z0-9_-]+$/;

/** The backfills a migration's SQL says it requires. */
export function readRequiredBackfills(sql: string): BackfillRequirements {
  const result: BackfillRequirements = { required: [], problems: [] };
  for (const [index, text] of sql.split(/\r?\n/).entries()) {
    const value = DIRECTIVE_LINE.exec(text)?.groups?.value?.trim();
    if (value === undefined) continue;
    if (BACKFILL_NAME.test(value)) result.required.push({ name: value, line: index + 1 });
    else
      result.problems.push({
        line: index + 1,
        message: `"db-check:requires-backfill ${value}" names no backfill: write "${REQUIRES_BACKFILL_DIRECTIVE} <timestamp>_<name>", the file name of a backfill in prisma/backfills without ".ts".`,
      });
  }
  return result;
}

export interface BackfillFile {
  name: string;
  file: string;
}

/** The folder a migrations folder's backfills live in: `prisma/backfills` next to `prisma/migrations`. */
export function backfillsDirFor(migrationsDir: string) {
  return path.join(path.dirname(migrationsDir), "backfills");
}

/**
 * The backfill files (`<timestamp>_<name>.ts`) in the order `db:backfill` runs them; [] when there is
 * no folder. Other files (helpers, tests) are not backfills.
 */
export function listBackfills(dir: string): BackfillFile[] {
  const entries = entriesOf(dir);
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts"))
    .map((entry) => ({ name: entry.name.slice(0, -".ts".length), file: path.join(dir, entry.name) }))
    .filter(({ name }) => BACKFILL_NAME.test(name))
    .sort((a, b) => byName(a.name, b.name));
}

// The order migration folders apply in (select.ts): a backfill and a migration compare the same way.
const byName = new Intl.Collator().compare;

/** Whether a backfill named `backfill` is dated before the migration `migration`. */
export function sortsBefore(backfill: string, migration: string) {
  return byName(backfill, migration) < 0;
}

/** db-check's findings about a migration's `requires-backfill` lines (`folder`: the backfills folder as messages show it). */
export function checkRequiredBackfills(
  sql: string,
  { file, migration, phase, backfillsDir, folder }: { file: string; migration: string; phase: MigrationPhase; backfillsDir: string; folder: string },
): Finding[] {
  const { required, problems } = readRequiredBackfills(sql);
  const findings: Finding[] = problems.map(({ line, message }) => ({
    file,
    line,
    rule: "requires-backfill",
    message,
    alternative: `Name the backfill the migration needs, e.g. ${REQUIRES_BACKFILL_DIRECTIVE} 20261207120000_copy_display_name.`,
  }));
  if (required.length === 0) return findings;
  const available = listBackfills(backfillsDir);
  for (const { name, line } of required) {
    if (phase === "expand") {
      findings.push({
        file,
        line,
        rule: "requires-backfill",
        message: `Only a contract migration can require a backfill: expand migrations apply before the release's backfills run.`,
        alternative: `Put the line in the contract migration that needs ${name} (the one with "${CONTRACT_DIRECTIVE}").`,
      });
    } else if (!available.some((backfill) => backfill.name === name)) {
      const similar = available.filter((backfill) => backfill.name.split("_").slice(1).join("_") === name.split("_").slice(1).join("_"));
      findings.push({
        file,
        line,
        rule: "requires-backfill",
        message: `The migration requires the backfill ${name}, but ${folder} has no ${name}.ts.`,
        alternative: similar.length
          ? `Did you mean ${similar.map((backfill) => backfill.name).join(" or ")}? Fix the name on the line.`
          : `Add ${path.join(folder, `${name}.ts`)} (npm run db:backfill runs it), or fix the name on the line.`,
      });
    } else if (!sortsBefore(name, migration)) {
      findings.push({
        file,
        line,
        rule: "requires-backfill",
        message: `The backfill ${name} is dated after the migration ${migration} that requires it: a backfill comes before the contract migration that depends on it.`,
        alternative: `Give the backfill's file a timestamp before ${migration.split("_")[0]}, or the migration's folder a later one.`,
      });
    }
  }
  return findings;
}
