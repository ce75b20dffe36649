// Test files that run on the pg path only (TEST_DATABASE_PATH=pg, `npm run test:unit`), each with
// its reason: they talk to PostgreSQL itself (sessions, the Prisma CLI, their own servers), never
// through the app's client, so the Accelerate path would run the very same thing again.
// `TEST_DATABASE_PATH=accelerate` leaves them out and lists them (test/global-setup.ts); a single
// test that needs the pg path in a file that runs on both is marked with `itOnPgPath` instead.
export const PG_ONLY_TEST_FILES: Record<string, string> = {
  "packages/migration-lint/**": "the migration linter checks locks and rewrites on PostgreSQL sessions, and its CLI runs on direct connections",
  "packages/schema-engine/**": "the Prisma CLI's schema engine migrates over direct connections; the guards run the Prisma CLI",
  "packages/migrate/**": "deploy, baseline and doctor run the Prisma CLI and read PostgreSQL over the migration URL",
  "examples/expand-contract/**": "the example's app versions open their own pg connections and migrate with the Prisma CLI",
  "packages/local-db/src/embedded-postgres.test.ts": "tests the embedded PostgreSQL server itself",
  "scripts/dev.test.ts": "npm run dev on its own embedded PostgreSQL; it tests --accelerate itself",
  "packages/local-db/src/accelerate-endpoint.test.ts": "starts its own endpoints in front of DIRECT_URL: the same test on either path",
  "scripts/db-deploy.test.ts": "npm run db:deploy migrates over direct connections with the Prisma CLI",
  "scripts/test-compat.test.ts": "runs other checkouts' suites, each with its own harness and database path",
  "prisma/releases.test.ts": "every release's commands and code run on a database of its own, over direct connections, whatever the path",
  "scripts/db-doctor.test.ts": "npm run db:doctor reads PostgreSQL itself, over the migration URL",
  "scripts/prisma.test.ts": "npm run db:migrate runs the Prisma CLI over direct connections",
  "scripts/new-feature/scaffold.test.ts": "runs the Prisma CLI, typecheck, lint and a nested vitest in a scratch clone, over direct connections",
  "lib/database-errors.test.ts":
    "provokes the pg driver's own errors (a pool with no connection to give, statement and lock timeouts), and the Accelerate client's against endpoints of its own in front of DIRECT_URL: the same on either path",
};
