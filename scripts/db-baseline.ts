// `npm run db:baseline`: makes the live database's schema the first migration and records it as
// applied (@starter/migrate: baseline.ts), for a project adopting Prisma Migrate on existing tables.
// Exit 0: baselined; 2: refused (a history exists already), bad arguments, or no usable database URL.
import path from "node:path";
import { parseArgs } from "node:util";
import { DevDatabaseRefusal, withDevDatabaseFallback } from "@starter/local-db";
import { BaselineRefusal, baselineDatabase, DeployRefusal } from "@starter/migrate";
import { MigrationUrlError, resolveMigrationUrl } from "../lib/migrations/datasource.ts";

const projectRoot = path.resolve(import.meta.dirname, "..");
const USAGE = `Usage: npm run db:baseline

Writes prisma/migrations/<timestamp>_baseline/migration.sql from the live database (DIRECT_URL, else
DATABASE_URL), marks it applied (prisma migrate resolve --applied) and checks prisma migrate status.
Refuses when prisma/migrations or _prisma_migrations already has migrations.
`;

try {
  const { values } = parseArgs({ args: process.argv.slice(2), options: { help: { type: "boolean", short: "h" } }, strict: true });
  if (values.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
} catch (error) {
  process.stderr.write(`db:baseline: ${(error as Error).message.replace(/\.( .*)?$/s, "")}. Usage: npm run db:baseline\n`);
  process.exit(2);
}

const database = await withDevDatabaseFallback({ ...process.env, CHECKPOINT_DISABLE: "1" }).catch((error: unknown) => {
  if (!(error instanceof DevDatabaseRefusal)) throw error;
  process.stderr.write(`db:baseline: ${error.message}\n`);
  process.exit(2);
});
let exitCode = 2;
try {
  const result = await baselineDatabase({
    config: path.join(projectRoot, "prisma.config.ts"),
    migrationsDir: path.join(projectRoot, "prisma", "migrations"),
    url: resolveMigrationUrl(database.env, () => undefined).url,
    env: database.env,
  });
  process.stdout.write(
    `db:baseline: wrote ${path.relative(projectRoot, result.file)} from the database and marked ${result.name} applied; prisma migrate status is clean.\n` +
      "Commit it. Fresh databases now get this schema first; later migrations deploy on top as usual.\n",
  );
  exitCode = 0;
} catch (error) {
  if (!(error instanceof BaselineRefusal || error instanceof DeployRefusal || error instanceof MigrationUrlError)) throw error;
  process.stderr.write(`db:baseline: ${error.message}\n`);
} finally {
  await database.stop();
}
process.exit(exitCode);
