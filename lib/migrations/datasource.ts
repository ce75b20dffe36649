import { isAccelerateUrl, looksPooled } from "../database-url.ts";

// Which database `prisma migrate`/`db` commands talk to. Migrations take advisory locks and run
// DDL, so they need a direct connection: DIRECT_URL when set, else DATABASE_URL, never Accelerate.
// The app's one entry point for the migration tooling (prisma.config.ts, scripts/db-*.ts): the tools
// in packages/ take the URL, and its kind, from here instead of reading the app's code.

export class MigrationUrlError extends Error {
  override name = "MigrationUrlError";
}

type MigrationEnv = Record<string, string | undefined>;

/** What kind of database a URL reaches, by the rule the app's own client follows (lib/database-url.ts). */
export function migrationUrlKind(url: string): "direct" | "pooled" | "accelerate" {
  if (isAccelerateUrl(url)) return "accelerate";
  return looksPooled(url) ? "pooled" : "direct";
}

export function resolveMigrationUrl(env: MigrationEnv, devDatabaseUrl: () => string | undefined): { url: string; warning?: string } {
  const source = env.DIRECT_URL ? "DIRECT_URL" : env.DATABASE_URL ? "DATABASE_URL" : undefined;
  const url = source ? env[source] : devDatabaseUrl();
  if (!url) {
    throw new MigrationUrlError(
      "No database to migrate. Set DIRECT_URL (or DATABASE_URL) to a postgres:// URL, or use the npm run db:* scripts, " +
        "which start the embedded development database (so does npm run dev).",
    );
  }
  if (isAccelerateUrl(url)) {
    throw new MigrationUrlError(
      `${source} is a Prisma Accelerate URL (${url.split(":")[0]}://…), which cannot run migrations. ` +
        "Set DIRECT_URL to the database's direct postgres:// URL; DATABASE_URL can stay on Accelerate for the app.",
    );
  }
  const warning =
    source === "DATABASE_URL" && looksPooled(url)
      ? "DATABASE_URL looks like a pooled (PgBouncer/transaction-mode) URL and DIRECT_URL is not set: migrations may fail or hang. Set DIRECT_URL to the direct connection."
      : undefined;
  return { url, warning };
}
