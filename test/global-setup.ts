// Once per `vitest run`: a PostgreSQL server and a template database migrated with the real
// `prisma migrate deploy`, which each test file copies (test/setup-database.ts), on the path
// TEST_DATABASE_PATH names (pg by default, or accelerate). Both Vitest projects (app, tooling) list
// this file: the first one to start sets the server up, every project gets it, the last one to
// finish stops it.
import type { TestProject } from "vitest/node";
import { PG_ONLY_TEST_FILES } from "./pg-only.ts";
import { databasePathFromEnv, dropDatabase, listDatabases, type TestDatabaseServer } from "./support/database.ts";
import { createMigratedDatabase, startTestDatabaseServer } from "./support/database-server.ts";

declare module "vitest" {
  export interface ProvidedContext {
    testDatabase: TestDatabaseServer;
  }
}

type Shared = { ready: Promise<{ context: TestDatabaseServer; stop(): Promise<void> }>; users: number };
// Each project may load this module on its own: the shared run lives on the main process's globalThis.
const key = Symbol.for("prisma-saas-starter.test-database");
const registry = globalThis as typeof globalThis & { [key]?: Shared };

async function start(): Promise<{ context: TestDatabaseServer; stop(): Promise<void> }> {
  const databasePath = databasePathFromEnv();
  if (databasePath === "accelerate") {
    const files = Object.entries(PG_ONLY_TEST_FILES);
    console.log(`Accelerate path: every test file on a local Accelerate endpoint, except ${files.length} pg-only:`);
    for (const [file, reason] of files) console.log(`  ${file} — ${reason}`);
  }
  const server = await startTestDatabaseServer();
  const templateName = `test_template_${process.pid}`;
  await createMigratedDatabase(server.serverUrl, templateName);
  return {
    context: { serverUrl: server.serverUrl, templateName, databasePath },
    async stop() {
      for (const name of await listDatabases(server.serverUrl, `test_${process.pid}_%`)) await dropDatabase(server.serverUrl, name);
      await dropDatabase(server.serverUrl, templateName);
      await server.stop();
    },
  };
}

export default async function setup(project: TestProject) {
  const shared = (registry[key] ??= { ready: start(), users: 0 });
  shared.users++;
  const { context, stop } = await shared.ready;
  project.provide("testDatabase", context);

  return async () => {
    if (--shared.users > 0) return;
    delete registry[key];
    await stop();
  };
}
