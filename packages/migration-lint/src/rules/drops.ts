// Dropping a column or table that the deployed code still maps: Prisma Client names every column
// of a model in its queries, so they fail until the new release is live — and the data is gone.
// Prisma never writes RENAME: a renamed field becomes DROP COLUMN + ADD COLUMN, a renamed model DROP
// TABLE + CREATE TABLE, so a drop next to such an addition is reported as the rename it probably is.
import { showType } from "../column-types.ts";
import type { PlannedTable } from "../migration-plan.ts";
import { listName, quote, show, strings, type QualifiedName } from "../names.ts";
import { existingTableCommands, type Rule, type RuleContext } from "./rule.ts";

const EXPAND_CONTRACT = `"Renaming or reshaping a column: expand-contract" in docs/schema-changes.md and examples/expand-contract walk through it`;

/** Columns this migration adds to the table that may be the dropped one renamed: of the same type family when both are known. */
function renameCandidates(table: QualifiedName, column: string, context: RuleContext) {
  const dropped = context.model.columnType(table, column);
  return context.plan
    .addedColumns(table)
    .filter((added) => added.name !== column && (!dropped || !added.type || added.type.name === dropped.name))
    .map((added) => ({ name: added.name, type: added.type ? showType(added.type) : undefined }));
}

function orList(names: string[]) {
  return names.length === 1 ? names[0]! : `${names.slice(0, -1).join(", ")} or ${names.at(-1)}`;
}

export const dropColumn: Rule = {
  id: "drop-column",
  check(node, context) {
    const { model, plan, position } = context;
    return existingTableCommands(node, context).flatMap(({ table, cmd }) => {
      if (cmd.subtype !== "AT_DropColumn" || !cmd.name) return [];
      // No deployed code knows a column added earlier in this migration; IF EXISTS of a column no migration made drops nothing.
      if (model.isNewColumn(table, cmd.name)) return [];
      if (cmd.missing_ok && (!model.knowsTable(table) || !model.mayHaveColumn(table, cmd.name))) return [];
      // The name comes back before the commit: replace-column reports what really changes.
      if (plan.givesNameAgain(table, cmd.name, position)) return [];
      const dropped = show(table, cmd.name);
      const outage =
        `The deployed Prisma Client selects every column of the model by name, so its queries on ${show(table)} fail ` +
        `("column does not exist") from the moment this runs until the new release is live.`;
      const candidates = renameCandidates(table, cmd.name, context);
      if (candidates.length) {
        const names = candidates.map((c) => quote(c.name));
        const to = candidates[0]!.name;
        return [
          {
            message:
              `Drops ${dropped} while this migration adds ${orList(names)} to ${show(table)}: probably a renamed field, which Prisma ` +
              `writes as DROP COLUMN + ADD COLUMN — every value of ${quote(cmd.name)} is lost, and the new column starts empty. ${outage}`,
            alternative:
              `To rename the field only in code, keep the column: name the field ${to} in schema.prisma with @map("${cmd.name}") ` +
              `(\`${to} … @map("${cmd.name}")\`) and delete this migration — no migration at all. To rename the column itself, ` +
              `expand-contract over several releases: add ${quote(to)} (nullable) in an expand migration, write both columns, ` +
              `backfill ${quote(to)} from ${quote(cmd.name)} in batches, read ${quote(to)}, then drop ${quote(cmd.name)} in a later ` +
              `release's contract migration (${EXPAND_CONTRACT}).`,
          },
        ];
      }
      return [
        {
          message: `Drops ${dropped} and its data. ${outage}`,
          alternative:
            `Two releases: first remove every use of the field from the code and mark it @ignore in schema.prisma (optional or with a ` +
            `@default, so inserts still work) — the client stops selecting it while migrate keeps the column; deploy that. Then delete ` +
            `the field and ship this DROP COLUMN in a later release.`,
        },
      ];
    });
  },
};

/** Tables this migration creates that may be the dropped one renamed: sharing at least half its columns, when they are known. */
function tableRenameCandidates(table: QualifiedName, context: RuleContext): PlannedTable[] {
  const columns = context.model.columnNames(table);
  return context.plan.createdTables().filter((created) => {
    if (columns === undefined) return true;
    const shared = created.columns.filter((column) => columns.includes(column)).length;
    return shared * 2 >= columns.length;
  });
}

export const dropTable: Rule = {
  id: "drop-table",
  check(node, context) {
    const { model } = context;
    if (!("DropStmt" in node) || node.DropStmt.removeType !== "OBJECT_TABLE") return [];
    return (node.DropStmt.objects ?? []).flatMap((object) => {
      const table = "List" in object ? listName(strings(object.List.items)) : undefined;
      if (!table || model.isNew(table)) return [];
      // IF EXISTS of a table no migration created drops nothing the app could use.
      if (node.DropStmt.missing_ok && !model.knowsTable(table)) return [];
      const outage = `Deployed code that still uses the model fails from the moment this runs until the new release is live.`;
      const candidates = tableRenameCandidates(table, context);
      if (candidates.length) {
        const to = show(candidates[0]!.name);
        return [
          {
            message:
              `Drops table ${show(table)} while this migration creates ${orList(candidates.map((c) => show(c.name)))}: probably a ` +
              `renamed model, which Prisma writes as DROP TABLE + CREATE TABLE — every row of ${show(table)} is lost, and the new ` +
              `table starts empty. ${outage}`,
            alternative:
              `To rename the model only in code, keep the table: add @@map("${table.name}") to the renamed model in schema.prisma ` +
              `and delete this migration — no migration at all. To rename the table itself: create ${to} in an expand migration, ` +
              `write to both tables, copy the rows in batches, switch reads, then drop ${show(table)} in a later release's contract ` +
              `migration (${EXPAND_CONTRACT}, for a column).`,
          },
        ];
      }
      return [
        {
          message: `Drops table ${show(table)} and all its rows, for good. ${outage}`,
          alternative:
            `Two releases: first remove every use of the model from the code and mark it @@ignore in schema.prisma (with its relation ` +
            `fields) — the client stops using it while migrate keeps the table; deploy that (and back the data up if it may be needed). ` +
            `Then delete the model and ship this DROP TABLE in a later release.`,
        },
      ];
    });
  },
};
