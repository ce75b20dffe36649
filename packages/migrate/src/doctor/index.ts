// `npm run db:doctor`: why a deploy is stuck or about to be, and what to run. Read-only: catalog
// queries, `_prisma_migrations`, and the schema engine's diff (on a temporary shadow database).
import pg from "pg";
import { readMigrationTable, redact, splitSchema } from "../deploy.ts";
import { backfillsDirFor, listMigrations, MigrationParseError } from "@starter/migration-lint";
import { checkBackfills } from "./backfills.ts";
import { checkDrift } from "./drift.ts";
import type { Finding } from "./finding.ts";
import { checkHistory } from "./history.ts";
import { checkStatements, type CheckedStatement } from "./statements.ts";
import {
  checkBlockingTransactions,
  checkConnections,
  checkInvalidIndexes,
  checkLockTimeout,
  checkMigrationLock,
  readConnectionUsage,
  type ConnectionUsage,
} from "./server.ts";
import { checkUrls, type UrlKind } from "./urls.ts";

export type { Finding } from "./finding.ts";

/** The database cannot be reached (the CLI exits 2): the message names the variable, never the password. */
export class DoctorConnectionError extends Error {
  override name = "DoctorConnectionError";
}

export interface DoctorOptions {
  migrationsDir: string;
  /** Default: `backfills` next to the migrations folder (prisma/backfills). */
  backfillsDir?: string;
  /** The migration database, and which variable it came from (for messages). */
  url: string;
  variable: string;
  /** DATABASE_URL and DIRECT_URL are inspected. */
  env: NodeJS.ProcessEnv;
  /** What kind of database a URL reaches (the app's rule: lib/migrations/datasource.ts). */
  urlKind(url: string): UrlKind;
  /** A transaction open longer than this counts as blocking DDL. */
  longTransactionSeconds?: number;
  /**
   * The embedded development database (no URL set): the advice is a developer's (`npm run db:migrate`,
   * `npm run db:reset`), and production's (a lock_timeout on a URL nobody set, `db:deploy`) is left out.
   */
  development?: boolean;
}

export interface DoctorReport {
  database: string;
  variable: string;
  urls: { DATABASE_URL?: UrlKind; DIRECT_URL?: UrlKind };
  findings: Finding[];
  connections: ConnectionUsage;
  ms: number;
}

export async function runDoctor(options: DoctorOptions): Promise<DoctorReport> {
  const started = performance.now();
  const client = new pg.Client({ connectionString: splitSchema(options.url).connectionString, application_name: "db:doctor", connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
  } catch (error) {
    throw new DoctorConnectionError(`cannot connect to ${options.variable} (${redact(options.url)}): ${(error as Error).message}.`);
  }
  try {
    const [table, local] = await Promise.all([readMigrationTable(options.url), listMigrations(options.migrationsDir)]);
    const applied = local.filter(({ name }) => table.applied.has(name));
    // Replaying needs every applied migration: without the missing ones the diff would only repeat that finding.
    const missingLocally = [...table.applied].some((name) => !local.some((m) => m.name === name));
    // The one slow check (the engine, a shadow database) runs while the catalog queries do.
    const drift = missingLocally ? Promise.resolve([]) : checkDrift(applied, options.url);
    // One connection, so these run one after the other.
    const server: Finding[] = [
      ...(options.development ? [] : await checkLockTimeout(client, options.variable)),
      ...(await checkMigrationLock(client)),
      ...(await checkBlockingTransactions(client, options.longTransactionSeconds ?? 60)),
      ...(await checkInvalidIndexes(client)),
    ];
    const connections = await readConnectionUsage(client);
    const statements = new Map<string, CheckedStatement[]>();
    for (const { name } of table.failed) {
      const migration = local.find((m) => m.name === name);
      // A file that does not parse is left to the drift check (db:check reports where it fails).
      if (migration)
        await checkStatements(client, migration.file, splitSchema(options.url).schema).then((checked) => statements.set(name, checked), ignoreParseError);
    }
    const findings = [
      ...checkUrls(options.env, options.urlKind),
      ...(await checkHistory(table, local, statements, options.development)),
      ...(await checkBackfills({
        backfillsDir: options.backfillsDir ?? backfillsDirFor(options.migrationsDir),
        migrationsDir: options.migrationsDir,
        url: options.url,
      })),
      ...(options.development ? (await drift).map(withDevelopmentReset) : await drift),
      ...server,
      ...checkConnections(connections),
    ];
    return {
      database: redact(options.url),
      variable: options.variable,
      urls: {
        DATABASE_URL: options.env.DATABASE_URL ? options.urlKind(options.env.DATABASE_URL) : undefined,
        DIRECT_URL: options.env.DIRECT_URL ? options.urlKind(options.env.DIRECT_URL) : undefined,
      },
      findings,
      connections,
      ms: Math.round(performance.now() - started),
    };
  } finally {
    await client.end();
  }
}

function ignoreParseError(error: unknown) {
  if (!(error instanceof MigrationParseError)) throw error;
}

export function needsAction(report: DoctorReport) {
  return report.findings.some((finding) => finding.severity === "action");
}

export function formatReport(report: DoctorReport): string {
  const lines = [`db:doctor: ${report.database} (${report.variable})`];
  const kinds = Object.entries(report.urls).filter(([, kind]) => kind);
  if (kinds.length) lines.push(`URLs: ${kinds.map(([name, kind]) => `${name} ${kind}`).join(", ")}`);
  lines.push("");
  for (const finding of report.findings) {
    lines.push(`${finding.severity === "action" ? "✖" : "ℹ"} [${finding.check}] ${finding.title}`);
    if (finding.detail) lines.push(...finding.detail.split("\n").map((line) => `    ${line}`));
    for (const fix of finding.fix) lines.push(`  → ${fix}`);
    lines.push("");
  }
  const { connections } = report;
  const apps = connections.byApplication.map((row) => `${row.applicationName || "(none)"} ${row.count}`).join(", ");
  lines.push(`Connections: ${connections.inUse} of ${connections.max - connections.reserved} usable in use (${apps}).`);
  const actions = report.findings.filter((finding) => finding.severity === "action").length;
  lines.push(actions ? `${actions} finding${actions === 1 ? "" : "s"} to act on (${report.ms} ms).` : `Nothing to act on (${report.ms} ms).`);
  return `${lines.join("\n")}\n`;
}

/** On the development database, starting over is one command away: offered first. */
function withDevelopmentReset(finding: Finding): Finding {
  return { ...finding, fix: ["npm run db:reset   # the development database from scratch: migrated and seeded again (its data is lost)", ...finding.fix] };
}
