// UPDATE in a migration: PostgreSQL writes a new version of every row it touches and keeps those
// rows locked against other writers until the migration commits. Without a WHERE clause that is the
// whole table; after an ALTER TABLE, CREATE INDEX or LOCK on the same table it all happens while the
// migration holds that table lock, so every query on the table waits for the whole backfill — and so
// for a DELETE … WHERE or an INSERT … SELECT, which can touch as many rows.
import type { Node } from "libpg-query";
import { relationName, show } from "../names.ts";
import { ACCESS_EXCLUSIVE_LOCK, LOCK_MODES, SHARE_LOCK, type TableLock } from "../schema-model.ts";
import type { Rule, RuleContext } from "./rule.ts";

const BATCHED_BACKFILL =
  `Backfill outside the migration transaction: in a migration of its own that only updates, or better a backfill ` +
  `(prisma/backfills/<timestamp>_<name>.ts, run by npm run db:backfill in batches, each its own short transaction) after ` +
  `the schema change is deployed.`;

/** What a data statement writes: its table, its verb, and whether it is an UPDATE of every row. */
function written(node: Node) {
  if ("UpdateStmt" in node) return { relation: node.UpdateStmt.relation, verb: "Updates", everyRow: !node.UpdateStmt.whereClause };
  // DELETE without WHERE is delete-without-where (data loss); INSERT … VALUES writes the rows it lists.
  if ("DeleteStmt" in node && (node.DeleteStmt.whereClause || node.DeleteStmt.usingClause)) {
    return { relation: node.DeleteStmt.relation, verb: "Deletes from", everyRow: false };
  }
  if (!("InsertStmt" in node)) return undefined;
  const select = node.InsertStmt.selectStmt;
  const fromTables = select && "SelectStmt" in select && !!select.SelectStmt.fromClause?.length;
  return fromTables ? { relation: node.InsertStmt.relation, verb: "Inserts rows selected from tables into", everyRow: false } : undefined;
}

/** The written table, with the blocking lock this migration already holds on it (SHARE or stronger), if any. */
function updated(node: Node, { model }: RuleContext) {
  const write = written(node);
  if (!write) return undefined;
  const table = relationName(write.relation);
  if (model.isEmpty(table)) return undefined;
  const lock = model.lockOn(table);
  return { table, lock: lock && lock.mode >= SHARE_LOCK ? lock : undefined, everyRow: write.everyRow, verb: write.verb };
}

function blocked(lock: TableLock) {
  return lock.mode === ACCESS_EXCLUSIVE_LOCK ? "every read and write" : "every write";
}

export const backfillUnderLock: Rule = {
  id: "backfill-under-lock",
  check(node, context) {
    const target = updated(node, context);
    if (!target?.lock) return [];
    const { table, lock, verb } = target;
    return [
      {
        message:
          `${verb} ${show(table)} after the ${lock.by} earlier in this migration, which took an ${LOCK_MODES[lock.mode]} lock on it: ` +
          `a migration is one transaction, so the lock is held until it commits and the whole statement runs under it, blocking ` +
          `${blocked(lock)} on ${show(table)} until the last row is written.`,
        alternative: BATCHED_BACKFILL,
      },
    ];
  },
};

export const updateWithoutWhere: Rule = {
  id: "update-without-where",
  check(node, context) {
    const target = updated(node, context);
    // Under a table lock, backfill-under-lock says more.
    if (!target?.everyRow || target.lock) return [];
    return [
      {
        message:
          `Updates every row of ${show(target.table)} (UPDATE without WHERE) in one transaction: PostgreSQL writes a new version of ` +
          `each row (the table doubles in size until vacuumed) and keeps every row locked, so the running release's writes to ` +
          `${show(target.table)} wait until the migration commits.`,
        alternative: BATCHED_BACKFILL,
      },
    ];
  },
};
