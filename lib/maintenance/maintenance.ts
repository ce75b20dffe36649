// The scheduled clean-up of data that grows without bound: what has expired is deleted, in
// bounded batches. Run daily by Vercel Cron (app/api/cron/maintenance) and by `npm run db:maintain`.
//
// Each batch is one short statement (its own transaction; the audit log's also sets the flag its
// append-only trigger asks for, in the same transaction) that deletes at most `batchSize` rows it
// could lock: rows another run is deleting at the same moment are skipped (FOR UPDATE SKIP LOCKED),
// so concurrent runs never wait on each other, never fail, and never count a row twice. Running it
// again is harmless: what is left is only what has not expired yet.
//
// It also retries what billing could not tell Stripe: the seats of Pro organizations whose billed
// quantity is not their member count (lib/billing/seats.ts, reconcileSeats).
import { reconcileSeats } from "@/lib/billing/seats";
import type { Billing } from "@/lib/billing/stripe";
import { db } from "@/lib/db";
import { logger as rootLogger } from "@/lib/logger";

/**
 * How long an applied Stripe event id is kept for deduplication. Stripe retries a delivery for up
 * to 3 days and keeps events (so they can be resent) for 30: an older event cannot arrive again.
 */
export const STRIPE_EVENT_RETENTION_DAYS = 30;

/**
 * Rate-limit windows older than this are over, whatever the limit: it is longer than any window the
 * app counts in (the longest is minutes), so a window still in use is never deleted.
 */
export const RATE_LIMIT_WINDOW_RETENTION_MINUTES = 60;

/**
 * How long a user's API requests per day are kept (ApiUsageDay, lib/usage): the last 90 UTC days,
 * today included — three times what the dashboard's chart shows, and no longer than that is useful.
 */
export const API_USAGE_RETENTION_DAYS = 90;

/**
 * How long an organization's audit log (lib/audit-log) keeps an event: a year, long enough to answer
 * "who did this" about anything since the last annual review, and no personal data kept for longer.
 */
export const AUDIT_LOG_RETENTION_DAYS = 365;

/**
 * What the audit log's trigger (migration 20261207235600_audit_events) lets delete its rows: this
 * setting on, for the pruning's own transaction only. Anything else deleting an event fails.
 */
const AUDIT_LOG_PRUNING_SETTING = "starter.audit_log_pruning";

const DAY_MS = 24 * 60 * 60 * 1000;

/** What expires, table by table: rows whose `column` is before the cutoff. */
const TASKS = [
  { name: "sessions", table: "Session", column: "expires", retentionMs: 0 },
  { name: "verificationTokens", table: "VerificationToken", column: "expires", retentionMs: 0 },
  { name: "rateLimitWindows", table: "RateLimitWindow", column: "windowStart", retentionMs: RATE_LIMIT_WINDOW_RETENTION_MINUTES * 60_000 },
  { name: "stripeEvents", table: "StripeEvent", column: "processedAt", retentionMs: STRIPE_EVENT_RETENTION_DAYS * DAY_MS },
  // A day goes once all of it is older than the retention (a `date` compares as its midnight).
  { name: "apiUsageDays", table: "ApiUsageDay", column: "day", retentionMs: API_USAGE_RETENTION_DAYS * DAY_MS },
  { name: "auditEvents", table: "AuditEvent", column: "createdAt", retentionMs: AUDIT_LOG_RETENTION_DAYS * DAY_MS, setting: AUDIT_LOG_PRUNING_SETTING },
] as const;

export type MaintenanceTask = (typeof TASKS)[number]["name"];

export type MaintenanceOptions = {
  now?: Date;
  /** Rows deleted by one statement at most. */
  batchSize?: number;
  /** Statements per table and run at most: a huge backlog is cleared over several runs. */
  maxBatches?: number;
  logger?: Pick<typeof rootLogger, "info">;
  /** Stripe, for the seats (default: this deployment's, none when it is not configured). */
  billing?: Billing | null;
};

export type MaintenanceResult = {
  removed: Record<MaintenanceTask, number>;
  /** False when a table hit maxBatches: rows may be left for the next run. */
  complete: boolean;
  /** Pro organizations whose seats were updated in Stripe, and those Stripe failed for (retried next run). */
  seats: { updated: number; failed: number };
  ms: number;
};

export async function runMaintenance({
  now = new Date(),
  batchSize = 1000,
  maxBatches = 100,
  logger = rootLogger,
  billing,
}: MaintenanceOptions = {}): Promise<MaintenanceResult> {
  const started = performance.now();
  const removed = {} as Record<MaintenanceTask, number>;
  let complete = true;
  for (const task of TASKS) {
    const cutoff = now.getTime() - task.retentionMs;
    removed[task.name] = 0;
    for (let batch = 0; ; batch++) {
      if (batch === maxBatches) {
        complete = false;
        break;
      }
      const deleted = await deleteBatch(task, cutoff, batchSize);
      removed[task.name] += deleted;
      if (deleted < batchSize) break;
    }
  }
  const seats = await reconcileSeats(billing === undefined ? {} : { billing });
  const result = { removed, complete, seats, ms: Math.round(performance.now() - started) };
  logger.info({ event: "db.maintenance", ...result }, "maintenance");
  return result;
}

// Timestamps are stored as UTC without a time zone (Prisma's DateTime): the cutoff travels as epoch
// milliseconds, converted the same way the rate limiter writes windows.
// A table that refuses deletes unless told (`setting`) gets it set in the batch's transaction.
async function deleteBatch(task: (typeof TASKS)[number], cutoffMs: number, batchSize: number): Promise<number> {
  const { table, column } = task;
  const statement = db.$executeRawUnsafe(
    `DELETE FROM "${table}" WHERE ctid IN (
       SELECT ctid FROM "${table}" WHERE "${column}" < to_timestamp($1::bigint / 1000.0) AT TIME ZONE 'UTC'
       LIMIT $2::int FOR UPDATE SKIP LOCKED)`,
    cutoffMs,
    batchSize,
  );
  if (!("setting" in task)) return statement;
  const [, deleted] = await db.$transaction([db.$executeRaw`SELECT set_config(${task.setting}, 'on', true)`, statement]);
  return deleted;
}
