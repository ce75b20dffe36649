// What a backfill file (`prisma/backfills/<timestamp>_<name>.ts`) declares, and the defaults of what it
// may leave out. `npm run db:backfill` walks the table's keyset in batches, each batch one short
// transaction of its own (runner.ts).
//
//   import { defineBackfill } from "@starter/migrate";
//   export default defineBackfill({ table: "Author", keyset: ["id"], set: { displayName: "name" } });

/**
 * One keyset position: the values of the keyset's columns, in order, as PostgreSQL's text (`id::text`).
 * Passed as parameters they take the column's type again, whatever it is (integers, uuids, timestamps).
 */
export type KeyValues = readonly string[];

/** The transaction a batch runs in: `pg`'s `query`, with `lock_timeout` and `statement_timeout` set. */
export interface BackfillTransaction {
  query<Row extends Record<string, unknown> = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: Row[]; rowCount: number | null }>;
}

/**
 * The rows of one batch: those whose keyset is after `after` (from the table's start when null) and
 * at or before `through`. `where` is that condition as SQL with placeholders `$1…$n` for `params`;
 * number your own parameters from `$${params.length + 1}`.
 */
export interface BatchRange {
  after: KeyValues | null;
  through: KeyValues;
  where: string;
  params: unknown[];
}

interface BackfillBase {
  /** The table to walk, e.g. "Author" (a schema other than the connection's: "billing.Invoice"). */
  table: string;
  /**
   * The columns the backfill walks the table by, in order: the primary key or another unique, indexed
   * column or tuple (checked before the first batch: a keyset that is not unique would skip rows).
   */
  keyset: readonly string[];
  /** Rows walked per batch (default 1,000): each batch's transaction locks at most this many rows. */
  batchSize?: number;
  /** Per batch (default "2s"): how long a statement waits for a lock before the batch is retried. */
  lockTimeout?: string;
  /** Per batch (default "30s"): how long a batch's statements may run before the batch is retried. */
  statementTimeout?: string;
  /** Attempts per batch after a timeout, deadlock or serialization failure, with doubling back-off (default 5). */
  retries?: number;
  /** Throttle: at most this many rows walked per second (default: no limit). */
  rowsPerSecond?: number;
  /** Throttle: a pause between batches, in milliseconds (default 0). */
  pauseMs?: number;
  /**
   * The database counts as busy, and the backfill pauses (1 s, doubling up to 30 s), while a
   * session has waited for a lock longer than this, in milliseconds (default 500).
   */
  busyLockWaitMs?: number;
}

/** The common case: copy old columns into new ones, on the rows where the new one is still NULL. */
export interface CopyColumnsBackfill extends BackfillBase {
  /** New column → the column it is filled from: `SET "new" = "old" WHERE "new" IS NULL AND "old" IS NOT NULL`. */
  set: Readonly<Record<string, string>>;
}

/** The general form: any update of the batch's rows. */
export interface CustomBackfill extends BackfillBase {
  /** Updates the batch's rows in `tx` (already in its transaction) and returns how many it changed. */
  batch(tx: BackfillTransaction, range: BatchRange): Promise<number>;
  /** SQL condition of the rows that still need the backfill: `--dry-run` counts them (default: every row it walks). */
  pending?: string;
}

export type BackfillDefinition = CopyColumnsBackfill | CustomBackfill;

/** A backfill file's default export: typed, and returned as it is. */
export function defineBackfill<Definition extends BackfillDefinition>(definition: Definition): Definition {
  return definition;
}

export const BACKFILL_DEFAULTS = {
  batchSize: 1_000,
  lockTimeout: "2s",
  statementTimeout: "30s",
  retries: 5,
  pauseMs: 0,
  busyLockWaitMs: 500,
} as const;

export type ResolvedBackfill = Required<Omit<BackfillBase, "rowsPerSecond">> & {
  rowsPerSecond?: number;
  batch(tx: BackfillTransaction, range: BatchRange): Promise<number>;
  /** SQL condition of the rows that still need the backfill (undefined: every row). */
  pending?: string;
};

/**
 * The definition checked, with its defaults; what is wrong with it otherwise (one sentence each).
 * A backfill file is user code: nothing about its shape is assumed.
 */
