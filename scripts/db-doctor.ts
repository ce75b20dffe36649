// `npm run db:doctor [-- --json]`: diagnoses the migration database (@starter/migrate: doctor/) and says
// what to run. On the embedded development database when neither DATABASE_URL nor DIRECT_URL is set.
// Exit 0: nothing to act on; 1: findings to act on; 2: bad arguments or the database cannot be reached.
import path from "node:path";
import { parseArgs } from "node:util";
import { DevDatabaseRefusal, withDevDatabaseFallback } from "@starter/local-db";
import { DoctorConnectionError, formatReport, needsAction, runDoctor } from "@starter/migrate";
import { MigrationUrlError, migrationUrlKind, resolveMigrationUrl } from "../lib/migrations/datasource.ts";

const projectRoot = path.resolve(import.meta.dirname, "..");
const USAGE = `Usage: npm run db:doctor [-- --json]

Checks the migration database (DIRECT_URL, else DATABASE_URL): URLs, migration history, drift, locks,
invalid indexes and connections. Read-only. Exit 0: nothing to act on; 1: findings; 2: cannot connect.
`;

function fail(message: string): never {
  process.stderr.write(`db:doctor: ${message}\n`);
  process.exit(2);
}

let json = false;
try {
  const { values } = parseArgs({ args: process.argv.slice(2), options: { json: { type: "boolean" }, help: { type: "boolean", short: "h" } }, strict: true });
  if (values.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  json = values.json ?? false;
} catch (error) {
  fail(`${(error as Error).message.replace(/\.( .*)?$/s, "")}. Usage: npm run db:doctor [-- --json]`);
}

const database = await withDevDatabaseFallback({ ...process.env, CHECKPOINT_DISABLE: "1" }).catch((error: unknown) => {
  if (error instanceof DevDatabaseRefusal) fail(error.message);
  throw error;
});
let exitCode = 2;
try {
  const { env } = database;
  const url = resolveMigrationUrl(env, () => undefined).url;
  const variable = env.DIRECT_URL ? "DIRECT_URL" : process.env.DATABASE_URL ? "DATABASE_URL" : "the development database";
  const report = await runDoctor({
    migrationsDir: path.join(projectRoot, "prisma", "migrations"),
    url,
    variable,
    env,
    urlKind: migrationUrlKind,
    development: !process.env.DATABASE_URL && !process.env.DIRECT_URL,
  });
  // Written in full before process.exit: a pipe takes large output asynchronously.
  const text = json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report);
  await new Promise((resolve) => process.stdout.write(text, resolve));
  exitCode = needsAction(report) ? 1 : 0;
} catch (error) {
  if (!(error instanceof DoctorConnectionError || error instanceof MigrationUrlError)) throw error;
  process.stderr.write(`db:doctor: ${error.message}\n`);
} finally {
  await database.stop();
}
process.exit(exitCode);
