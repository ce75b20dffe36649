// Logs are JSON lines with a request id, and never carry a secret.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { logger } from "@/lib/logger";
import { callApi, userWithKey } from "@/test/support/api";
import { captureLogs } from "@/test/support/logs";
import { projectRoot } from "@/test/support/prisma-cli";
import { BUDGET_MS, budgetFor } from "@/test/support/budgets";

let logs: ReturnType<typeof captureLogs>;
afterEach(() => {
  logs?.stop();
  vi.unstubAllEnvs();
});

describe("the logger", () => {
  it("censors credentials wherever they appear in a logged object", () => {
    logs = captureLogs();
    logger.info(
      {
        authorization: "Bearer acme_sk_secret1",
        headers: { authorization: "Bearer acme_sk_secret2", cookie: "next-auth.session-token=abc" },
        apiKey: "acme_sk_secret3",
        password: "hunter2",
      },
      "request",
    );
    expect(logs.text()).not.toMatch(/acme_sk_secret|session-token=abc|hunter2/);
    expect(logs.entries()[0]).toMatchObject({ authorization: "[redacted]", headers: { authorization: "[redacted]", cookie: "[redacted]" } });
  });
});

describe("what the app logs", () => {
  it("an API error: one JSON line with the request id, status and code — never the key", async () => {
    const { key } = await userWithKey();
    logs = captureLogs();
    await callApi("/api/v1/posts/does-not-exist", { key, headers: { "x-request-id": "req-abcdef-123" } });
    await callApi("/api/v1/me", { key: `${key.slice(0, -1)}x` });
    expect(logs.entries()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ event: "api.error", requestId: "req-abcdef-123", status: 404, code: "not_found", path: "/api/v1/posts/does-not-exist" }),
        expect.objectContaining({ event: "api.error", status: 401, code: "unauthorized" }),
      ]),
    );
    expect(logs.text()).not.toContain(key);
    expect(logs.text()).not.toContain(key.slice(0, -1));
  });

  it("a request id the proxy did not vet: a malformed one never reaches the logs", async () => {
    const { key } = await userWithKey();
    logs = captureLogs();
    await callApi("/api/v1/posts/does-not-exist", { key, headers: { "x-request-id": 'forged {"level":60} <script>alert(1)</script>' } });
    expect(logs.entries()).toEqual([expect.objectContaining({ event: "api.error", status: 404 })]);
    expect(logs.entries()[0]).not.toHaveProperty("requestId");
    expect(logs.text()).not.toContain("forged");
  });

  it("an unreachable database: logged for operators without the connection's password", async () => {
    vi.stubEnv("DATABASE_URL", "postgresql://app:s3cret-password@127.0.0.1:9/app");
    vi.resetModules();
    delete (globalThis as { __database?: unknown }).__database;
    const { checkHealth } = await import("@/lib/health");
    const { logger: freshLogger } = await import("@/lib/logger");
    freshLogger.level = "debug";
    logs = captureLogs();
    expect((await checkHealth()).status).toBe("error");
    expect(logs.entries()).toEqual([expect.objectContaining({ event: "health.database", level: 50 })]);
    expect(logs.text()).not.toContain("s3cret-password");
  });

  it(
    "a migration command (npm run db:*) in CI or with LOG_FORMAT=json: a JSON line with the command and its outcome, never the database URL",
    () => {
      const result = spawnSync(path.join(projectRoot, "node_modules", ".bin", "tsx"), ["scripts/prisma.ts", "migrate", "status"], {
        cwd: projectRoot,
        // The direct URL as DATABASE_URL (migrations never go through Accelerate), and no DIRECT_URL to prefer over it.
        env: { ...process.env, LOG_LEVEL: "info", LOG_FORMAT: "json", NODE_ENV: "development", DATABASE_URL: process.env.DIRECT_URL, DIRECT_URL: "" },
        encoding: "utf8",
      });
      expect(result.status, result.stderr).toBe(0);
      const line = result.stdout.split("\n").find((text) => text.includes('"prisma.command"'));
      expect(JSON.parse(line!)).toMatchObject({ level: 30, event: "prisma.command", command: "migrate status", exitCode: 0, ms: expect.any(Number) });
      expect(result.stdout + result.stderr).not.toContain(process.env.DIRECT_URL!);
    },
    budgetFor(BUDGET_MS.command),
  );
});
