// The development database: an embedded PostgreSQL whose data stays in .data/postgres between runs.
// Used when DATABASE_URL is not set, by `npm run dev`, the `npm run db:*` scripts and prisma.config.ts.
import path from "node:path";
import { embeddedUrl, readRunningServer, relocatedDataDir, startEmbeddedPostgres } from "./embedded-postgres.ts";

// The project is the folder the command runs in: npm runs scripts at the package root, and the Prisma
// CLI reads prisma.config.ts from the current folder.
const projectRoot = process.cwd();
export const DEV_DATA_DIR = path.resolve(projectRoot, process.env.EMBEDDED_POSTGRES_DIR || path.join(".data", "postgres"));
export const DEV_DATABASE = "app";
const DEFAULT_PORT = 54329;

export async function startDevDatabase() {
  const server = await startEmbeddedPostgres({ dataDir: DEV_DATA_DIR, port: devPort(), databases: [DEV_DATABASE] });
  return { server, url: server.url(DEV_DATABASE) };
}

// The preferred port (taken, the server moves to a free one): 54329, or EMBEDDED_POSTGRES_PORT.
// 0 means any free port: the tests' dev servers use it, so they never take a developer's.
function devPort() {
  const value = process.env.EMBEDDED_POSTGRES_PORT;
  if (!value) return DEFAULT_PORT;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`EMBEDDED_POSTGRES_PORT=${value} is not a port: set it to 0–65535 (0 for any free port), or unset it for ${DEFAULT_PORT}.`);
  }
  return port;
}

/** The URL of the development database if a running `npm run dev` (or script) has it up. */
export function runningDevDatabaseUrl(): string | undefined {
  for (const dataDir of [DEV_DATA_DIR, relocatedDataDir(DEV_DATA_DIR)]) {
    const running = readRunningServer(dataDir);
    if (running) return embeddedUrl(running.port, DEV_DATABASE);
  }
  return undefined;
}

/** Refused: no database URL in production, where the development database is never the answer. */
export class DevDatabaseRefusal extends Error {
  override name = "DevDatabaseRefusal";
}

/**
 * For the `npm run db:*` scripts: the environment unchanged when DATABASE_URL or DIRECT_URL is set,
 * else with DATABASE_URL on the development database (started for the command; `stop` stops it).
 * In production a missing URL is a misconfiguration, never a reason to migrate a local database.
 */
export async function withDevDatabaseFallback(env: NodeJS.ProcessEnv): Promise<{ env: NodeJS.ProcessEnv; stop(): Promise<void> }> {
  if (env.DATABASE_URL || env.DIRECT_URL) return { env, stop: async () => {} };
  const production = env.NODE_ENV === "production" ? "NODE_ENV=production" : env.VERCEL_ENV === "production" ? "VERCEL_ENV=production" : undefined;
  if (production) {
    throw new DevDatabaseRefusal(
      `neither DIRECT_URL nor DATABASE_URL is set, and this is production (${production}): set DIRECT_URL (or DATABASE_URL) to the production database. ` +
        "The embedded development database is never used in production.",
    );
  }
  const { server, url } = await startDevDatabase();
  return { env: { ...env, DATABASE_URL: url }, stop: () => server.stop() };
}
