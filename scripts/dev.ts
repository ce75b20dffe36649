// `npm run dev`: the app on the embedded PostgreSQL when DATABASE_URL is not set.
// Starts the database (data kept in .data/postgres) and applies migrations; then `next dev` starts
// while the pending backfills run (prisma/backfills: on a new database they find nothing and are
// marked finished) and demo data is seeded — the app may serve once the schema is there, as it does in
// production while backfills run. On Ctrl-C it stops Next.js and then the database cleanly. Each
// phase prints a `▲` line with the time since the start (the bench times the phases by them).
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
// Since this process started (performance.now()'s origin): Node.js and tsx's own start included.
const elapsed = () => `${(performance.now() / 1000).toFixed(1)} s`;
const stops: (() => Promise<void>)[] = [];
const stopAll = async () => {
  for (const stop of stops.reverse()) await stop();
};

/** The embedded database's URL, once migrated: the backfills and the seed run on it while `next dev` starts. */
let embeddedUrl: string | undefined;
try {
  if (!env.DATABASE_URL) {
    const { server, url } = await startDevDatabase();
    stops.push(() => server.stop());
    env.DATABASE_URL = url;
    console.log(`▲ Embedded PostgreSQL ${server.owned ? "started" : "already running"}: ${url} (data in ${server.dataDir}) — ${elapsed()}`);
    await runOrThrow("prisma", ["migrate", "deploy"], env);
    console.log(`▲ Migrations applied — ${elapsed()}; starting next dev while the backfills and the seed run`);
    embeddedUrl = url;
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

// The backfills on the direct URL; the seed as the app reaches the database (through the endpoint with --accelerate).
const seeding = embeddedUrl ? backfillAndSeed(embeddedUrl, env) : Promise.resolve();

async function backfillAndSeed(url: string, seedEnv: NodeJS.ProcessEnv) {
  const prisma = path.resolve(import.meta.dirname, "..", "prisma");
  const backfills = await runBackfills({ backfillsDir: path.join(prisma, "backfills"), migrationsDir: path.join(prisma, "migrations"), url });
  if (backfills.exitCode !== 0) throw new Error(`${backfills.summary} (npm run db:backfill runs it again)`);
  if (backfills.backfills.some((backfill) => !backfill.alreadyFinished)) console.log(`▲ ${backfills.summary}`);
  await runOrThrow("tsx", ["prisma/seed.ts"], seedEnv);
  console.log(`▲ Demo data seeded — ${elapsed()}`);
}

// next-auth builds its links from NEXTAUTH_URL; default it to where `next dev` listens.
const origin = `http://localhost:${portArgument(nextArgs) ?? env.PORT ?? 3000}`;
env.NEXTAUTH_URL ??= origin;
// On the database migrated above, never before: a new clone's first visits find them compiled or compiling.
if (embeddedUrl) void compileAhead(origin, ["/", "/sign-in"]);

/**
 * Requests each page as soon as `next dev` listens, all at once: `next dev` compiles a page on its
 * first request, and the landing page and sign-in share most of their modules.
 */
async function compileAhead(origin: string, pages: string[]) {
  const deadline = performance.now() + 120_000;
  const request = async (page: string): Promise<void> => {
    const answered = await fetch(origin + page).then(
      // Reached: whatever becomes of its body. It fails when `next dev` stops mid-answer (Ctrl-C
      // during the compile), which must not take `npm run dev` down with an unhandled rejection.
      async (response) => (await response.arrayBuffer().catch(() => undefined), true),
      () => false, // not listening yet
    );
    if (answered || performance.now() > deadline) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
    return request(page);
  };
  await Promise.all(pages.map(request));
  console.log(`▲ Compiled ahead of the first visit: ${pages.join(", ")} — ${elapsed()}`);
}

// A failed backfill or seed stops `next dev` and ends `npm run dev` with its error; the database
// stops once they have settled, never under them.
await runForeground(
  "next",
  ["dev", ...nextArgs],
  env,
  async () => {
    await seeding.catch(() => {});
    await stopAll();
  },
  seeding,
);

function portArgument(args: string[]) {
  const index = args.findIndex((arg) => arg === "-p" || arg === "--port");
  return index >= 0 ? args[index + 1] : args.find((arg) => arg.startsWith("--port="))?.slice("--port=".length);
}
