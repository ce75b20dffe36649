// Adding a constraint to an existing table validates every row, or builds an index, under a lock
// that blocks writes. NOT VALID (then VALIDATE CONSTRAINT later) and UNIQUE … USING INDEX (on an
// index built CONCURRENTLY) avoid that.
import type { Constraint } from "libpg-query";
import { quote, relationName, show, strings, type QualifiedName } from "../names.ts";
import { addedConstraints, constraintLabel, existingTableCommands, type Hit, type Rule } from "./rule.ts";

type ConstraintCheck = (table: QualifiedName, constraint: Constraint, column: string | undefined) => Hit | undefined;

function constraintRule(id: Rule["id"], check: ConstraintCheck): Rule {
  return {
    id,
    check: (node, context) =>
      existingTableCommands(node, context).flatMap(({ table, cmd }) =>
        addedConstraints(cmd).flatMap(({ constraint, column }) => check(table, constraint, column) ?? []),
      ),
  };
}

function columnList(names: string[]) {
  return `(${names.map(quote).join(", ")})`;
}

/** NOT VALID and NOT ENFORCED (PostgreSQL 18) both skip checking the existing rows. */
const validatesRows = (constraint: Constraint) => !constraint.skip_validation;

function validateLater(table: QualifiedName, constraint: Constraint, column: string | undefined) {
  const add = column
    ? `Add ${show(table, column)} without the constraint, then add it as a table constraint with NOT VALID`
    : `Append NOT VALID to this ADD CONSTRAINT`;
  return (
    `${add} (instant; new and updated rows are checked from then on), then in a later migration run ALTER TABLE ${show(table)} ` +
    `VALIDATE CONSTRAINT ${constraintLabel(constraint)}, which checks the existing rows without blocking reads or writes.`
  );
}

export const addForeignKeyWithoutNotValid = constraintRule("add-foreign-key-without-not-valid", (table, constraint, column) => {
  if (constraint.contype !== "CONSTR_FOREIGN" || !validatesRows(constraint)) return undefined;
  const referenced = show(relationName(constraint.pktable));
  // Written on ADD COLUMN, it is checked under that subcommand's ACCESS EXCLUSIVE lock.
  const locks = column
    ? `an ACCESS EXCLUSIVE lock on ${show(table)} and a SHARE ROW EXCLUSIVE lock on ${referenced}, ` +
      "blocking all access to the first and writes to the second"
    : `SHARE ROW EXCLUSIVE locks on both ${show(table)} and ${referenced}, blocking writes to both tables`;
  return {
    message:
      `Adds foreign key ${constraintLabel(constraint)} on ${show(table)} referencing ${referenced}: PostgreSQL checks every existing ` +
      `row while holding ${locks} for the whole scan.`,
    alternative: validateLater(table, constraint, column),
  };
});

export const addCheckWithoutNotValid = constraintRule("add-check-without-not-valid", (table, constraint, column) => {
  if (constraint.contype !== "CONSTR_CHECK" || !validatesRows(constraint)) return undefined;
  return {
    message:
      `Adds CHECK constraint ${constraintLabel(constraint)} on ${show(table)}: PostgreSQL checks every existing row while holding ` +
      `an ACCESS EXCLUSIVE lock, blocking every read and write on ${show(table)} for the whole scan.`,
    alternative: validateLater(table, constraint, column),
  };
});

const UNIQUE_KINDS: Partial<Record<string, "PRIMARY KEY" | "UNIQUE">> = { CONSTR_PRIMARY: "PRIMARY KEY", CONSTR_UNIQUE: "UNIQUE" };

export const addUniqueConstraint = constraintRule("add-unique-constraint", (table, constraint, column) => {
  const kind = UNIQUE_KINDS[constraint.contype ?? ""];
  // USING INDEX adopts an existing index: nothing to build.
  if (!kind || constraint.indexname) return undefined;
  const columns = column ? [column] : strings(constraint.keys);
  // Without a name, the index gets the one PostgreSQL would give the constraint.
  const index = quote(constraint.conname ?? (kind === "PRIMARY KEY" ? `${table.name}_pkey` : `${table.name}_${columns.join("_")}_key`));
  return {
    message:
      `Adds ${kind} ${constraintLabel(constraint)} on ${show(table)}: PostgreSQL builds its unique index by reading the whole table ` +
      `while holding an ACCESS EXCLUSIVE lock, blocking every read and write on ${show(table)} until the build finishes.`,
    alternative:
      (column ? `Add ${show(table, column)} without ${kind}. ` : "") +
      `First CREATE UNIQUE INDEX CONCURRENTLY ${index} ON ${show(table)} ${columnList(columns)}, alone in its own migration file; ` +
      `then, in a later migration, ALTER TABLE ${show(table)} ADD CONSTRAINT ${index} ${kind} USING INDEX ${index} (instant)` +
      (kind === "PRIMARY KEY" ? ", once the columns are NOT NULL (see set-not-null)." : ". (Prisma's @unique creates a unique index, not a constraint.)"),
  };
});

export const addExclusionConstraint = constraintRule("add-exclusion-constraint", (table, constraint) => {
  if (constraint.contype !== "CONSTR_EXCLUSION") return undefined;
  return {
    message:
      `Adds EXCLUDE constraint ${constraintLabel(constraint)} on ${show(table)}: PostgreSQL builds its index and checks every existing ` +
      `row while holding an ACCESS EXCLUSIVE lock, blocking every read and write on ${show(table)} until it finishes.`,
    alternative:
      `There is no online way to add an exclusion constraint (it cannot adopt an index built CONCURRENTLY, nor be NOT VALID): ` +
      `add it while the table is small, or in a planned window, and acknowledge it with that reason.`,
  };
});
