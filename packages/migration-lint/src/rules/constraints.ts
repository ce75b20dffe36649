// Adding a constraint to an existing table validates every row, or builds an index, under a lock
// that blocks writes. NOT VALID (then VALIDATE CONSTRAINT later) and UNIQUE … USING INDEX (on an
// index built CONCURRENTLY) avoid that.
import type { AlterTableCmd, Constraint, Node } from "libpg-query";
import { columnType, showType } from "../column-types.ts";
import { listName, quote, relationName, show, strings, type QualifiedName } from "../names.ts";
import { columnsRead, DOMAIN_NOT_NULL, LOCK_MODES, SHARE_UPDATE_EXCLUSIVE_LOCK, type SchemaModel } from "../schema-model.ts";
import { addedConstraints, constraintLabel, existingTableCommands, supportsCheckShortcut, type Hit, type Rule, type TableCommand } from "./rule.ts";

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
      `while holding an ACCESS EXCLUSIVE lock, blocking every read and write on ${show(table)} until the build finishes — and ` +
      `the existing rows may hold duplicates${kind === "PRIMARY KEY" ? " or NULLs" : ""}, which fail the migration.`,
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

/** The existing columns a tightening subcommand constrains (undefined: not one), and what it enforces. */
function restriction(cmd: AlterTableCmd, table: QualifiedName, model: SchemaModel): { what: string; columns: string[] } | undefined {
  // A column already NOT NULL, or under a CHECK (… IS NOT NULL) even NOT VALID, refuses NULL writes already.
  const allowsNull = (column: string) => !model.isNotNull(table, column) && !model.hasNotNullCheck(table, column);
  if (cmd.subtype === "AT_SetNotNull" && cmd.name) return allowsNull(cmd.name) ? { what: "NOT NULL", columns: [cmd.name] } : undefined;
  const constraint = cmd.subtype === "AT_AddConstraint" && cmd.def && "Constraint" in cmd.def ? cmd.def.Constraint : undefined;
  if (!constraint) return undefined;
  const label = constraintLabel(constraint);
  switch (constraint.contype) {
    case "CONSTR_CHECK":
      return isNotEnforced(constraint) ? undefined : { what: `CHECK ${label}`, columns: columnsRead(constraint.raw_expr) };
    case "CONSTR_FOREIGN":
      return isNotEnforced(constraint) ? undefined : { what: `FOREIGN KEY ${label}`, columns: strings(constraint.fk_attrs) };
    case "CONSTR_NOTNULL": {
      const columns = strings(constraint.keys).filter(allowsNull);
      return columns.length ? { what: `NOT NULL ${label}`, columns } : undefined;
    }
    case "CONSTR_PRIMARY":
    case "CONSTR_UNIQUE": {
      const kind = constraint.contype === "CONSTR_PRIMARY" ? "PRIMARY KEY" : "UNIQUE";
      if (!constraint.indexname) return { what: `${kind} ${label}`, columns: strings(constraint.keys) };
      // USING INDEX adopts a unique index that already refuses duplicates; a primary key also refuses NULL.
      const columns = model.indexColumns({ schema: table.schema, name: constraint.indexname });
      const nullable = kind === "PRIMARY KEY" ? (columns ?? []).filter(allowsNull) : [];
      return nullable.length ? { what: `${kind} ${label} (NOT NULL)`, columns: nullable } : undefined;
    }
    case "CONSTR_EXCLUSION":
      return { what: `EXCLUDE ${label}`, columns: columnsRead(constraint.exclusions) };
  }
  return undefined;
}

/** NOT ENFORCED (PostgreSQL 18) CHECK and FOREIGN KEY: the parser leaves is_enforced unset; nothing is checked, now or later. */
function isNotEnforced(constraint: Constraint) {
  return constraint.is_enforced !== true;
}

