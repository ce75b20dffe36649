// Copy-then-swap: DROP COLUMN "x" then RENAME COLUMN "x_new" TO "x" (or ADD COLUMN "x" again) in one
// migration. The name exists again at commit, so queries do not fail on a missing column — but the
// column under that name is another one: its type may differ, its values are whatever the migration
// put there, and the indexes and constraints of the old one are gone.
import type { AlterTableCmd } from "libpg-query";
import { columnType, showType, type ColumnType } from "../column-types.ts";
import { quote, relationName, show, type QualifiedName } from "../names.ts";
import { addedColumn, existingTableCommands, type Hit, type Rule, type RuleContext } from "./rule.ts";

function typeChange(from: ColumnType | undefined, to: ColumnType | undefined) {
  if (!from || !to) return "its type may change (db-check does not know both types)";
  return showType(from) === showType(to) ? `its type stays ${showType(to)}` : `its type changes from ${showType(from)} to ${showType(to)}`;
}

function replaced(table: QualifiedName, column: string, from: ColumnType | undefined, to: ColumnType | undefined, source: string): Hit {
  return {
    message:
      `Replaces ${show(table, column)} with ${source}: the name exists again when the migration commits, so queries do not fail on ` +
      `a missing column, but it is another column under the running release — ${typeChange(from, to)}, its values are only what ` +
      `this migration put there (any copy ran while the migration held ${show(table)}'s ACCESS EXCLUSIVE lock, blocking every read ` +
      `and write), and the indexes, constraints and default of the old column went with it.`,
    alternative:
      `Expand-contract instead: add the new column under a new name, write both from the code, backfill it in batches outside the ` +
      `migration, switch reads to it, then drop the old column in a later release's contract migration — or keep the old column ` +
      `and map the field to the new one with @map. (See "Renaming or reshaping a column: expand-contract" in docs/schema-changes.md.)`,
  };
}

/** The type of the existing column of this name dropped before `cmd`, in an earlier statement or earlier in this one. */
function droppedBefore(cmds: AlterTableCmd[], cmd: AlterTableCmd, table: QualifiedName, column: string, context: RuleContext) {
  const earlier = context.model.droppedColumn(table, column);
  if (earlier) return earlier;
  const inThisStatement = cmds.slice(0, cmds.indexOf(cmd)).some((c) => c.subtype === "AT_DropColumn" && c.name === column);
  return inThisStatement && !context.model.isNewColumn(table, column) && context.model.mayHaveColumn(table, column)
    ? { type: context.model.columnType(table, column) }
    : undefined;
}

export const replaceColumn: Rule = {
  id: "replace-column",
  check(node, context) {
    if ("RenameStmt" in node && node.RenameStmt.renameType === "OBJECT_COLUMN" && node.RenameStmt.newname && node.RenameStmt.subname) {
      const table = relationName(node.RenameStmt.relation);
      const { subname: source, newname: column } = node.RenameStmt;
      const dropped = context.model.isNew(table) ? undefined : context.model.droppedColumn(table, column);
      if (!dropped) return [];
      return [replaced(table, column, dropped.type, context.model.columnType(table, source), `the column ${quote(source)}, renamed to it`)];
    }
    const commands = existingTableCommands(node, context);
    const cmds = commands.map(({ cmd }) => cmd);
    return commands.flatMap(({ table, cmd }) => {
      const column = addedColumn(cmd);
      const dropped = column?.colname ? droppedBefore(cmds, cmd, table, column.colname, context) : undefined;
      if (!column?.colname || !dropped) return [];
      return [
        replaced(table, column.colname, dropped.type, columnType(column.typeName), "a new, empty column of the same name (every value of the old one is lost)"),
      ];
    });
  },
};
