// `npm run db:backfill`: runs the pending backfills of prisma/backfills, in order, batch by batch
// (@starter/migrate: backfill/). On the embedded development database when neither DATABASE_URL nor
// DIRECT_URL is set, like the other db:* scripts.
// Exit 0: every backfill finished; 1: one failed (or was stopped); 2: bad input, or a database to repair first.
import path from "node:path";
import { parseArgs } from "node:util";
import { logger } from "../lib/logger.ts";
import { DevDatabaseRefusal, withDevDatabaseFallback } from "@starter/local-db";
import { BackfillRefusal, connectForBackfills, formatStatus, progressReporter, readBackfillSources, readBackfillStatus, runBackfills } from "@starter/migrate";
import { MigrationUrlError, resolveMigrationUrl } from "../lib/migrations/datasource.ts";

const projectRoot = path.resolve(import.meta.dirname, "..");
const backfillsDir = path.join(projectRoot, "prisma", "backfills");
const migrationsDir = path.join(projectRoot, "prisma", "migrations");
const USAGE = `Usage: npm run db:backfill [-- --status | --dry-run] [--only <name>] [--json]

Runs the pending backfills in prisma/backfills, in order, against DIRECT_URL (else DATABASE_URL):
each batch its own short transaction, resumable, one runner at a time.
  --status        each backfill's state, rows done, rate and ETA (changes nothing)
  --dry-run       count the rows each pending backfill would touch (changes nothing)
  --only <name>   just this backfill (its file name without .ts, or without the timestamp)
  --json          machine-readable output
Exit 0: all finished; 1: one failed or was stopped; 2: bad input or a database to repair first.
`;

function fail(message: string): never {
  process.stderr.write(`db:backfill: ${message}\n`);
  process.exit(2);
}

let options;
try {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      status: { type: "boolean" },
      "dry-run": { type: "boolean" },
      only: { type: "string" },
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  if (values.status && values["dry-run"]) fail("--status and --dry-run exclude each other: --status reports, --dry-run counts.");
  options = values;
} catch (error) {
  fail(`${(error as Error).message.replace(/\.( .*)?$/s, "")}. Usage: npm run db:backfill [-- --status | --dry-run] [--only <name>] [--json]`);
}

const database = await withDevDatabaseFallback({ ...process.env, CHECKPOINT_DISABLE: "1" }).catch((error: unknown) => {
  if (error instanceof DevDatabaseRefusal) fail(error.message);
  throw error;
});
const started = performance.now();
let exitCode = 2;
// Ctrl-C: the batch under way commits, then the run stops (a second Ctrl-C ends the process; the
// open batch rolls back and the next run redoes it).
const interrupt = new AbortController();
process.once("SIGINT", () => {
  process.stderr.write("\ndb:backfill: stopping after the current batch (Ctrl-C again to quit now)…\n");
  interrupt.abort();
  process.once("SIGINT", () => process.exit(130));
});
try {
  const url = resolveMigrationUrl(database.env, () => undefined).url;
  if (options.status) {
    const sources = await readBackfillSources(backfillsDir, options.only);
    const client = await connectForBackfills(url, "db:backfill");
    try {
      const report = await readBackfillStatus(client, { sources, migrationsDir, url });
      await write(process.stdout, options.json ? `${JSON.stringify(report, null, 2)}\n` : formatStatus(report));
      exitCode = 0;
    } finally {
      await client.end();
    }
  } else {
    const result = await runBackfills({
      backfillsDir,
      migrationsDir,
      url,
      only: options.only,
      dryRun: options["dry-run"],
      signal: interrupt.signal,
      onEvent: options.json ? undefined : progressReporter({ write: (text) => process.stdout.write(text), tty: Boolean(process.stdout.isTTY) }),
    });
    exitCode = result.exitCode;
    if (options.json) await write(process.stdout, `${JSON.stringify(result, null, 2)}\n`);
    else await write(exitCode === 0 ? process.stdout : process.stderr, `${result.summary}\n`);
    logger[exitCode === 0 ? "info" : "error"](
      {
        event: "db.backfill",
        backfills: result.backfills.map((b) => ({ name: b.name, state: b.state, rows: b.rows })),
        exitCode,
        ms: Math.round(performance.now() - started),
      },
      "db:backfill",
    );
  }
} catch (error) {
  if (!(error instanceof BackfillRefusal || error instanceof MigrationUrlError)) throw error;
  process.stderr.write(`db:backfill: ${error.message}\n`);
} finally {
  await database.stop();
}
process.exit(exitCode);

/** Written in full before process.exit: a pipe takes large output asynchronously. */
function write(stream: NodeJS.WriteStream, text: string) {
  return new Promise((resolve) => stream.write(text, resolve));
}
