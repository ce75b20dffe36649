// What the server can tell about the sessions around a migration: who holds Prisma's lock, which
// transactions block DDL, invalid indexes left by failed concurrent builds, connection headroom, and
// whether the migration connection would give up waiting for a lock. Read-only catalog queries.
import type pg from "pg";
import type { Finding } from "./finding.ts";

/** `pg_advisory_lock(72707369)`: what `prisma migrate` holds while it runs. */
const PRISMA_MIGRATE_LOCK_KEY = 72707369;

export interface ConnectionUsage {
  max: number;
  /** Reserved for superusers: the app can use `max - reserved`. */
  reserved: number;
  inUse: number;
  byApplication: { applicationName: string; count: number }[];
}

interface Session {
  pid: number;
  application_name: string;
  client_addr: string | null;
  backend_start: Date;
  xact_start: Date | null;
  state: string | null;
  query: string;
  blocked_by: number[];
  transaction_seconds: number | null;
}

const SESSION_COLUMNS = `a.pid, a.application_name, host(a.client_addr) AS client_addr, a.backend_start, a.xact_start, a.state, a.query,
  pg_blocking_pids(a.pid) AS blocked_by, extract(epoch FROM now() - a.xact_start)::float AS transaction_seconds`;

export async function checkMigrationLock(client: pg.Client): Promise<Finding[]> {
  // A bigint advisory key is stored as classid (high 32 bits) and objid (low 32 bits), objsubid 1.
  const { rows } = await client.query<Session & { granted: boolean }>(
    `SELECT l.granted, ${SESSION_COLUMNS} FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
     WHERE l.locktype = 'advisory' AND l.classid = 0 AND l.objid = $1 AND l.objsubid = 1 AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    [PRISMA_MIGRATE_LOCK_KEY],
  );
  const holder = rows.find((row) => row.granted);
  if (!holder) return [];
  const waiting = rows.length - 1;
  return [
    {
      check: "locks",
      id: "migrate-lock-held",
      severity: "action",
      title: `Prisma's migrate lock (advisory lock ${PRISMA_MIGRATE_LOCK_KEY}) is held by pid ${holder.pid}${waiting ? `; ${waiting} more waiting` : ""}`,
      detail:
        `${describeSession(holder)}\n` +
        "Every other `prisma migrate` waits 10 s for this lock, then fails with P1002. If that session is a migration still running, let it finish; " +
        "if it is a crashed or stuck deploy, end it (the lock goes with the session).",
      fix: [`SELECT pg_terminate_backend(${holder.pid});`],
    },
  ];
}

/** Sessions waiting on others (with the chain up to whoever blocks them all) and transactions open too long. */
export async function checkBlockingTransactions(client: pg.Client, longTransactionSeconds: number): Promise<Finding[]> {
  const { rows } = await client.query<Session>(
    `SELECT ${SESSION_COLUMNS} FROM pg_stat_activity a
     WHERE a.datname = current_database() AND a.pid <> pg_backend_pid() AND a.backend_type = 'client backend' AND a.xact_start IS NOT NULL
     ORDER BY a.xact_start`,
  );
  const byPid = new Map(rows.map((row) => [row.pid, row]));
  const findings: Finding[] = [];

  const blockers = new Set<number>();
  for (const session of rows.filter((row) => row.blocked_by.length > 0)) {
    const chain = blockingChain(session, byPid);
    const root = chain.at(-1)!;
    blockers.add(root.pid);
    findings.push({
      check: "locks",
      id: "blocked-session",
      severity: "action",
      title: `pid ${session.pid} has waited for a lock since ${session.xact_start?.toISOString()}, blocked by pid ${root.pid}`,
      detail:
        `${chain.map((s, i) => `${"  ".repeat(i)}${i ? "↳ blocked by " : ""}${describeSession(s)}`).join("\n")}\n` +
        "While a DDL statement waits, every later query on its table queues behind it. Ending the blocking session rolls back its transaction.",
      fix: [`SELECT pg_terminate_backend(${root.pid});`],
    });
  }

  for (const session of rows) {
    if (blockers.has(session.pid) || (session.transaction_seconds ?? 0) < longTransactionSeconds) continue;
    findings.push({
      check: "locks",
      id: "long-transaction",
      severity: "action",
      title: `pid ${session.pid} has had a transaction open for ${Math.round(session.transaction_seconds!)} s (${session.state})`,
      detail:
        `${describeSession(session)}\n` +
        "Its locks stay until it ends: a migration's ALTER TABLE on a table it touched waits behind it, and every query on that table queues behind the ALTER.",
      fix: [`SELECT pg_terminate_backend(${session.pid});`],
    });
  }
  return findings;
}

