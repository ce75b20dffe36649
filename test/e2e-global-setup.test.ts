// The end-to-end run's setup leaves nothing running when a step fails: a build that does not compile
// (a page removed, a type error) used to leave the run's embedded PostgreSQL behind.
import pg from "pg";
import { afterEach, describe, expect, it, vi } from "vitest";
import globalSetup from "@/e2e/global-setup";
import { startTestDatabaseServer } from "@/test/support/database-server";
import { BUDGET_MS, budgetFor } from "@/test/support/budgets";

vi.mock(import("@/test/support/database-server"), async (original) => {
  const real = await original();
  return { ...real, startTestDatabaseServer: vi.fn(real.startTestDatabaseServer) };
});
vi.mock(import("@/e2e/support/app-server"), async (original) => ({
  ...(await original()),
  buildApp: async () => {
    throw new Error("next build failed: Type error in .next/types/validator.ts");
  },
}));

afterEach(() => vi.unstubAllEnvs());

describe("the e2e global setup, when the build fails", { timeout: budgetFor(BUDGET_MS.databaseStart) }, () => {
  it("fails with the build's error and stops the embedded PostgreSQL it started", async () => {
    vi.stubEnv("TEST_DATABASE_URL", ""); // no server given: the run starts its own, embedded
    vi.stubEnv("E2E_SKIP_BUILD", "");
    await expect(globalSetup()).rejects.toThrow("next build failed");

    const server = await vi.mocked(startTestDatabaseServer).mock.results[0]!.value;
    const client = new pg.Client({ connectionString: server.serverUrl, connectionTimeoutMillis: 5_000 });
    await expect(client.connect()).rejects.toThrow(/ECONNREFUSED/);
  });
});
