// `npm run db:backfill -- --status`, and db:doctor's backfill check: each backfill's state on a
// database, read from `_backfills` and the advisory locks of running runners. Read-only.
import type pg from "pg";
import { readMigrationTable } from "../deploy.ts";
import { loadBackfill, type BackfillSource } from "./files.ts";
import { hasProgressTable, lockHolder, readProgress } from "./progress.ts";
import { contractMigrationsRequiring, estimateRows } from "./runner.ts";

export type BackfillState =
  /** No run yet. */
  | "pending"
  /** Started, not finished, and no runner on it now (stopped, killed, or failed: see lastError). */
  | "unfinished"
  | "failed"
  /** A runner holds its lock now. */
  | "running"
  | "finished";

export interface BackfillStatus {
  name: string;
  state: BackfillState;
  rowsDone: number;
  rowsWalked: number;
  /** Rows walked per second over the run so far (started → last batch). */
  rowsPerSecond?: number;
  /** Seconds left at that rate, from the table's size (an estimate). */
  etaSeconds?: number;
  startedAt?: string;
  finishedAt?: string;
  lastError?: string;
  /** Finished, and its file changed since. */
  edited: boolean;
  /** Contract migrations that wait for it (`-- db-check:requires-backfill`). */
  requiredBy: string[];
  /** The session running it, when running. */
  runner?: string;
}

export interface BackfillStatusReport {
  /** False when the progress table's migration is not applied. */
  tracked: boolean;
  backfills: BackfillStatus[];
}

export async function readBackfillStatus(
  client: pg.ClientBase,
  { sources, migrationsDir, url }: { sources: BackfillSource[]; migrationsDir: string; url: string },
): Promise<BackfillStatusReport> {
  const requiredBy = await contractMigrationsRequiring(migrationsDir);
  if (!(await hasProgressTable(client))) {
    return { tracked: false, backfills: sources.map(({ name }) => blank(name, requiredBy.get(name) ?? [])) };
  }
  const progress = await readProgress(client);
  const applied = (await readMigrationTable(url)).applied;
  const backfills: BackfillStatus[] = [];
  for (const { name, checksum } of sources) {
    const row = progress.get(name);
    const required = requiredBy.get(name) ?? [];
    if (!row) {
      backfills.push(blank(name, required));
      continue;
    }
    const holder = row.finishedAt ? undefined : await lockHolder(client, name);
    const state: BackfillState = row.finishedAt ? "finished" : holder ? "running" : row.lastError ? "failed" : "unfinished";
    const seconds = (row.updatedAt.getTime() - row.startedAt.getTime()) / 1000;
    const rowsPerSecond = row.rowsWalked > 0 && seconds > 0 ? row.rowsWalked / seconds : undefined;
    const source = sources.find((candidate) => candidate.name === name)!;
    const total = row.finishedAt ? undefined : await tableSize(client, source);
    backfills.push({
      name,
      state,
      rowsDone: row.rowsDone,
      rowsWalked: row.rowsWalked,
      rowsPerSecond,
      etaSeconds: rowsPerSecond && total !== undefined ? Math.max(0, total - row.rowsWalked) / rowsPerSecond : undefined,
      startedAt: row.startedAt.toISOString(),
      finishedAt: row.finishedAt?.toISOString(),
      lastError: row.lastError ?? undefined,
      edited: Boolean(row.finishedAt) && row.checksum !== checksum,
      requiredBy: required.filter((migration) => !applied.has(migration)),
      runner: holder ? `pid ${holder.pid} (${holder.application || "no application_name"})` : undefined,
    });
  }
  return { tracked: true, backfills };
}

function blank(name: string, requiredBy: string[]): BackfillStatus {
  return { name, state: "pending", rowsDone: 0, rowsWalked: 0, edited: false, requiredBy };
}

/** The size of the backfill's table, for the ETA; undefined when its file does not load (db:backfill says why). */
async function tableSize(client: pg.ClientBase, source: BackfillSource) {
  const loaded = await loadBackfill(source).catch(() => undefined);
  return loaded && estimateRows(client, loaded.definition.table).catch(() => undefined);
}
