// `npm run db:backfill`: every pending backfill, in order, batch by batch.
//
// Each batch is one short transaction: `lock_timeout` and `statement_timeout` set locally, the batch's
// keys read, the batch function run on exactly that key range, and the progress row's cursor moved —
// all committed together. A batch that times out (or deadlocks) is rolled back and retried with
// doubling back-off, then the run stops naming the batch and PostgreSQL's message. Between batches
// the runner throttles (rowsPerSecond, pauseMs) and pauses while the database is busy: while any
// session of the database has waited for a lock longer than busyLockWaitMs.
import type pg from "pg";
import { readMigrationTable, failedMigrationAdvice, failedMigrationProblem } from "../deploy.ts";
import { listMigrations, readRequiredBackfills } from "@starter/migration-lint";
import { readFile } from "node:fs/promises";
import { BackfillRefusal } from "./errors.ts";
import { quoteIdentifier, quoteTable, type BatchRange, type KeyValues, type ResolvedBackfill } from "./define.ts";
import { loadBackfill, readBackfillSources, type BackfillSource, type LoadedBackfill } from "./files.ts";
import {
  checkKeyset,
  connect,
  hasProgressTable,
  lockHolder,
  missingTableRefusal,
  readProgress,
  recordBatch,
  recordChecksum,
  recordError,
  recordFinished,
  startProgress,
  tryLock,
  unlock,
  type ProgressRow,
} from "./progress.ts";

export interface BackfillOptions {
  /** The project's backfills folder (prisma/backfills) and migrations folder (absolute). */
  backfillsDir: string;
  migrationsDir: string;
  /** The migration database (DIRECT_URL). */
  url: string;
  /** One backfill: its full name, or the part after the timestamp. */
  only?: string;
  /** Count the rows each pending backfill would touch; change nothing. */
  dryRun?: boolean;
  /** Progress, as it happens (the CLI draws its bar or log lines from these). */
  onEvent?(event: BackfillEvent): void;
  /** Aborted (Ctrl-C): the batch under way commits, then the run stops; the next run continues. */
  signal?: AbortSignal;
}

export type BackfillEvent =
  | { type: "start"; name: string; rowsWalked: number; rowsDone: number; estimatedRows: number }
  | { type: "batch"; name: string; rowsWalked: number; rowsDone: number; estimatedRows: number; rowsPerSecond: number }
  | { type: "retry"; name: string; attempt: number; delayMs: number; error: string }
  | { type: "busy"; name: string; lockWaitMs: number; pauseMs: number }
  | { type: "waiting"; name: string; holder: string }
  | { type: "edited"; name: string; finished: boolean }
  | { type: "done"; name: string; outcome: BackfillOutcome };

export interface BackfillOutcome {
  name: string;
  /**
   * finished: ran to the end now (or earlier: `alreadyFinished`). not-needed: a contract migration
   * that requires it is already applied (a fresh database built past it), so there is nothing left
   * to copy from. dry-run: counted only. failed / stopped: see `error`.
   */
  state: "finished" | "not-needed" | "dry-run" | "failed" | "stopped";
  alreadyFinished?: boolean;
  /** Rows changed (dry run: rows it would touch). */
  rows: number;
  /** The finished backfill's file changed since it ran. */
  edited?: boolean;
  error?: string;
  ms: number;
}

export interface BackfillRunResult {
  exitCode: 0 | 1;
  backfills: BackfillOutcome[];
  summary: string;
}

const RETRYABLE = new Set(["55P03", "57014", "40001", "40P01"]); // lock_timeout, statement_timeout, serialization, deadlock
const BUSY_PAUSE_MS = { first: 1_000, max: 30_000 };

