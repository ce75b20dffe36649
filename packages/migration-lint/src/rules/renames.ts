// Renaming a column or table in place: the code that is running when the migration applies still
// uses the old name, so it fails until the new release is live — and a rollback cannot work.
import type { Node } from "libpg-query";
import { quote, relationName, show } from "../names.ts";
import type { Rule, RuleContext } from "./rule.ts";

function existingRename(node: Node, { model }: RuleContext, renameType: "OBJECT_COLUMN" | "OBJECT_TABLE") {
  if (!("RenameStmt" in node) || node.RenameStmt.renameType !== renameType) return undefined;
  // RENAME COLUMN also exists for views, types and foreign tables; only tables are checked.
  if (renameType === "OBJECT_COLUMN" && node.RenameStmt.relationType !== "OBJECT_TABLE") return undefined;
  const table = relationName(node.RenameStmt.relation);
  const from = node.RenameStmt.subname ?? "";
  // A column added earlier in this migration: no deployed code knows its name.
  if (model.isNew(table) || (renameType === "OBJECT_COLUMN" && model.isNewColumn(table, from))) return undefined;
  return { table, from, to: node.RenameStmt.newname ?? "" };
}

export const renameColumn: Rule = {
  id: "rename-column",
  check(node, context) {
    const rename = existingRename(node, context, "OBJECT_COLUMN");
    if (!rename) return [];
    const { table, from, to } = rename;
    return [
      {
        message:
          `Renames ${show(table, from)} to ${quote(to)}. The deployed code (Prisma Client selects every column by name) ` +
          `keeps using ${quote(from)} and fails from the moment this runs until the new release is live; rolling the code back fails too.`,
        alternative:
          `To rename only the field in code, keep the column and map it: \`${to} … @map("${from}")\` in schema.prisma (no migration). ` +
          `To rename the column, expand-contract over several releases: add ${quote(to)} (nullable), write both columns, ` +
          `backfill ${quote(to)} in batches, switch reads to ${quote(to)}, then drop ${quote(from)} in a later release.`,
      },
    ];
  },
};

export const renameTable: Rule = {
  id: "rename-table",
  check(node, context) {
    const rename = existingRename(node, context, "OBJECT_TABLE");
    if (!rename) return [];
    const { table, to } = rename;
    const renamed = show({ schema: table.schema, name: to });
    return [
      {
        message:
          `Renames table ${show(table)} to ${renamed}. The deployed code keeps querying ${show(table)} and fails from the ` +
          `moment this runs until the new release is live; rolling the code back fails too.`,
        alternative:
          `To rename only the model, keep the table and map it: \`@@map("${table.name}")\` in schema.prisma (no migration). ` +
          `To rename the table: create ${renamed}, write to both tables, copy the rows in batches, switch reads, then drop ` +
          `${show(table)} in a later release — or rename it and, in the same migration, CREATE VIEW ${show(table)} AS SELECT * FROM ` +
          `${renamed} (a simple view is updatable) for the old code, dropping the view once no deployed code uses it.`,
      },
    ];
  },
};
