// A local Prisma Accelerate endpoint: the protocol Prisma Client speaks to `prisma+postgres://` URLs
// (query plans over HTTP), served on 127.0.0.1 for one real PostgreSQL database, so the app, its
// tests and `npm run dev -- --accelerate` run on the same path production uses with Accelerate.
//
// The protocol itself is served by Prisma's own `@prisma/query-plan-executor`, pinned to the exact
// version of `@prisma/client` (the client refuses a mismatched executor). This wrapper adds what the
// executor leaves to its host:
// - the API key: the executor checks none; a wrong or missing key answers 401, which the client
//   reports as P6000, as the hosted service does;
// - `/invalidate` (`$accelerate.invalidate`): answered as a no-op, because nothing is cached
//   locally — `cacheStrategy` reads always reach PostgreSQL;
// - an OpenTelemetry context manager, without which every executor route answers 500
//   ("No active logger found");
// - a loopback-only listener, and a clean stop (transactions cancelled, pool closed) on SIGINT/SIGTERM.
//
// Not passed on: `?schema=` in the database URL (the executor always works on `public`), so such a
// URL is refused rather than served from the wrong schema; and the executor's resource-limit
// request headers, with which a client could raise the limits below (hosted Accelerate sets its own).
//
// CLI: tsx packages/local-db/src/accelerate-endpoint.ts --database-url postgres://… [--port 0] [--api-key …]
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { context } from "@opentelemetry/api";
import { Server, parseDuration } from "@prisma/query-plan-executor";
import { randomBytes, timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";

export type AccelerateEndpointOptions = {
  /** A direct `postgres://` URL: the database every query goes to. */
  databaseUrl: string;
  /** The key clients must send (the `api_key` of the URL); a random one when omitted. */
  apiKey?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** The cap on an interactive transaction's `timeout` (default 15 s): a test of the cap shortens it. */
  maxTransactionTimeoutMs?: number;
};

export type AccelerateEndpoint = {
  /** `prisma+postgres://127.0.0.1:<port>/?api_key=<key>`, the app's DATABASE_URL. */
  url: string;
  port: number;
  stop(): Promise<void>;
};

// Limits like hosted Accelerate's (which vary by plan), so that a query or transaction too slow
// for production fails here too instead of only after deploying.
const LIMITS = {
  queryTimeout: parseDuration("PT10S"),
  maxTransactionTimeout: parseDuration("PT15S"),
  maxTransactionWaitTime: parseDuration("PT10S"),
  maxResponseSize: 5 * 1000 * 1000,
};
/** Request headers the executor reads as per-request limits (src/server/headers.ts in its source). */
const LIMIT_HEADERS = new Set(["x-query-timeout", "x-max-transaction-timeout", "x-max-response-size"]);
// The only remote host Prisma Client talks to over plain http is a loopback one.
const HOST = "127.0.0.1";

export async function startAccelerateEndpoint({
  databaseUrl,
  apiKey = randomBytes(24).toString("hex"),
  port = 0,
  maxTransactionTimeoutMs,
}: AccelerateEndpointOptions): Promise<AccelerateEndpoint> {
  const schema = new URL(databaseUrl).searchParams.get("schema");
  if (schema && schema !== "public") {
    throw new Error(
      `The local Accelerate endpoint cannot serve ?schema=${schema}: Prisma's executor always uses the public schema. Use a database of its own instead.`,
    );
  }
  registerContextManager();
  // Its log stays off: every error reaches the client as the error it reports (P2002, P2025…), so
  // the executor's log would only repeat them, expected ones (a unique violation) included.
  const executor = await Server.create({
    databaseUrl,
    ...LIMITS,
    ...(maxTransactionTimeoutMs !== undefined && { maxTransactionTimeout: parseDuration(`PT${maxTransactionTimeoutMs / 1000}S`) }),
    perRequestLogContext: { logLevel: "off", logFormat: "text" },
  });
  const server = http.createServer((request, response) => {
    serve(request, response, executor, apiKey).catch((error: Error) => {
      if (!response.headersSent) response.writeHead(500, { "content-type": "application/json" });
      response.end(JSON.stringify({ error: error.message }));
    });
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, HOST, resolve);
    });
  } catch (error) {
    await executor.shutdown();
    throw error;
  }
  const actualPort = (server.address() as AddressInfo).port;
  let stopped: Promise<void> | undefined;
  return {
    url: `prisma+postgres://${HOST}:${actualPort}/?api_key=${encodeURIComponent(apiKey)}`,
    port: actualPort,
    stop: () =>
      (stopped ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await closed;
        await executor.shutdown();
      })()),
  };
}

