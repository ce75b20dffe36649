// 1. What the API layer costs: a bare route (no auth, no database) against two API-key routes,
// under the same load, in the same run, so the ratios cancel out the machine. And what tracing
// costs: the posts route again on two new servers, one exporting every trace over OTLP to a local
// collector (which accepts and discards), warmed alike and loaded in alternating rounds.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { freePort } from "../../test/harness.ts";
import { check, type Check } from "./checks.ts";
import type { Cleanup } from "./cleanup.ts";
import { pidsListeningOn } from "./cpu.ts";
import { round, runLoad, type CpuTargets, type LoadResult } from "./load.ts";
import { POSTS_PER_USER } from "./seed.ts";
import { startProduction } from "./server.ts";

export const ME_OVER_LIVE_TARGET = 0.8;
export const TRACED_OVER_UNTRACED_TARGET = 0.9;

// Each route's answer is checked once before the load: a fast 200 that says the wrong thing (an
// error page, somebody else's data) must not count as throughput.
const ROUTES = [
  { name: "live", path: "/api/health/live", auth: false, expect: (body: Json) => body.status === "ok" },
  { name: "me", path: "/api/v1/me", auth: true, expect: (body: Json) => body.plan === "pro" && typeof body.email === "string" },
  { name: "posts", path: "/api/v1/posts", auth: true, expect: (body: Json) => Array.isArray(body.data) && body.data.length === POSTS_PER_USER },
] as const;

type Json = Record<string, unknown>;

export type ApiRouteResult = { name: string; path: string; auth: boolean; warmup: LoadResult; run: LoadResult };

export type ApiSection = {
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
  keys: number;
  routes: ApiRouteResult[];
  ratios: { rpsMeOverLive: number; rpsPostsOverLive: number; p99MeOverLive: number; p99PostsOverLive: number };
  target: { description: string; value: number; threshold: number; met: boolean };
  tracing: TracingResult;
};

/**
 * The posts route on a new server that exports every trace (OTEL_EXPORTER_OTLP_ENDPOINT, sampler
 * default: all) against a new untraced one, warmed alike, loaded in alternating rounds (TRACING_ROUNDS).
 */
export type TracingResult = {
  warmups: Record<TracingServer, LoadResult>;
  roundSeconds: number;
  rounds: { server: TracingServer; run: LoadResult }[];
  untraced: TracingTotals;
  traced: TracingTotals;
  /** OTLP export requests, and their bytes, that the collector received during the traced rounds. */
  exports: { requests: number; bytes: number };
  rpsTracedOverUntraced: number;
  /** The traced server's CPU time per request over the untraced one's: what tracing costs, whatever else ran. */
  cpuTracedOverUntraced?: number;
  target: { description: string; value: number; threshold: number; met: boolean };
};

type TracingServer = "untraced" | "traced";
/** One server's rounds together: requests over seconds, and server CPU time over requests. */
export type TracingTotals = { requests: number; seconds: number; rps: number; serverMsPerRequest?: number; non2xx: number };

// A B B A B A A B: each server is measured as often early as late in the sequence, so a load that
// rises or falls on a shared machine during the measurement weighs on both alike (one server after
// the other, the second would carry all of the drift).
/** Each tracing server's warm-up, in requests (on a quiet machine, about 5 s of the bench's load). */
export const TRACING_WARMUP_REQUESTS = 2000;
const TRACING_ROUNDS: TracingServer[] = ["untraced", "traced", "traced", "untraced", "traced", "untraced", "untraced", "traced"];
// The alternating rounds leave each server idle for 3–6 s at a time, which a server under steady
// load never is; V8's memory reducer then shrinks the idle heap with compacting collections
// (0.3–1.2 s pauses, plus its helper threads) that land in the server's next measured round. Which
// server it hits, in which round, is a lottery that swung the ratio between 0.6 and 1.3 from one
// run to the next (docs/benchmarks.md): off for both, so that the rounds compare cost per request.
export const TRACING_NODE_FLAGS = ["--no-memory-reducer"];

