// What the bench runs against: a migrated PostgreSQL database, a fake Stripe, and the production
// build of the app (`next build`, then `next start` with NODE_ENV=production), configured as the
// end-to-end tests configure it.
import { randomBytes } from "node:crypto";
import path from "node:path";
import pg from "pg";
import { buildApp, createMigratedDatabase, dropDatabase, startTestDatabaseServer, withAdmin } from "../../test/harness.ts";
import { inheritedEnv } from "./bench-process-env.ts";
import type { Cleanup } from "./cleanup.ts";
import { projectRoot, spawnGroup, waitFor200 } from "./processes.ts";

/** The app's pool size, set explicitly so the connection figures have something to be compared with. */
export const POOL_SIZE = 10;
export const STRIPE = { secretKey: "sk_test_bench", webhookSecret: "whsec_bench_secret", proMonthly: "price_bench_pro_monthly" };

export type BenchDatabase = {
  /** Where the database lives: BENCH_DATABASE_URL, TEST_DATABASE_URL, or an embedded PostgreSQL. */
  source: string;
  serverUrl: string;
  name: string;
  url: string;
  postgresVersion: string;
  /** Settings that change write speed (the embedded test server trades durability for it). */
  settings: Record<string, string>;
};

export async function startBenchDatabase(cleanup: Cleanup): Promise<BenchDatabase> {
  const fromBench = process.env.BENCH_DATABASE_URL;
  const server = fromBench ? { serverUrl: fromBench, stop: async () => {} } : await startTestDatabaseServer();
  cleanup.add("PostgreSQL server", () => server.stop());
  const source = fromBench ? "BENCH_DATABASE_URL" : process.env.TEST_DATABASE_URL ? "TEST_DATABASE_URL" : "embedded (test settings)";

  const name = `bench_${process.pid}`;
  cleanup.add(`database ${name}`, () => dropDatabase(server.serverUrl, name));
  const url = await createMigratedDatabase(server.serverUrl, name);
  const settings = await withAdmin(server.serverUrl, async (client) => {
    const { rows } = await client.query<{ name: string; setting: string }>(
      "SELECT name, setting FROM pg_settings WHERE name IN ('server_version', 'fsync', 'synchronous_commit', 'max_connections', 'shared_buffers') ORDER BY name",
    );
    return Object.fromEntries(rows.map((row) => [row.name, row.setting]));
  });
  const { server_version: postgresVersion = "unknown", ...rest } = settings;
  return { source, serverUrl: server.serverUrl, name, url, postgresVersion, settings: rest };
}

/** The environment of the app's process, like the e2e global setup's. */
export function appEnv(options: { databaseUrl: string; baseUrl: string; stripeUrl?: string; nodeEnv: "production" | "development" }): NodeJS.ProcessEnv {
  return {
    ...inheritedEnv,
    NODE_ENV: options.nodeEnv,
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: options.databaseUrl,
    DIRECT_URL: "",
    DATABASE_POOL_SIZE: String(POOL_SIZE),
    // Logging one line per request would measure pino, not the app.
    LOG_LEVEL: "warn",
    NEXTAUTH_URL: options.baseUrl,
    NEXTAUTH_SECRET: randomBytes(32).toString("base64"),
    // A test key on a loopback address: the only STRIPE_API_BASE production accepts.
    ...(options.stripeUrl && {
      STRIPE_SECRET_KEY: STRIPE.secretKey,
      STRIPE_WEBHOOK_SECRET: STRIPE.webhookSecret,
      STRIPE_PRICE_PRO_MONTHLY: STRIPE.proMonthly,
      STRIPE_API_BASE: options.stripeUrl,
    }),
  };
}

/**
 * The production build as the e2e tests make it (e2e/support/app-server.ts: `next build` and the
 * post-build steps of `npm run build`; the Prisma client is generated on install).
 */
export async function buildProduction(env: NodeJS.ProcessEnv): Promise<number> {
  const started = performance.now();
  await buildApp(env);
  return performance.now() - started;
}

export type ProductionApp = { url: string; port: number; output(): string; stop(): Promise<void> };

/**
 * `next start` in its own process group (not e2e/support/app-server.ts's startApp): a Ctrl-C in
 * the terminal then reaches the bench, which stops the server itself, in order, instead of the
 * server dying first under a cleanup that waits for it. `nodeFlags` go to the server's node (V8
 * flags, which NODE_OPTIONS refuses).
 */
export async function startProduction(env: NodeJS.ProcessEnv, port: number, cleanup: Cleanup, nodeFlags: string[] = []): Promise<ProductionApp> {
  const { command, args } = nextStartCommand(port, nodeFlags);
  const server = spawnGroup("next start", command, args, env, cleanup);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor200(`${url}/api/health`, server, 60_000);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return { url, port, output: server.output, stop: async () => void (await server.stop()) };
}

/** The command that starts the production server on `port`: Next.js's own script, or node running it with `nodeFlags`. */
export function nextStartCommand(port: number, nodeFlags: string[]): { command: string; args: string[] } {
  const start = ["start", "--port", String(port), "--hostname", "127.0.0.1"];
  if (nodeFlags.length === 0) return { command: path.join(projectRoot, "node_modules", ".bin", "next"), args: start };
  return { command: process.execPath, args: [...nodeFlags, path.join(projectRoot, "node_modules", "next", "dist", "bin", "next"), ...start] };
}

/** A client that the connection counts leave out (they only count the app's own connections). */
export async function connectAsBench(url: string, role: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, application_name: `bench-${role}` });
  // PostgreSQL ends sessions when it shuts down (a Ctrl-C reaches it too): an unhandled 'error'
  // event would kill the bench before its cleanup ran.
  client.on("error", (error) => console.error(`bench-${role} connection: ${error.message}`));
  await client.connect();
  return client;
}

/** `url` with an application_name, so the bench's own Prisma pool is told apart from the app's. */
export function withApplicationName(url: string, role: string) {
  const parsed = new URL(url);
  parsed.searchParams.set("application_name", `bench-${role}`);
  return parsed.toString();
}
