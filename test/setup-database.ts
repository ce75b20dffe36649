// Before each test file: its own database, copied from the migrated template. DIRECT_URL is that
// database; DATABASE_URL is the same URL on the pg path, or a local Accelerate endpoint in front of
// it on the Accelerate path (TEST_DATABASE_PATH=accelerate), as in production.
import { startAccelerateEndpoint } from "@starter/local-db";
import { afterAll, inject } from "vitest";
import { createDatabase, dropDatabase, uniqueDatabaseName } from "./support/database.ts";

const { serverUrl, templateName, databasePath } = inject("testDatabase");
const name = uniqueDatabaseName();
const directUrl = await createDatabase(serverUrl, name, templateName);
// The executor (a 5 MB module) loads on the first endpoint only: the pg path never loads it.
const endpoint = databasePath === "accelerate" ? await startAccelerateEndpoint({ databaseUrl: directUrl }) : undefined;
process.env.DIRECT_URL = directUrl;
process.env.DATABASE_URL = endpoint?.url ?? directUrl;

afterAll(async () => {
  await endpoint?.stop();
  await dropDatabase(serverUrl, name);
});
