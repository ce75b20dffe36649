// Statements that destroy data wholesale. A migration runs in every environment, production
// included, so such a step has to be deliberate: acknowledged with its reason, or done by hand.
import { quote, relationName, show, strings } from "../names.ts";
import type { Rule } from "./rule.ts";

export const truncate: Rule = {
  id: "truncate",
  check(node, { model }) {
    if (!("TruncateStmt" in node)) return [];
    return (node.TruncateStmt.relations ?? []).flatMap((relation) => {
      const table = "RangeVar" in relation ? relationName(relation.RangeVar) : undefined;
      if (!table || model.isNew(table)) return [];
      return [
        {
          message:
            `Deletes every row of ${show(table)} (TRUNCATE, under an ACCESS EXCLUSIVE lock) in every environment this migration ` +
            `reaches, production included; the rows cannot be recovered.`,
          alternative:
            `Delete data deliberately outside the migration history (a reviewed one-off script, after a backup), or acknowledge ` +
            `this statement with the reason the data is disposable.`,
        },
      ];
    });
  },
};

export const dropSchema: Rule = {
  id: "drop-schema",
  check(node) {
    if (!("DropStmt" in node) || node.DropStmt.removeType !== "OBJECT_SCHEMA") return [];
    return strings(node.DropStmt.objects).map((schema) => ({
      message:
        `Drops schema ${quote(schema)}` +
        (node.DropStmt.behavior === "DROP_CASCADE" ? " and, with CASCADE, every table and row in it" : "") +
        `: deployed code using its objects fails, and the data cannot be recovered.`,
      alternative:
        `Stop using the schema's objects in one release (drop its tables with the two-release drop-table steps), then drop the ` +
        `empty schema in a later release.`,
    }));
  },
};

export const dropDatabase: Rule = {
  id: "drop-database",
  check(node) {
    if (!("DropdbStmt" in node)) return [];
    return [
      {
        message: `Drops database ${quote(node.DropdbStmt.dbname ?? "")} with everything in it; nothing a migration should do.`,
        alternative: `Drop databases by hand, deliberately and after a backup — never from the migration history.`,
      },
    ];
  },
};

export const deleteWithoutWhere: Rule = {
  id: "delete-without-where",
  check(node, { model }) {
    if (!("DeleteStmt" in node) || node.DeleteStmt.whereClause || node.DeleteStmt.usingClause) return [];
    const table = relationName(node.DeleteStmt.relation);
    if (model.isEmpty(table)) return [];
    return [
      {
        message:
          `Deletes every row of ${show(table)} (DELETE without WHERE) in every environment this migration reaches, production ` +
          `included; the rows cannot be recovered, and each deleted row stays locked against the running release's writes until the ` +
          `migration commits.`,
        alternative:
          `Delete data deliberately outside the migration history (a reviewed one-off script, after a backup), add the WHERE clause ` +
          `that was meant, or acknowledge this statement with the reason the data is disposable.`,
      },
    ];
  },
};
