// 1. What the API layer costs: a bare route (no auth, no database) against two API-key routes,
// under the same load, in the same run, so the ratios cancel out the machine.
import { check, type Check } from "./checks.ts";
import type { Cleanup } from "./cleanup.ts";
import { round, runLoad, type CpuTargets, type LoadResult } from "./load.ts";
import { POSTS_PER_USER } from "./seed.ts";

export const ME_OVER_LIVE_TARGET = 0.8;

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
};

export async function benchApi(
  options: { baseUrl: string; keys: string[]; connections: number; durationSeconds: number; warmupSeconds: number; cpu: CpuTargets },
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
  const failed = routes.flatMap(({ name, warmup, run }) => [
    ...(warmup.non2xx + warmup.errors + warmup.timeouts > 0 ? [`${name} warm-up: ${describeFailures(warmup)}`] : []),
    ...(run.non2xx + run.errors + run.timeouts > 0 ? [`${name}: ${describeFailures(run)}`] : []),
  ]);
  const checks = [
    check(
      "api",
      "each route answers what it should (checked once before its load)",
      wrongAnswers.length === 0,
      wrongAnswers.join("; ") || "live ok, me = the Pro user, posts = 20 posts",
    ),
    check("api", "every response 2xx (429s would flatter the API routes)", failed.length === 0, failed.join("; ") || "no non-2xx, errors or timeouts"),
    check("api", `target ${target.description}`, target.met, `${target.value}`),
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
    },
    checks,
  };
}

export function describeFailures(result: LoadResult) {
  const codes = Object.entries(result.statusCodes)
    .filter(([code]) => !code.startsWith("2"))
    .map(([code, count]) => `${count}× ${code}`);
  return [...codes, ...(result.errors ? [`${result.errors} errors`] : []), ...(result.timeouts ? [`${result.timeouts} timeouts`] : [])].join(", ") || "none";
}
