import { db } from "@/lib/db";
import { logger } from "@/lib/logger";

export type Health = { status: "ok" | "error"; database: "ok" | "unreachable"; latencyMs: number; commit: string | null };

/**
 * How long the round trip may take. Neither path has a timeout of its own: a pg connection to a
 * host that drops packets, or an Accelerate endpoint that accepts and never answers, would leave
 * the monitor's request hanging instead of reporting the outage.
 */
export const HEALTH_TIMEOUT_MS = 5_000;

/**
 * A real round trip to the database, for uptime monitors. Never reveals why it failed. `commit` is the
 * git commit the running build was made from: the release workflow's smoke check waits for it.
 */
export async function checkHealth(): Promise<Health> {
  const started = performance.now();
  const commit = buildCommit();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      db.$queryRaw`SELECT 1`,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${HEALTH_TIMEOUT_MS} ms`)), HEALTH_TIMEOUT_MS);
      }),
    ]);
    return { status: "ok", database: "ok", latencyMs: Math.round(performance.now() - started), commit };
  } catch (error) {
    // For operators, in the logs; the response itself says nothing about why.
    logger.error({ event: "health.database", error: (error as Error).message }, "database unreachable");
    return { status: "error", database: "unreachable", latencyMs: Math.round(performance.now() - started), commit };
  } finally {
    clearTimeout(timer);
  }
}

/** Vercel's own variable at run time when it built from git; else the commit next.config.ts baked in at build time. */
function buildCommit() {
  return process.env.VERCEL_GIT_COMMIT_SHA || process.env.BUILD_COMMIT_SHA || null;
}
