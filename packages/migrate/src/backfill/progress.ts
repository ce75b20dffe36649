// Where backfills keep their progress: the `_backfills` table, one row per backfill that started.
// A migration of the project creates it (prisma/migrations/…_backfill_progress, mirrored by the
// `BackfillProgress` model so Prisma's drift check knows it); the runner only reads and writes rows.
// A batch's update and the row's new cursor commit in the same transaction, so a run killed at any
// moment resumes exactly after the last committed batch.
import pg from "pg";
import { redact, splitSchema } from "../deploy.ts";
import { BackfillRefusal } from "./errors.ts";
import { quoteIdentifier, quoteTable, type KeyValues } from "./define.ts";

export const PROGRESS_TABLE = "_backfills";

/**
 * The statement that creates the table, as the project's migration holds it (a test compares them):
 * a project adopting db:backfill adds a migration with it, and the model in its schema.prisma.
 */
export const PROGRESS_TABLE_SQL = `CREATE TABLE "_backfills" (
    "name" TEXT NOT NULL,
    "checksum" TEXT NOT NULL,
    "cursor" JSONB,
    "rows_done" BIGINT NOT NULL DEFAULT 0,
    "rows_walked" BIGINT NOT NULL DEFAULT 0,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    "last_error" TEXT,

    CONSTRAINT "_backfills_pkey" PRIMARY KEY ("name")
);`;

export interface ProgressRow {
  name: string;
  checksum: string;
  cursor: KeyValues | null;
  rowsDone: number;
  rowsWalked: number;
  startedAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
  lastError: string | null;
}

