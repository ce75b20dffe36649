import { db } from "@/lib/db";
import { logger } from "@/lib/logger";

export type Health = { status: "ok" | "error"; database: "ok" | "unreachable"; latencyMs: number };

/** A real round trip to the database, for uptime monitors. Never reveals why it failed. */
export async function checkHealth(): Promise<Health> {
  const started = performance.now();
  try {
    await db.$queryRaw`SELECT 1`;
    return { status: "ok", database: "ok", latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    // For operators, in the logs; the response itself says nothing about why.
    logger.error({ event: "health.database", error: (error as Error).message }, "database unreachable");
    return { status: "error", database: "unreachable", latencyMs: Math.round(performance.now() - started) };
  }
}
