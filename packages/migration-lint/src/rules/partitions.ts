// Partitioned tables: PostgreSQL refuses CREATE INDEX CONCURRENTLY on a partitioned parent, and attaching or
// detaching a partition takes locks that a plain ALTER TABLE hides.
import { quote, relationName, show } from "../names.ts";
import { existingTableCommands, type Rule } from "./rule.ts";

export const partitionedIndexConcurrently: Rule = {
  id: "partitioned-index-concurrently",
  check(node, { model }) {
    if (!("IndexStmt" in node) || !node.IndexStmt.concurrent) return [];
    const table = relationName(node.IndexStmt.relation);
    if (!model.isPartitioned(table)) return [];
    const index = node.IndexStmt.idxname ?? `${table.name}_idx`;
    return [
      {
        message:
          `Builds index ${quote(index)} CONCURRENTLY on the partitioned table ${show(table)}: PostgreSQL refuses it ("cannot create ` +
          `index on partitioned table … concurrently") and the migration fails.`,
        alternative:
          `Build it in steps, each in a migration file of its own: CREATE INDEX ${quote(index)} ON ONLY ${show(table)} (…) (instant: an ` +
          `invalid index on the parent alone); for each partition, CREATE INDEX CONCURRENTLY "<partition>_idx" ON "<partition>" (…), then ` +
          `ALTER INDEX ${quote(index)} ATTACH PARTITION "<partition>_idx"; the parent's index becomes valid once every partition has one.`,
      },
    ];
  },
};

export const detachPartition: Rule = {
  id: "detach-partition",
  check(node, context) {
    return existingTableCommands(node, context).flatMap(({ table, cmd }) => {
      const partition = cmd.subtype === "AT_DetachPartition" && cmd.def && "PartitionCmd" in cmd.def ? cmd.def.PartitionCmd : undefined;
      if (!partition || partition.concurrent) return [];
      return [
        {
          message:
            `Detaches ${show(relationName(partition.name))} from ${show(table)} without CONCURRENTLY: it takes an ACCESS EXCLUSIVE lock on ` +
            `${show(table)}, blocking every read and write on the whole partitioned table (and waiting behind any query on it).`,
          alternative:
            `ALTER TABLE ${show(table)} DETACH PARTITION ${show(relationName(partition.name))} CONCURRENTLY (PostgreSQL 14+), alone in a ` +
            `migration file of its own: it cannot run in a transaction block, and takes only SHARE UPDATE EXCLUSIVE.`,
        },
      ];
    });
  },
};

export const attachPartition: Rule = {
  id: "attach-partition",
  check(node, context) {
    const { model } = context;
    return existingTableCommands(node, context).flatMap(({ table, cmd }) => {
      const partition = cmd.subtype === "AT_AttachPartition" && cmd.def && "PartitionCmd" in cmd.def ? cmd.def.PartitionCmd : undefined;
      if (!partition?.bound) return [];
      const attached = relationName(partition.name);
      // Empty (new in this migration), or proven by a validated CHECK the migrations added: no scan.
      if (model.isEmpty(attached) || model.hasValidatedCheck(attached)) return [];
      return [
        {
          message:
            `Attaches ${show(attached)} to ${show(table)} without a validated CHECK constraint matching the partition bound: PostgreSQL scans ` +
            `every row of ${show(attached)} to prove the bound while holding an ACCESS EXCLUSIVE lock on it (and a default partition, if ` +
            `any, is scanned too).`,
          alternative:
            `First ALTER TABLE ${show(attached)} ADD CONSTRAINT … CHECK (<the bound as a condition>) NOT VALID, then VALIDATE CONSTRAINT in a ` +
            `later migration (reads and writes continue); then ATTACH PARTITION skips the scan, and the CHECK can be dropped after it.`,
        },
      ];
    });
  },
};
