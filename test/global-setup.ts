// Once per `vitest run`: a PostgreSQL server (TEST_DATABASE_URL, else an embedded one) and a
// template database migrated with the real `prisma migrate deploy`, which each test file copies.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "../scripts/embedded-postgres.ts";
import { runQuietly } from "../scripts/run.ts";
import { createDatabase, dropDatabase, listDatabases, withDatabase, type TestDatabaseServer } from "./support/database.ts";

declare module "vitest" {
  export interface ProvidedContext {
    testDatabase: TestDatabaseServer;
  }
}

export default async function setup(project: TestProject) {
  let serverUrl = process.env.TEST_DATABASE_URL;
  let stopServer = async () => {};
  if (!serverUrl) {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "test-postgres-"));
    const server = await startEmbeddedPostgres({ dataDir, port: 0, ephemeral: true });
    serverUrl = server.url("postgres");
    stopServer = async () => {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
      await rm(server.dataDir, { recursive: true, force: true });
    };
  }

  const templateName = `test_template_${process.pid}`;
  await dropDatabase(serverUrl, templateName);
  await createDatabase(serverUrl, templateName);
  await runQuietly("prisma", ["migrate", "deploy"], {
    ...process.env,
    DATABASE_URL: withDatabase(serverUrl, templateName),
    DIRECT_URL: "",
    CHECKPOINT_DISABLE: "1",
  });
  project.provide("testDatabase", { serverUrl, templateName });

  return async () => {
    for (const name of await listDatabases(serverUrl, `test_${process.pid}_%`)) await dropDatabase(serverUrl, name);
    await dropDatabase(serverUrl, templateName);
    await stopServer();
  };
}