/** From a waiting session to the session at the head of the queue (following the first blocker each time). */
function blockingChain(session: Session, byPid: Map<number, Session>) {
  const chain = [session];
  let current = session;
  while (current.blocked_by.length > 0) {
    const next = byPid.get(current.blocked_by[0]!);
    if (!next || chain.includes(next)) break;
    chain.push(next);
    current = next;
  }
  return chain;
}

function describeSession(s: Session) {
  const who = `pid ${s.pid} (application_name ${JSON.stringify(s.application_name)}, client ${s.client_addr ?? "local socket"}, connected since ${s.backend_start.toISOString()})`;
  const transaction = s.xact_start ? `, transaction since ${s.xact_start.toISOString()}` : "";
  return `${who}${transaction}, ${s.state ?? "unknown state"}: ${s.query.trim().replace(/\s+/g, " ").slice(0, 200) || "(no query yet)"}`;
}

export async function checkInvalidIndexes(client: pg.Client): Promise<Finding[]> {
  // An index being built concurrently right now is invalid too, until the build ends: not a finding.
  const { rows } = await client.query<{ schema: string; index: string; table: string }>(
    `SELECT n.nspname AS schema, c.relname AS index, t.relname AS table
     FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE NOT i.indisvalid AND i.indexrelid NOT IN (SELECT index_relid FROM pg_stat_progress_create_index WHERE index_relid IS NOT NULL)
     ORDER BY 1, 2`,
  );
  return rows.map(({ schema, index, table }) => ({
    check: "indexes" as const,
    id: "invalid-index",
    severity: "action" as const,
    title: `Index ${schema}.${index} on ${table} is INVALID`,
    detail:
      "A CREATE INDEX CONCURRENTLY that failed (duplicates for a unique index, a timeout, a cancelled deploy) leaves it behind: " +
      "queries never use it, yet every write still updates it, and retrying the migration fails because the name exists. " +
      "Drop it, mark the migration rolled back (see the failed migration, if any) and deploy again.",
    fix: [`DROP INDEX CONCURRENTLY ${quoteIdent(schema)}.${quoteIdent(index)};`],
  }));
}

export async function readConnectionUsage(client: pg.Client): Promise<ConnectionUsage> {
  const { rows: settings } = await client.query<{ max: number; reserved: number }>(
    `SELECT current_setting('max_connections')::int AS max, current_setting('superuser_reserved_connections')::int AS reserved`,
  );
  const { rows } = await client.query<{ application_name: string; count: number }>(
    `SELECT application_name, count(*)::int AS count FROM pg_stat_activity WHERE backend_type = 'client backend' GROUP BY 1 ORDER BY 2 DESC, 1`,
  );
  return {
    ...settings[0]!,
    inUse: rows.reduce((sum, row) => sum + row.count, 0),
    byApplication: rows.map((row) => ({ applicationName: row.application_name, count: row.count })),
  };
}

/** Above this share of the usable connections, a deploy (or a traffic spike) may be refused one. */
const CONNECTION_WARNING_RATIO = 0.8;

export function checkConnections(usage: ConnectionUsage): Finding[] {
  const usable = usage.max - usage.reserved;
  if (usage.inUse < usable * CONNECTION_WARNING_RATIO) return [];
  const top = usage.byApplication.slice(0, 5).map((row) => `${row.applicationName || "(no application_name)"}: ${row.count}`);
  return [
    {
      check: "connections",
      id: "connections-nearly-exhausted",
      severity: "action",
      title: `${usage.inUse} of ${usable} usable connections are in use (max_connections ${usage.max})`,
      detail: `By application: ${top.join(", ")}. A migration needs one more connection, plus one for the shadow database with migrate dev.`,
      fix: [
        "Lower DATABASE_POOL_SIZE (1–5 per serverless instance), put the app behind a pooler (DATABASE_URL) and keep DIRECT_URL direct, or raise max_connections.",
      ],
    },
  ];
}

/** Without lock_timeout, a migration blocked by a long transaction waits forever and queues every query on its table behind it. */
export async function checkLockTimeout(client: pg.Client, variable: string): Promise<Finding[]> {
  const { rows } = await client.query<{ lock_timeout: string }>("SHOW lock_timeout");
  if (rows[0]?.lock_timeout !== "0") return [];
  return [
    {
      check: "urls",
      id: "no-lock-timeout",
      severity: "advice",
      title: `Migrations through ${variable} have no lock_timeout`,
      detail: "A migration that waits for a lock (behind a long transaction) makes every query on that table wait behind it, for as long as it waits.",
      fix: [`Add options=-c%20lock_timeout%3D5s to ${variable} (or: ALTER ROLE <migration role> SET lock_timeout = '5s';)`],
    },
  ];
}

function quoteIdent(name: string) {
  return `"${name.replaceAll('"', '""')}"`;
}
