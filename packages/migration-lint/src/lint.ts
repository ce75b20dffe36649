// Linting: replay the earlier migrations into a schema model, then run every rule on each statement
// of the migrations being checked, against the schema as it is just before that statement.
import { readFileSync } from "node:fs";
import path from "node:path";
import { acknowledge, type StatementFinding } from "./acknowledgements.ts";
import { doBlockNotChecked } from "./do-blocks.ts";
import { MigrationPlan } from "./migration-plan.ts";
import { parseMigration, type ParsedMigration, type Statement } from "./parse.ts";
import { rules } from "./rules/index.ts";
import { CONTRACT_DIRECTIVE, readPhase } from "./phase.ts";
import { additionIn, expandAfterContractFinding, expandInContractFinding } from "./phases.ts";
import { backfillsDirFor, checkRequiredBackfills } from "./requires-backfill.ts";
import { SchemaModel } from "./schema-model.ts";
import { DEFAULT_MIGRATIONS_DIR, listMigrations, selectMigrations, UsageError, type MigrationTarget } from "./select.ts";
import type { FileReport, Finding, LintReport } from "./types.ts";
import { DEFAULT_POSTGRES, showVersion } from "./postgres-version.ts";
import { defaultConfig, isExcluded, levelOf, loadConfig, type DbCheckConfig } from "./config.ts";

/** What runs, in order: each statement, or for a DO block the statements of its body (at their own lines). */
function executed(statements: readonly Statement[]) {
  return statements.flatMap(({ node, line, block }, statement) =>
    block ? block.statements.map((embedded) => ({ ...embedded, statement, inBlock: true })) : [{ node, line, statement, inBlock: false }],
  );
}

/** Applies the config's rule levels: "off" findings go, "warn" ones become warnings (with their safe alternative). */
function applyLevels(report: FileReport, config: DbCheckConfig) {
  const findings: Finding[] = [];
  for (const finding of report.findings) {
    const level = levelOf(config, finding.rule);
    if (level === "error") findings.push(finding);
    else if (level === "warn") {
      const { file, line, rule, message, alternative } = finding;
      report.warnings.push({ file, line, rule, message: `${message} → ${alternative}` });
    }
  }
  report.findings = findings;
  report.acknowledged = report.acknowledged.filter((finding) => levelOf(config, finding.rule) !== "off");
  report.warnings.sort((a, b) => a.line - b.line);
}

function lintParsed(sql: string, parsed: ParsedMigration, model: SchemaModel, file: string, config: DbCheckConfig): FileReport {
  model.startMigration();
  const declared = readPhase(sql);
  const findings: StatementFinding[] = [];
  const additions: Finding[] = [];
  const statementCount = parsed.statements.length;
  const steps = executed(parsed.statements);
  const plan = new MigrationPlan(steps.map((step) => step.node));
  for (const [position, { node, line, statement, inBlock }] of steps.entries()) {
    const context = { model, statementCount, plan, position, inBlock, settings: config };
    for (const rule of rules) {
      for (const hit of rule.check(node, context)) findings.push({ file, line, rule: rule.id, ...hit, statement });
    }
    const addition = declared.phase === "contract" ? additionIn(node, context) : undefined;
    if (addition) additions.push(expandInContractFinding(file, line, addition));
    model.apply(node);
  }
  for (const [statement, { block }] of parsed.statements.entries()) {
    for (const { line, reason } of block?.unchecked ?? []) findings.push({ ...doBlockNotChecked(file, line, reason), statement });
  }
  findings.sort((a, b) => a.line - b.line); // a DO block's findings come from two passes
  const report = acknowledge(findings, parsed, file, declared.phase);
  if (declared.problem) {
    const { line, message } = declared.problem;
    additions.push({ file, line, rule: "invalid-phase", message, alternative: `Write "${CONTRACT_DIRECTIVE}" on a line of its own, or nothing.` });
  }
  report.findings = [...report.findings, ...additions].sort((a, b) => a.line - b.line);
  if (parsed.statements.length === 0) report.warnings.push(emptyMigrationWarning(file));
  applyLevels(report, config);
  return report;
}

/**
 * `migrate dev --create-only` writes an empty migration when the schema change needs no SQL (an
 * `@map` added to keep a column's name, say). Harmless to deploy, but noise in the history.
 */
function emptyMigrationWarning(file: string) {
  const folder = path.basename(file) === "migration.sql" ? path.dirname(file) : file;
  return {
    file,
    line: 1,
    message: `The migration holds no statement. If it was never deployed, remove it: rm -r ${JSON.stringify(folder)} (a deployed one stays, as history).`,
  };
}

async function replay(model: SchemaModel, sql: string, file: string) {
  model.startMigration();
  for (const { node } of executed((await parseMigration(sql, file)).statements)) model.apply(node);
}

export interface LintSqlContext {
  /** Shown in findings. */
  file?: string;
  /** The SQL of the migrations applied before this one, oldest first: they tell the old column types and which tables are new. */
  history?: readonly string[];
  /** Rule levels and the PostgreSQL version (config.ts); default: every rule at its default level, no version. */
  config?: Partial<DbCheckConfig>;
}

