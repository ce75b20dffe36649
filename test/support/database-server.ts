// The PostgreSQL server a test run uses: TEST_DATABASE_URL when set, else an embedded one for the run.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "@starter/local-db";
import { runBackfills } from "@starter/migrate";
import { createDatabase, dropDatabase, withDatabase } from "./database.ts";
import { runQuietly } from "../../scripts/run.ts";

export async function startTestDatabaseServer(): Promise<{ serverUrl: string; stop(): Promise<void> }> {
  const fromEnv = process.env.TEST_DATABASE_URL;
  if (fromEnv) return { serverUrl: fromEnv, stop: async () => {} };
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "test-postgres-"));
  const server = await startEmbeddedPostgres({ dataDir, port: 0, ephemeral: true });
  return {
    serverUrl: server.url("postgres"),
    async stop() {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
      await rm(server.dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A fresh database on the server with every migration applied by the real `prisma migrate deploy`,
 * and every backfill of prisma/backfills run (on the empty tables: marked finished), so no test
 * meets a pending one.
 */
export async function createMigratedDatabase(serverUrl: string, name: string) {
  await dropDatabase(serverUrl, name);
  await createDatabase(serverUrl, name);
  const url = withDatabase(serverUrl, name);
  await runQuietly("prisma", ["migrate", "deploy"], { ...process.env, DATABASE_URL: url, DIRECT_URL: "", CHECKPOINT_DISABLE: "1" });
  const prisma = path.resolve(import.meta.dirname, "..", "..", "prisma");
  const backfills = await runBackfills({ backfillsDir: path.join(prisma, "backfills"), migrationsDir: path.join(prisma, "migrations"), url });
  if (backfills.exitCode !== 0) throw new Error(backfills.summary);
  return url;
}
