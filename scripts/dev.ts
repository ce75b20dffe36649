// `npm run dev`: the app on the embedded PostgreSQL when DATABASE_URL is not set.
// Starts the database (data kept in .data/postgres), applies migrations, seeds demo data, runs
// `next dev`, and on Ctrl-C stops Next.js and then the database cleanly.
import { spawn } from "node:child_process";
import path from "node:path";
import { startDevDatabase } from "./dev-database.ts";
import { runOrThrow } from "./run.ts";

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

const next = spawn(path.join("node_modules", ".bin", "next"), ["dev", ...process.argv.slice(2)], { stdio: "inherit", env });

let stopping = false;
async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  if (next.exitCode === null && next.signalCode === null) {
    const exited = new Promise((resolve) => next.once("exit", resolve));
    next.kill("SIGTERM");
    await exited;
  }
  await stopDatabase();
  process.exit(code);
}
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));
next.once("exit", (code) => void shutdown(code ?? 0));
