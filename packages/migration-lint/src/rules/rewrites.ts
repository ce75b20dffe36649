// ALTER TABLE subcommands that copy the whole table (and rebuild its indexes) under ACCESS EXCLUSIVE, and
// REFRESH MATERIALIZED VIEW without CONCURRENTLY, which locks out every reader of the view while it runs.
import { quote, relationName, show } from "../names.ts";
import { existingTableCommands, type Hit, type Rule } from "./rule.ts";

const REWRITING_COMMANDS: Partial<Record<string, (name: string | undefined) => string>> = {
  AT_SetLogged: () => "SET LOGGED (the whole table is written to the WAL)",
  AT_SetUnLogged: () => "SET UNLOGGED",
  AT_SetTableSpace: (name) => `SET TABLESPACE ${quote(name ?? "")}`,
  AT_SetAccessMethod: (name) => `SET ACCESS METHOD ${quote(name ?? "")}`,
  AT_SetExpression: (name) => `ALTER COLUMN ${quote(name ?? "")} SET EXPRESSION (the stored generated column is recomputed for every row)`,
};

export const tableRewrite: Rule = {
  id: "table-rewrite",
  check(node, context) {
    if ("RefreshMatViewStmt" in node) {
      const { concurrent, skipData, relation } = node.RefreshMatViewStmt;
      if (concurrent || skipData) return [];
      const view = show(relationName(relation));
      return [
        {
          message:
            `Refreshes materialized view ${view} without CONCURRENTLY: it is recomputed under an ACCESS EXCLUSIVE lock, so every query ` +
            `reading ${view} waits until the refresh ends.`,
          alternative:
            `REFRESH MATERIALIZED VIEW CONCURRENTLY ${view} (it needs a unique index on the view), or refresh it outside the migration ` +
            `history, on a schedule.`,
        },
      ];
    }
    return existingTableCommands(node, context).flatMap(({ table, cmd }): Hit[] => {
      const describe = REWRITING_COMMANDS[cmd.subtype ?? ""];
      if (!describe) return [];
      return [
        {
          message:
            `${describe(cmd.name)} rewrites ${show(table)} and rebuilds its indexes under an ACCESS EXCLUSIVE lock, blocking every read and ` +
            `write on ${show(table)} until the copy is done.`,
          alternative:
            `Do it in a planned maintenance window, or on a new table filled in batches and swapped in (an online tool such as pg_repack ` +
            `for tablespaces) — and acknowledge it here only for a small table.`,
        },
      ];
    });
  },
};
