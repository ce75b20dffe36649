// Once per Playwright run: a migrated database, a mailbox for the app's emails, and the production
// build of the app started against both. Tests read E2E_* variables set here. With
// TEST_DATABASE_PATH=accelerate the app reaches the database through a local Accelerate endpoint
// (DATABASE_URL=prisma+postgres://…); the tests still read it directly (E2E_DATABASE_URL).
import { randomBytes } from "node:crypto";
import { startAccelerateEndpoint } from "@starter/local-db";
import { databasePathFromEnv, dropDatabase } from "../test/support/database.ts";
import { startFakeStripe } from "../test/support/fake-stripe.ts";
import { createMigratedDatabase, startTestDatabaseServer } from "../test/support/database-server.ts";
import { buildApp, startApp } from "./support/app-server.ts";
import { startMailbox } from "./support/mailbox.ts";
import { E2E_PORT, E2E_STRIPE } from "./support/settings.ts";
import { Cleanup } from "../tools/bench/cleanup.ts";

export default async function globalSetup() {
  // What started is stopped again when a later step fails (a build that does not compile), not left
  // running after the test run: the embedded PostgreSQL above all.
  const cleanup = new Cleanup();
  try {
    const server = await startTestDatabaseServer();
    cleanup.add("the test database server", () => server.stop());
    const databaseName = `e2e_${process.pid}`;
    const databaseUrl = await createMigratedDatabase(server.serverUrl, databaseName);
    cleanup.add("the e2e database", () => dropDatabase(server.serverUrl, databaseName));
    const endpoint = databasePathFromEnv() === "accelerate" ? await startAccelerateEndpoint({ databaseUrl }) : undefined;
    if (endpoint) cleanup.add("the Accelerate endpoint", () => endpoint.stop());
    const mailbox = await startMailbox();
    cleanup.add("the mailbox", () => mailbox.stop());
    const stripe = await startFakeStripe();
    cleanup.add("the fake Stripe", () => stripe.stop());
    const baseUrl = `http://127.0.0.1:${E2E_PORT}`;

    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: endpoint?.url ?? databaseUrl,
      DIRECT_URL: endpoint ? databaseUrl : "",
      NEXTAUTH_URL: baseUrl,
      NEXTAUTH_SECRET: randomBytes(32).toString("base64"),
      EMAIL_SERVER: mailbox.smtpUrl,
      EMAIL_FROM: "Acme SaaS <no-reply@example.com>",
      // Billing against the local fake Stripe (a test key on a loopback address: the only
      // STRIPE_API_BASE production accepts).
      STRIPE_SECRET_KEY: "sk_test_e2e",
      STRIPE_WEBHOOK_SECRET: E2E_STRIPE.webhookSecret,
      STRIPE_PRICE_PRO_MONTHLY: E2E_STRIPE.proMonthly,
      STRIPE_TRIAL_DAYS: String(E2E_STRIPE.trialDays),
      STRIPE_API_BASE: stripe.url,
    };
    if (!process.env.E2E_SKIP_BUILD) await buildApp(env);
    const app = await startApp(E2E_PORT, env);
    cleanup.add("the app", () => app.stop());

    process.env.E2E_BASE_URL = app.url;
    process.env.E2E_MAILBOX_URL = mailbox.apiUrl;
    process.env.E2E_MAILBOX_SMTP_URL = mailbox.smtpUrl;
    process.env.E2E_DATABASE_URL = databaseUrl;
    process.env.E2E_FAKE_STRIPE_URL = stripe.url;
  } catch (error) {
    await cleanup.runAll();
    throw error;
  }
  return () => cleanup.runAll();
}
