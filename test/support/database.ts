// Databases for tests: every test file gets its own, copied from a migrated template.
import { randomBytes } from "node:crypto";
import pg from "pg";

/**
 * How the app reaches PostgreSQL in a test run (TEST_DATABASE_PATH): `pg`, a pool straight to the
 * server (the default), or `accelerate`, Prisma Client's Accelerate protocol through a local endpoint.
 */
const DATABASE_PATHS = ["pg", "accelerate"] as const;
type DatabasePath = (typeof DATABASE_PATHS)[number];

export type TestDatabaseServer = { serverUrl: string; templateName: string; databasePath: DatabasePath };

export function databasePathFromEnv(value = process.env.TEST_DATABASE_PATH): DatabasePath {
  if (!value) return "pg";
  const path = DATABASE_PATHS.find((candidate) => candidate === value);
  if (!path) throw new Error(`TEST_DATABASE_PATH must be one of ${DATABASE_PATHS.join(", ")} (got "${value}")`);
  return path;
}

export function withDatabase(url: string, database: string) {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export function uniqueDatabaseName(prefix = "test") {
  return `${prefix}_${process.pid}_${randomBytes(4).toString("hex")}`;
}

export async function withAdmin<T>(serverUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function createDatabase(serverUrl: string, name: string, template?: string) {
  await withAdmin(serverUrl, (client) =>
    client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}${template ? ` TEMPLATE ${client.escapeIdentifier(template)}` : ""}`),
  );
  return withDatabase(serverUrl, name);
}

export async function dropDatabase(serverUrl: string, name: string) {
  // FORCE ends the sessions a test's client may still hold.
  await withAdmin(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`));
}

export async function listDatabases(serverUrl: string, like: string): Promise<string[]> {
  return withAdmin(serverUrl, async (client) => {
    const { rows } = await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE $1 ORDER BY 1", [like]);
    return rows.map((row) => row.datname);
  });
}

/** Sessions PostgreSQL has open on the URL's database, other than the one asking. */
export function sessionsOnDatabase(url: string): Promise<number> {
  return withAdmin(url, async (client) => {
    const { rows } = await client.query<{ n: number }>(
      // Client connections only: an autovacuum worker that PostgreSQL starts on the database
      // meanwhile is a session of the database too, and would count as one the client left open.
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'",
    );
    return rows[0]!.n;
  });
}
