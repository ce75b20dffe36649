// The connection strings themselves: what kind of database each one reaches, and whether migrations
// would go through a pooler, which cannot carry their advisory lock and DDL. (A migration URL on
// Accelerate never gets this far: resolveMigrationUrl refuses it, and db:doctor exits 2 with why.)
// What kind of database a URL reaches is the app's rule (its client decides the same way): the caller passes it.
import type { Finding } from "./finding.ts";

export type UrlKind = "direct" | "pooled" | "accelerate";

export function checkUrls(env: Record<string, string | undefined>, urlKind: (url: string) => UrlKind): Finding[] {
  const findings: Finding[] = [];
  if (!env.DIRECT_URL && env.DATABASE_URL && urlKind(env.DATABASE_URL) === "pooled") {
    findings.push({
      check: "urls",
      id: "direct-url-missing",
      severity: "action",
      title: "DATABASE_URL is a pooled (transaction-mode) URL and DIRECT_URL is not set",
      detail: "Migrations run through the pooler, which does not keep the session their advisory lock and DDL need: they fail or hang (P1002).",
      fix: ["Set DIRECT_URL to the database's direct postgres:// URL (the host and port without the pooler) where migrations run."],
    });
  }
  if (env.DIRECT_URL && urlKind(env.DIRECT_URL) === "pooled") {
    findings.push({
      check: "urls",
      id: "direct-url-pooled",
      severity: "action",
      title: "DIRECT_URL points at a connection pooler, not at the database",
      detail: "DIRECT_URL is what migrations use; a transaction-mode pooler cannot carry their advisory lock and DDL.",
      fix: ["Set DIRECT_URL to the direct connection (e.g. port 5432, not 6543; the host without -pooler; no pgbouncer=true)."],
    });
  }
  return findings;
}
