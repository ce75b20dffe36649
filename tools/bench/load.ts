// HTTP load from a second process: spawns load-worker.ts (autocannon) and returns its figures.
import path from "node:path";
import type pg from "pg";
import type { Cleanup } from "./cleanup.ts";
import { startCpuMeter } from "./cpu.ts";
import { runWorker } from "./worker.ts";

const WORKER = path.join(import.meta.dirname, "load-worker.ts");

export type LoadSpec = {
  url: string;
  connections: number;
  durationSeconds: number;
  /** API keys, one per request in turn (one key per user: spreads the per-user limits). */
  keys?: string[];
  timeoutSeconds?: number;
  /** GET by default; a POST sends `body` as JSON. */
  method?: "GET" | "POST";
  body?: unknown;
  /** Stop after this many requests instead of after `durationSeconds`. */
  amount?: number;
};

/** The part of autocannon's result this bench reads. */
export type AutocannonResult = {
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  resets: number;
  "2xx": number;
  "4xx": number;
  "5xx": number;
  statusCodeStats: Record<string, { count: number }>;
  latency: { average: number; p50: number; p90: number; p99: number; max: number };
  requests: { average: number; total: number; sent: number };
};

export type LoadResult = {
  url: string;
  connections: number;
  durationSeconds: number;
  /** Mean of autocannon's per-second samples of completed requests. */
  rps: number;
  requests: number;
  latencyMs: { p50: number; p90: number; p99: number; average: number; max: number };
  /** Responses outside 2xx, by status code. */
  non2xx: number;
  statusCodes: Record<string, number>;
  /** Socket errors and timeouts (no response at all). */
  errors: number;
  timeouts: number;
  /** CPU time per completed request, in ms, and cores kept busy (CPU time / wall time). */
  cpu: {
    serverMsPerRequest?: number;
    postgresMsPerRequest?: number;
    clientMsPerRequest: number;
    serverCores?: number;
    postgresCores?: number;
    clientCores: number;
    /**
     * Cores kept busy by everything else on the machine (the bench itself, other programs) and
     * stolen by the hypervisor: when these are not ~0, something else disturbed the figures.
     */
    otherCores?: number;
    stealCores?: number;
  };
};

/** What to meter while the load runs: the server's pids and, through a bench connection, the app's backends. */
export type CpuTargets = { serverPids: number[]; sampler?: { client: pg.Client; database: string } };

export async function runLoad(spec: LoadSpec, cleanup: Cleanup, cpuTargets: CpuTargets = { serverPids: [] }): Promise<LoadResult> {
  const meter = await startCpuMeter(cpuTargets.serverPids, cpuTargets.sampler);
  const { result, clientCpuMs, processCpuMs } = await runWorker<{ result: AutocannonResult; clientCpuMs: number; processCpuMs: number }>(WORKER, spec, cleanup);
  const cpu = await meter.stop();
  const otherMs =
    cpu.machineBusyMs === undefined || cpu.serverMs === undefined
      ? undefined
      : Math.max(0, cpu.machineBusyMs - cpu.serverMs - (cpu.postgresMs ?? 0) - processCpuMs);
  const requests = Math.max(1, result.requests.total);
  const wallMs = result.duration * 1000;
  const perRequest = (ms: number | undefined) => (ms === undefined ? undefined : round(ms / requests, 3));
  const cores = (ms: number | undefined) => (ms === undefined ? undefined : round(ms / wallMs, 2));
  return {
    ...summarize(spec, result),
    cpu: {
      serverMsPerRequest: perRequest(cpu.serverMs),
      postgresMsPerRequest: perRequest(cpu.postgresMs),
      clientMsPerRequest: round(clientCpuMs / requests, 3),
      serverCores: cores(cpu.serverMs),
      postgresCores: cores(cpu.postgresMs),
      clientCores: round(clientCpuMs / wallMs, 2),
      otherCores: otherMs === undefined ? undefined : round(otherMs / cpu.wallMs, 2),
      stealCores: cpu.stealMs === undefined ? undefined : round(cpu.stealMs / cpu.wallMs, 2),
    },
  };
}

function summarize(spec: LoadSpec, result: AutocannonResult): Omit<LoadResult, "cpu"> {
  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count]));
  return {
    url: spec.url,
    connections: spec.connections,
    durationSeconds: result.duration,
    rps: round(result.requests.average),
    requests: result.requests.total,
    latencyMs: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      average: round(result.latency.average),
      max: result.latency.max,
    },
    non2xx: result.non2xx,
    statusCodes,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

export function round(value: number, digits = 2) {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