/** A session on the migration database, in Prisma's schema (`?schema=`, else public). */
export async function connect(url: string, applicationName: string): Promise<pg.Client> {
  const { connectionString, schema } = splitSchema(url);
  const client = new pg.Client({ connectionString, application_name: applicationName, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
  } catch (error) {
    throw new BackfillRefusal(`cannot connect to the migration database (${redact(url)}): ${(error as Error).message}. Check DIRECT_URL (or DATABASE_URL).`);
  }
  client.on("error", () => {}); // a dropped connection surfaces as the next query's error
  await client.query(`SET search_path TO ${quoteIdentifier(schema)}`);
  return client;
}

export async function hasProgressTable(client: pg.ClientBase) {
  const { rows } = await client.query<{ found: string | null }>("SELECT to_regclass($1) AS found", [quoteIdentifier(PROGRESS_TABLE)]);
  return rows[0]!.found !== null;
}

export function missingTableRefusal(url: string) {
  return new BackfillRefusal(
    `the database (${redact(url)}) has no ${PROGRESS_TABLE} table, where backfills record their progress: its migration ` +
      `(…_backfill_progress) is not applied. Run npm run db:deploy first; nothing was run.`,
  );
}

export async function readProgress(client: pg.ClientBase): Promise<Map<string, ProgressRow>> {
  const { rows } = await client.query<{
    name: string;
    checksum: string;
    cursor: KeyValues | null;
    rows_done: string;
    rows_walked: string;
    started_at: Date;
    updated_at: Date;
    finished_at: Date | null;
    last_error: string | null;
  }>(`SELECT * FROM ${quoteIdentifier(PROGRESS_TABLE)} ORDER BY name`);
  return new Map(
    rows.map((row) => [
      row.name,
      {
        name: row.name,
        checksum: row.checksum,
        cursor: row.cursor,
        rowsDone: Number(row.rows_done),
        rowsWalked: Number(row.rows_walked),
        startedAt: row.started_at,
        updatedAt: row.updated_at,
        finishedAt: row.finished_at,
        lastError: row.last_error,
      },
    ]),
  );
}

/** The row of a backfill about to run (created on its first run). */
export async function startProgress(client: pg.ClientBase, name: string, checksum: string): Promise<ProgressRow> {
  await client.query(`INSERT INTO ${quoteIdentifier(PROGRESS_TABLE)} (name, checksum) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`, [name, checksum]);
  return (await readProgress(client)).get(name)!;
}

/** In the batch's transaction: the batch is done, the next one starts after `cursor`. */
export async function recordBatch(client: pg.ClientBase, name: string, cursor: KeyValues, changed: number, walked: number) {
  await client.query(
    `UPDATE ${quoteIdentifier(PROGRESS_TABLE)} SET cursor = $2, rows_done = rows_done + $3, rows_walked = rows_walked + $4, updated_at = now(), last_error = NULL WHERE name = $1`,
    [name, JSON.stringify(cursor), changed, walked],
  );
}

export async function recordFinished(client: pg.ClientBase, name: string, checksum: string) {
  await client.query(
    `UPDATE ${quoteIdentifier(PROGRESS_TABLE)} SET finished_at = now(), updated_at = now(), checksum = $2, last_error = NULL WHERE name = $1`,
    [name, checksum],
  );
}

export async function recordChecksum(client: pg.ClientBase, name: string, checksum: string) {
  await client.query(`UPDATE ${quoteIdentifier(PROGRESS_TABLE)} SET checksum = $2 WHERE name = $1`, [name, checksum]);
}

export async function recordError(client: pg.ClientBase, name: string, error: string) {
  await client.query(`UPDATE ${quoteIdentifier(PROGRESS_TABLE)} SET last_error = $2, updated_at = now() WHERE name = $1`, [name, error]);
}

// Two runners never work on the same backfill: each holds this session-level advisory lock (its two
// keys: the command, and the backfill's name) for as long as it runs it.
const LOCK_KEYS = "hashtext('db:backfill'), hashtext($1)";

export async function tryLock(client: pg.ClientBase, name: string) {
  const { rows } = await client.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock(${LOCK_KEYS}) AS locked`, [name]);
  return rows[0]!.locked;
}

export async function unlock(client: pg.ClientBase, name: string) {
  await client.query(`SELECT pg_advisory_unlock(${LOCK_KEYS})`, [name]);
}

/** The session running a backfill (holding its lock), if any. */
export async function lockHolder(client: pg.ClientBase, name: string): Promise<{ pid: number; application: string; since: Date } | undefined> {
  const { rows } = await client.query<{ pid: number; application: string; since: Date }>(
    `SELECT l.pid, a.application_name AS application, a.backend_start AS since
       FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2 AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND l.classid = hashtext('db:backfill')::oid AND l.objid = hashtext($1)::oid`,
    [name],
  );
  return rows[0];
}

/**
 * Refuses a keyset the runner could not walk exactly once per row: its columns must exist, be NOT
 * NULL, and be the columns of a unique, non-partial index, in that order (the primary key usually).
 */
export async function checkKeyset(client: pg.ClientBase, table: string, keyset: readonly string[], shown: string) {
  const { rows: found } = await client.query<{ oid: number | null }>("SELECT to_regclass($1)::oid AS oid", [quoteTable(table)]);
  const oid = found[0]?.oid;
  if (!oid) throw new BackfillRefusal(`${shown}: table ${quoteTable(table)} does not exist in this database. Fix table:, or deploy its migration first.`);
  const { rows: columns } = await client.query<{ attname: string; attnum: number; attnotnull: boolean }>(
    "SELECT attname, attnum, attnotnull FROM pg_attribute WHERE attrelid = $1 AND attnum > 0 AND NOT attisdropped",
    [oid],
  );
  const numbers: number[] = [];
  for (const column of keyset) {
    const found = columns.find((c) => c.attname === column);
    if (!found) throw new BackfillRefusal(`${shown}: keyset column "${column}" is not a column of ${quoteTable(table)}. Fix keyset:.`);
    if (!found.attnotnull) {
      throw new BackfillRefusal(`${shown}: keyset column "${column}" allows NULL, and rows whose key is NULL would be skipped. Use the primary key as keyset.`);
    }
    numbers.push(found.attnum);
  }
  const { rows: indexes } = await client.query<{ keys: string }>(
    "SELECT indkey::text AS keys FROM pg_index WHERE indrelid = $1 AND indisunique AND indisvalid AND indpred IS NULL AND indexprs IS NULL",
    [oid],
  );
  const wanted = numbers.join(" ");
  if (!indexes.some((index) => index.keys === wanted)) {
    throw new BackfillRefusal(
      `${shown}: keyset (${keyset.map(quoteIdentifier).join(", ")}) is not a unique index of ${quoteTable(table)}: walking it could skip or repeat rows, and each batch would scan the table. ` +
        `Use the primary key, or a column (tuple) with a unique index in that order.`,
    );
  }
}

/** Of `names`, the backfills not finished on the database, each with where it stands (db:deploy's contract phase). */
export async function unfinishedBackfills(url: string, names: string[]): Promise<Map<string, string>> {
  const client = await connect(url, "db:deploy");
  try {
    const progress = (await hasProgressTable(client)) ? await readProgress(client) : new Map<string, ProgressRow>();
    const unfinished = new Map<string, string>();
    for (const name of names) {
      const row = progress.get(name);
      if (row?.finishedAt) continue;
      const where = !row ? "not started" : row.lastError ? `failed after ${row.rowsDone} rows (${row.lastError})` : `unfinished after ${row.rowsDone} rows`;
      unfinished.set(name, where);
    }
    return unfinished;
  } finally {
    await client.end();
  }
}
