// A lightweight model of the tables the migrations create, replayed statement by statement: enough
// to know a column's type before ALTER COLUMN … TYPE, whether a table was created by the migration
// being checked, and which NOT NULL checks are validated. Anything it does not model is "unknown",
// and the rules treat unknown as dangerous.
import type { AlterTableCmd, Constraint, Node } from "libpg-query";
import { columnType, type ColumnType } from "./column-types.ts";
import { key, listName, relationName, strings, type QualifiedName } from "./names.ts";

interface Table {
  columns: Map<string, ColumnType | undefined>;
  /** The migration that created it (undefined: created outside the migrations we saw). */
  createdIn: Migration | undefined;
  /** CHECK (column IS NOT NULL) constraints by name, which let SET NOT NULL skip its scan once validated. */
  notNullChecks: Map<string, { column: string; validated: boolean }>;
}

/** A migration's identity: only compared, never read. */
type Migration = object;

export class SchemaModel {
  readonly #tables = new Map<string, Table>();
  /** Index → the table it belongs to (an index lives in its table's schema). */
  readonly #indexes = new Map<string, QualifiedName>();
  #migration: Migration | undefined;

  /** Statements applied from now on belong to a new migration. */
  startMigration() {
    this.#migration = {};
  }

  /** Created by the migration being applied: no deployed code uses it yet and it holds no data. */
  isNew(table: QualifiedName) {
    const createdIn = this.#tables.get(key(table))?.createdIn;
    return createdIn !== undefined && createdIn === this.#migration;
  }

  columnType(table: QualifiedName, column: string): ColumnType | undefined {
    return this.#tables.get(key(table))?.columns.get(column);
  }

  hasValidatedNotNullCheck(table: QualifiedName, column: string) {
    const checks = this.#tables.get(key(table))?.notNullChecks.values() ?? [];
    return [...checks].some((check) => check.column === column && check.validated);
  }

  indexTable(index: QualifiedName): QualifiedName | undefined {
    return this.#indexes.get(key(index));
  }

  apply(node: Node) {
    if ("CreateStmt" in node) {
      const { relation, tableElts, if_not_exists } = node.CreateStmt;
      const name = relationName(relation);
      if (if_not_exists && this.#tables.has(key(name))) return;
      const table = this.#create(name);
      for (const element of tableElts ?? []) {
        if ("ColumnDef" in element && element.ColumnDef.colname) {
          table.columns.set(element.ColumnDef.colname, columnType(element.ColumnDef.typeName));
        }
      }
    } else if ("CreateTableAsStmt" in node && node.CreateTableAsStmt.objtype === "OBJECT_TABLE") {
      this.#create(relationName(node.CreateTableAsStmt.into?.rel)); // its columns stay unknown
    } else if ("AlterTableStmt" in node && node.AlterTableStmt.objtype === "OBJECT_TABLE") {
      const table = this.#table(relationName(node.AlterTableStmt.relation));
      for (const cmd of node.AlterTableStmt.cmds ?? []) if ("AlterTableCmd" in cmd) alterTable(table, cmd.AlterTableCmd);
    } else if ("RenameStmt" in node) {
      const { renameType, relation, subname, newname } = node.RenameStmt;
      const from = relationName(relation);
      if (!newname) return;
      if (renameType === "OBJECT_TABLE") this.#renameTable(from, { schema: from.schema, name: newname });
      else if (renameType === "OBJECT_INDEX") this.#renameIndex(from, newname);
      else if (renameType === "OBJECT_COLUMN" && subname) {
        const columns = this.#tables.get(key(from))?.columns;
        if (columns?.has(subname)) columns.set(newname, columns.get(subname));
        columns?.delete(subname);
      }
    } else if ("DropStmt" in node) {
      const { removeType, objects } = node.DropStmt;
      for (const object of objects ?? []) {
        if (!("List" in object)) continue;
        const name = listName(strings(object.List.items));
        if (removeType === "OBJECT_TABLE") this.#dropTable(name);
        else if (removeType === "OBJECT_INDEX") this.#indexes.delete(key(name));
      }
    } else if ("IndexStmt" in node && node.IndexStmt.idxname) {
      const table = relationName(node.IndexStmt.relation);
      this.#indexes.set(key({ schema: table.schema, name: node.IndexStmt.idxname }), table);
    }
  }

  #create(name: QualifiedName): Table {
    this.#dropTable(name);
    const table: Table = { columns: new Map(), createdIn: this.#migration, notNullChecks: new Map() };
    this.#tables.set(key(name), table);
    return table;
  }

  /** A table the migrations did not create (made by hand or by an extension): modelled from here on. */
  #table(name: QualifiedName): Table {
    const existing = this.#tables.get(key(name));
    if (existing) return existing;
    const table: Table = { columns: new Map(), createdIn: undefined, notNullChecks: new Map() };
    this.#tables.set(key(name), table);
    return table;
  }

  #dropTable(name: QualifiedName) {
    this.#tables.delete(key(name));
    for (const [index, table] of this.#indexes) if (key(table) === key(name)) this.#indexes.delete(index);
  }

  #renameTable(from: QualifiedName, to: QualifiedName) {
    const table = this.#tables.get(key(from));
    this.#tables.delete(key(from));
    if (table) this.#tables.set(key(to), table);
    for (const [index, owner] of this.#indexes) if (key(owner) === key(from)) this.#indexes.set(index, to);
  }

  #renameIndex(from: QualifiedName, to: string) {
    const table = this.#indexes.get(key(from));
    this.#indexes.delete(key(from));
    if (table) this.#indexes.set(key({ schema: from.schema, name: to }), table);
  }
}

function alterTable(table: Table, cmd: AlterTableCmd) {
  const def = cmd.def;
  switch (cmd.subtype) {
    case "AT_AddColumn":
      if (def && "ColumnDef" in def && def.ColumnDef.colname) table.columns.set(def.ColumnDef.colname, columnType(def.ColumnDef.typeName));
      break;
    case "AT_AlterColumnType":
      if (def && "ColumnDef" in def && cmd.name) table.columns.set(cmd.name, columnType(def.ColumnDef.typeName));
      break;
    case "AT_DropColumn":
      if (cmd.name) table.columns.delete(cmd.name);
      break;
    case "AT_AddConstraint": {
      const constraint = def && "Constraint" in def ? def.Constraint : undefined;
      const column = constraint && notNullCheckColumn(constraint);
      if (column && constraint.conname) table.notNullChecks.set(constraint.conname, { column, validated: !constraint.skip_validation });
      break;
    }
    case "AT_ValidateConstraint": {
      const check = cmd.name ? table.notNullChecks.get(cmd.name) : undefined;
      if (check) check.validated = true;
      break;
    }
    case "AT_DropConstraint":
      if (cmd.name) table.notNullChecks.delete(cmd.name);
      break;
  }
}

/** The column of a `CHECK (column IS NOT NULL)` constraint. */
function notNullCheckColumn(constraint: Constraint): string | undefined {
  const expr = constraint.raw_expr;
  if (constraint.contype !== "CONSTR_CHECK" || !expr || !("NullTest" in expr)) return undefined;
  if (expr.NullTest.nulltesttype !== "IS_NOT_NULL") return undefined;
  const arg = expr.NullTest.arg;
  const fields = arg && "ColumnRef" in arg ? strings(arg.ColumnRef.fields) : [];
  return fields.length === 1 ? fields[0] : undefined;
}