/** Lints one migration's SQL. Throws MigrationParseError when it (or its history) does not parse. */
export async function lintMigrationSql(sql: string, { file = "migration.sql", history = [], config }: LintSqlContext = {}): Promise<FileReport> {
  const model = new SchemaModel();
  for (const [index, earlier] of history.entries()) await replay(model, earlier, `history[${index}]`);
  return lintParsed(sql, await parseMigration(sql, file), model, file, { ...defaultConfig(process.cwd()), ...config });
}

export interface LintMigrationsOptions {
  /** Default: the process's working directory. Files in the report are relative to it. */
  cwd?: string;
  /** The migrations folder. Default: prisma/migrations under cwd. */
  dir?: string;
  /** Check the migration folders added or changed since the merge-base with this git ref. */
  base?: string;
  /** Check every migration. */
  all?: boolean;
  /** Check exactly these migration folders or SQL files. */
  paths?: readonly string[];
  /** Where DB_CHECK_BASE is read when neither base, all nor paths is given (the CLI passes process.env). */
  env?: Record<string, string | undefined>;
  /** Rule levels, PostgreSQL version, excluded paths (config.ts). Default: db-check.config.json in cwd, if any. */
  config?: DbCheckConfig;
}

/**
 * Selects the migrations to check (see select.ts) and lints them. Throws UsageError for a bad path,
 * folder or git ref, MigrationParseError for SQL that does not parse.
 */
export async function lintMigrations(options: LintMigrationsOptions = {}): Promise<LintReport> {
  const cwd = options.cwd ?? process.cwd();
  const dir = path.resolve(cwd, options.dir ?? DEFAULT_MIGRATIONS_DIR);
  const config = options.config ?? loadConfig(cwd);
  const selection = await selectMigrations({ ...options, cwd, dir });
  const { description, oneRelease } = selection;
  const targets = selection.targets.filter((target) => !isExcluded(config, target.file));
  const files = await lintTargets(targets, cwd, config);
  if (oneRelease) checkPhaseOrder(files);
  const postgres = {
    version: config.postgres ? showVersion(config.postgres) : null,
    from: config.postgresFrom ?? (config.postgres ? "the config" : `${DEFAULT_POSTGRES}: no "postgres" in the config`),
  };
  return { files, ok: files.every((file) => file.findings.length === 0), selection: description, postgres };
}

/** Within one release, every expand migration must sort before the first contract migration. */
function checkPhaseOrder(files: FileReport[]) {
  const contract = files.find((file) => file.phase === "contract");
  if (!contract) return;
  for (const file of files.slice(files.indexOf(contract) + 1)) {
    if (file.phase === "expand") file.findings.unshift(expandAfterContractFinding(file.file, contract.file));
  }
}

/** A migration's SQL; one that cannot be read is a usage error naming it (exit 2), not a crash. */
function readMigration(file: string, show: (file: string) => string) {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new UsageError(`Cannot read ${show(file)} (${code}): make it a readable file, or remove the folder if it is not a migration.`);
  }
}

/**
 * The schema model of each target comes from ALL the migrations sorted before it in its folder,
 * checked or not; a target outside the folder's sequence (a loose .sql file) comes after all of them.
 */
async function lintTargets(targets: readonly MigrationTarget[], cwd: string, config: DbCheckConfig): Promise<FileReport[]> {
  const show = (file: string) => path.relative(cwd, file) || file;
  const lintText = async (sql: string, target: MigrationTarget, model: SchemaModel) => {
    const report = lintParsed(sql, await parseMigration(sql, show(target.file)), model, show(target.file), config);
    // A migration's backfills live next to its migrations folder (prisma/backfills).
    const migration = path.basename(path.dirname(target.file));
    const backfillsDir = backfillsDirFor(target.root);
    const required = checkRequiredBackfills(sql, { file: report.file, migration, phase: report.phase, backfillsDir, folder: show(backfillsDir) });
    report.findings = [...report.findings, ...required].sort((a, b) => a.line - b.line);
    return report;
  };
  const reports = new Map<MigrationTarget, FileReport>();
  for (const root of new Set(targets.map((target) => target.root))) {
    const model = new SchemaModel();
    const pending = new Map(targets.filter((target) => target.root === root).map((target) => [target.file, target]));
    // Synchronous reads, one file at a time: over a long history, a promise per read through libuv's
    // thread pool cost ten times the CPU of reading the small files in a row.
    for (const migration of await listMigrations(root)) {
      const target = pending.get(migration.file);
      const sql = readMigration(migration.file, show);
      if (target) {
        pending.delete(migration.file);
        reports.set(target, await lintText(sql, target, model));
      } else {
        await replay(model, sql, show(migration.file));
      }
    }
    for (const target of pending.values()) reports.set(target, await lintText(readMigration(target.file, show), target, model));
  }
  return targets.map((target) => reports.get(target)!);
}
