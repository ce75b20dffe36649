// `npm run db:deploy -- --phase expand|contract`: a release applies its expand migrations before the
// build and its contract migrations after the new deployment is live (@starter/migration-lint: phase.ts).
//
// Each phase runs the real `prisma migrate deploy` — same `_prisma_migrations` rows, checksums and
// advisory lock — on a copy of the migrations folder that holds only the migrations the phase may
// apply, through a config that is the project's own prisma.config.ts with that folder swapped in.
// So a later plain `migrate deploy` or `migrate status` sees exactly what it would have applied itself.
import { spawn } from "node:child_process";
import { copyFile, cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { CONTRACT_DIRECTIVE, listMigrations, readPhase, readRequiredBackfills, type MigrationPhase } from "@starter/migration-lint";
import { BackfillRefusal } from "./backfill/errors.ts";
import { unfinishedBackfills } from "./backfill/progress.ts";

/** Bad input or a database that must be repaired first: nothing was applied (the CLI exits 2). */
export class DeployRefusal extends Error {
  override name = "DeployRefusal";
}

export interface DeployOptions {
  /** The project's prisma.config.ts (absolute): its datasource, guard and schema engine are used as they are. */
  config: string;
  /** The project's migrations folder (absolute). */
  migrationsDir: string;
  /** The database the config migrates (read here for the applied and failed migrations). */
  url: string;
  /** Omitted: every pending migration, like a plain `prisma migrate deploy`. */
  phase?: MigrationPhase;
  env: NodeJS.ProcessEnv;
  /** Prisma's own output: on this process's terminal, or captured into the result. */
  prismaOutput?: "inherit" | "capture";
}

export interface DeployResult {
  exitCode: number;
  applied: string[];
  /** Pending migrations left for a later phase. */
  waiting: string[];
  /** The migration that failed, with what PostgreSQL said (from `_prisma_migrations.logs`). */
  failed?: { name: string; logs: string };
  /** Prisma's output when captured. */
  output: string;
  summary: string;
}

interface LocalMigration {
  name: string;
  file: string;
  phase: MigrationPhase;
  /** Backfills that must have finished before it applies (`-- db-check:requires-backfill`). */
  requiredBackfills: string[];
}

export async function deployMigrations(options: DeployOptions): Promise<DeployResult> {
  const local = await readLocalMigrations(options.migrationsDir);
  const before = await readMigrationTable(options.url);
  const blocking = before.failed[0];
  if (blocking) throw new DeployRefusal(`${failedMigrationProblem(blocking)} Nothing was applied. ${failedMigrationAdvice(blocking.name)}`);

  const pending = local.filter((migration) => !before.applied.has(migration.name));
  const selected = selectForPhase(pending, options.phase, before.applied.size === 0);
  const waiting = pending.filter((migration) => !selected.includes(migration)).map((m) => m.name);
  const label = options.phase ? `${options.phase} phase` : "deploy";
  if (options.phase === "contract") await refuseBeforeBackfills(selected, options.url);
  if (selected.length === 0) {
    return { exitCode: 0, applied: [], waiting, output: "", summary: `db:deploy (${label}): nothing to apply.${waitingNote(waiting)}` };
  }

  const workspace = await mkdtemp(path.join(os.tmpdir(), "db-deploy-"));
  try {
    const config = await writePhaseProject(
      workspace,
      options,
      local.filter((m) => !waiting.includes(m.name)),
    );
    const { exitCode, output } = await runPrisma(["migrate", "deploy", "--config", config], options);
    const after = await readMigrationTable(options.url);
    const applied = selected.filter((m) => after.applied.has(m.name)).map((m) => m.name);
    const failed = after.failed.find((row) => selected.some((m) => m.name === row.name));
    const done = applied.length ? `applied ${count(applied.length)}: ${applied.join(", ")}.` : "applied nothing.";
    if (exitCode === 0 && !failed) return { exitCode, applied, waiting, output, summary: `db:deploy (${label}): ${done}${waitingNote(waiting)}` };
    const cause = failed ? `migration ${failed.name} failed: ${firstLines(failed.logs)}` : `prisma migrate deploy exited with ${exitCode}.`;
    return { exitCode: exitCode || 1, applied, waiting, failed, output, summary: `db:deploy (${label}): ${done} Then ${cause}` };
  } finally {
    await rm(workspace, { recursive: true, force: true });
  }
}

/**
 * Expand: the pending migrations before the first contract migration. Contract: all the rest.
 * An expand migration after a contract one cannot be applied in the right phase: refused.
 *
 * On a database no release has migrated yet, no deployed code reads it: the history's earlier
 * contract migrations belonged to past releases and apply with the expand phase; only the
 * trailing contract migrations wait for this release's code (a new project's first deploy).
 */
function selectForPhase(pending: LocalMigration[], phase: MigrationPhase | undefined, fresh: boolean) {
  if (!phase) return pending;
  const firstContract = fresh ? trailingContractStart(pending) : pending.findIndex((m) => m.phase === "contract");
  if (firstContract === -1) return pending;
  const misplaced = pending.slice(firstContract).find((m) => m.phase === "expand");
  if (misplaced) {
    throw new DeployRefusal(
      `expand migration ${misplaced.name} comes after contract migration ${pending[firstContract]!.name} in the pending batch, ` +
        `so no phase can apply it at the right time. Split the release: deploy up to the contract migration first, ` +
        `or rename the expand migration's folder so it sorts before the contract migration.`,
    );
  }
  return phase === "expand" ? pending.slice(0, firstContract) : pending;
}

/** Where the run of contract migrations that ends the list starts (-1: the list ends with an expand one). */
function trailingContractStart(pending: LocalMigration[]) {
  let start = pending.length;
  while (start > 0 && pending[start - 1]!.phase === "contract") start--;
  return start === pending.length ? -1 : start;
}

/**
 * The contract phase drops what a backfill copies from: a contract migration that requires a backfill
 * waits until that backfill has finished on this database (`npm run db:backfill`).
 */
async function refuseBeforeBackfills(selected: LocalMigration[], url: string) {
  const required = selected.flatMap((migration) => migration.requiredBackfills.map((backfill) => ({ migration: migration.name, backfill })));
  if (required.length === 0) return;
  const unfinished = await unfinishedBackfills(url, [...new Set(required.map((r) => r.backfill))]).catch((error: unknown) => {
    throw error instanceof BackfillRefusal ? new DeployRefusal(error.message) : error;
  });
  const waiting = required.filter((r) => unfinished.has(r.backfill));
  if (waiting.length === 0) return;
  const list = waiting.map((r) => `${r.migration} requires the backfill ${r.backfill}, ${unfinished.get(r.backfill)} on this database`).join("; ");
  throw new DeployRefusal(
    `contract phase refused: ${list}. Nothing was applied. ` +
      `Run npm run db:backfill (with DIRECT_URL on this database), then deploy the contract phase again.`,
  );
}

async function readLocalMigrations(dir: string): Promise<LocalMigration[]> {
  const migrations: LocalMigration[] = [];
  for (const { name, file } of await listMigrations(dir)) {
    const sql = await readFile(file, "utf8");
    const declared = readPhase(sql);
    if (declared.problem) throw new DeployRefusal(`${name}/migration.sql:${declared.problem.line}: ${declared.problem.message}`);
    const { required } = readRequiredBackfills(sql);
    migrations.push({ name, file, phase: declared.phase, requiredBackfills: required.map((requirement) => requirement.name) });
  }
  return migrations;
}

export interface MigrationTable {
  applied: Set<string>;
  /** The SHA-256 of each applied migration.sql as it was when applied. */
  checksums: Map<string, string>;
  /** Started and neither finished nor rolled back: Prisma refuses every later deploy (P3009). */
  failed: { name: string; logs: string }[];
}

/** The `_prisma_migrations` table as Prisma reads it (none yet: nothing applied). */
export async function readMigrationTable(url: string): Promise<MigrationTable> {
  const { connectionString, schema } = splitSchema(url);
  const client = new pg.Client({ connectionString, application_name: "db:deploy", connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
  } catch (error) {
    // Like Prisma, which creates the database on its first deploy.
    if ((error as { code?: string }).code === "3D000") return { applied: new Set(), checksums: new Map(), failed: [] };
    throw new DeployRefusal(`cannot connect to the migration database (${redact(url)}): ${(error as Error).message}. Check DIRECT_URL (or DATABASE_URL).`);
  }
  try {
    const table = `${client.escapeIdentifier(schema)}."_prisma_migrations"`;
    const { rows: exists } = await client.query<{ found: string | null }>("SELECT to_regclass($1) AS found", [`${schema}._prisma_migrations`]);
    if (!exists[0]?.found) return { applied: new Set(), checksums: new Map(), failed: [] };
    const { rows } = await client.query<{
      migration_name: string;
      checksum: string;
      finished_at: Date | null;
      rolled_back_at: Date | null;
      logs: string | null;
    }>(`SELECT migration_name, checksum, finished_at, rolled_back_at, logs FROM ${table} ORDER BY started_at`);
    const live = rows.filter((row) => row.rolled_back_at === null);
    const finished = live.filter((row) => row.finished_at !== null);
    return {
      applied: new Set(finished.map((row) => row.migration_name)),
      checksums: new Map(finished.map((row) => [row.migration_name, row.checksum])),
      failed: live.filter((row) => row.finished_at === null).map((row) => ({ name: row.migration_name, logs: row.logs ?? "" })),
    };
  } finally {
    await client.end();
  }
}

/** The project's own config, with the migrations folder swapped for a copy holding only `include`. */
async function writePhaseProject(workspace: string, { config, migrationsDir }: DeployOptions, include: LocalMigration[]) {
  const folder = path.join(workspace, "migrations");
  for (const migration of include) await cp(path.dirname(migration.file), path.join(folder, migration.name), { recursive: true });
  await copyFile(path.join(migrationsDir, "migration_lock.toml"), path.join(folder, "migration_lock.toml")).catch(() => {});
  const file = path.join(workspace, "prisma.config.ts");
  const projectDir = path.dirname(config);
  await writeFile(
    file,
    `import project from ${JSON.stringify(config)};
import path from "node:path";
// Paths in the project's config are relative to its folder, not to this one.
export default {
  ...project,
  schema: project.schema && path.resolve(${JSON.stringify(projectDir)}, project.schema),
  migrations: { ...project.migrations, path: ${JSON.stringify(folder)} },
};
`,
  );
  return file;
}

/** The project's own Prisma CLI, run in the project's folder. */
export function runPrisma(
  args: string[],
  { config, env, prismaOutput = "inherit" }: Pick<DeployOptions, "config" | "env" | "prismaOutput">,
): Promise<{ exitCode: number; output: string }> {
  const projectDir = path.dirname(config);
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(projectDir, "node_modules", ".bin", "prisma"), args, {
      cwd: projectDir,
      env,
      stdio: prismaOutput === "inherit" ? "inherit" : ["ignore", "pipe", "pipe"],
    });
    let text = "";
    child.stdout?.on("data", (chunk) => (text += chunk));
    child.stderr?.on("data", (chunk) => (text += chunk));
    child.once("error", reject);
    child.once("exit", (code) => resolve({ exitCode: code ?? 1, output: text }));
  });
}

