// Dropping a column or table that the deployed code still maps: Prisma Client names every column
// of a model in its queries, so they fail until the new release is live — and the data is gone.
import { listName, show, strings } from "../names.ts";
import { existingTableCommands, type Rule } from "./rule.ts";

export const dropColumn: Rule = {
  id: "drop-column",
  check(node, context) {
    return existingTableCommands(node, context).flatMap(({ table, cmd }) => {
      if (cmd.subtype !== "AT_DropColumn" || !cmd.name) return [];
      return [
        {
          message:
            `Drops ${show(table, cmd.name)} and its data. The deployed Prisma Client selects every column of the model by name, ` +
            `so its queries on ${show(table)} fail ("column does not exist") from the moment this runs until the new release is live.`,
          alternative:
            `Two releases: first remove every use of the field from the code and mark it @ignore in schema.prisma (optional or with a ` +
            `@default, so inserts still work) — the client stops selecting it while migrate keeps the column; deploy that. Then delete ` +
            `the field and ship this DROP COLUMN in a later release.`,
        },
      ];
    });
  },
};

export const dropTable: Rule = {
  id: "drop-table",
  check(node, { model }) {
    if (!("DropStmt" in node) || node.DropStmt.removeType !== "OBJECT_TABLE") return [];
    return (node.DropStmt.objects ?? []).flatMap((object) => {
      const table = "List" in object ? listName(strings(object.List.items)) : undefined;
      if (!table || model.isNew(table)) return [];
      return [
        {
          message:
            `Drops table ${show(table)} and all its rows, for good. Deployed code that still uses the model fails from the ` +
            `moment this runs until the new release is live.`,
          alternative:
            `Two releases: first remove every use of the model from the code and mark it @@ignore in schema.prisma (with its relation ` +
            `fields) — the client stops using it while migrate keeps the table; deploy that (and back the data up if it may be needed). ` +
            `Then delete the model and ship this DROP TABLE in a later release.`,
        },
      ];
    });
  },
};