async function serve(request: http.IncomingMessage, response: http.ServerResponse, executor: Server, apiKey: string) {
  const body = await readBody(request);
  if (!hasKey(request.headers.authorization, apiKey)) return reply(response, 401, { error: "Invalid API key" });
  const path = new URL(request.url ?? "/", `http://${HOST}`).pathname;
  if (path === "/invalidate") return reply(response, 200, {});

  const answer = await executor.fetch(
    new Request(`http://${HOST}${request.url}`, {
      method: request.method,
      headers: Object.entries(request.headers).flatMap(([name, value]) =>
        typeof value === "string" && !LIMIT_HEADERS.has(name) ? [[name, value] as [string, string]] : [],
      ),
      body: request.method === "GET" || request.method === "HEAD" ? undefined : body,
    }),
  );
  const payload = Buffer.from(await answer.arrayBuffer());
  if (!request.headers["x-capture-telemetry"]) {
    response.writeHead(answer.status, Object.fromEntries(answer.headers));
    return response.end(payload);
  }
  const headers = Object.fromEntries([...answer.headers].filter(([name]) => name !== "content-length"));
  response.writeHead(answer.status, headers);
  response.end(withDistinctSpanIds(payload));
}

// A traced client (OpenTelemetry with @prisma/instrumentation) asks for the executor's spans. Here
// they all carry the same all-zero id: the executor's bundled OpenTelemetry API never sees a tracer
// provider of its host. Prisma Client nests them by id, and then recurses without end ("Maximum call
// stack size exceeded"): the query fails. Hosted Accelerate sends real ids; here each span gets one of
// its own, and hangs directly under the client's span for the query (the nesting is lost with the ids).
function withDistinctSpanIds(payload: Buffer): Buffer {
  const json = JSON.parse(payload.toString("utf8")) as { extensions?: { spans?: { id: string; parentId: string | null }[] } } | null;
  const spans = json?.extensions?.spans;
  if (!Array.isArray(spans)) return payload;
  for (const span of spans) {
    span.id = `${randomBytes(16).toString("hex")}-${randomBytes(8).toString("hex")}`;
    span.parentId = null;
  }
  return Buffer.from(JSON.stringify(json));
}

function hasKey(authorization: string | undefined, apiKey: string) {
  const sent = Buffer.from(authorization ?? "");
  const expected = Buffer.from(`Bearer ${apiKey}`);
  return sent.length === expected.length && timingSafeEqual(sent, expected);
}

function reply(response: http.ServerResponse, status: number, body: object) {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}

async function readBody(request: http.IncomingMessage) {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

// The executor finds its per-request logger through OpenTelemetry's context; one manager per process.
// A second endpoint in the same process keeps the first one's manager.
function registerContextManager() {
  const manager = new AsyncLocalStorageContextManager().enable();
  if (!context.setGlobalContextManager(manager)) manager.disable();
}

async function main() {
  const { values } = parseArgs({
    options: { "database-url": { type: "string" }, port: { type: "string", default: "0" }, "api-key": { type: "string" } },
  });
  const databaseUrl = values["database-url"] ?? process.env.DIRECT_URL;
  if (!databaseUrl) throw new Error("Usage: tsx packages/local-db/src/accelerate-endpoint.ts --database-url postgres://… [--port 0] [--api-key …]");
  const endpoint = await startAccelerateEndpoint({ databaseUrl, port: Number(values.port), apiKey: values["api-key"] });
  console.log(`▲ Accelerate endpoint: ${endpoint.url}`);
  const stop = async () => {
    await endpoint.stop();
    process.exit(0);
  };
  process.once("SIGINT", () => void stop());
  process.once("SIGTERM", () => void stop());
}

if (process.argv[1] === import.meta.filename) await main();
