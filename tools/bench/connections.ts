// 3a. Connection discipline under load: 200 concurrent API requests against a pool of
// DATABASE_POOL_SIZE. The pool must queue them (never open more), and queueing must not turn into
// errors or timeouts.
import { describeFailures } from "./api.ts";
import { check, type Check } from "./checks.ts";
import type { Cleanup } from "./cleanup.ts";
import { runLoad, type CpuTargets, type LoadResult } from "./load.ts";
import { maxOf, startSampler } from "./sampler.ts";
import { connectAsBench, POOL_SIZE, type ProductionApp } from "./server.ts";

export const LOAD_CONNECTIONS = 200;
const LOG_PROBLEMS = /too many (clients|connections)|timeout|timed out|remaining connection slots|Connection terminated|ECONNRESET|ECONNREFUSED/i;

export type ConnectionsSection = {
  path: string;
  concurrency: number;
  poolSize: number;
  /** A short run first (same load), so a cold JIT does not count; its errors are reported too. */
  warmup: LoadResult;
  load: LoadResult;
  idleBefore: number;
  samples: number;
  maxConnections: number;
  maxActive: number;
  /** Samples taken while the pool was exactly full. */
  samplesAtPoolSize: number;
  serverErrors: number;
  logProblems: string[];
};

export async function benchConnections(
  options: { app: ProductionApp; databaseUrl: string; database: string; keys: string[]; durationSeconds: number; warmupSeconds: number; cpu: CpuTargets },
  cleanup: Cleanup,
): Promise<{ section: ConnectionsSection; checks: Check[] }> {
  const client = await connectAsBench(options.databaseUrl, "sampler");
  const disconnect = cleanup.add("connection sampler", () => client.end());
  try {
    const path = "/api/v1/posts";
    const idle = startSampler(client, options.database);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const idleBefore = maxOf(await idle.stop());

    const logFrom = options.app.output().length;
    const spec = { url: `${options.app.url}${path}`, connections: LOAD_CONNECTIONS, keys: options.keys };
    const sampler = startSampler(client, options.database);
    const warmup = await runLoad({ ...spec, durationSeconds: options.warmupSeconds }, cleanup, options.cpu);
    const load = await runLoad({ ...spec, durationSeconds: options.durationSeconds }, cleanup, options.cpu);
    const samples = await sampler.stop();
    const logProblems = options.app
      .output()
      .slice(logFrom)
      .split("\n")
      .filter((line) => LOG_PROBLEMS.test(line));

    const maxConnections = maxOf(samples);
    const serverErrors = [warmup, load]
      .flatMap((run) => Object.entries(run.statusCodes))
      .filter(([code]) => code.startsWith("5"))
      .reduce((sum, [, count]) => sum + count, 0);
    const section: ConnectionsSection = {
      path,
      concurrency: LOAD_CONNECTIONS,
      poolSize: POOL_SIZE,
      warmup,
      load,
      idleBefore,
      samples: samples.length,
      maxConnections,
      maxActive: samples.reduce((max, sample) => Math.max(max, sample.active), 0),
      samplesAtPoolSize: samples.filter((sample) => sample.total === POOL_SIZE).length,
      serverErrors,
      logProblems: logProblems.slice(0, 20),
    };
    console.error(`  connections: max ${maxConnections}/${POOL_SIZE} over ${samples.length} samples, ${load.rps} req/s, non-2xx ${load.non2xx}`);
    const checks = [
      check(
        "connections",
        `max app connections ≤ DATABASE_POOL_SIZE (${POOL_SIZE}) under ${LOAD_CONNECTIONS} concurrent requests`,
        maxConnections <= POOL_SIZE,
        `max ${maxConnections} over ${samples.length} samples`,
      ),
      check(
        "connections",
        "no connection errors (5xx, socket errors, timeouts, pool/timeout lines in the server log)",
        serverErrors + load.errors + load.timeouts + warmup.errors + warmup.timeouts + logProblems.length === 0,
        `${serverErrors} 5xx, ${load.errors + warmup.errors} errors, ${load.timeouts + warmup.timeouts} timeouts, ${logProblems.length} log lines (warm-up included)`,
      ),
      check(
        "connections",
        "every response 2xx (warm-up included)",
        load.non2xx + warmup.non2xx === 0,
        `warm-up: ${describeFailures(warmup)}; run: ${describeFailures(load)}`,
      ),
    ];
    return { section, checks };
  } finally {
    await disconnect();
  }
}
