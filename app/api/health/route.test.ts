import net from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { HEALTH_TIMEOUT_MS } from "@/lib/health";
import { startAccelerateEndpoint } from "@starter/local-db";

const globalForDb = globalThis as { __database?: { database: { db: { $disconnect(): Promise<void> } } } };

async function freshRoute() {
  // A client that never reached its database fails to disconnect too: it is dropped all the same.
  await globalForDb.__database?.database.db.$disconnect().catch(() => {});
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

  it("answers 503 when the Accelerate endpoint is down", async () => {
    const endpoint = await startAccelerateEndpoint({ databaseUrl: process.env.DIRECT_URL! });
    await endpoint.stop();
    vi.stubEnv("DATABASE_URL", endpoint.url);
    const { GET } = await freshRoute();
    expect((await GET()).status).toBe(503);
  });

  for (const [kind, url] of [
    ["an Accelerate endpoint", (port: number) => `prisma+postgres://127.0.0.1:${port}/?api_key=k`],
    ["PostgreSQL", (port: number) => `postgresql://user:password@127.0.0.1:${port}/db`],
  ] as const) {
    it(`answers 503 within its timeout when ${kind} accepts the connection and never answers`, { timeout: HEALTH_TIMEOUT_MS + 10_000 }, async () => {
      const silent = await startSilentServer();
      try {
        vi.stubEnv("DATABASE_URL", url(silent.port));
        const { GET } = await freshRoute();
        const started = performance.now();
        expect((await GET()).status).toBe(503);
        expect(performance.now() - started).toBeLessThan(HEALTH_TIMEOUT_MS + 2_000);
      } finally {
        await silent.stop(); // fails the abandoned query, so the client can be disconnected
      }
    });
  }
});

/** A TCP server that accepts connections and never says a word, like a host behind a broken proxy. */
async function startSilentServer() {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    async stop() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