export async function runBackfills(options: BackfillOptions): Promise<BackfillRunResult> {
  const sources = await readBackfillSources(options.backfillsDir, options.only);
  const client = await connect(options.url, "db:backfill");
  try {
    await refuseBlockedDatabase(options.url);
    if (!(await hasProgressTable(client))) throw missingTableRefusal(options.url);
    const progress = await readProgress(client);
    const applied = (await readMigrationTable(options.url)).applied;
    const requiredBy = await contractMigrationsRequiring(options.migrationsDir);
    // Everything is loaded and checked before the first batch: bad input changes nothing.
    const plans: { source: BackfillSource; loaded?: LoadedBackfill; supersededBy?: string }[] = [];
    for (const source of sources) {
      if (progress.get(source.name)?.finishedAt) {
        plans.push({ source });
        continue;
      }
      const supersededBy = requiredBy.get(source.name)?.find((migration) => applied.has(migration));
      if (supersededBy) {
        plans.push({ source, supersededBy });
        continue;
      }
      const loaded = await loadBackfill(source);
      await checkKeyset(client, loaded.definition.table, loaded.definition.keyset, source.name);
      plans.push({ source, loaded });
    }

    const outcomes: BackfillOutcome[] = [];
    for (const { source, loaded, supersededBy } of plans) {
      const started = performance.now();
      const row = progress.get(source.name);
      let outcome: BackfillOutcome;
      if (row?.finishedAt) {
        const edited = row.checksum !== source.checksum;
        if (edited) options.onEvent?.({ type: "edited", name: source.name, finished: true });
        outcome = { name: source.name, state: "finished", alreadyFinished: true, rows: row.rowsDone, edited, ms: 0 };
      } else if (supersededBy) {
        if (!options.dryRun) {
          await startProgress(client, source.name, source.checksum);
          await recordFinished(client, source.name, source.checksum);
        }
        outcome = { name: source.name, state: "not-needed", rows: 0, error: `${supersededBy} is already applied`, ms: 0 };
      } else if (options.dryRun) {
        outcome = { name: source.name, state: "dry-run", rows: await countPending(client, loaded!.definition, row?.cursor ?? null), ms: 0 };
      } else {
        outcome = await runOne(client, loaded!, options);
      }
      outcome.ms = Math.round(performance.now() - started);
      outcomes.push(outcome);
      options.onEvent?.({ type: "done", name: source.name, outcome });
      if (outcome.state === "failed" || outcome.state === "stopped") break;
    }
    return {
      exitCode: outcomes.every(isComplete) && outcomes.length === sources.length ? 0 : 1,
      backfills: outcomes,
      summary: summarize(outcomes, sources.length),
    };
  } finally {
    await client.end().catch(() => {});
  }
}

function isComplete(outcome: BackfillOutcome) {
  return outcome.state === "finished" || outcome.state === "not-needed" || outcome.state === "dry-run";
}

/** Like db:deploy: a failed migration must be resolved first, or the backfill would run on a half-migrated schema. */
async function refuseBlockedDatabase(url: string) {
  const blocking = (await readMigrationTable(url)).failed[0];
  if (blocking) throw new BackfillRefusal(`${failedMigrationProblem(blocking)} Nothing was run. ${failedMigrationAdvice(blocking.name)}`);
}

/** Backfill name → the contract migrations that require it (`-- db-check:requires-backfill`). */
export async function contractMigrationsRequiring(migrationsDir: string): Promise<Map<string, string[]>> {
  const requiredBy = new Map<string, string[]>();
  for (const { name, file } of await listMigrations(migrationsDir)) {
    for (const requirement of readRequiredBackfills(await readFile(file, "utf8")).required) {
      requiredBy.set(requirement.name, [...(requiredBy.get(requirement.name) ?? []), name]);
    }
  }
  return requiredBy;
}

async function runOne(client: pg.Client, { name, checksum, definition }: LoadedBackfill, options: BackfillOptions): Promise<BackfillOutcome> {
  await acquireLock(client, name, options);
  try {
    // Re-read under the lock: another runner may have moved it (or finished it) while this one waited.
    let row = (await readProgress(client)).get(name) ?? (await startProgress(client, name, checksum));
    if (row.finishedAt) return { name, state: "finished", alreadyFinished: true, rows: row.rowsDone, ms: 0 };
    if (row.checksum !== checksum) {
      // Edited before it finished: the rest of the table gets the new version.
      options.onEvent?.({ type: "edited", name, finished: false });
      await recordChecksum(client, name, checksum);
    }
    const estimatedRows = await estimateRows(client, definition.table);
    options.onEvent?.({ type: "start", name, rowsWalked: row.rowsWalked, rowsDone: row.rowsDone, estimatedRows });
    const runStarted = performance.now();
    let walkedThisRun = 0;
    for (;;) {
      if (options.signal?.aborted) {
        return { name, state: "stopped", rows: row.rowsDone, error: `stopped after ${row.rowsWalked} rows; run the command again to continue`, ms: 0 };
      }
      await waitWhileBusy(client, name, definition, options);
      const attempt = await batchWithRetries(client, name, definition, row.cursor, options);
      if ("error" in attempt) {
        await recordError(client, name, attempt.error);
        return { name, state: "failed", rows: row.rowsDone, error: attempt.error, ms: 0 };
      }
      if (attempt.walked === 0) {
        await recordFinished(client, name, checksum);
        return { name, state: "finished", rows: row.rowsDone, ms: 0 };
      }
      row = { ...row, cursor: attempt.cursor, rowsDone: row.rowsDone + attempt.changed, rowsWalked: row.rowsWalked + attempt.walked };
      walkedThisRun += attempt.walked;
      const seconds = (performance.now() - runStarted) / 1000;
      options.onEvent?.({ type: "batch", name, rowsWalked: row.rowsWalked, rowsDone: row.rowsDone, estimatedRows, rowsPerSecond: walkedThisRun / seconds });
      await throttle(definition, walkedThisRun, runStarted, options.signal);
    }
  } finally {
    await unlock(client, name).catch(() => {});
  }
}