export const restrictWrites: Rule = {
  id: "restrict-writes",
  check(node, context) {
    return existingTableCommands(node, context).flatMap(({ table, cmd }) => {
      const found = restriction(cmd, table, context.model);
      // Columns added by this migration: the running release does not write them.
      const written = found?.columns.filter((column) => !context.model.isNewColumn(table, column));
      if (!found || (found.columns.length > 0 && !written?.length)) return [];
      const columns = written?.length ? written.map((column) => show(table, column)).join(", ") : `columns of ${show(table)}`;
      return [
        {
          message:
            `Adds ${found.what} on ${columns}, which the running release writes: from this statement on, its inserts and updates that ` +
            `break it fail (NOT VALID only spares the rows already there). It restricts what the release still serving traffic may write.`,
          alternative:
            `Ship it in a contract migration (a line "-- db-check:phase contract"), once the release that only writes conforming values ` +
            `is live — or, in an expand migration, acknowledge it with the reason the running release already complies: ` +
            `-- db-check:allow restrict-writes reason: <since which release every write satisfies it>.`,
        },
      ];
    });
  },
};

export const validateUnderLock: Rule = {
  id: "validate-under-lock",
  check(node, context) {
    return existingTableCommands(node, context).flatMap(({ table, cmd }) => {
      if (cmd.subtype !== "AT_ValidateConstraint" || !cmd.name) return [];
      const lock = context.model.lockOn(table);
      // VALIDATE itself takes SHARE UPDATE EXCLUSIVE (4), which lets reads and writes through.
      if (!lock || lock.mode <= SHARE_UPDATE_EXCLUSIVE_LOCK) return [];
      const notValid = context.model.addedNotValid(table, cmd.name);
      return [
        {
          message:
            `Validates ${quote(cmd.name)} ${notValid ? "in the migration that added it NOT VALID" : `after the ${lock.by} earlier in this migration`}: ` +
            `a migration is one transaction, so the ${LOCK_MODES[lock.mode]} lock ${notValid ? "the ADD CONSTRAINT" : "it"} took on ${show(table)} ` +
            `is still held while VALIDATE scans every row — the very lock NOT VALID was meant to avoid.`,
          alternative:
            `Move the VALIDATE CONSTRAINT into a later migration (its own file), which takes only a SHARE UPDATE EXCLUSIVE lock: reads and ` +
            `writes continue during the scan.`,
        },
      ];
    });
  },
};

export const primaryKeyNullable: Rule = {
  id: "primary-key-nullable",
  check(node, context) {
    const { model, settings } = context;
    return existingTableCommands(node, context).flatMap(({ table, cmd }) => {
      const constraint = cmd.subtype === "AT_AddConstraint" && cmd.def && "Constraint" in cmd.def ? cmd.def.Constraint : undefined;
      if (constraint?.contype !== "CONSTR_PRIMARY" || !constraint.indexname) return [];
      const columns = model.indexColumns({ schema: table.schema, name: constraint.indexname });
      const proven = (column: string) => model.isNotNull(table, column) || (supportsCheckShortcut(settings) && model.hasValidatedNotNullCheck(table, column));
      const nullable = columns ? columns.filter((column) => !proven(column)) : undefined;
      if (nullable && nullable.length === 0) return [];
      const which = nullable ? nullable.map((column) => show(table, column)).join(", ") : `the columns of ${quote(constraint.indexname)}`;
      return [
        {
          message:
            `Adds PRIMARY KEY ${constraintLabel(constraint)} USING INDEX on ${which}, not known to be NOT NULL: PostgreSQL makes them NOT NULL ` +
            `first, scanning the whole table under an ACCESS EXCLUSIVE lock (the index was built CONCURRENTLY for nothing).`,
          alternative:
            `Make the columns NOT NULL first without a long lock (CHECK (… IS NOT NULL) NOT VALID, VALIDATE in a later migration, SET NOT NULL), ` +
            `then add the primary key USING INDEX.`,
        },
      ];
    });
  },
};

export const uniqueOnExistingData: Rule = {
  id: "unique-on-existing-data",
  check(node, context) {
    // Without CONCURRENTLY, create-index-non-concurrent speaks first; ADD CONSTRAINT … UNIQUE, add-unique-constraint.
    if (!("IndexStmt" in node) || !node.IndexStmt.unique || !node.IndexStmt.concurrent) return [];
    const table = relationName(node.IndexStmt.relation);
    if (context.model.isNew(table)) return [];
    const what = node.IndexStmt.idxname ? `unique index ${quote(node.IndexStmt.idxname)}` : "a unique index";
    return [
      {
        message:
          `Builds ${what} on ${show(table)}, whose existing rows may hold duplicates: then the build fails — and a failed CONCURRENTLY ` +
          `build leaves an INVALID index behind that still slows every write.`,
        alternative:
          `Look for duplicates first (SELECT <columns>, count(*) … GROUP BY <columns> HAVING count(*) > 1) and resolve them, ` +
          `make the running release stop writing them, then build the index; if a build fails, DROP INDEX CONCURRENTLY the INVALID index.`,
      },
    ];
  },
};

