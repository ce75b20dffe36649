// Test files that run on the pg path only (TEST_DATABASE_PATH=pg, `npm run test:unit`), each with
// its reason: they talk to PostgreSQL itself (sessions, the Prisma CLI, their own servers), never
// through the app's client, so the Accelerate path would run the very same thing again.
// `TEST_DATABASE_PATH=accelerate` leaves them out and lists them (test/global-setup.ts); a single
// test that needs the pg path in a file that runs on both is marked with `itOnPgPath` instead.
export const PG_ONLY_TEST_FILES: Record<string, string> = {
  "lib/migrations/**": "the migration linter checks locks and rewrites on PostgreSQL sessions; the guards run the Prisma CLI",
  "scripts/db-check.test.ts": "the migration linter's CLI, on direct connections",
  "scripts/schema-engine/engine.test.ts": "the Prisma CLI's schema engine migrates over direct connections",
  "examples/expand-contract/**": "the example's app versions open their own pg connections and migrate with the Prisma CLI",
  "scripts/embedded-postgres.test.ts": "tests the embedded PostgreSQL server itself",
  "scripts/dev.test.ts": "npm run dev on its own embedded PostgreSQL; it tests --accelerate itself",
  "scripts/accelerate-endpoint.test.ts": "starts its own endpoints in front of DIRECT_URL: the same test on either path",
  "scripts/db-deploy.test.ts": "npm run db:deploy migrates over direct connections with the Prisma CLI",
  "scripts/test-compat.test.ts": "runs other checkouts' suites, each with its own harness and database path",
  "scripts/db-doctor.test.ts": "npm run db:doctor reads PostgreSQL itself, over the migration URL",
  "scripts/prisma.test.ts": "npm run db:migrate runs the Prisma CLI over direct connections",
  "scripts/new-feature/scaffold.test.ts": "runs the Prisma CLI, typecheck, lint and a nested vitest in a scratch clone, over direct connections",
  "lib/database-errors.test.ts": "provokes the pg driver's own errors (a pool with no connection to give, statement and lock timeouts)",
};