/** Waits (polling, so a `lock_timeout` in the URL's options cannot cut the wait short) for a runner already on it. */
async function acquireLock(client: pg.Client, name: string, options: BackfillOptions) {
  let announced = false;
  while (!(await tryLock(client, name))) {
    if (!announced) {
      const holder = await lockHolder(client, name);
      const who = holder ? `pid ${holder.pid} (${holder.application || "no application_name"}, connected ${holder.since.toISOString()})` : "another session";
      options.onEvent?.({ type: "waiting", name, holder: who });
      announced = true;
    }
    await sleep(500);
  }
}

type BatchAttempt = { cursor: KeyValues; walked: number; changed: number } | { error: string };

async function batchWithRetries(
  client: pg.Client,
  name: string,
  definition: ResolvedBackfill,
  cursor: KeyValues | null,
  options: BackfillOptions,
): Promise<BatchAttempt> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await runBatch(client, name, definition, cursor);
    } catch (error) {
      const code = (error as { code?: string }).code;
      const message = (error as Error).message;
      const where = `the batch after ${cursor ? describeKey(definition.keyset, cursor) : "the table's start"}`;
      if (!code || !RETRYABLE.has(code)) return { error: `${where} failed: ${message}` };
      if (attempt >= definition.retries) {
        return {
          error: `${where} failed ${attempt + 1} times: ${message} (lock_timeout ${definition.lockTimeout}, statement_timeout ${definition.statementTimeout})`,
        };
      }
      const delayMs = 500 * 2 ** attempt;
      options.onEvent?.({ type: "retry", name, attempt: attempt + 1, delayMs, error: message });
      await sleep(delayMs);
    }
  }
}

async function runBatch(client: pg.Client, name: string, definition: ResolvedBackfill, cursor: KeyValues | null) {
  const { table, keyset, batchSize } = definition;
  await client.query("BEGIN");
  try {
    // SET LOCAL takes no placeholders; the values were checked to be durations (define.ts).
    await client.query(`SET LOCAL lock_timeout = '${definition.lockTimeout}'`);
    await client.query(`SET LOCAL statement_timeout = '${definition.statementTimeout}'`);
    const keys = keyset.map(quoteIdentifier).join(", ");
    const after = cursor ? { where: `(${keys}) > (${placeholders(keyset.length, 1)})`, params: [...cursor] } : { where: "true", params: [] };
    const { rows } = await client.query<Record<string, string>>({
      text: `SELECT ${keyset.map((column, i) => `${quoteIdentifier(column)}::text AS k${i}`).join(", ")} FROM ${quoteTable(table)} WHERE ${after.where} ORDER BY ${keys} LIMIT ${batchSize}`,
      values: after.params,
    });
    if (rows.length === 0) {
      await client.query("COMMIT");
      return { cursor: cursor ?? [], walked: 0, changed: 0 };
    }
    const last = rows.at(-1)!;
    const through = keyset.map((_, i) => last[`k${i}`]!);
    const range: BatchRange = cursor
      ? {
          after: cursor,
          through,
          where: `${after.where} AND (${keys}) <= (${placeholders(keyset.length, keyset.length + 1)})`,
          params: [...cursor, ...through],
        }
      : { after: null, through, where: `(${keys}) <= (${placeholders(keyset.length, 1)})`, params: [...through] };
    const changed = await definition.batch(client, range);
    await recordBatch(client, name, through, changed, rows.length);
    await client.query("COMMIT");
    return { cursor: through, walked: rows.length, changed };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  }
}

