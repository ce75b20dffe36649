// @starter/migration-lint — the package's one public entry point: the migration safety linter
// (`npm run db:check`, or programmatically), the release phases a migration belongs to, and the
// listing of a migrations folder that the deploy and compatibility tools share with it.
export { lintMigrationSql, lintMigrations, type LintMigrationsOptions, type LintSqlContext } from "./lint.ts";
export { runDbCheck, type CliIo } from "./cli.ts";
export { MigrationParseError } from "./parse.ts";
// A migration file's statements, read by PostgreSQL's parser (db:doctor checks which of a failed one's took effect).
export { parseMigration, type ParsedMigration, type Statement } from "./parse.ts";
export { quote, strings } from "./names.ts";
export type { Node as SqlNode, RangeVar as SqlRangeVar } from "libpg-query";
export { formatGithub, formatGitlab, formatJson, formatSarif, formatText } from "./report.ts";
export { CONFIG_FILE, ConfigError, DEFAULT_LEVELS, loadConfig, RULE_IDS, type DbCheckConfig, type RuleLevel } from "./config.ts";
export { BASELINE_FILE, listMigrations, UsageError, writeBaseline, type Migration } from "./select.ts";
export { CONTRACT_DIRECTIVE, isPhase, PHASES, readPhase, type MigrationPhase, type PhaseDeclaration } from "./phase.ts";
export {
  backfillsDirFor,
  listBackfills,
  readRequiredBackfills,
  REQUIRES_BACKFILL_DIRECTIVE,
  sortsBefore,
  type BackfillFile,
  type BackfillRequirement,
} from "./requires-backfill.ts";
export { CONNECT_TIMEOUT_MS, DEFAULT_POSTGRES, readServerVersion, withPostgresVersion } from "./postgres-version.ts";
export type { LintSettings, PostgresVersion } from "./rules/rule.ts";
export * from "./types.ts";
