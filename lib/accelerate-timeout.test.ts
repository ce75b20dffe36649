// The bound on round trips to an Accelerate endpoint is installed on globalThis.fetch: it must
// leave every other request (Stripe, OAuth, the app's own) exactly as it was, and leave the endpoint
// nothing to hold for callers that gave up.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { ACCELERATE_TIMEOUT_MESSAGE, boundAccelerateRequests } from "@/lib/accelerate-timeout";
import { isDatabaseBusy } from "@/lib/database-errors";
import { createDatabase } from "@/lib/db";
import { Cleanup } from "@/tools/bench/cleanup";
import { FaultyAccelerateEndpoint } from "@/tools/faults/accelerate";
import { BUDGET_MS, budgetFor } from "@/test/support/budgets";

// Answers every request after 600 ms, on two ports: one registered as an endpoint, one not.
const servers = [http.createServer(answerLate), http.createServer(answerLate)];
function answerLate(_: http.IncomingMessage, response: http.ServerResponse) {
  setTimeout(() => response.end("late"), 600);
}
await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))));
const [endpoint, other] = servers.map((server) => `127.0.0.1:${(server.address() as AddressInfo).port}`);
afterAll(async () => {
  for (const server of servers) server.closeAllConnections();
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
});

describe("boundAccelerateRequests", () => {
  it("fails a request to the endpoint that outlives the bound, and leaves other hosts' requests alone", async () => {
    boundAccelerateRequests(`prisma+postgres://${endpoint}/?api_key=key`, 200);

    await expect(fetch(`http://${endpoint}/query`, { method: "POST" })).rejects.toThrow(ACCELERATE_TIMEOUT_MESSAGE);
    expect(await (await fetch(`http://${other}/anything`)).text()).toBe("late");
    await expect(fetch("/relative")).rejects.toThrow(TypeError);
  });

  it("keeps the caller's own signal: a request aborted by its caller is aborted, with the caller's reason", async () => {
    boundAccelerateRequests(`prisma+postgres://${endpoint}/?api_key=key`, 5_000);

    await expect(fetch(`http://${endpoint}/query`, { signal: AbortSignal.timeout(100) })).rejects.toMatchObject({ name: "TimeoutError" });
    expect(await (await fetch(`http://${endpoint}/query`)).text()).toBe("late");
  });

  it(
    "rolls back the transactions a frozen endpoint starts for callers that gave up: once it resumes, its connections are free at once",
    { timeout: budgetFor(BUDGET_MS.command, BUDGET_MS.stop) },
    async () => {
      const cleanup = new Cleanup();
      // Its own process, to be frozen (SIGSTOP): it takes requests meanwhile, and serves them once resumed.
      const endpoint = await FaultyAccelerateEndpoint.start(process.env.DIRECT_URL!, cleanup);
      const { db } = createDatabase({ url: endpoint.url, poolSize: 1, logQueries: false, statementTimeoutMs: 1_000 });
      try {
        expect(await db.user.count()).toBeGreaterThanOrEqual(0);
        endpoint.pause();
        try {
          // More transactions than the endpoint has connections, each asking to wait long for one and to live 30 s.
          const gaveUp = await Promise.allSettled(
            Array.from({ length: 20 }, () => db.$transaction((tx) => tx.user.count(), { maxWait: 10_000, timeout: 30_000 })),
          );
          for (const outcome of gaveUp) expect(outcome.status === "rejected" && isDatabaseBusy(outcome.reason)).toBe(true);
        } finally {
          endpoint.resume();
        }
        // Were they left to their timeout, every connection would stay taken for the endpoint's 15 s
        // cap, and this transaction could not start within its default 2 s wait.
        const resumed = Date.now();
        expect(await db.$transaction((tx) => tx.user.count())).toBeGreaterThanOrEqual(0);
        expect(Date.now() - resumed).toBeLessThan(5_000);
      } finally {
        await db.$disconnect();
        await cleanup.runAll();
      }
    },
  );
});