/**
 * ALTER DOMAIN … ADD CONSTRAINT, SET NOT NULL or VALIDATE CONSTRAINT: every column of the domain, in every table, is
 * checked under a SHARE lock on each table — VALIDATE too, unlike a table's (SHARE UPDATE EXCLUSIVE).
 */
function domainConstraintChecked(node: Node): Hit[] {
  if (!("AlterDomainStmt" in node)) return [];
  const { def, subtype, name } = node.AlterDomainStmt;
  const constraint = def && "Constraint" in def ? def.Constraint : undefined;
  const domain = show(listName(strings(node.AlterDomainStmt.typeName)));
  const tableChecks = `CHECK constraints on the tables instead (each NOT VALID, then VALIDATE CONSTRAINT in a later migration, which lets reads and writes through)`;
  if (subtype === "V" && name) {
    return [
      {
        message:
          `Validates ${quote(name)} of domain ${domain}: PostgreSQL checks every column of that domain, in every table, while holding a ` +
          `SHARE lock on each, blocking writes to them for the whole scan — unlike a table's VALIDATE CONSTRAINT.`,
        alternative: `There is no online way to validate a domain constraint: use ${tableChecks}, or validate it in a planned window.`,
      },
    ];
  }
  if (!(subtype === "C" && constraint) && subtype !== "O") return [];
  const what = constraint?.contype === "CONSTR_CHECK" ? `CHECK ${constraintLabel(constraint)}` : "NOT NULL";
  const validated = !constraint?.skip_validation;
  return [
    {
      message:
        `Adds ${what} to domain ${domain}: ` +
        (validated ? `PostgreSQL checks every column of that domain, in every table, while holding a SHARE lock on each, blocking writes to them; ` : "") +
        `and from now on the running release's writes to those columns that break it fail.`,
      alternative:
        `Prefer ${tableChecks} — validating a domain constraint later locks like this; ` +
        `ship it once the running release writes only conforming values (a contract migration), or acknowledge it with that reason.`,
    },
  ];
}

/**
 * A column of an existing table given a domain type whose values must pass constraints: PostgreSQL then rewrites the
 * table, passing every row through the domain's checks, under ACCESS EXCLUSIVE — for ALTER COLUMN … TYPE, and for
 * ADD COLUMN too (even without a default, NULL is checked against the domain). A domain without constraints is
 * its base type: creating one, or using it, costs nothing.
 */
function domainColumn({ table, cmd }: TableCommand, model: SchemaModel): Hit[] {
  const def = cmd.def && "ColumnDef" in cmd.def ? cmd.def.ColumnDef : undefined;
  const column = cmd.subtype === "AT_AlterColumnType" ? cmd.name : cmd.subtype === "AT_AddColumn" ? def?.colname : undefined;
  const type = columnType(def?.typeName);
  const constraints = column && type ? model.domainConstraints(type) : undefined;
  if (!constraints || !type) return [];
  const checks = constraints.map((name) => (name === DOMAIN_NOT_NULL ? name : name.startsWith("#") ? "an unnamed CHECK" : quote(name))).join(", ");
  const change =
    cmd.subtype === "AT_AddColumn"
      ? `Adds ${show(table, column)} of domain ${quote(type.name)}`
      : `Changes ${show(table, column)} to domain ${quote(type.name)}`;
  return [
    {
      message:
        `${change}, which has constraints (${checks}): PostgreSQL rewrites ${show(table)}, checking every row against them, while holding ` +
        `an ACCESS EXCLUSIVE lock that blocks every read and write until it finishes — and from then on the running release's writes ` +
        `to the column that break them fail.`,
      alternative:
        `Use the domain's base type (${showType(model.baseType(type) ?? type)}) for the column with CHECK constraints on the table (NOT VALID, then ` +
        `VALIDATE CONSTRAINT in a later migration), or a domain without constraints; a new table may use the domain freely.`,
    },
  ];
}

export const domainCheck: Rule = {
  id: "domain-check",
  check(node, context) {
    return [...domainConstraintChecked(node), ...existingTableCommands(node, context).flatMap((command) => domainColumn(command, context.model))];
  },
};
