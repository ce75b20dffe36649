import { defineConfig } from "prisma/config";
import { loadEnvConfig } from "@next/env";
import { runningDevDatabaseUrl } from "@starter/local-db";
import { guardCliCommand, ProductionGuardError, SCHEMA_ENGINE_BINARY } from "@starter/schema-engine";
import { resolveMigrationUrl } from "./lib/migrations/datasource.ts";

// The same .env files Next.js reads, in the same order.
loadEnvConfig(import.meta.dirname, process.env.NODE_ENV !== "production");

// Every prisma command in this repo runs migrations through the project's offline schema engine
// (packages/schema-engine): no native engine binary is ever downloaded.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= SCHEMA_ENGINE_BINARY;

// Only commands that talk to the database need (and check) its URL: `prisma generate` works without one.
const args = process.argv.slice(2);
const needsDatabase = ["migrate", "db", "studio"].includes(args[0] ?? "");
const migration = needsDatabase ? resolveMigrationUrl(process.env, runningDevDatabaseUrl) : undefined;
if (migration?.warning) console.warn(`warning: ${migration.warning}`);
// `migrate dev`, `migrate reset` and `db push` never run against production (the schema engine checks again).
// Thrown from here, the refusal would reach the user buried in "Failed to load config file … as a
// TypeScript/JavaScript module": say it in one line and stop.
try {
  guardCliCommand(args, process.env, migration?.url);
} catch (error) {
  if (!(error instanceof ProductionGuardError)) throw error;
  console.error(error.message);
  process.exit(1);
}

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations", seed: "node --import tsx prisma/seed.ts" },
  datasource: { url: migration?.url ?? "" },
});
