// `npm run db:*`: the Prisma CLI, on the embedded development database when neither DATABASE_URL
// nor DIRECT_URL is set (started for the command and stopped after, unless `npm run dev` has it up).
// `db:migrate` regenerates the client afterwards.
import { DevDatabaseRefusal, withDevDatabaseFallback } from "@starter/local-db";
import { guardCliCommand, ProductionGuardError } from "@starter/schema-engine";
import { reportOutcome } from "./command-outcome.ts";
import { describeExit, run, runForeground } from "./run.ts";

const args = process.argv.slice(2);
const env: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: "1" };
try {
  guardCliCommand(args, env, env.DIRECT_URL || env.DATABASE_URL);
} catch (error) {
  if (!(error instanceof ProductionGuardError)) throw error;
  console.error(error.message);
  process.exit(1);
}
const database = await withDevDatabaseFallback(env).catch((error: unknown) => {
  if (!(error instanceof DevDatabaseRefusal)) throw error;
  console.error(`db: ${error.message}`);
  process.exit(1);
});

// How it ended: what ran, its exit code and how long it took (never the URL), for a person or a log
// drain (scripts/command-outcome.ts).
const started = performance.now();
// Prisma 7's `migrate dev` no longer runs `prisma generate`: without it the app keeps querying with
// the old client (unknown fields, missing models) after a schema change.
const regenerate = args[0] === "migrate" && args[1] === "dev" && !args.includes("--create-only");
await runForeground("prisma", args, database.env, async (exitCode) => {
  const command = args.slice(0, 2).join(" ");
  reportOutcome(
    { event: "prisma.command", command, exitCode, ms: Math.round(performance.now() - started) },
    exitCode === 0 ? undefined : `\nprisma ${command} ${describeExit(exitCode)}: Prisma's message above says why.`,
  );
  const generated = exitCode === 0 && regenerate ? await run("prisma", ["generate"], database.env) : undefined;
  await database.stop();
  return generated || undefined;
});
