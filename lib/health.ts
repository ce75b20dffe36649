import { db } from "@/lib/db";

export type Health = { status: "ok" | "error"; database: "ok" | "unreachable"; latencyMs: number };

/** A real round trip to the database, for uptime monitors. Never reveals why it failed. */
export async function checkHealth(): Promise<Health> {
  const started = performance.now();
  try {
    await db.$queryRaw`SELECT 1`;
    return { status: "ok", database: "ok", latencyMs: Math.round(performance.now() - started) };
  } catch {
    return { status: "error", database: "unreachable", latencyMs: Math.round(performance.now() - started) };
  }
}