export async function benchApi(
  options: {
    baseUrl: string;
    /** The untraced server's environment: the traced one is the same, with an OTLP endpoint. */
    appEnv: NodeJS.ProcessEnv;
    keys: string[];
    connections: number;
    durationSeconds: number;
    warmupSeconds: number;
    cpu: CpuTargets;
  },
  cleanup: Cleanup,
): Promise<{ section: ApiSection; checks: Check[] }> {
  const routes: ApiRouteResult[] = [];
  const wrongAnswers: string[] = [];
  for (const route of ROUTES) {
    const response = await fetch(`${options.baseUrl}${route.path}`, { headers: route.auth ? { authorization: `Bearer ${options.keys[0]}` } : {} });
    const body = (await response.json().catch(() => ({}))) as Json;
    if (response.status !== 200 || !route.expect(body)) wrongAnswers.push(`${route.name}: ${response.status} ${JSON.stringify(body).slice(0, 200)}`);
    const spec = { url: `${options.baseUrl}${route.path}`, connections: options.connections, keys: route.auth ? options.keys : undefined };
    // The warm-up lets the JIT, Next.js's route cache and the pool settle; its figures are kept but not compared.
    const warmup = await runLoad({ ...spec, durationSeconds: options.warmupSeconds }, cleanup, options.cpu);
    const run = await runLoad({ ...spec, durationSeconds: options.durationSeconds }, cleanup, options.cpu);
    routes.push({ name: route.name, path: route.path, auth: route.auth, warmup, run });
    console.error(`  api ${route.name}: ${run.rps} req/s, p99 ${run.latencyMs.p99} ms, non-2xx ${run.non2xx}`);
  }
  const [live, me, posts] = routes.map((route) => route.run) as [LoadResult, LoadResult, LoadResult];
  const ratios = {
    rpsMeOverLive: round(me.rps / live.rps, 3),
    rpsPostsOverLive: round(posts.rps / live.rps, 3),
    p99MeOverLive: round(me.latencyMs.p99 / live.latencyMs.p99, 2),
    p99PostsOverLive: round(posts.latencyMs.p99 / live.latencyMs.p99, 2),
  };
  const target = {
    description: `rps(me)/rps(live) ≥ ${ME_OVER_LIVE_TARGET}`,
    value: ratios.rpsMeOverLive,
    threshold: ME_OVER_LIVE_TARGET,
    met: ratios.rpsMeOverLive >= ME_OVER_LIVE_TARGET,
  };
  const tracing = await benchTracing(options, cleanup);
  console.error(
    `  api posts, traced: ${tracing.traced.rps} req/s, untraced ${tracing.untraced.rps} req/s in alternating rounds (${tracing.rpsTracedOverUntraced}), ${tracing.exports.requests} OTLP exports`,
  );
  const loads = [
    ...routes.flatMap(({ name, warmup, run }) => [
      { name: `${name} warm-up`, load: warmup },
      { name, load: run },
    ]),
    { name: "posts untraced warm-up (tracing)", load: tracing.warmups.untraced },
    { name: "posts traced warm-up", load: tracing.warmups.traced },
    ...tracing.rounds.map(({ server, run }, index) => ({ name: `posts ${server} (round ${index + 1})`, load: run })),
  ];
  const failed = loads.flatMap(({ name, load }) => (load.non2xx + load.errors + load.timeouts > 0 ? [`${name}: ${describeFailures(load)}`] : []));
  const checks = [
    check(
      "api",
      "each route answers what it should (checked once before its load)",
      wrongAnswers.length === 0,
      wrongAnswers.join("; ") || "live ok, me = the Pro user, posts = 20 posts",
    ),
    check("api", "every response 2xx (429s would flatter the API routes)", failed.length === 0, failed.join("; ") || "no non-2xx, errors or timeouts"),
    check("api", `target ${target.description}`, target.met, `${target.value}`),
    check(
      "api",
      "the traced server exported its traces (the collector received them)",
      tracing.exports.requests > 0,
      `${tracing.exports.requests} OTLP requests`,
    ),
    check("api", `target ${tracing.target.description}`, tracing.target.met, `${tracing.target.value}`),
  ];
  return {
    section: {
      connections: options.connections,
      durationSeconds: options.durationSeconds,
      warmupSeconds: options.warmupSeconds,
      keys: options.keys.length,
      routes,
      ratios,
      target,
      tracing,
    },
    checks,
  };
}

