// The local Accelerate endpoint, spoken to by a real Prisma Client, in front of this test file's
// own database (DIRECT_URL).
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { sessionsOnDatabase } from "@/test/support/database";
import { afterAll, describe, expect, it } from "vitest";
import { createDatabase } from "@/lib/db";
import { projectRoot } from "@/test/support/prisma-cli";
import { startAccelerateEndpoint, type AccelerateEndpoint } from "./accelerate-endpoint.ts";
import { BUDGET_MS, budgetFor } from "@/test/support/budgets";

const directUrl = process.env.DIRECT_URL!;
const started: AccelerateEndpoint[] = [];
afterAll(async () => {
  for (const endpoint of started) await endpoint.stop();
});

async function start(options: { apiKey?: string; maxTransactionTimeoutMs?: number } = {}) {
  const endpoint = await startAccelerateEndpoint({ databaseUrl: directUrl, ...options });
  started.push(endpoint);
  return endpoint;
}

function clientFor(url: string) {
  return createDatabase({ url, poolSize: 1, logQueries: false }).db;
}

function connects(host: string, port: number) {
  return new Promise<boolean>((resolve) => {
    const socket = net.connect({ host, port }, () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}

function installedVersion(name: string) {
  return JSON.parse(readFileSync(path.join(projectRoot, "node_modules", name, "package.json"), "utf8")).version as string;
}

describe("the local Accelerate endpoint", () => {
  it("runs exactly the version of the app's @prisma/client, pinned in both package.json files and installed", () => {
    const app = JSON.parse(readFileSync(path.join(projectRoot, "package.json"), "utf8"));
    const localDb = JSON.parse(readFileSync(path.join(import.meta.dirname, "..", "package.json"), "utf8"));
    expect(localDb.dependencies["@prisma/query-plan-executor"]).toBe(app.dependencies["@prisma/client"]);
    expect(installedVersion("@prisma/query-plan-executor")).toBe(installedVersion("@prisma/client"));
  });

  it("serves a real Prisma Client: queries, interactive transactions with raw SQL, and rollbacks", async () => {
    const db = clientFor((await start()).url);
    await db.user.create({
      data: {
        email: "through-accelerate@example.com",
        personalOrganization: { create: { name: "Through Accelerate", slug: "through-accelerate", subscription: { create: {} } } },
      },
    });
    await expect(
      db.$transaction(async (tx) => {
        await tx.$executeRaw`UPDATE "User" SET name = 'renamed' WHERE email = 'through-accelerate@example.com'`;
        throw new Error("roll it back");
      }),
    ).rejects.toThrow("roll it back");
    const user = await db.user.findUniqueOrThrow({
      where: { email: "through-accelerate@example.com" },
      include: { personalOrganization: { include: { subscription: true } } },
    });
    expect(user.name).toBeNull();
    expect(user.personalOrganization?.subscription).toMatchObject({ organizationId: user.personalOrganization!.id });
    await db.$disconnect();
  });

  describe("interactive transaction timeouts", () => {
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const writeSlowly = (db: ReturnType<typeof clientFor>, email: string, workMs: number, timeout: number) =>
      db.$transaction(
        async (tx) => {
          await tx.user.create({ data: { email } });
          await sleep(workMs);
          await tx.user.update({ where: { email }, data: { name: "finished" } });
        },
        { timeout },
      );

    it("ends a transaction that outlives its timeout: the next query fails with P2028 and the writes before it are rolled back", async () => {
      const db = clientFor((await start()).url);
      const failure = await writeSlowly(db, "slow-tx@example.com", 1_000, 300).catch((error: unknown) => error);
      expect(failure).toMatchObject({ code: "P2028", message: expect.stringMatching(/expired transaction.*timeout for this transaction was 300 ms/s) });
      expect(await db.user.count({ where: { email: "slow-tx@example.com" } })).toBe(0);
      await db.$disconnect();
    });

    it("gives a transaction that asks for more than the endpoint's cap (the webhook asks for 30 s) the cap, instead of refusing it", async () => {
      const db = clientFor((await start({ maxTransactionTimeoutMs: 500 })).url);
      await writeSlowly(db, "within-cap@example.com", 0, 30_000);
      expect(await db.user.findUnique({ where: { email: "within-cap@example.com" } })).toMatchObject({ name: "finished" });

      const failure = await writeSlowly(db, "past-cap@example.com", 1_000, 30_000).catch((error: unknown) => error);
      expect(failure).toMatchObject({ code: "P2028", message: expect.stringMatching(/timeout for this transaction was 500 ms/) });
      expect(await db.user.count({ where: { email: "past-cap@example.com" } })).toBe(0);
      await db.$disconnect();
    });

    it("keeps its cap when a client sends the executor's limit headers to raise it", async () => {
      const endpoint = await start({ maxTransactionTimeoutMs: 500 });
      // Between the client and the endpoint: every request asks for a 30 s cap and no query timeout.
      const raising = http.createServer((request, response) => {
        const forwarded = http.request(
          {
            host: "127.0.0.1",
            port: endpoint.port,
            path: request.url,
            method: request.method,
            headers: { ...request.headers, "x-max-transaction-timeout": "PT30S", "x-query-timeout": "PT60S", "x-max-response-size": "100MB" },
          },
          (answer) => (response.writeHead(answer.statusCode!, answer.headers), answer.pipe(response)),
        );
        request.pipe(forwarded);
      });
      await new Promise<void>((resolve) => raising.listen(0, "127.0.0.1", resolve));
      const url = endpoint.url.replace(`:${endpoint.port}/`, `:${(raising.address() as net.AddressInfo).port}/`);
      const db = clientFor(url);
      try {
        const failure = await writeSlowly(db, "raised-cap@example.com", 1_000, 30_000).catch((error: unknown) => error);
        expect(failure).toMatchObject({ code: "P2028", message: expect.stringMatching(/timeout for this transaction was 500 ms/) });
      } finally {
        await db.$disconnect();
        raising.closeAllConnections();
        await new Promise((resolve) => raising.close(resolve));
      }
    });
  });

  it("refuses a wrong API key with 401, which Prisma Client reports as P6000", async () => {
    const endpoint = await start({ apiKey: "the-right-key" });
    const db = clientFor(endpoint.url.replace("the-right-key", "a-wrong-key"));
    await expect(db.user.count()).rejects.toMatchObject({ code: "P6000" });
    const anonymous = await fetch(`http://127.0.0.1:${endpoint.port}/connection-info`);
    expect(anonymous.status).toBe(401);
  });

  it("listens on 127.0.0.1 only", async () => {
    const { port } = await start();
    expect(await connects("127.0.0.1", port)).toBe(true);
    // Another loopback address, and this machine's other addresses, would answer if it listened on all interfaces.
    const otherAddresses = Object.values(os.networkInterfaces())
      .flat()
      .flatMap((address) => (address && !address.internal ? [address.address] : []));
    for (const host of ["127.0.0.2", ...otherAddresses]) expect(await connects(host, port), host).toBe(false);
  });

  it("answers $accelerate.invalidate and reads fresh data with a cacheStrategy: nothing is cached locally", async () => {
    const db = clientFor((await start()).url);
    const read = () => db.user.count({ where: { email: { endsWith: "@cache.test" } }, cacheStrategy: { ttl: 60, tags: ["users"] } });
    expect(await read()).toBe(0);
    await db.user.create({ data: { email: "new@cache.test" } });
    expect(await read()).toBe(1);
    await expect(db.$accelerate.invalidate({ tags: ["users"] })).resolves.toBeDefined();
    await db.$disconnect();
  });

  it("refuses a database URL with ?schema=, which it could not pass on", async () => {
    const url = new URL(directUrl);
    url.searchParams.set("schema", "tenant");
    await expect(startAccelerateEndpoint({ databaseUrl: url.toString() })).rejects.toThrow(/schema=/);
  });

  it("starts in about a second, and stops by closing its port and its connections to PostgreSQL", async () => {
    // The endpoints of the tests above stopped first: their pools open and close connections of
    // their own, which would count as this one's.
    for (const endpoint of started.splice(0)) await endpoint.stop();
    const before = await sessionsOnDatabase(directUrl);
    const startedAt = performance.now();
    const endpoint = await startAccelerateEndpoint({ databaseUrl: directUrl });
    const db = clientFor(endpoint.url);
    await Promise.all([db.user.count(), db.user.count(), db.user.count()]);
    expect(performance.now() - startedAt).toBeLessThan(3_000); // about a second, with room for a loaded machine
    expect(await sessionsOnDatabase(directUrl)).toBeGreaterThan(before);

    await endpoint.stop();
    expect(await connects("127.0.0.1", endpoint.port)).toBe(false);
    expect(await sessionsOnDatabase(directUrl)).toBe(before);
    await db.$disconnect();
  });

  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    it(`runs as a command that prints its URL and exits cleanly on ${signal}`, { timeout: budgetFor(BUDGET_MS.command, BUDGET_MS.stop) }, async () => {
      // node --import tsx, as the README runs it: the tsx command's own process would SIGKILL it
      // when it has not acknowledged the signal within 60 ms (a busy machine), and the exit would be 130.
      const child = spawn(process.execPath, ["--import", "tsx", "packages/local-db/src/accelerate-endpoint.ts", "--database-url", directUrl], {
        cwd: projectRoot,
        stdio: ["ignore", "pipe", "pipe"],
      });
      let output = "";
      child.stderr.on("data", (chunk) => (output += chunk));
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on("data", (chunk) => {
          output += chunk;
          const match = /Accelerate endpoint: (\S+)/.exec(output);
          if (match) resolve(match[1]!);
        });
        child.once("exit", () => reject(new Error(`exited early:\n${output}`)));
      });
      const db = clientFor(url);
      expect(await db.user.count()).toBeGreaterThanOrEqual(0);
      await db.$disconnect();

      const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
      child.kill(signal);
      expect(await exited).toBe(0);
      expect(await connects("127.0.0.1", Number(new URL(url).port))).toBe(false);
    });
  }
});