export function resolveBackfill(value: unknown): { backfill?: ResolvedBackfill; problem?: string } {
  if (!isObject(value)) return { problem: "its default export is not a backfill: export default defineBackfill({ table, keyset, … })" };
  const { table, keyset } = value;
  if (typeof table !== "string" || !table) return { problem: `it names no table: add table: "<Model's table>"` };
  if (!Array.isArray(keyset) || keyset.length === 0 || !keyset.every((column) => typeof column === "string" && column)) {
    return { problem: `it declares no keyset: add keyset: ["id"] (the primary key, or another unique indexed column or tuple)` };
  }
  const numbers = ["batchSize", "retries", "rowsPerSecond", "pauseMs", "busyLockWaitMs"] as const;
  for (const option of numbers) {
    const given = value[option];
    const lowest = option === "batchSize" || option === "rowsPerSecond" ? 1 : 0;
    if (given !== undefined && (typeof given !== "number" || !Number.isFinite(given) || given < lowest)) {
      return { problem: `${option} must be a number ≥ ${lowest} (got ${JSON.stringify(given)})` };
    }
  }
  for (const option of ["lockTimeout", "statementTimeout"] as const) {
    const given = value[option];
    if (given !== undefined && (typeof given !== "string" || !/^\d+(\.\d+)?\s*(us|ms|s|min|h|d)?$/.test(given))) {
      return { problem: `${option} must be a PostgreSQL duration such as "2s" or "500ms" (got ${JSON.stringify(given)})` };
    }
  }
  const hasSet = "set" in value && value.set !== undefined;
  const hasBatch = "batch" in value && value.batch !== undefined;
  if (hasSet === hasBatch) return { problem: 'it needs exactly one of set: { newColumn: "oldColumn" } or batch(tx, range)' };
  const base = {
    table,
    keyset: keyset as string[],
    batchSize: (value.batchSize as number | undefined) ?? BACKFILL_DEFAULTS.batchSize,
    lockTimeout: (value.lockTimeout as string | undefined) ?? BACKFILL_DEFAULTS.lockTimeout,
    statementTimeout: (value.statementTimeout as string | undefined) ?? BACKFILL_DEFAULTS.statementTimeout,
    retries: (value.retries as number | undefined) ?? BACKFILL_DEFAULTS.retries,
    rowsPerSecond: value.rowsPerSecond as number | undefined,
    pauseMs: (value.pauseMs as number | undefined) ?? BACKFILL_DEFAULTS.pauseMs,
    busyLockWaitMs: (value.busyLockWaitMs as number | undefined) ?? BACKFILL_DEFAULTS.busyLockWaitMs,
  };
  if (hasBatch) {
    if (typeof value.batch !== "function") return { problem: "batch must be a function (tx, range) => number of rows changed" };
    if (value.pending !== undefined && typeof value.pending !== "string") return { problem: "pending must be an SQL condition (a string)" };
    return { backfill: { ...base, batch: value.batch as ResolvedBackfill["batch"], pending: value.pending as string | undefined } };
  }
  const set = value.set;
  if (!isObject(set) || Object.keys(set).length === 0 || !Object.values(set).every((column) => typeof column === "string" && column)) {
    return { problem: `set must map each new column to the column it is filled from, e.g. set: { displayName: "name" }` };
  }
  return { backfill: { ...base, ...copyColumns(table, set as Record<string, string>) } };
}

/** `set: { new: "old" }` as SQL: only rows whose new column is still NULL, so a newer write is never overwritten. */
function copyColumns(table: string, set: Record<string, string>) {
  const pairs = Object.entries(set).map(([target, source]) => [quoteIdentifier(target), quoteIdentifier(source)] as const);
  const pending = pairs.map(([target, source]) => `(${target} IS NULL AND ${source} IS NOT NULL)`).join(" OR ");
  const assignments = pairs.map(([target, source]) => `${target} = COALESCE(${target}, ${source})`).join(", ");
  return {
    pending,
    async batch(tx: BackfillTransaction, range: BatchRange) {
      const result = await tx.query(`UPDATE ${quoteTable(table)} SET ${assignments} WHERE ${range.where} AND (${pending})`, range.params);
      return result.rowCount ?? 0;
    },
  };
}

export function quoteIdentifier(name: string) {
  return `"${name.replaceAll('"', '""')}"`;
}

/** "Author" or "schema.Table", quoted for SQL. */
export function quoteTable(table: string) {
  return table.split(".").map(quoteIdentifier).join(".");
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
