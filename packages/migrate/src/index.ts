// @starter/migrate — the package's one public entry point: the production migration commands around
// the Prisma CLI. They take the migration URL from the caller (the app decides which database
// migrations use: lib/migrations/datasource.ts) and never read the app's code.
export { DeployRefusal, deployMigrations, readMigrationTable, type DeployOptions, type DeployResult, type MigrationTable } from "./deploy.ts";
export { BaselineRefusal, baselineDatabase, type BaselineOptions, type BaselineResult } from "./baseline.ts";
export { DoctorConnectionError, formatReport, needsAction, runDoctor, type DoctorOptions, type DoctorReport, type Finding } from "./doctor/index.ts";
export type { UrlKind } from "./doctor/urls.ts";
export { BackfillRefusal } from "./backfill/errors.ts";
export {
  BACKFILL_DEFAULTS,
  defineBackfill,
  type BackfillDefinition,
  type BackfillTransaction,
  type BatchRange,
  type CopyColumnsBackfill,
  type CustomBackfill,
  type KeyValues,
} from "./backfill/define.ts";
export { readBackfillSources, type BackfillSource } from "./backfill/files.ts";
export { runBackfills, type BackfillEvent, type BackfillOptions, type BackfillOutcome, type BackfillRunResult } from "./backfill/runner.ts";
export { readBackfillStatus, type BackfillState, type BackfillStatus, type BackfillStatusReport } from "./backfill/status.ts";
export { connect as connectForBackfills, PROGRESS_TABLE, PROGRESS_TABLE_SQL } from "./backfill/progress.ts";
export { formatStatus, progressReporter } from "./backfill/report.ts";
