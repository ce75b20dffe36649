// An explicit LOCK TABLE holds its lock until the migration commits. PostgreSQL already takes the
// lock each statement needs; a stronger one taken up front only makes the running release wait longer.
import { relationName, show } from "../names.ts";
import { ACCESS_EXCLUSIVE_LOCK, LOCK_MODES, SHARE_LOCK } from "../schema-model.ts";
import type { Rule } from "./rule.ts";

export const lockTable: Rule = {
  id: "lock-table",
  check(node, { model }) {
    if (!("LockStmt" in node)) return [];
    const mode = node.LockStmt.mode ?? ACCESS_EXCLUSIVE_LOCK;
    // Weaker modes conflict with no read or write of the running release.
    if (mode < SHARE_LOCK) return [];
    return (node.LockStmt.relations ?? []).flatMap((relation) => {
      const table = "RangeVar" in relation ? relationName(relation.RangeVar) : undefined;
      if (!table || model.isNew(table)) return [];
      const blocked = mode === ACCESS_EXCLUSIVE_LOCK ? "every read and write" : "every write";
      return [
        {
          message:
            `Locks ${show(table)} in ${LOCK_MODES[mode]} mode until the migration commits: ${blocked} on it waits for the rest of ` +
            `the migration — and queues behind the LOCK itself while it waits for running queries to finish.`,
          alternative:
            `Drop the LOCK TABLE: each statement takes the lock it needs, for the time it needs it. Keep the migration short, and give ` +
            `it a lock_timeout (see "Timeouts" in docs/schema-changes.md) so that a lock it cannot get fails the migration instead of stalling the app.`,
        },
      ];
    });
  },
};
