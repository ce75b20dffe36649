import path from "node:path";
import { defineConfig } from "vitest/config";
import { PG_ONLY_TEST_FILES } from "./test/pg-only.ts";
import { databasePathFromEnv } from "./test/support/database.ts";

const databasePath = databasePathFromEnv();

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["**/*.test.ts", "**/*.test.tsx"],
    exclude: ["node_modules/**", ".next/**", ".data/**", "e2e/**", ...(databasePath === "accelerate" ? Object.keys(PG_ONLY_TEST_FILES) : [])],
    globalSetup: ["test/global-setup.ts"],
    setupFiles: ["test/setup-database.ts"],
    // One worker per core. Vitest's default (cores - 1) runs the files one at a time on a 2-core
    // machine, while most of them wait on PostgreSQL and the Prisma CLI rather than compute.
    maxWorkers: "100%",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: { CHECKPOINT_DISABLE: "1", NEXT_TELEMETRY_DISABLED: "1" },
  },
});
