import { afterEach, describe, expect, it, vi } from "vitest";

const globalForDb = globalThis as { __database?: { db: { $disconnect(): Promise<void> } } };

async function freshRoute() {
  await globalForDb.__database?.db.$disconnect();
  delete globalForDb.__database;
  vi.resetModules();
  return import("./route");
}

afterEach(() => vi.unstubAllEnvs());

describe("GET /api/health", () => {
  it("answers 200 after a real round trip to the database", async () => {
    const { GET } = await freshRoute();
    const response = await GET();
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toMatchObject({ status: "ok", database: "ok" });
  });

  it("answers 503 when the database is unreachable, without revealing the connection details", async () => {
    vi.stubEnv("DATABASE_URL", "postgresql://secret-user:secret-password@127.0.0.1:9/nowhere");
    const { GET } = await freshRoute();
    const response = await GET();
    expect(response.status).toBe(503);
    const body = await response.text();
    expect(JSON.parse(body)).toMatchObject({ status: "error", database: "unreachable" });
    expect(body).not.toMatch(/secret|127\.0\.0\.1|nowhere/);
  });
});
