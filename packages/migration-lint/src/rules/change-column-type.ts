// ALTER COLUMN … TYPE rewrites the table and its indexes under ACCESS EXCLUSIVE, except for the
// binary-compatible changes PostgreSQL can prove are no-ops (see column-types.ts). The old type
// comes from replaying the earlier migrations; when it is unknown the change is flagged.
import type { ColumnDef } from "libpg-query";
import { columnType, isNoRewriteChange, showType, type ColumnType } from "../column-types.ts";
import { quote, show } from "../names.ts";
import { existingTableCommands, type Rule } from "./rule.ts";

/** Why the change needs a rewrite or rebuild; undefined when it provably does not. */
function rewriteReason(def: ColumnDef, from: ColumnType | undefined, to: ColumnType | undefined) {
  if (def.raw_default) return "its USING expression is evaluated for every row, so the table and its indexes are rewritten";
  if (def.collClause) {
    return (
      "the COLLATE clause can change the sort order, so the column's indexes are rebuilt " +
      "(and the table rewritten unless the type change is binary-compatible)"
    );
  }
  if (!from || !to) {
    return (
      "its current type is not known from the earlier migrations, so db-check cannot rule out a rewrite of the table " +
      "and its indexes (only a few binary-compatible changes avoid one)"
    );
  }
  if (isNoRewriteChange(from, to)) return undefined;
  return `${showType(from)} → ${showType(to)} is not a binary-compatible change, so the table and its indexes are rewritten`;
}

export const changeColumnType: Rule = {
  id: "change-column-type",
  check(node, context) {
    return existingTableCommands(node, context).flatMap(({ table, cmd }) => {
      const def = cmd.subtype === "AT_AlterColumnType" && cmd.def && "ColumnDef" in cmd.def ? cmd.def.ColumnDef : undefined;
      if (!def || !cmd.name) return [];
      const { model } = context;
      const to = columnType(def.typeName);
      // A domain with constraints: domain-check reports the rewrite. One without is its base type.
      if (model.domainConstraints(to)) return [];
      const why = rewriteReason(def, model.baseType(model.columnType(table, cmd.name)), model.baseType(to));
      const checks = model.checksOn(table, cmd.name);
      if (!why && checks.length) {
        return [
          {
            message:
              `Changes the type of ${show(table, cmd.name)}${to ? ` to ${showType(to)}` : ""} without a rewrite, but PostgreSQL re-checks ` +
              `${checks.map(quote).join(", ")} (CHECK on the column) against every row while holding an ACCESS EXCLUSIVE lock, ` +
              `blocking every read and write on ${show(table)} for the whole scan.`,
            alternative:
              `Drop the CHECK constraint${checks.length === 1 ? "" : "s"} in the same migration, change the type, then add ` +
              `${checks.length === 1 ? "it" : "them"} back NOT VALID and VALIDATE CONSTRAINT in a later migration (reads and writes continue).`,
          },
        ];
      }
      if (!why) return [];
      return [
        {
          message:
            `Changes the type of ${show(table, cmd.name)}${to ? ` to ${showType(to)}` : ""}: ${why}. PostgreSQL does that under an ` +
            `ACCESS EXCLUSIVE lock, blocking every read and write on ${show(table)} until it finishes; deployed code may also not ` +
            `expect the new type.`,
          alternative:
            `Expand-contract: add a new column with the new type, write both from the code, backfill it in batches, switch reads to ` +
            `it, then drop the old column in a later release. (Widening varchar(n) → varchar(m ≥ n) or text, numeric(p,s) → ` +
            `numeric(p' ≥ p,s), or timestamp(p) → timestamp(p' ≥ p) needs no rewrite.)`,
        },
      ];
    });
  },
};
