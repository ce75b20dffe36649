// `npm run dev`: the app on the embedded PostgreSQL when DATABASE_URL is not set.
// Starts the database (data kept in .data/postgres), applies migrations, seeds demo data, runs
// `next dev`, and on Ctrl-C stops Next.js and then the database cleanly.
import { startDevDatabase } from "./dev-database.ts";
import { runForeground, runOrThrow } from "./run.ts";

const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", CHECKPOINT_DISABLE: "1" };
let stopDatabase = async () => {};

if (!env.DATABASE_URL) {
  const { server, url } = await startDevDatabase();
  stopDatabase = () => server.stop();
  env.DATABASE_URL = url;
  console.log(`▲ Embedded PostgreSQL ${server.owned ? "started" : "already running"}: ${url} (data in ${server.dataDir})`);
  try {
    await runOrThrow("prisma", ["migrate", "deploy"], env);
    await runOrThrow("tsx", ["prisma/seed.ts"], env);
  } catch (error) {
    await stopDatabase();
    throw error;
  }
} else {
  console.log("▲ Using DATABASE_URL. Apply migrations with `npm run db:migrate` (development) or `npm run db:deploy`.");
}

// next-auth builds its links from NEXTAUTH_URL; default it to where `next dev` listens.
env.NEXTAUTH_URL ??= `http://localhost:${portArgument(process.argv.slice(2)) ?? env.PORT ?? 3000}`;

await runForeground("next", ["dev", ...process.argv.slice(2)], env, stopDatabase);

function portArgument(args: string[]) {
  const index = args.findIndex((arg) => arg === "-p" || arg === "--port");
  return index >= 0 ? args[index + 1] : args.find((arg) => arg.startsWith("--port="))?.slice("--port=".length);
}
