// Once per Playwright run: a migrated database, a mailbox for sign-in emails, and the production
// build of the app started against both. Tests read E2E_* variables set here.
import { randomBytes } from "node:crypto";
import { dropDatabase } from "../test/support/database.ts";
import { createMigratedDatabase, startTestDatabaseServer } from "../test/support/database-server.ts";
import { buildApp, startApp } from "./support/app-server.ts";
import { startMailbox } from "./support/mailbox.ts";
import { E2E_PORT } from "./support/port.ts";

export default async function globalSetup() {
  const server = await startTestDatabaseServer();
  const databaseName = `e2e_${process.pid}`;
  const databaseUrl = await createMigratedDatabase(server.serverUrl, databaseName);
  const mailbox = await startMailbox();
  const baseUrl = `http://127.0.0.1:${E2E_PORT}`;

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: databaseUrl,
    DIRECT_URL: "",
    NEXTAUTH_URL: baseUrl,
    NEXTAUTH_SECRET: randomBytes(32).toString("base64"),
    EMAIL_SERVER: mailbox.smtpUrl,
    EMAIL_FROM: "Acme SaaS <no-reply@example.com>",
  };
  if (!process.env.E2E_SKIP_BUILD) await buildApp(env);
  const app = await startApp(E2E_PORT, env);

  process.env.E2E_BASE_URL = app.url;
  process.env.E2E_MAILBOX_URL = mailbox.apiUrl;
  process.env.E2E_DATABASE_URL = databaseUrl;

  return async () => {
    await app.stop();
    await mailbox.stop();
    await dropDatabase(server.serverUrl, databaseName);
    await server.stop();
  };
}
