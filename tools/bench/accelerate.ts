// 6. The Accelerate path: the same API routes, the webhook burst and the API burst, served by a
// second production server whose DATABASE_URL is a local Accelerate endpoint (Prisma's
// query-plan-executor) in front of the same database. Each route, then each burst, runs on the pg
// path and on the Accelerate path back to back, in the same run, so the ratios cancel out the machine. PostgreSQL's view of the endpoint (its
// connections, told apart by application_name) shows that its pool stays bounded under load.
// Local figures: no network between the app and the endpoint, and no cache (cacheStrategy is not
// honoured locally), so they show the protocol's cost, not the hosted service's latency.
import type pg from "pg";
import { startAccelerateEndpoint } from "@starter/local-db";
import { freePort, type FakeStripe } from "../../test/harness.ts";
import { describeFailures } from "./api.ts";
import { check, type Check } from "./checks.ts";
import type { Cleanup } from "./cleanup.ts";
import { pidsListeningOn } from "./cpu.ts";
import { round, runLoad, type CpuTargets, type LoadResult } from "./load.ts";
import { startProduction, withApplicationName, type ProductionApp } from "./server.ts";
import { benchWebhooks, type WebhookSection } from "./webhooks.ts";
import { benchBurst, type BurstSection } from "./burst.ts";
import { seedApiUsers } from "./seed.ts";

const ENDPOINT_ROLE = "accelerate-endpoint";
/** node-postgres' default pool size, which the executor keeps (it sets none). */
const ENDPOINT_POOL_LIMIT = 10;
const ROUTES = [
  { name: "me", path: "/api/v1/me" },
  { name: "posts", path: "/api/v1/posts" },
] as const;

export type AccelerateRouteResult = { name: string; path: string; pg: LoadResult; accelerate: LoadResult; maxEndpointConnections: number };

export type AccelerateSection = {
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
  routes: AccelerateRouteResult[];
  /** The webhooks section's burst (signed deliveries, redeliveries among them), on each path. */
  webhooks: { pg: WebhookSection; accelerate: WebhookSection; maxEndpointConnections: number };
  /** Section 7's burst (one key's POSTs past its share, while a second user writes), on each path. */
  burst: { pg: BurstSection; accelerate: BurstSection; maxEndpointConnections: number };
  ratios: {
    rpsMeAccelerateOverPg: number;
    rpsPostsAccelerateOverPg: number;
    eventsPerSecondWebhooksAccelerateOverPg: number;
    /** The burst's figure to watch: the second user's p99. */
    p99SecondUserBurstAccelerateOverPg: number;
  };
  maxEndpointConnections: number;
  endpointPoolLimit: number;
};