/** Busy: some session of this database has waited for a lock longer than busyLockWaitMs. Pauses 1 s, doubling to 30 s, until it is not. */
async function waitWhileBusy(client: pg.Client, name: string, definition: ResolvedBackfill, options: BackfillOptions) {
  for (let pauseMs = BUSY_PAUSE_MS.first; !options.signal?.aborted; pauseMs = Math.min(pauseMs * 2, BUSY_PAUSE_MS.max)) {
    const lockWaitMs = await longestLockWait(client);
    if (lockWaitMs <= definition.busyLockWaitMs) return;
    options.onEvent?.({ type: "busy", name, lockWaitMs, pauseMs });
    await sleep(pauseMs, options.signal);
  }
}

/** The longest a session of this database (other than this one) has been waiting for a lock now, in ms. */
export async function longestLockWait(client: pg.ClientBase) {
  const { rows } = await client.query<{ ms: number | null }>(
    `SELECT (extract(epoch FROM max(now() - l.waitstart)) * 1000)::float8 AS ms
       FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE NOT l.granted AND a.datname = current_database() AND l.pid <> pg_backend_pid()`,
  );
  return rows[0]?.ms ?? 0;
}

async function throttle(definition: ResolvedBackfill, walked: number, startedAt: number, signal?: AbortSignal) {
  const rateWait = definition.rowsPerSecond ? (walked / definition.rowsPerSecond) * 1000 - (performance.now() - startedAt) : 0;
  const wait = Math.max(definition.pauseMs, rateWait);
  if (wait > 0) await sleep(wait, signal);
}

/** The rows after `cursor` that still need the backfill (its `pending` condition; without one, all of them). */
export async function countPending(client: pg.ClientBase, definition: ResolvedBackfill, cursor: KeyValues | null) {
  const keys = definition.keyset.map(quoteIdentifier).join(", ");
  const conditions = [cursor ? `(${keys}) > (${placeholders(definition.keyset.length, 1)})` : "true", definition.pending ? `(${definition.pending})` : "true"];
  const { rows } = await client.query<{ n: string }>(
    `SELECT count(*) AS n FROM ${quoteTable(definition.table)} WHERE ${conditions.join(" AND ")}`,
    cursor ? [...cursor] : [],
  );
  return Number(rows[0]!.n);
}

/** The planner's row count when the table is big (exact counts take a while there), else an exact count. */
export async function estimateRows(client: pg.ClientBase, table: string) {
  const { rows } = await client.query<{ estimate: number }>("SELECT reltuples::float8 AS estimate FROM pg_class WHERE oid = to_regclass($1)", [
    quoteTable(table),
  ]);
  const estimate = rows[0]?.estimate ?? -1;
  if (estimate >= 100_000) return Math.round(estimate);
  const { rows: counted } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${quoteTable(table)}`);
  return Number(counted[0]!.n);
}

function placeholders(count: number, first: number) {
  return Array.from({ length: count }, (_, i) => `$${first + i}`).join(", ");
}

function describeKey(keyset: readonly string[], key: KeyValues) {
  return keyset.map((column, i) => `${column} = ${key[i]}`).join(", ");
}

function summarize(outcomes: BackfillOutcome[], total: number) {
  if (total === 0) return "db:backfill: no backfills.";
  const failed = outcomes.find((o) => o.state === "failed" || o.state === "stopped");
  if (failed) return `db:backfill: ${failed.name} ${failed.state === "failed" ? "failed" : "stopped"}: ${failed.error}`;
  const ran = outcomes.filter((o) => o.state === "finished" && !o.alreadyFinished);
  const counted = outcomes.filter((o) => o.state === "dry-run");
  if (counted.length) return `db:backfill (dry run): ${counted.map((o) => `${o.name} would touch ${o.rows} rows`).join("; ")}. Nothing was changed.`;
  const skipped = outcomes.filter((o) => o.state === "not-needed");
  const parts = [
    ran.length ? `finished ${ran.map((o) => `${o.name} (${o.rows} rows)`).join(", ")}` : "nothing to run",
    skipped.length ? `not needed: ${skipped.map((o) => `${o.name} (${o.error})`).join(", ")}` : "",
  ].filter(Boolean);
  return `db:backfill: ${parts.join("; ")}. All ${total} backfill${total === 1 ? " is" : "s are"} finished.`;
}

function sleep(ms: number, signal?: AbortSignal) {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
  });
}

export type { ProgressRow };
