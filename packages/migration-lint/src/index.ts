// The migration safety linter: `npm run db:check`, or programmatically.
export { lintMigrationSql, lintMigrations, type LintMigrationsOptions, type LintSqlContext } from "./lint.ts";
export { runDbCheck, type CliIo } from "./cli.ts";
export { MigrationParseError } from "./parse.ts";
export { formatGithub, formatJson, formatText } from "./report.ts";
export { BASELINE_FILE, UsageError, writeBaseline } from "./select.ts";
export * from "./types.ts";
