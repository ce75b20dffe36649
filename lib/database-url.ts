// What kind of database a connection string points at. Shared by the app's client (lib/db.ts),
// env validation and the migration config, which must never migrate through Accelerate.

export const DATABASE_URL_PROTOCOLS = ["postgres:", "postgresql:", "prisma:", "prisma+postgres:"] as const;

export function isAccelerateUrl(url: string) {
  return url.startsWith("prisma://") || url.startsWith("prisma+postgres://");
}

/** Heuristics for a connection pooler in transaction mode (PgBouncer, Supavisor, Neon's -pooler host). */
export function looksPooled(url: string) {
  if (!URL.canParse(url)) return false;
  const parsed = new URL(url);
  return parsed.searchParams.get("pgbouncer") === "true" || parsed.hostname.includes("-pooler.") || parsed.port === "6543";
}
