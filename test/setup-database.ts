// Before each test file: its own database, copied from the migrated template, as DATABASE_URL.
import { afterAll, inject } from "vitest";
import { createDatabase, dropDatabase, uniqueDatabaseName } from "./support/database.ts";

const { serverUrl, templateName } = inject("testDatabase");
const name = uniqueDatabaseName();
process.env.DATABASE_URL = await createDatabase(serverUrl, name, templateName);

afterAll(async () => {
  await dropDatabase(serverUrl, name);
});
