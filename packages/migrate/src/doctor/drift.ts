// Drift: the live schema against what the applied migrations produce, as SQL — what
// `prisma migrate diff --from-migrations <applied> --to-config-datasource --script` prints, computed
// by the same WASM schema engine the project's Prisma CLI runs (@starter/schema-engine), in process:
// the CLI's own start-up (config, engine process) would be most of doctor's run time. The engine
// replays the migrations on a temporary shadow database (created, then dropped); the application
// database itself is only read.
import { readFile } from "node:fs/promises";
import type { Migration } from "@starter/migration-lint";
import { inProcessSchemaEngine } from "@starter/schema-engine";
import type { Finding } from "./finding.ts";

/** `applied`: the local migrations the database has applied (pending ones are not drift). */
export async function checkDrift(applied: Migration[], url: string): Promise<Finding[]> {
  let sql: string | undefined;
  const engine = await inProcessSchemaEngine();
  try {
    sql = await diffMigrationsToDatabase(engine, applied, url);
  } catch (error) {
    return [
      {
        check: "drift",
        id: "drift-not-checked",
        severity: "advice",
        title: "Drift could not be checked",
        detail:
          "Replaying the migrations needs a temporary shadow database (CREATEDB), and reading the schema waits behind a queued " +
          `ALTER TABLE (see the locks findings), up to a 5 s lock_timeout: ${engine.takePanicMessage() ?? String((error as Error).message ?? error).split(/\n\s+0: /)[0]}`,
        fix: [],
      },
    ];
  }
  if (sql === undefined) return [];
  return [
    {
      check: "drift",
      id: "drift",
      severity: "action",
      title: "The database schema differs from what the applied migrations produce (drift)",
      detail:
        "Changed by hand, by `prisma db push`, or by a migration that failed half-way. This SQL would take the migrations' schema to the database's:\n" +
        sql.trim(),
      fix: [
        "If the database is right: put this SQL in a new migration (npm run db:migrate -- --create-only --name <change>), then npx prisma migrate resolve --applied <that migration> on this database.",
        "If the migrations are right: undo the change by hand on the database.",
      ],
    },
  ];
}

// Loaded once per process: the WASM glue is a module-level singleton, and instantiating it again
// under an engine created earlier leaves that engine's calls hanging.
let schemaEngine: ReturnType<InProcessSchemaEngine["loadSchemaEngineWasm"]> | undefined;
type InProcessSchemaEngine = Awaited<ReturnType<typeof inProcessSchemaEngine>>;

/** The SQL from the migrations' schema to the database's, or undefined when they are the same. */
async function diffMigrationsToDatabase(
  { loadSchemaEngineWasm, createAdapterFactory }: InProcessSchemaEngine,
  applied: Migration[],
  url: string,
): Promise<string | undefined> {
  const wasm = await (schemaEngine ??= loadSchemaEngineWasm());
  const { adapterFactory, close } = createAdapterFactory({ url: withLockTimeout(url) });
  try {
    const engine = await wasm.SchemaEngine.new({ datamodels: undefined }, () => {}, adapterFactory);
    try {
      const migrationDirectories = await Promise.all(
        applied.map(async ({ name, file }) => ({
          path: name,
          migrationFile: { path: "migration.sql", content: { tag: "ok", value: await readFile(file, "utf8") } },
        })),
      );
      // The request the Prisma CLI sends for `migrate diff --from-migrations … --to-config-datasource --script`.
      const { exitCode, stdout } = await engine.diff({
        from: {
          tag: "migrations",
          baseDir: ".",
          lockfile: { path: "migration_lock.toml", content: 'provider = "postgresql"\n' },
          migrationDirectories,
          shadowDbInitScript: "",
        },
        to: { tag: "schemaDatasource", files: [{ path: "schema.prisma", content: 'datasource db {\n  provider = "postgresql"\n}\n' }], configDir: "." },
        script: true,
        exitCode: true,
        filters: { externalTables: [], externalEnums: [] },
      } as never);
      // With exitCode: 0 when they are the same, 2 when they differ.
      return exitCode === 0 ? undefined : (stdout ?? "");
    } finally {
      engine.free();
    }
  } finally {
    await close();
  }
}

/**
 * Reading the schema queues behind a waiting ALTER TABLE like any query: without a lock_timeout the
 * doctor would hang exactly when a migration is stuck. A URL's own `options` are kept as they are.
 */
function withLockTimeout(url: string) {
  const parsed = new URL(url);
  if (!parsed.searchParams.has("options")) parsed.searchParams.set("options", "-c lock_timeout=5s");
  return parsed.toString();
}
