// A lightweight model of the tables the migrations create, replayed statement by statement: enough
// to know a column's type before ALTER COLUMN … TYPE, whether a table was created by the migration
// being checked, and which NOT NULL checks are validated. It also knows what the migration being
// applied has done so far — columns it added or dropped, tables it emptied or locked, enums as they
// were when it started — because a statement's danger depends on it: dropping a column added three
// lines above harms no one. Anything it does not model is "unknown", and the rules treat unknown as
// dangerous.
import type { AlterTableCmd, Constraint, Node, RangeVar, RenameStmt } from "libpg-query";
import { columnType, type ColumnType } from "./column-types.ts";
import { key, listName, relationName, strings, type QualifiedName } from "./names.ts";

interface Table {
  columns: Map<string, ColumnType | undefined>;
  /** Created with its column list (CREATE TABLE), so a column missing from it does not exist. */
  columnsKnown: boolean;
  /** The migration that created it (undefined: created outside the migrations we saw). */
  createdIn: Migration | undefined;
  /** Columns declared NOT NULL (or PRIMARY KEY). */
  notNull: Set<string>;
  /**
   * CHECK and NOT NULL constraints by name, with the columns they read: a validated CHECK (column IS
   * NOT NULL), or NOT NULL constraint, lets SET NOT NULL skip its scan (PostgreSQL 12+), and a type
   * change re-checks every CHECK on the column.
   */
  checks: Map<string, TableCheck>;
  /** PARTITION BY: the parent of partitions, which holds no rows itself. */
  partitioned: boolean;
}

interface TableCheck {
  columns: string[];
  /** The column a `CHECK (column IS NOT NULL)` or a NOT NULL constraint proves non-null. */
  notNullColumn: string | undefined;
  validated: boolean;
}

interface Index {
  table: QualifiedName;
  /** Its plain columns in order; undefined when one is an expression. */
  columns: string[] | undefined;
}

/** What the migration being applied has done so far. Keys are key(table) or `${key(table)}.${column}`. */
class Migration {
  readonly addedColumns = new Set<string>();
  /** Columns that existed before the migration and that it dropped, with their type. */
  readonly droppedColumns = new Map<string, ColumnType | undefined>();
  /** Tables it emptied (DELETE without WHERE, TRUNCATE) and has not filled since. */
  readonly emptiedTables = new Set<string>();
  /** The strongest table lock it took on each table, which it holds until it commits. */
  readonly locks = new Map<string, TableLock>();
  /** Enums it renamed, with the name each had when it started: an enum created under that name takes it over. */
  readonly enumNamesAtStart = new Map<Enum, string>();
  /** Values it added to enums that existed before it: unusable until it commits. key(enum) → values. */
  readonly addedEnumValues = new Map<string, Set<string>>();
  /** Constraints it added NOT VALID, as `${key(table)}.${name}`. */
  readonly notValidConstraints = new Set<string>();
  /** Views, functions and sequences it created, by `${kind} ${key(name)}`. */
  readonly createdObjects = new Set<string>();
  /** A SET lock_timeout ran earlier in it. */
  lockTimeoutSet = false;
  /** A SET statement_timeout ran earlier in it. */
  statementTimeoutSet = false;
}

export interface TableLock {
  /** PostgreSQL's lock mode number (pg_locks order): 5 SHARE … 8 ACCESS EXCLUSIVE. */
  mode: number;
  /** The statement kind that took it, e.g. "ALTER TABLE". */
  by: string;
}

/** The LOCK modes, by number (LockStmt.mode). */
export const LOCK_MODES = [
  "",
  "ACCESS SHARE",
  "ROW SHARE",
  "ROW EXCLUSIVE",
  "SHARE UPDATE EXCLUSIVE",
  "SHARE",
  "SHARE ROW EXCLUSIVE",
  "EXCLUSIVE",
  "ACCESS EXCLUSIVE",
] as const;
export const SHARE_UPDATE_EXCLUSIVE_LOCK = 4;
export const SHARE_LOCK = 5;
export const ACCESS_EXCLUSIVE_LOCK = 8;

