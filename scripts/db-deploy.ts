// `npm run db:deploy [-- --phase expand|contract]`: applies pending migrations with `prisma migrate deploy`,
// all of them, or one release phase (@starter/migrate: deploy.ts). On the embedded development database
// when neither DATABASE_URL nor DIRECT_URL is set, like the other db:* scripts.
// Exit 0: applied (or nothing to apply); 1: a migration failed; 2: bad arguments or a database to repair first.
import path from "node:path";
import { parseArgs } from "node:util";
import { DevDatabaseRefusal, withDevDatabaseFallback } from "@starter/local-db";
import { DeployRefusal, deployMigrations } from "@starter/migrate";
import { isPhase, PHASES } from "@starter/migration-lint";
import { MigrationUrlError, resolveMigrationUrl } from "../lib/migrations/datasource.ts";
import { reportOutcome } from "./command-outcome.ts";

const projectRoot = path.resolve(import.meta.dirname, "..");
const USAGE = `Usage: npm run db:deploy [-- --phase expand|contract]

Applies the pending migrations in prisma/migrations (prisma migrate deploy) to DIRECT_URL, else DATABASE_URL.
  --phase expand     only those before the first pending contract migration (run before the build)
  --phase contract   all the rest (run once the new release is live)
Without --phase: every pending migration.
`;

function fail(message: string): never {
  process.stderr.write(`db:deploy: ${message}\n`);
  process.exit(2);
}

let phase;
try {
  const { values } = parseArgs({ args: process.argv.slice(2), options: { phase: { type: "string" }, help: { type: "boolean", short: "h" } }, strict: true });
  if (values.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  if (values.phase !== undefined && !isPhase(values.phase)) fail(`unknown phase "${values.phase}": use --phase ${PHASES.join(" or --phase ")}.`);
  phase = values.phase;
} catch (error) {
  // node:util's first sentence says it all ("Unknown option '--x'"); the rest is about positionals.
  fail(`${(error as Error).message.replace(/\.( .*)?$/s, "")}. Usage: npm run db:deploy -- --phase expand|contract`);
}

const database = await withDevDatabaseFallback({ ...process.env, CHECKPOINT_DISABLE: "1" }).catch((error: unknown) => {
  if (error instanceof DevDatabaseRefusal) fail(error.message);
  throw error;
});
const started = performance.now();
let exitCode = 2;
try {
  const url = resolveMigrationUrl(database.env, () => undefined).url;
  const result = await deployMigrations({
    config: path.join(projectRoot, "prisma.config.ts"),
    migrationsDir: path.join(projectRoot, "prisma", "migrations"),
    url,
    phase,
    env: database.env,
  });
  exitCode = result.exitCode;
  (exitCode === 0 ? process.stdout : process.stderr).write(`${result.summary}\n`);
  reportOutcome(
    { event: "prisma.command", command: "migrate deploy", phase, applied: result.applied, exitCode, ms: Math.round(performance.now() - started) },
    undefined, // the summary said it
  );
} catch (error) {
  if (!(error instanceof DeployRefusal || error instanceof MigrationUrlError)) throw error;
  process.stderr.write(`db:deploy: ${(error as Error).message}\n`);
} finally {
  await database.stop();
}
process.exit(exitCode);
