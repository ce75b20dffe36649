// The bound on round trips to an Accelerate endpoint is installed on globalThis.fetch: it must
// leave every other request (Stripe, OAuth, the app's own) exactly as it was.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { ACCELERATE_TIMEOUT_MESSAGE, boundAccelerateRequests } from "@/lib/accelerate-timeout";

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
  });

  it("keeps the caller's own signal: a request aborted by its caller is aborted, with the caller's reason", async () => {
    boundAccelerateRequests(`prisma+postgres://${endpoint}/?api_key=key`, 5_000);

    await expect(fetch(`http://${endpoint}/query`, { signal: AbortSignal.timeout(100) })).rejects.toMatchObject({ name: "TimeoutError" });
    expect(await (await fetch(`http://${endpoint}/query`)).text()).toBe("late");
  });
});
