// `npm run db:baseline`: adopting Prisma Migrate on a database that already has its tables (what
// would otherwise fail with P3005). The live schema becomes the first migration, recorded as applied
// without running it; later migrations deploy on top as usual, and fresh databases get the whole
// history. Uses the real CLI: `migrate diff --from-empty --to-config-datasource`, `migrate resolve
// --applied`, `migrate status`.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { readMigrationTable, runPrisma } from "./deploy.ts";
import { listMigrations } from "@starter/migration-lint";

/** A database or folder that already has a history: nothing was written (the CLI exits 2). */
export class BaselineRefusal extends Error {
  override name = "BaselineRefusal";
}

export interface BaselineOptions {
  /** The project's prisma.config.ts (absolute): its datasource is the database baselined. */
  config: string;
  migrationsDir: string;
  url: string;
  env: NodeJS.ProcessEnv;
  /** For the migration's folder name (`<UTC timestamp>_baseline`, like `migrate dev` names them). */
  now?: Date;
}

export interface BaselineResult {
  name: string;
  file: string;
}

export async function baselineDatabase(options: BaselineOptions): Promise<BaselineResult> {
  const local = await listMigrations(options.migrationsDir);
  if (local.length > 0) {
    throw new BaselineRefusal(
      `the migrations folder already has ${local.length} migration(s) (${local[0]!.name}…): a baseline must be the first migration. ` +
        "If the database already has these migrations' tables, mark each one applied instead: npx prisma migrate resolve --applied <name>. " +
        "To baseline anyway, move the folder's migrations aside first.",
    );
  }
  const table = await readMigrationTable(options.url);
  const recorded = [...table.applied, ...table.failed.map((row) => row.name)];
  if (recorded.length > 0) {
    throw new BaselineRefusal(
      `the database's _prisma_migrations already records ${recorded.length} migration(s) (${recorded[0]}…): it is managed by Prisma Migrate already. ` +
        "Bring those migrations into the folder (from the branch or project that applied them) and run npm run db:status, or npm run db:doctor to see what differs.",
    );
  }

  const diff = await runPrisma(["migrate", "diff", "--config", options.config, "--from-empty", "--to-config-datasource", "--script"], {
    ...options,
    prismaOutput: "capture",
  });
  if (diff.exitCode !== 0) throw new Error(`prisma migrate diff failed (exit ${diff.exitCode}):\n${diff.output}`);
  const sql = diff.output.replace(/^Loaded Prisma config from .*\n+/m, "");
  if (!/\bCREATE\b/.test(sql)) {
    throw new BaselineRefusal("the database has no tables to baseline: apply the migrations to it instead (npm run db:deploy).");
  }

  const name = `${timestamp(options.now ?? new Date())}_baseline`;
  const file = path.join(options.migrationsDir, name, "migration.sql");
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, sql);
  // Prisma reads the provider from it; an existing one is kept ("wx" fails when it exists).
  await writeFile(path.join(options.migrationsDir, "migration_lock.toml"), 'provider = "postgresql"\n', { flag: "wx" }).catch(() => {});

  for (const args of [
    ["migrate", "resolve", "--applied", name],
    ["migrate", "status"],
  ]) {
    const result = await runPrisma([...args, "--config", options.config], { ...options, prismaOutput: "capture" });
    if (result.exitCode !== 0) throw new Error(`prisma ${args.join(" ")} failed (exit ${result.exitCode}) after writing ${file}:\n${result.output}`);
  }
  return { name, file };
}

/** `20261201105500`, the way `prisma migrate dev` prefixes folders (UTC). */
function timestamp(date: Date) {
  return date.toISOString().replace(/\D/g, "").slice(0, 14);
}
