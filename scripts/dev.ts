// `npm run dev`: the app on the embedded PostgreSQL when DATABASE_URL is not set.
// Starts the database (data kept in .data/postgres), applies migrations, runs the pending backfills
// (prisma/backfills: on a new database they find nothing and are marked finished), seeds demo data,
// runs `next dev`, and on Ctrl-C stops Next.js and then the database cleanly.
// `npm run dev -- --accelerate` puts a local Accelerate endpoint in front of that database (or of a
// postgres:// DATABASE_URL): the app then runs on the `prisma+postgres://` path production uses with
// Prisma Accelerate, and DIRECT_URL keeps the direct URL for migrations.
// package.json runs it as `node --import tsx scripts/dev.ts`, not with the `tsx` command: that
// command's own process passes Ctrl-C on and SIGKILLs the script when it has not acknowledged the
// signal within 60 ms, which a busy machine misses; the clean stop below then never runs (exit 130).
import { unsupportedNodeMessage } from "./supported-node.ts";
// First, before the imports below read the environment: the .env files, with `FOO=` unset.
import "./env-files.ts";
import { isAccelerateUrl } from "../lib/database-url.ts";
import path from "node:path";
import { startAccelerateEndpoint, startDevDatabase } from "@starter/local-db";
import { runBackfills } from "@starter/migrate";
import { runForeground, runOrThrow } from "./run.ts";

const nodeProblem = unsupportedNodeMessage(process.versions.node);
if (nodeProblem) {
  console.error(nodeProblem);
  process.exit(2);
}

const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", CHECKPOINT_DISABLE: "1" };
const nextArgs = process.argv.slice(2).filter((arg) => arg !== "--accelerate");
const accelerate = nextArgs.length < process.argv.length - 2;
const stops: (() => Promise<void>)[] = [];
const stopAll = async () => {
  for (const stop of stops.reverse()) await stop();
};

try {
  if (!env.DATABASE_URL) {
    const { server, url } = await startDevDatabase();
    stops.push(() => server.stop());
    env.DATABASE_URL = url;
    console.log(`▲ Embedded PostgreSQL ${server.owned ? "started" : "already running"}: ${url} (data in ${server.dataDir})`);
    await runOrThrow("prisma", ["migrate", "deploy"], env);
    const prisma = path.resolve(import.meta.dirname, "..", "prisma");
    const backfills = await runBackfills({ backfillsDir: path.join(prisma, "backfills"), migrationsDir: path.join(prisma, "migrations"), url });
    if (backfills.exitCode !== 0) throw new Error(`${backfills.summary} (npm run db:backfill runs it again)`);
    if (backfills.backfills.some((backfill) => !backfill.alreadyFinished)) console.log(`▲ ${backfills.summary}`);
    await runOrThrow(process.execPath, ["--import", "tsx", "prisma/seed.ts"], env);
  } else {
    console.log("▲ Using DATABASE_URL. Apply migrations with `npm run db:migrate` (development) or `npm run db:deploy`.");
  }
  if (accelerate) {
    if (isAccelerateUrl(env.DATABASE_URL))
      throw new Error("--accelerate needs a postgres:// DATABASE_URL (or none): DATABASE_URL already is an Accelerate URL.");
    // Plain `npm run dev` never loads the executor: the package loads it on this first call.
    const endpoint = await startAccelerateEndpoint({ databaseUrl: env.DATABASE_URL });
    stops.push(endpoint.stop);
    env.DIRECT_URL ||= env.DATABASE_URL;
    env.DATABASE_URL = endpoint.url;
    console.log(`▲ Local Accelerate endpoint: DATABASE_URL=${endpoint.url} (DIRECT_URL for migrations)`);
  }
} catch (error) {
  await stopAll();
  throw error;
}

// next-auth builds its links from NEXTAUTH_URL; default it to where `next dev` listens.
env.NEXTAUTH_URL ??= `http://localhost:${portArgument(nextArgs) ?? env.PORT ?? 3000}`;

await runForeground("next", ["dev", ...nextArgs], env, stopAll);

function portArgument(args: string[]) {
  const index = args.findIndex((arg) => arg === "-p" || arg === "--port");
  return index >= 0 ? args[index + 1] : args.find((arg) => arg.startsWith("--port="))?.slice("--port=".length);
}