export function failedMigrationProblem({ name, logs }: { name: string; logs: string }) {
  return `migration ${name} failed earlier and blocks every deploy (P3009)${logs ? `: ${firstLines(logs)}` : ""}.`;
}

export function failedMigrationAdvice(name: string) {
  return (
    `Find out what it changed, then mark it: npx prisma migrate resolve --rolled-back ${name} ` +
    `(to fix the migration and apply it again) or --applied ${name} (if you completed it by hand); then deploy again.`
  );
}

/** `?schema=` picks the schema Prisma works in (and its `_prisma_migrations`); pg does not know the parameter. */
export function splitSchema(url: string) {
  if (!URL.canParse(url)) return { connectionString: url, schema: "public" };
  const parsed = new URL(url);
  const schema = parsed.searchParams.get("schema") || "public";
  parsed.searchParams.delete("schema");
  return { connectionString: parsed.toString(), schema };
}

/** The URL without credentials or parameters, safe to print. */
export function redact(url: string) {
  if (!URL.canParse(url)) return "an unparsable URL";
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.hostname}${parsed.port ? `:${parsed.port}` : ""}${parsed.pathname}`;
}

function firstLines(logs: string) {
  // Blank lines separate the parts of a recorded error ("Database error code: …", "Database error:", PostgreSQL's message).
  return logs
    .trim()
    .split("\n")
    .filter((line) => line.trim())
    .slice(0, 4)
    .join(" ")
    .slice(0, 500);
}

function count(n: number) {
  return `${n} migration${n === 1 ? "" : "s"}`;
}

function waitingNote(waiting: string[]) {
  return waiting.length ? ` Waiting for the contract phase (${CONTRACT_DIRECTIVE}): ${waiting.join(", ")}.` : "";
}
