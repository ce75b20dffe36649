// Index builds and drops lock the table unless done CONCURRENTLY — and CONCURRENTLY cannot run in
// a transaction block. Prisma sends a migration file as one multi-statement batch, which
// PostgreSQL runs as one implicit transaction: a CONCURRENTLY statement must be alone in its file.
import type { Node } from "libpg-query";
import { listName, quote, relationName, show, strings } from "../names.ts";
import { hasOption, type Rule } from "./rule.ts";

const OWN_FILE =
  "alone in a migration file of its own (create it with `npm run db:migrate -- --create-only` and edit it): Prisma runs a " +
  "file as one transaction, where CONCURRENTLY is rejected";

export const createIndexNonConcurrent: Rule = {
  id: "create-index-non-concurrent",
  check(node, { model }) {
    if (!("IndexStmt" in node) || node.IndexStmt.concurrent) return [];
    const table = relationName(node.IndexStmt.relation);
    // ON ONLY a partitioned table builds nothing: its partitions' indexes are built, then attached, one by one.
    if (model.isNew(table) || (model.isPartitioned(table) && !node.IndexStmt.relation?.inh)) return [];
    const index = node.IndexStmt.idxname ? quote(node.IndexStmt.idxname) : "";
    const kind = node.IndexStmt.unique ? "CREATE UNIQUE INDEX" : "CREATE INDEX";
    const elements = (node.IndexStmt.indexParams ?? []).map((param) => ("IndexElem" in param ? param.IndexElem.name : undefined));
    const columns = elements.every((name) => name !== undefined) ? elements.map(quote).join(", ") : "…"; // expressions: not shown
    return [
      {
        message:
          `Builds index ${index || "(unnamed)"} on ${show(table)} with a plain ${kind}: it holds a SHARE lock on ${show(table)} for ` +
          `the whole build, so every INSERT, UPDATE and DELETE waits until it finishes (reads continue).`,
        alternative:
          `${kind} CONCURRENTLY ${index ? `${index} ` : ""}ON ${show(table)} (${columns}), ${OWN_FILE}. ` +
          `If a concurrent build fails it leaves an INVALID index behind: drop it (DROP INDEX CONCURRENTLY) and run the migration again.`,
      },
    ];
  },
};

export const dropIndexNonConcurrent: Rule = {
  id: "drop-index-non-concurrent",
  check(node, { model }) {
    if (!("DropStmt" in node) || node.DropStmt.removeType !== "OBJECT_INDEX" || node.DropStmt.concurrent) return [];
    return (node.DropStmt.objects ?? []).flatMap((object) => {
      const index = "List" in object ? listName(strings(object.List.items)) : undefined;
      const table = index && model.indexTable(index);
      if (!index || (table && model.isNew(table))) return [];
      // IF EXISTS of an index no migration created drops nothing.
      if (!table && node.DropStmt.missing_ok) return [];
      const on = table ? show(table) : "its table";
      return [
        {
          message:
            `Drops index ${show(index)} with a plain DROP INDEX: it takes an ACCESS EXCLUSIVE lock on ${on}, so every read and ` +
            `write on it waits — also behind any long-running query that is using the table.`,
          alternative: `DROP INDEX CONCURRENTLY ${show(index)}, ${OWN_FILE}.`,
        },
      ];
    });
  },
};

/** The statement's kind when it is one PostgreSQL refuses to run inside a transaction block. */
export function concurrentStatement(node: Node): string | undefined {
  if ("IndexStmt" in node && node.IndexStmt.concurrent) return "CREATE INDEX CONCURRENTLY";
  if ("DropStmt" in node && node.DropStmt.concurrent) return "DROP INDEX CONCURRENTLY";
  if ("ReindexStmt" in node && hasOption(node.ReindexStmt.params, "concurrently")) return "REINDEX CONCURRENTLY";
  // Not about CONCURRENTLY, but the same trap: VACUUM refuses to run in a transaction block too.
  if ("VacuumStmt" in node && node.VacuumStmt.is_vacuumcmd) return "VACUUM";
  return undefined;
}

export const concurrentlyMixed: Rule = {
  id: "concurrently-mixed",
  check(node, { statementCount }) {
    const kind = concurrentStatement(node);
    if (!kind || statementCount === 1) return [];
    const others = statementCount - 1;
    return [
      {
        message:
          `${kind} shares its migration file with ${others} other statement${others === 1 ? "" : "s"}: Prisma sends the file as one ` +
          `multi-statement batch, which PostgreSQL runs as one implicit transaction, and ${kind} cannot run inside a transaction ` +
          `block — the migration fails.`,
        alternative: `Move the ${kind} statement into a migration file of its own, with no other statement (comments are fine).`,
      },
    ];
  },
};