async function benchTracing(
  options: { appEnv: NodeJS.ProcessEnv; keys: string[]; connections: number; durationSeconds: number },
  cleanup: Cleanup,
): Promise<TracingResult> {
  const collector = await startCollector(cleanup);
  // Two new servers, the same build and environment but for the endpoint: the one the routes above
  // were measured on has served more requests, and a JIT that has seen more of them is faster.
  const startServer = async (env: NodeJS.ProcessEnv) => {
    const port = await freePort();
    const app = await startProduction(env, port, cleanup, TRACING_NODE_FLAGS);
    return { app, url: `${app.url}/api/v1/posts`, cpu: { serverPids: pidsListeningOn(port) } };
  };
  const untracedApp = await startServer(options.appEnv);
  const tracedApp = await startServer({ ...options.appEnv, OTEL_EXPORTER_OTLP_ENDPOINT: collector.url });
  try {
    const load = { connections: options.connections, keys: options.keys };
    const servers = { untraced: untracedApp, traced: tracedApp };
    // Warmed by the same number of requests each, not the same seconds: on a loaded machine a
    // server serves fewer per second, and its JIT's warm-up would count as tracing's cost.
    const warmups = {
      untraced: await runLoad({ url: servers.untraced.url, ...load, amount: TRACING_WARMUP_REQUESTS, durationSeconds: 0 }, cleanup, servers.untraced.cpu),
      traced: await runLoad({ url: servers.traced.url, ...load, amount: TRACING_WARMUP_REQUESTS, durationSeconds: 0 }, cleanup, servers.traced.cpu),
    };
    // Each server gets half the rounds: as many seconds as one route run (a quarter each, at least 2 s).
    const roundSeconds = Math.max(2, Math.round((2 * options.durationSeconds) / TRACING_ROUNDS.length));
    const rounds: TracingResult["rounds"] = [];
    const exports = { requests: 0, bytes: 0 };
    for (const server of TRACING_ROUNDS) {
      const before = { ...collector.received };
      const run = await runLoad({ url: servers[server].url, ...load, durationSeconds: roundSeconds }, cleanup, servers[server].cpu);
      rounds.push({ server, run });
      if (server === "traced") {
        exports.requests += collector.received.requests - before.requests;
        exports.bytes += collector.received.bytes - before.bytes;
      }
    }
    const untraced = totals(rounds, "untraced");
    const traced = totals(rounds, "traced");
    const value = round(traced.rps / untraced.rps, 3);
    const description = `rps(posts, traced)/rps(posts) ≥ ${TRACED_OVER_UNTRACED_TARGET}`;
    return {
      warmups,
      roundSeconds,
      rounds,
      untraced,
      traced,
      exports,
      rpsTracedOverUntraced: value,
      cpuTracedOverUntraced:
        traced.serverMsPerRequest === undefined || untraced.serverMsPerRequest === undefined
          ? undefined
          : round(traced.serverMsPerRequest / untraced.serverMsPerRequest, 3),
      target: { description, value, threshold: TRACED_OVER_UNTRACED_TARGET, met: value >= TRACED_OVER_UNTRACED_TARGET },
    };
  } finally {
    await tracedApp.app.stop();
    await untracedApp.app.stop();
    await collector.stop();
  }
}

/** One server's rounds added up: requests per second over all of them, server CPU time per request. */
export function totals(rounds: TracingResult["rounds"], server: TracingServer): TracingTotals {
  const runs = rounds.filter((entry) => entry.server === server).map((entry) => entry.run);
  const requests = runs.reduce((sum, run) => sum + run.requests, 0);
  const seconds = runs.reduce((sum, run) => sum + run.durationSeconds, 0);
  const metered = runs.every((run) => run.cpu.serverMsPerRequest !== undefined);
  const serverMs = runs.reduce((sum, run) => sum + (run.cpu.serverMsPerRequest ?? 0) * run.requests, 0);
  return {
    requests,
    seconds,
    rps: round(requests / Math.max(seconds, 1e-9)),
    serverMsPerRequest: metered && requests > 0 ? round(serverMs / requests, 3) : undefined,
    non2xx: runs.reduce((sum, run) => sum + run.non2xx, 0),
  };
}

/** A stand-in OTLP/HTTP collector: answers every export 200 and keeps nothing but counts. */
async function startCollector(cleanup: Cleanup) {
  const received = { requests: 0, bytes: 0 };
  const server = http.createServer((request, response) => {
    request.on("data", (chunk: Buffer) => (received.bytes += chunk.byteLength));
    request.on("end", () => {
      received.requests++;
      response.writeHead(200, { "content-type": "application/x-protobuf" }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const stop = cleanup.add("OTLP collector", () => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received, stop };
}

export function describeFailures(result: LoadResult) {
  const codes = Object.entries(result.statusCodes)
    .filter(([code]) => !code.startsWith("2"))
    .map(([code, count]) => `${count}× ${code}`);
  return [...codes, ...(result.errors ? [`${result.errors} errors`] : []), ...(result.timeouts ? [`${result.timeouts} timeouts`] : [])].join(", ") || "none";
}