// ALTER TABLE subcommands that take less than ACCESS EXCLUSIVE (PostgreSQL's AlterTableGetLockLevel).
const WEAKER_ALTER_TABLE_LOCKS: Partial<Record<string, number>> = {
  AT_ValidateConstraint: 4,
  AT_SetStatistics: 4,
  AT_SetOptions: 4,
  AT_ResetOptions: 4,
  AT_SetRelOptions: 4,
  AT_ResetRelOptions: 4,
  AT_ClusterOn: 4,
  AT_DropCluster: 4,
  AT_AttachPartition: 4,
  AT_EnableTrig: 6,
  AT_DisableTrig: 6,
  AT_EnableTrigAll: 6,
  AT_DisableTrigAll: 6,
  AT_EnableTrigUser: 6,
  AT_DisableTrigUser: 6,
};

export function alterTableLock(cmd: AlterTableCmd) {
  const foreignKey = cmd.subtype === "AT_AddConstraint" && cmd.def && "Constraint" in cmd.def && cmd.def.Constraint.contype === "CONSTR_FOREIGN";
  return foreignKey ? 6 : (WEAKER_ALTER_TABLE_LOCKS[cmd.subtype ?? ""] ?? ACCESS_EXCLUSIVE_LOCK);
}

/** A domain: its base type, and the constraints (CHECK, NOT NULL) every value must pass. */
interface Domain {
  base: ColumnType | undefined;
  /** Constraint names (a generated key for an unnamed one); inherited ones come through `base`. */
  constraints: Set<string>;
}

interface Enum {
  values: string[];
  /** The migration that created it (undefined: an earlier one). */
  createdIn: Migration | undefined;
}

export class SchemaModel {
  readonly #tables = new Map<string, Table>();
  /** Index → the table it belongs to (an index lives in its table's schema). */
  readonly #indexes = new Map<string, Index>();
  /** Functions created by the migrations, by name (schema left out), with their declared volatility: i, s or v. */
  readonly #functions = new Map<string, string>();
  readonly #enums = new Map<string, Enum>();
  readonly #domains = new Map<string, Domain>();
  /** Temporary tables: gone when the session that applied their migration ends. */
  readonly #temporary = new Set<string>();
  #migration = new Migration();

