// ADD COLUMN is instant when PostgreSQL can fill existing rows without touching them: NULL, or a
// default it evaluates once (constants, and STABLE or IMMUTABLE functions such as now() since PostgreSQL 11).
import type { ColumnDef, Constraint, FuncCall, Node } from "libpg-query";
import { isSerial } from "../column-types.ts";
import { CATALOGUE_VERSIONS, NON_VOLATILE_FUNCTIONS, VOLATILE_FUNCTIONS } from "../function-volatility.ts";
import type { SchemaModel } from "../schema-model.ts";
import { show, strings } from "../names.ts";
import { addedColumn, columnConstraints, existingTableCommands, type Rule } from "./rule.ts";

function isNullConstant(expr: Node | undefined) {
  return !expr || ("A_Const" in expr && expr.A_Const.isnull === true);
}

/** Fills existing rows with something else than NULL, so NOT NULL holds. */
function fillsRows(column: ColumnDef, constraints: Constraint[]) {
  const fills = (c: Constraint) =>
    (c.contype === "CONSTR_DEFAULT" && !isNullConstant(c.raw_expr)) || c.contype === "CONSTR_IDENTITY" || c.contype === "CONSTR_GENERATED";
  return isSerial(column.typeName) || constraints.some(fills);
}

export const addColumnNotNullWithoutDefault: Rule = {
  id: "add-column-not-null-without-default",
  check(node, context) {
    return existingTableCommands(node, context).flatMap(({ table, cmd }) => {
      const column = addedColumn(cmd);
      if (!column) return [];
      const constraints = columnConstraints(column);
      const notNull = constraints.some((c) => c.contype === "CONSTR_NOTNULL" || c.contype === "CONSTR_PRIMARY");
      // Emptied earlier in this migration (reported there as data loss), the table has no row to hold NULL.
      if (!notNull || fillsRows(column, constraints) || context.model.isEmpty(table)) return [];
      const name = show(table, column.colname);
      return [
        {
          message:
            `Adds ${name} as NOT NULL without a default: existing rows would hold NULL, so the migration fails ` +
            `("column … contains null values") on any database where ${show(table)} has rows — typically production.`,
          alternative:
            `Give it a constant default (NOT NULL DEFAULT <value> is instant since PostgreSQL 11; @default(…) in schema.prisma), ` +
            `or add it nullable, backfill it in batches, then make it NOT NULL without a long lock: ` +
            `CHECK (… IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT in a later migration, then SET NOT NULL.`,
        },
      ];
    });
  },
};

let catalogue: { volatile: Set<string>; nonVolatile: Set<string> } | undefined;

/**
 * Why PostgreSQL must call the function once per row, or undefined when it calls it once: the volatility a
 * migration declared for a function it created, else PostgreSQL's own catalogue (pg_proc.provolatile, shipped
 * in function-volatility.ts), else — a function db-check cannot see, from an extension or made by hand — volatile.
 */
function volatility(name: string, model: SchemaModel): string | undefined {
  const declared = model.declaredVolatility(name);
  if (declared !== undefined) return declared === "v" ? "declared VOLATILE by the migration that created it" : undefined;
  catalogue ??= { volatile: new Set(VOLATILE_FUNCTIONS.split(" ")), nonVolatile: new Set(NON_VOLATILE_FUNCTIONS.split(" ")) };
  if (catalogue.nonVolatile.has(name)) return undefined;
  return catalogue.volatile.has(name)
    ? `VOLATILE in PostgreSQL's catalogue (${CATALOGUE_VERSIONS})`
    : "not in PostgreSQL's catalogue nor created by a migration, so taken as VOLATILE";
}

function volatileCalls(expr: unknown, model: SchemaModel): string[] {
  if (Array.isArray(expr)) return expr.flatMap((item) => volatileCalls(item, model));
  if (typeof expr !== "object" || expr === null) return [];
  const calls = Object.values(expr).flatMap((value) => volatileCalls(value, model));
  if ("FuncCall" in expr) {
    const name = strings((expr.FuncCall as FuncCall).funcname).at(-1);
    const why = name && volatility(name, model);
    if (why) calls.unshift(`${name}() (${why})`);
  }
  return calls;
}

/** Why the new column's value has to be computed for every existing row, if it does. */
function perRowValue(column: ColumnDef, model: SchemaModel): string | undefined {
  if (isSerial(column.typeName)) return "a serial type, whose default nextval() gives every existing row its own value";
  for (const constraint of columnConstraints(column)) {
    if (constraint.contype === "CONSTR_IDENTITY") return "GENERATED … AS IDENTITY, which gives every existing row its own sequence value";
    if (constraint.contype === "CONSTR_GENERATED" && constraint.generated_kind === "s") {
      return "GENERATED ALWAYS AS (…) STORED, computed and stored for every existing row";
    }
    const [call] = constraint.contype === "CONSTR_DEFAULT" ? volatileCalls(constraint.raw_expr, model) : [];
    if (call) return `the volatile default ${call}, evaluated separately for every existing row`;
  }
  return undefined;
}

export const volatileDefault: Rule = {
  id: "volatile-default",
  check(node, context) {
    return existingTableCommands(node, context).flatMap(({ table, cmd }) => {
      const column = addedColumn(cmd);
      const why = column && perRowValue(column, context.model);
      if (!column || !why) return [];
      return [
        {
          message:
            `Adds ${show(table, column.colname)} with ${why}: PostgreSQL rewrites the whole table and its indexes ` +
            `under an ACCESS EXCLUSIVE lock, blocking every read and write on ${show(table)} until it finishes.`,
          alternative:
            `Add the column without it (nullable, or with a constant default), then ALTER COLUMN … SET DEFAULT … in a separate ` +
            `statement (it applies to new rows only, no rewrite), backfill existing rows in batches, and enforce NOT NULL with the ` +
            `CHECK … NOT VALID / VALIDATE / SET NOT NULL steps if needed. A generated value can be computed by the application instead.`,
        },
      ];
    });
  },
};
