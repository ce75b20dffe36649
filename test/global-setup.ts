// Once per `vitest run`: a PostgreSQL server and a template database migrated with the real
// `prisma migrate deploy`, which each test file copies (test/setup-database.ts), on the path
// TEST_DATABASE_PATH names (pg by default, or accelerate).
import type { TestProject } from "vitest/node";
import { PG_ONLY_TEST_FILES } from "./pg-only.ts";
import { databasePathFromEnv, dropDatabase, listDatabases, type TestDatabaseServer } from "./support/database.ts";
import { createMigratedDatabase, startTestDatabaseServer } from "./support/database-server.ts";

declare module "vitest" {
  export interface ProvidedContext {
    testDatabase: TestDatabaseServer;
  }
}

export default async function setup(project: TestProject) {
  const databasePath = databasePathFromEnv();
  if (databasePath === "accelerate") {
    const files = Object.entries(PG_ONLY_TEST_FILES);
    console.log(`Accelerate path: every test file on a local Accelerate endpoint, except ${files.length} pg-only:`);
    for (const [file, reason] of files) console.log(`  ${file} — ${reason}`);
  }
  const server = await startTestDatabaseServer();
  const templateName = `test_template_${process.pid}`;
  await createMigratedDatabase(server.serverUrl, templateName);
  project.provide("testDatabase", { serverUrl: server.serverUrl, templateName, databasePath });

  return async () => {
    for (const name of await listDatabases(server.serverUrl, `test_${process.pid}_%`)) await dropDatabase(server.serverUrl, name);
    await dropDatabase(server.serverUrl, templateName);
    await server.stop();
  };
}
