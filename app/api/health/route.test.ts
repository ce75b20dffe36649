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

  it("reports the commit the running build was made from, or null when unknown", async () => {
    vi.stubEnv("VERCEL_GIT_COMMIT_SHA", "");
    vi.stubEnv("BUILD_COMMIT_SHA", "");
    expect(await (await (await freshRoute()).GET()).json()).toMatchObject({ commit: null });
    vi.stubEnv("BUILD_COMMIT_SHA", "0123abc");
    expect(await (await (await freshRoute()).GET()).json()).toMatchObject({ commit: "0123abc" });
    vi.stubEnv("VERCEL_GIT_COMMIT_SHA", "4567def");
    expect(await (await (await freshRoute()).GET()).json()).toMatchObject({ commit: "4567def" });
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
