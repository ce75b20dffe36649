// SET NOT NULL scans the whole table for NULLs under ACCESS EXCLUSIVE — unless a validated
// CHECK (column IS NOT NULL) already proves it (PostgreSQL 12+), which the model tracks.
import { quote, show, strings } from "../names.ts";
import { existingTableCommands, supportsCheckShortcut, type Rule } from "./rule.ts";

export const setNotNull: Rule = {
  id: "set-not-null",
  check(node, context) {
    return existingTableCommands(node, context).flatMap(({ table, cmd }) => {
      const def = cmd.def && "Constraint" in cmd.def ? cmd.def.Constraint : undefined;
      // PostgreSQL 18 also accepts NOT NULL as a table constraint: ADD CONSTRAINT … NOT NULL column.
      const columns =
        cmd.subtype === "AT_SetNotNull" && cmd.name
          ? [cmd.name]
          : cmd.subtype === "AT_AddConstraint" && def?.contype === "CONSTR_NOTNULL" && !def.skip_validation
            ? strings(def.keys)
            : [];
      return columns
        .filter((column) => !(supportsCheckShortcut(context.settings) && context.model.hasValidatedNotNullCheck(table, column)))
        .map((column) => {
          const check = quote(`${table.name}_${column}_not_null`);
          return {
            message:
              `Makes ${show(table, column)} NOT NULL: PostgreSQL scans the whole table for NULLs while holding an ACCESS EXCLUSIVE ` +
              `lock, blocking every read and write on ${show(table)} until the scan ends (and fails the migration if it finds one).`,
            alternative: !supportsCheckShortcut(context.settings)
              ? `PostgreSQL ${context.settings.postgres!.major} has no online way to add NOT NULL (a validated CHECK is trusted from 12 on): ` +
                `keep a CHECK (${quote(column)} IS NOT NULL) constraint (NOT VALID, then VALIDATE in a later migration) instead, or run it in a planned window.`
              : `ALTER TABLE ${show(table)} ADD CONSTRAINT ${check} CHECK (${quote(column)} IS NOT NULL) NOT VALID; then, in a later ` +
                `migration, ALTER TABLE ${show(table)} VALIDATE CONSTRAINT ${check} (reads and writes continue); then SET NOT NULL ` +
                `(PostgreSQL 12+ trusts the validated check and skips the scan) and DROP CONSTRAINT ${check}.`,
          };
        });
    });
  },
};