export async function benchAccelerate(
  options: {
    pgApp: ProductionApp;
    appEnv: NodeJS.ProcessEnv;
    databaseUrl: string;
    keys: string[];
    connections: number;
    durationSeconds: number;
    warmupSeconds: number;
    meter: { client: pg.Client; database: string };
    stripe: FakeStripe;
  },
  cleanup: Cleanup,
): Promise<{ section: AccelerateSection; checks: Check[] }> {
  const endpoint = await startAccelerateEndpoint({ databaseUrl: withApplicationName(options.databaseUrl, ENDPOINT_ROLE) });
  cleanup.add("Accelerate endpoint", () => endpoint.stop());
  const app = await startProduction({ ...options.appEnv, DATABASE_URL: endpoint.url, DIRECT_URL: options.databaseUrl }, await freePort(), cleanup);

  const load = async (baseUrl: string, path: string, cpu: CpuTargets) => {
    const spec = { url: `${baseUrl}${path}`, connections: options.connections, keys: options.keys };
    await runLoad({ ...spec, durationSeconds: options.warmupSeconds }, cleanup, cpu);
    return runLoad({ ...spec, durationSeconds: options.durationSeconds }, cleanup, cpu);
  };
  const webhookBurst = (path: "pg" | "accelerate", target: ProductionApp, cpu: CpuTargets) =>
    benchWebhooks(
      {
        baseUrl: target.url,
        stripe: options.stripe,
        databaseUrl: options.databaseUrl,
        cpu,
        run: `accelerate_${path}`,
        checkSection: "accelerate",
        checkPrefix: `webhooks, ${path} path: `,
      },
      cleanup,
    );
  const apiBurst = async (path: "pg" | "accelerate", target: ProductionApp) => {
    const {
      keys: [burstKey, secondKey],
    } = await seedApiUsers(2);
    return benchBurst(
      { baseUrl: target.url, burstKey: burstKey!, secondKey: secondKey!, checkSection: "accelerate", checkPrefix: `burst, ${path} path: ` },
      cleanup,
    );
  };
  const routes: AccelerateRouteResult[] = [];
  let webhooks: AccelerateSection["webhooks"];
  let burst: AccelerateSection["burst"];
  const perPathChecks: Check[] = [];
  try {
    for (const route of ROUTES) {
      const pg = await load(options.pgApp.url, route.path, { serverPids: pidsListeningOn(options.pgApp.port), sampler: options.meter });
      const counting = startEndpointConnectionCount(options.meter.client);
      const accelerate = await load(app.url, route.path, { serverPids: pidsListeningOn(app.port) });
      const maxEndpointConnections = await counting.stop();
      routes.push({ name: route.name, path: route.path, pg, accelerate, maxEndpointConnections });
      console.error(`  accelerate ${route.name}: ${accelerate.rps} req/s (pg path ${pg.rps}), ${maxEndpointConnections} endpoint connections at most`);
    }
    const pg = await webhookBurst("pg", options.pgApp, { serverPids: pidsListeningOn(options.pgApp.port), sampler: options.meter });
    const counting = startEndpointConnectionCount(options.meter.client);
    const accelerate = await webhookBurst("accelerate", app, { serverPids: pidsListeningOn(app.port) });
    webhooks = { pg: pg.section, accelerate: accelerate.section, maxEndpointConnections: await counting.stop() };
    perPathChecks.push(...pg.checks, ...accelerate.checks);
    console.error(
      `  accelerate webhooks: ${accelerate.section.eventsPerSecond} events/s (pg path ${pg.section.eventsPerSecond}), ${webhooks.maxEndpointConnections} endpoint connections at most`,
    );
    const pgBurst = await apiBurst("pg", options.pgApp);
    const countingBurst = startEndpointConnectionCount(options.meter.client);
    const accelerateBurst = await apiBurst("accelerate", app);
    burst = { pg: pgBurst.section, accelerate: accelerateBurst.section, maxEndpointConnections: await countingBurst.stop() };
    perPathChecks.push(...pgBurst.checks, ...accelerateBurst.checks);
    console.error(
      `  accelerate burst: second user p99 ${accelerateBurst.section.secondUser.run.latencyMs.p99} ms (pg path ${pgBurst.section.secondUser.run.latencyMs.p99} ms), ${burst.maxEndpointConnections} endpoint connections at most`,
    );
  } finally {
    await app.stop();
    await endpoint.stop();
  }

  const [me, posts] = routes as [AccelerateRouteResult, AccelerateRouteResult];
  const ratios = {
    rpsMeAccelerateOverPg: round(me.accelerate.rps / me.pg.rps, 3),
    rpsPostsAccelerateOverPg: round(posts.accelerate.rps / posts.pg.rps, 3),
    eventsPerSecondWebhooksAccelerateOverPg: round(webhooks.accelerate.eventsPerSecond / webhooks.pg.eventsPerSecond, 3),
    p99SecondUserBurstAccelerateOverPg: round(burst.accelerate.secondUser.run.latencyMs.p99 / burst.pg.secondUser.run.latencyMs.p99, 3),
  };
  const maxEndpointConnections = Math.max(
    ...routes.map((route) => route.maxEndpointConnections),
    webhooks.maxEndpointConnections,
    burst.maxEndpointConnections,
  );
  const failed = routes.flatMap(({ name, pg, accelerate }) =>
    Object.entries({ pg, accelerate })
      .filter(([, run]) => run.non2xx + run.errors + run.timeouts > 0)
      .map(([path, run]) => `${name} (${path}): ${describeFailures(run)}`),
  );
  return {
    section: {
      connections: options.connections,
      durationSeconds: options.durationSeconds,
      warmupSeconds: options.warmupSeconds,
      routes,
      webhooks,
      burst,
      ratios,
      maxEndpointConnections,
      endpointPoolLimit: ENDPOINT_POOL_LIMIT,
    },
    checks: [
      check("accelerate", "every response 2xx on both paths", failed.length === 0, failed.join("; ") || "no non-2xx, errors or timeouts"),
      ...perPathChecks,
      check(
        "accelerate",
        `PostgreSQL sees at most the endpoint's pool (${ENDPOINT_POOL_LIMIT} connections)`,
        maxEndpointConnections > 0 && maxEndpointConnections <= ENDPOINT_POOL_LIMIT,
        `${maxEndpointConnections} at most`,
      ),
    ],
  };
}

/** The most connections PostgreSQL held for the endpoint while the load ran, sampled every 100 ms. */
function startEndpointConnectionCount(client: pg.Client) {
  let max = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const { rows } = await client.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1", [
        `bench-${ENDPOINT_ROLE}`,
      ]);
      max = Math.max(max, rows[0]!.n);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      return max;
    },
  };
}
