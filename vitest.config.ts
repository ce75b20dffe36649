import path from "node:path";
import { defineConfig } from "vitest/config";
import { PG_ONLY_TEST_FILES } from "./test/pg-only.ts";
import { BUDGET_MS } from "./test/support/budgets.ts";
import { databasePathFromEnv } from "./test/support/database.ts";

const databasePath = databasePathFromEnv();
const pgOnly = databasePath === "accelerate" ? Object.keys(PG_ONLY_TEST_FILES) : [];
const ignored = ["**/node_modules/**", ".next/**", ".data/**", "e2e/**"];

// Two projects, one run (`npm test`, `npx vitest run`): `app` is the template's own tests (what
// someone changing product code runs: `npm run test:app`), `tooling` the workspace packages'.
// Both share one PostgreSQL server and migrated template (test/global-setup.ts).
export default defineConfig({
  resolve: {
    alias: [
      { find: "@", replacement: path.resolve(import.meta.dirname) },
      // The workspace packages of this checkout, even when node_modules is shared with another one
      // (test:compat links the base's to this branch's when their lockfiles match; its links point here).
      { find: /^@starter\/([^/]+)$/, replacement: path.resolve(import.meta.dirname, "packages/$1") },
    ],
  },
  test: {
    // One worker per core. Vitest's default (cores - 1) runs the files one at a time on a 2-core
    // machine, while most of them wait on PostgreSQL and the Prisma CLI rather than compute.
    maxWorkers: "100%",
    projects: [
      {
        extends: true,
        test: { name: "app", include: ["**/*.test.ts", "**/*.test.tsx"], exclude: [...ignored, "packages/**", ...pgOnly] },
      },
      {
        extends: true,
        test: { name: "tooling", include: ["packages/*/**/*.test.ts"], exclude: [...ignored, ...pgOnly] },
      },
    ],
    globalSetup: ["test/global-setup.ts"],
    setupFiles: ["test/setup-database.ts"],
    testTimeout: BUDGET_MS.test,
    hookTimeout: BUDGET_MS.hook,
    env: { CHECKPOINT_DISABLE: "1", NEXT_TELEMETRY_DISABLED: "1" },
  },
});
