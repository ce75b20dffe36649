// Drift: the live schema against what the applied migrations produce, as SQL. Prisma replays the
// applied migrations on a temporary shadow database (created and dropped by `migrate diff`) and
// diffs that against the database: the application database itself is only read.
import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { runPrisma } from "../deploy.ts";
import type { Migration } from "../lint/select.ts";
import type { Finding } from "./finding.ts";

export interface DriftOptions {
  /** The project's prisma.config.ts: its datasource is the database compared. */
  config: string;
  env: NodeJS.ProcessEnv;
}

/** `applied`: the local migrations the database has applied (pending ones are not drift). */
export async function checkDrift(applied: Migration[], options: DriftOptions): Promise<Finding[]> {
  const workspace = await mkdtemp(path.join(os.tmpdir(), "db-doctor-"));
  try {
    const folder = path.join(workspace, "migrations");
    await mkdir(folder);
    for (const migration of applied) await cp(path.dirname(migration.file), path.join(folder, migration.name), { recursive: true });
    // migrate diff reads the provider from it, even for an empty history (and the project may have none yet).
    await writeFile(path.join(folder, "migration_lock.toml"), 'provider = "postgresql"\n');
    const args = ["migrate", "diff", "--config", options.config, "--from-migrations", folder, "--to-config-datasource", "--script", "--exit-code"];
    // Reading the schema queues behind a waiting ALTER TABLE like any query: without a lock_timeout the
    // doctor would hang exactly when a migration is stuck. (A URL's own `options` take precedence.)
    const env = { ...options.env, PGOPTIONS: options.env.PGOPTIONS ?? "-c lock_timeout=5s" };
    const { exitCode, output } = await runPrisma(args, { config: options.config, env, output: "capture" });
    // --exit-code: 0 no difference, 2 a difference (the SQL on stdout), anything else an error.
    if (exitCode === 0) return [];
    const text = output.replace(/^Loaded Prisma config from .*\n+/m, "").trim();
    if (exitCode !== 2) {
      return [
        {
          check: "drift",
          id: "drift-not-checked",
          severity: "advice",
          title: "Drift could not be checked",
          detail:
            "prisma migrate diff failed. It needs to create a temporary shadow database (CREATEDB, or shadowDatabaseUrl in prisma.config.ts), " +
            `and to read the schema, which waits behind a queued ALTER TABLE (see the locks findings):\n${text}`,
          fix: [],
        },
      ];
    }
    return [
      {
        check: "drift",
        id: "drift",
        severity: "action",
        title: "The database schema differs from what the applied migrations produce (drift)",
        detail:
          "Changed by hand, by `prisma db push`, or by a migration that failed half-way. This SQL would take the migrations' schema to the database's:\n" +
          text,
        fix: [
          "If the database is right: put this SQL in a new migration (npm run db:migrate -- --create-only --name <change>), then npx prisma migrate resolve --applied <that migration> on this database.",
          "If the migrations are right: undo the change by hand on the database.",
        ],
      },
    ];
  } finally {
    await rm(workspace, { recursive: true, force: true });
  }
}
