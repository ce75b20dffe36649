// Which PostgreSQL the migrations run on, for the rules that depend on it (the validated-CHECK shortcut of SET NOT
// NULL, REINDEX CONCURRENTLY, the 14.0–14.3 CONCURRENTLY bug). In order:
//   1. "postgres" in the config file — no connection at all;
//   2. the server the project's migrations connect to: DIRECT_URL, else DATABASE_URL (Prisma's migrate reads the
//      same), asked `SHOW server_version_num` once, with a short timeout so an unreachable host costs little;
//   3. else the default: a supported release (13 or later, past 14.3), which is what the rules assume without a version.
import type { DbCheckConfig } from "./config.ts";
import type { PostgresVersion } from "./rules/rule.ts";

/** How long to wait for the server before falling back to the default: a linter run must stay quick. */
export const CONNECT_TIMEOUT_MS = 1500;

/** Said in the report when no version is known. */
export const DEFAULT_POSTGRES = "a supported release assumed (13+, not 14.0–14.3)";

const URL_VARIABLES = ["DIRECT_URL", "DATABASE_URL"] as const;

/** server_version_num → { major, minor }: 150004 → 15.4, 90624 → 9.6 (before 10, the second number was the major's). */
export function fromVersionNumber(number: number): PostgresVersion {
  const major = Math.floor(number / 10000);
  return major >= 10 ? { major, minor: number % 10000 } : { major, minor: Math.floor(number / 100) % 100 };
}

export function showVersion({ major, minor }: PostgresVersion) {
  return `${major}.${minor}`;
}

/** The server's version, or why it could not be read. */
export async function readServerVersion(url: string, timeoutMs = CONNECT_TIMEOUT_MS): Promise<PostgresVersion | { error: string }> {
  // Loaded only when needed: a project that sets "postgres" in its config never pays for pg.
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs });
  // An error after connecting (the server going away) must not crash the linter.
  client.on("error", () => {});
  try {
    await client.connect();
    const { rows } = await client.query<{ server_version_num: string }>("SHOW server_version_num");
    return fromVersionNumber(Number(rows[0]!.server_version_num));
  } catch (error) {
    return { error: (error as NodeJS.ErrnoException).code ?? (error as Error).message };
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * The config with the version the rules use and where it came from (`postgresFrom`, shown in the report): the
 * config's own, else the database's (DIRECT_URL, else DATABASE_URL), else none — the default.
 */
export async function withPostgresVersion(config: DbCheckConfig, env: Record<string, string | undefined>): Promise<DbCheckConfig> {
  if (config.postgres) return config;
  const variable = URL_VARIABLES.find((name) => env[name]);
  if (!variable) return { ...config, postgresFrom: `${DEFAULT_POSTGRES}: no "postgres" in the config, no DIRECT_URL or DATABASE_URL` };
  const url = env[variable]!;
  // prisma+postgres:// (Accelerate) and other proxies answer no SQL session: only a direct postgres:// URL is asked.
  if (!/^postgres(ql)?:\/\//.test(url)) return { ...config, postgresFrom: `${DEFAULT_POSTGRES}: ${variable} is not a postgres:// URL` };
  const found = await readServerVersion(url);
  if ("error" in found) return { ...config, postgresFrom: `${DEFAULT_POSTGRES}: the server at ${variable} did not answer (${found.error})` };
  return { ...config, postgres: found, postgresFrom: `the server at ${variable}` };
}