  /** Statements applied from now on belong to a new migration. */
  startMigration() {
    this.#migration = new Migration();
    for (const name of this.#temporary) this.#tables.delete(name);
    this.#temporary.clear();
  }

  /** Created by the migration being applied (temporary tables included): no deployed code uses it yet and it holds no data. */
  isNew(table: QualifiedName) {
    const createdIn = this.#tables.get(key(table))?.createdIn;
    return createdIn !== undefined && createdIn === this.#migration;
  }

  /** Holds no rows at this point of the migration: new, or emptied by it. */
  isEmpty(table: QualifiedName) {
    return this.isNew(table) || this.#migration.emptiedTables.has(key(table));
  }

  /** Seen in the history (created, or changed) — false for a name no migration ever used. */
  knowsTable(table: QualifiedName) {
    return this.#tables.has(key(table));
  }

  /** False only when the table's full column list is known and lacks it. */
  mayHaveColumn(table: QualifiedName, column: string) {
    const known = this.#tables.get(key(table));
    return !known?.columnsKnown || known.columns.has(column);
  }

  /** Added by the migration being applied: no deployed code knows it. */
  isNewColumn(table: QualifiedName, column: string) {
    return this.#migration.addedColumns.has(`${key(table)}.${column}`);
  }

  /** An existing column of this name that the migration being applied dropped: its type (or undefined) and true. */
  droppedColumn(table: QualifiedName, column: string): { type: ColumnType | undefined } | undefined {
    const name = `${key(table)}.${column}`;
    return this.#migration.droppedColumns.has(name) ? { type: this.#migration.droppedColumns.get(name) } : undefined;
  }

  /** The strongest lock the migration being applied holds on the table so far. */
  lockOn(table: QualifiedName): TableLock | undefined {
    return this.#migration.locks.get(key(table));
  }

  isNewEnum(type: QualifiedName) {
    const createdIn = this.#enums.get(key(type))?.createdIn;
    return createdIn !== undefined && createdIn === this.#migration;
  }

  /** An enum created by an earlier migration: its values, and the enum now holding the name it had when this migration started. */
  existingEnum(type: QualifiedName): { values: string[]; successor: string[] | undefined } | undefined {
    const found = this.#enums.get(key(type));
    if (!found || found.createdIn === this.#migration) return undefined;
    const holder = this.#enums.get(this.#migration.enumNamesAtStart.get(found) ?? key(type));
    return { values: found.values, successor: holder && holder !== found ? holder.values : undefined };
  }

  /** The table's columns, when its full column list is known. */
  columnNames(table: QualifiedName): string[] | undefined {
    const known = this.#tables.get(key(table));
    return known?.columnsKnown ? [...known.columns.keys()] : undefined;
  }

  columnType(table: QualifiedName, column: string): ColumnType | undefined {
    return this.#tables.get(key(table))?.columns.get(column);
  }

  hasValidatedNotNullCheck(table: QualifiedName, column: string) {
    const checks = this.#tables.get(key(table))?.checks.values() ?? [];
    return [...checks].some((check) => check.notNullColumn === column && check.validated);
  }

  /** Has a CHECK (column IS NOT NULL) or NOT NULL constraint, validated or not (it refuses NULL writes either way). */
  hasNotNullCheck(table: QualifiedName, column: string) {
    return [...(this.#tables.get(key(table))?.checks.values() ?? [])].some((check) => check.notNullColumn === column);
  }

  /** Declared NOT NULL (or PRIMARY KEY) by the migrations. */
  isNotNull(table: QualifiedName, column: string) {
    return this.#tables.get(key(table))?.notNull.has(column) ?? false;
  }

  /** The names of the CHECK constraints that read the column (NOT NULL ones aside). */
  checksOn(table: QualifiedName, column: string): string[] {
    const checks = this.#tables.get(key(table))?.checks ?? new Map<string, TableCheck>();
    return [...checks].filter(([, check]) => !check.notNullColumn && check.columns.includes(column)).map(([name]) => name);
  }

  /** Has a validated CHECK constraint (other than IS NOT NULL), such as the one that lets ATTACH PARTITION skip its scan. */
  hasValidatedCheck(table: QualifiedName) {
    return [...(this.#tables.get(key(table))?.checks.values() ?? [])].some((check) => !check.notNullColumn && check.validated);
  }

  isPartitioned(table: QualifiedName) {
    return this.#tables.get(key(table))?.partitioned ?? false;
  }

  indexTable(index: QualifiedName): QualifiedName | undefined {
    return this.#indexes.get(key(index))?.table;
  }

  indexColumns(index: QualifiedName): string[] | undefined {
    return this.#indexes.get(key(index))?.columns;
  }

  /** Whether the migration being applied added this constraint NOT VALID. */
  addedNotValid(table: QualifiedName, constraint: string) {
    return this.#migration.notValidConstraints.has(`${key(table)}.${constraint}`);
  }

  /** The values this migration added to an enum that existed before it. */
  addedEnumValues(): ReadonlyMap<string, ReadonlySet<string>> {
    return this.#migration.addedEnumValues;
  }

  /** Created by the migration being applied: `kind` is the DropStmt removeType, e.g. OBJECT_VIEW. */
  createdHere(kind: string, name: QualifiedName) {
    return this.#migration.createdObjects.has(`${kind} ${key(name)}`);
  }

  /** For a domain whose values must pass constraints (its own or its base domain's): their names, else undefined. */
  domainConstraints(type: ColumnType | undefined): string[] | undefined {
    const names: string[] = [];
    for (let domain = this.#domain(type); domain; domain = this.#domain(domain.base)) names.push(...domain.constraints);
    return names.length ? names : undefined;
  }

  /** The type itself, or for a domain the type it is built on (followed through domains of domains). */
  baseType(type: ColumnType | undefined): ColumnType | undefined {
    for (let domain = this.#domain(type); domain; domain = this.#domain(type)) type = domain.base;
    return type;
  }

  #domain(type: ColumnType | undefined) {
    return type && !type.array ? this.#domains.get(key(listName(type.name.split(".")))) : undefined;
  }

  /** The volatility a migration declared for a function of this name (i, s or v), if one created it. */
  declaredVolatility(name: string) {
    return this.#functions.get(name);
  }

  /** The migration being applied holds a lock on some existing table that blocks writes (SHARE or stronger). */
  holdsBlockingLock() {
    return [...this.#migration.locks].some(([table, lock]) => lock.mode >= SHARE_LOCK && this.#tables.get(table)?.createdIn !== this.#migration);
  }

  /** A SET lock_timeout ran earlier in the migration being applied. */
  get lockTimeoutSet() {
    return this.#migration.lockTimeoutSet;
  }

  /** A SET statement_timeout ran earlier in the migration being applied. */
  get statementTimeoutSet() {
    return this.#migration.statementTimeoutSet;
  }

  apply(node: Node) {
    if ("CreateStmt" in node) {
      const { relation, tableElts, if_not_exists, inhRelations, partbound, ofTypename, partspec } = node.CreateStmt;
      const name = relationName(relation);
      if (if_not_exists && this.#tables.has(key(name))) return;
      const table = this.#create(relation);
      // LIKE, INHERITS, PARTITION OF and OF <type> bring columns the statement does not list.
      const borrowsColumns = (tableElts ?? []).some((element) => "TableLikeClause" in element) || !!inhRelations?.length || !!partbound || !!ofTypename;
      table.columnsKnown = !borrowsColumns;
      table.partitioned = !!partspec;
      for (const element of tableElts ?? []) {
        if ("ColumnDef" in element && element.ColumnDef.colname) {
          const { colname, typeName, constraints } = element.ColumnDef;
          table.columns.set(colname, columnType(typeName));
          for (const constraint of constraints ?? []) if ("Constraint" in constraint) addConstraint(table, constraint.Constraint, colname);
        } else if ("Constraint" in element) {
          addConstraint(table, element.Constraint);
        }
      }
    } else if ("CreateTableAsStmt" in node && node.CreateTableAsStmt.objtype === "OBJECT_TABLE") {
      this.#create(node.CreateTableAsStmt.into?.rel); // its columns stay unknown
    } else if ("SelectStmt" in node && node.SelectStmt.intoClause) {
      this.#create(node.SelectStmt.intoClause.rel); // SELECT … INTO creates a table like CREATE TABLE … AS
    } else if ("AlterTableStmt" in node && node.AlterTableStmt.objtype === "OBJECT_TABLE") {
      const name = relationName(node.AlterTableStmt.relation);
      const table = this.#table(name);
      const cmds = (node.AlterTableStmt.cmds ?? []).flatMap((cmd) => ("AlterTableCmd" in cmd ? [cmd.AlterTableCmd] : []));
      for (const cmd of cmds) this.#alterTable(name, table, cmd);
      if (cmds.length) this.#lock(name, Math.max(...cmds.map(alterTableLock)), "ALTER TABLE");
    } else if ("RenameStmt" in node) {
      this.#rename(node.RenameStmt);
    } else if ("DropStmt" in node) {
      const { removeType, objects } = node.DropStmt;
      for (const object of objects ?? []) {
        if (removeType === "OBJECT_TYPE" && "TypeName" in object) this.#enums.delete(key(listName(strings(object.TypeName.names))));
        if (removeType === "OBJECT_DOMAIN" && "TypeName" in object) this.#domains.delete(key(listName(strings(object.TypeName.names))));
        if (!("List" in object)) continue;
        const name = listName(strings(object.List.items));
        if (removeType === "OBJECT_TABLE") this.#dropTable(name);
        else if (removeType === "OBJECT_INDEX") this.#indexes.delete(key(name));
      }
    } else if ("CreateDomainStmt" in node) {
      const { domainname, typeName, constraints } = node.CreateDomainStmt;
      const domain: Domain = { base: columnType(typeName), constraints: new Set() };
      for (const constraint of constraints ?? []) if ("Constraint" in constraint) addDomainConstraint(domain, constraint.Constraint);
      this.#domains.set(key(listName(strings(domainname))), domain);
    } else if ("AlterDomainStmt" in node) {
      const { subtype, typeName, name, def } = node.AlterDomainStmt;
      const domain = this.#domains.get(key(listName(strings(typeName))));
      if (!domain) return;
      // C: ADD CONSTRAINT, O: SET NOT NULL, X: DROP CONSTRAINT, N: DROP NOT NULL.
      if (subtype === "C" && def && "Constraint" in def) addDomainConstraint(domain, def.Constraint);
      else if (subtype === "O") domain.constraints.add(DOMAIN_NOT_NULL);
      else if (subtype === "X" && name) domain.constraints.delete(name);
      else if (subtype === "N") domain.constraints.delete(DOMAIN_NOT_NULL);
    } else if ("CreateEnumStmt" in node) {
      const name = key(listName(strings(node.CreateEnumStmt.typeName)));
      this.#enums.set(name, { values: strings(node.CreateEnumStmt.vals), createdIn: this.#migration });
    } else if ("AlterEnumStmt" in node) {
      const { typeName, oldVal, newVal, newValNeighbor, newValIsAfter } = node.AlterEnumStmt;
      const type = listName(strings(typeName));
      if (newVal && !oldVal && !this.isNewEnum(type)) {
        this.#migration.addedEnumValues.set(key(type), (this.#migration.addedEnumValues.get(key(type)) ?? new Set()).add(newVal));
      }
      const values = this.#enums.get(key(type))?.values;
      if (!values || !newVal) return;
      if (oldVal) values.splice(values.indexOf(oldVal), 1, newVal);
      else if (!values.includes(newVal)) {
        const neighbour = newValNeighbor ? values.indexOf(newValNeighbor) : -1;
        values.splice(neighbour === -1 ? values.length : neighbour + (newValIsAfter ? 1 : 0), 0, newVal);
      }
    } else if ("TruncateStmt" in node) {
      for (const relation of node.TruncateStmt.relations ?? []) {
        if ("RangeVar" in relation) this.#migration.emptiedTables.add(key(relationName(relation.RangeVar)));
      }
    } else if ("DeleteStmt" in node && !node.DeleteStmt.whereClause && !node.DeleteStmt.usingClause) {
      this.#migration.emptiedTables.add(key(relationName(node.DeleteStmt.relation)));
    } else if ("InsertStmt" in node) {
      this.#migration.emptiedTables.delete(key(relationName(node.InsertStmt.relation)));
    } else if ("CopyStmt" in node && node.CopyStmt.is_from) {
      this.#migration.emptiedTables.delete(key(relationName(node.CopyStmt.relation)));
    } else if ("LockStmt" in node) {
      for (const relation of node.LockStmt.relations ?? []) {
        if ("RangeVar" in relation) this.#lock(relationName(relation.RangeVar), node.LockStmt.mode ?? ACCESS_EXCLUSIVE_LOCK, "LOCK TABLE");
      }
    } else if ("IndexStmt" in node && node.IndexStmt.idxname) {
      const table = relationName(node.IndexStmt.relation);
      const elements = (node.IndexStmt.indexParams ?? []).map((param) => ("IndexElem" in param ? param.IndexElem.name : undefined));
      const columns = elements.every((column) => column !== undefined) ? (elements as string[]) : undefined;
      this.#indexes.set(key({ schema: table.schema, name: node.IndexStmt.idxname }), { table, columns });
      if (!node.IndexStmt.concurrent) this.#lock(table, SHARE_LOCK, "CREATE INDEX");
    } else if ("AlterObjectSchemaStmt" in node && node.AlterObjectSchemaStmt.objectType === "OBJECT_TABLE" && node.AlterObjectSchemaStmt.newschema) {
      const from = relationName(node.AlterObjectSchemaStmt.relation);
      this.#renameTable(from, { schema: node.AlterObjectSchemaStmt.newschema, name: from.name });
      this.#lock({ schema: node.AlterObjectSchemaStmt.newschema, name: from.name }, ACCESS_EXCLUSIVE_LOCK, "ALTER TABLE … SET SCHEMA");
    } else if ("ViewStmt" in node) {
      this.#migration.createdObjects.add(`OBJECT_VIEW ${key(relationName(node.ViewStmt.view))}`);
    } else if ("CreateTableAsStmt" in node && node.CreateTableAsStmt.objtype === "OBJECT_MATVIEW") {
      this.#migration.createdObjects.add(`OBJECT_MATVIEW ${key(relationName(node.CreateTableAsStmt.into?.rel))}`);
    } else if ("CreateSeqStmt" in node) {
      this.#migration.createdObjects.add(`OBJECT_SEQUENCE ${key(relationName(node.CreateSeqStmt.sequence))}`);
    } else if ("CreateFunctionStmt" in node) {
      const { funcname, is_procedure, options } = node.CreateFunctionStmt;
      const name = listName(strings(funcname));
      this.#migration.createdObjects.add(`${is_procedure ? "OBJECT_PROCEDURE" : "OBJECT_FUNCTION"} ${key(name)}`);
      this.#functions.set(name.name, declaredVolatility(options));
    } else if ("VariableSetStmt" in node && node.VariableSetStmt.name === "lock_timeout") {
      this.#migration.lockTimeoutSet = true;
    } else if ("VariableSetStmt" in node && node.VariableSetStmt.name === "statement_timeout") {
      this.#migration.statementTimeoutSet = true;
    }
  }

  #create(relation: RangeVar | undefined): Table {
    const name = relationName(relation);
    // Only a table the model knows can have indexes to forget: skips a scan of every index per CREATE TABLE.
    if (this.#tables.has(key(name))) this.#dropTable(name);
    const table: Table = { ...emptyTable(), createdIn: this.#migration };
    this.#tables.set(key(name), table);
    if (relation?.relpersistence === "t") this.#temporary.add(key(name));
    else this.#temporary.delete(key(name));
    return table;
  }

  /** A table the migrations did not create (made by hand or by an extension): modelled from here on. */
  #table(name: QualifiedName): Table {
    const existing = this.#tables.get(key(name));
    if (existing) return existing;
    const table = emptyTable();
    this.#tables.set(key(name), table);
    return table;
  }

  #lock(table: QualifiedName, mode: number, by: string) {
    if ((this.lockOn(table)?.mode ?? 0) < mode) this.#migration.locks.set(key(table), { mode, by });
  }

  #rename({ renameType, relation, object, subname, newname }: RenameStmt) {
    if (!newname) return;
    const from = relationName(relation);
    if (renameType === "OBJECT_TABLE") {
      this.#renameTable(from, { schema: from.schema, name: newname });
      this.#lock({ schema: from.schema, name: newname }, ACCESS_EXCLUSIVE_LOCK, "ALTER TABLE … RENAME");
    } else if (renameType === "OBJECT_INDEX") this.#renameIndex(from, newname);
    else if (renameType === "OBJECT_COLUMN" && subname) {
      const columns = this.#tables.get(key(from))?.columns;
      if (columns?.has(subname)) columns.set(newname, columns.get(subname));
      columns?.delete(subname);
      const added = this.#migration.addedColumns;
      if (added.delete(`${key(from)}.${subname}`)) added.add(`${key(from)}.${newname}`);
      this.#lock(from, ACCESS_EXCLUSIVE_LOCK, "ALTER TABLE … RENAME COLUMN");
    } else if (renameType === "OBJECT_TYPE" && object && "List" in object) {
      const type = listName(strings(object.List.items));
      const found = this.#enums.get(key(type));
      this.#enums.delete(key(type));
      if (!found) return;
      this.#enums.set(key({ schema: type.schema, name: newname }), found);
      // Recorded on its first rename only; nothing is recorded at the start of a migration, which would
      // cost a pass over every enum of the history per migration.
      if (!this.#migration.enumNamesAtStart.has(found)) this.#migration.enumNamesAtStart.set(found, key(type));
    }
  }

  #alterTable(name: QualifiedName, table: Table, cmd: AlterTableCmd) {
    const column = `${key(name)}.${cmd.name}`;
    if (cmd.subtype === "AT_DropColumn" && cmd.name && !this.#migration.addedColumns.delete(column) && table.columns.has(cmd.name)) {
      this.#migration.droppedColumns.set(column, table.columns.get(cmd.name));
    }
    const def = cmd.def;
    if (cmd.subtype === "AT_AddColumn" && def && "ColumnDef" in def && def.ColumnDef.colname) {
      this.#migration.addedColumns.add(`${key(name)}.${def.ColumnDef.colname}`);
    }
    if (cmd.subtype === "AT_AddConstraint" && def && "Constraint" in def && def.Constraint.skip_validation && def.Constraint.conname) {
      this.#migration.notValidConstraints.add(`${key(name)}.${def.Constraint.conname}`);
    }
    alterTable(table, cmd, this.#indexes, name.schema);
  }

  #dropTable(name: QualifiedName) {
    this.#tables.delete(key(name));
    for (const [index, { table }] of this.#indexes) if (key(table) === key(name)) this.#indexes.delete(index);
  }

  #renameTable(from: QualifiedName, to: QualifiedName) {
    const table = this.#tables.get(key(from));
    this.#tables.delete(key(from));
    if (table) this.#tables.set(key(to), table);
    for (const index of this.#indexes.values()) if (key(index.table) === key(from)) index.table = to;
  }

  #renameIndex(from: QualifiedName, to: string) {
    const index = this.#indexes.get(key(from));
    this.#indexes.delete(key(from));
    if (index) this.#indexes.set(key({ schema: from.schema, name: to }), index);
  }
}

function emptyTable(): Table {
  return { columns: new Map(), columnsKnown: false, createdIn: undefined, notNull: new Set(), checks: new Map(), partitioned: false };
}

/** The key of a domain's NOT NULL (SET NOT NULL and DROP NOT NULL name none); unnamed CHECKs get "#<n>". */
export const DOMAIN_NOT_NULL = "NOT NULL";

/** Records a domain's CHECK or NOT NULL constraint (NULL and DEFAULT restrict nothing). */
function addDomainConstraint(domain: Domain, constraint: Constraint) {
  if (constraint.contype === "CONSTR_NOTNULL") domain.constraints.add(DOMAIN_NOT_NULL);
  else if (constraint.contype === "CONSTR_CHECK") domain.constraints.add(constraint.conname ?? `#${domain.constraints.size + 1}`);
}

/** The volatility a CREATE FUNCTION declares: i, s or v (PostgreSQL's default, VOLATILE). */
function declaredVolatility(options: readonly Node[] | undefined) {
  for (const option of options ?? []) {
    if ("DefElem" in option && option.DefElem.defname === "volatility" && option.DefElem.arg && "String" in option.DefElem.arg) {
      return (option.DefElem.arg.String.sval ?? "volatile")[0]!;
    }
  }
  return "v";
}

/** The column names an expression reads. */
export function columnsRead(expr: unknown, found: string[] = []): string[] {
  if (Array.isArray(expr)) {
    for (const item of expr) columnsRead(item, found);
  } else if (typeof expr === "object" && expr !== null) {
    if ("ColumnRef" in expr) {
      const column = strings((expr.ColumnRef as { fields?: Node[] }).fields).at(-1);
      if (column && !found.includes(column)) found.push(column);
    }
    for (const value of Object.values(expr)) columnsRead(value, found);
  }
  return found;
}

/** Records a CHECK, NOT NULL or PRIMARY KEY constraint; `column` when it is written on a column. */
function addConstraint(table: Table, constraint: Constraint, column?: string, indexes?: Map<string, Index>, schema?: string) {
  const validated = !constraint.skip_validation;
  // An unnamed constraint gets a key of its own (PostgreSQL names it; VALIDATE or DROP would use that name).
  const name = constraint.conname ?? `#${table.checks.size + 1}`;
  switch (constraint.contype) {
    case "CONSTR_NOTNULL": {
      const target = column ?? strings(constraint.keys)[0];
      if (!target) return;
      if (validated) table.notNull.add(target);
      if (!column) table.checks.set(name, { columns: [target], notNullColumn: target, validated });
      return;
    }
    case "CONSTR_PRIMARY": {
      const index = constraint.indexname && indexes?.get(key({ schema: schema ?? "public", name: constraint.indexname }));
      for (const key of column ? [column] : index ? (index.columns ?? []) : strings(constraint.keys)) table.notNull.add(key);
      return;
    }
    case "CONSTR_CHECK": {
      const notNullColumn = notNullCheckColumn(constraint);
      table.checks.set(name, { columns: column ? [column] : columnsRead(constraint.raw_expr), notNullColumn, validated });
      return;
    }
  }
}

function alterTable(table: Table, cmd: AlterTableCmd, indexes: Map<string, Index>, schema: string) {
  const def = cmd.def;
  switch (cmd.subtype) {
    case "AT_AddColumn":
      if (def && "ColumnDef" in def && def.ColumnDef.colname) {
        table.columns.set(def.ColumnDef.colname, columnType(def.ColumnDef.typeName));
        for (const constraint of def.ColumnDef.constraints ?? []) {
          if ("Constraint" in constraint) addConstraint(table, constraint.Constraint, def.ColumnDef.colname);
        }
      }
      break;
    case "AT_AlterColumnType":
      if (def && "ColumnDef" in def && cmd.name) table.columns.set(cmd.name, columnType(def.ColumnDef.typeName));
      break;
    case "AT_DropColumn":
      if (cmd.name) {
        table.columns.delete(cmd.name);
        table.notNull.delete(cmd.name);
        for (const [name, check] of table.checks) if (check.columns.includes(cmd.name)) table.checks.delete(name);
      }
      break;
    case "AT_SetNotNull":
      if (cmd.name) table.notNull.add(cmd.name);
      break;
    case "AT_DropNotNull":
      if (cmd.name) table.notNull.delete(cmd.name);
      break;
    case "AT_AddConstraint":
      if (def && "Constraint" in def) addConstraint(table, def.Constraint, undefined, indexes, schema);
      break;
    case "AT_ValidateConstraint": {
      const check = cmd.name ? table.checks.get(cmd.name) : undefined;
      if (check) check.validated = true;
      break;
    }
    case "AT_DropConstraint":
      if (cmd.name) table.checks.delete(cmd.name);
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
