// What the whole migration does, known before its first statement is judged. Prisma writes a renamed
// field as DROP COLUMN then ADD COLUMN, a renamed model as DROP TABLE then CREATE TABLE, and a
// copy-then-swap drops a column whose name a later statement gives back: the statement that drops
// cannot be judged without the ones after it.
import type { Node } from "libpg-query";
import { columnType, type ColumnType } from "./column-types.ts";
import { key, listName, relationName, strings, type QualifiedName } from "./names.ts";

export interface PlannedColumn {
  name: string;
  type: ColumnType | undefined;
  /** Index of the statement that adds it or renames a column to it. */
  statement: number;
  /** Added (ADD COLUMN) rather than renamed to. */
  added: boolean;
}

export interface PlannedTable {
  name: QualifiedName;
  columns: string[];
}

export class MigrationPlan {
  /** key(table) → the column names the migration gives it. */
  readonly #columns = new Map<string, PlannedColumn[]>();
  readonly #tables: PlannedTable[] = [];
  /** key(type) → the statements that create a type (enum, composite, domain) of that name, or rename one to it. */
  readonly #types = new Map<string, number[]>();

  /** `statements`: the migration's statements in order (those of its DO blocks included). */
  constructor(statements: readonly Node[]) {
    for (const [statement, node] of statements.entries()) {
      if ("CreateStmt" in node && node.CreateStmt.relation?.relpersistence !== "t") {
        const columns = (node.CreateStmt.tableElts ?? []).flatMap((e) => ("ColumnDef" in e && e.ColumnDef.colname ? [e.ColumnDef.colname] : []));
        this.#tables.push({ name: relationName(node.CreateStmt.relation), columns });
      } else if ("AlterTableStmt" in node) {
        const table = relationName(node.AlterTableStmt.relation);
        for (const cmd of node.AlterTableStmt.cmds ?? []) {
          const def = "AlterTableCmd" in cmd && cmd.AlterTableCmd.subtype === "AT_AddColumn" ? cmd.AlterTableCmd.def : undefined;
          if (def && "ColumnDef" in def && def.ColumnDef.colname) {
            this.#give(table, { name: def.ColumnDef.colname, type: columnType(def.ColumnDef.typeName), statement, added: true });
          }
        }
      } else if ("CreateEnumStmt" in node || "CompositeTypeStmt" in node || "CreateDomainStmt" in node) {
        const name =
          "CreateEnumStmt" in node
            ? listName(strings(node.CreateEnumStmt.typeName))
            : "CreateDomainStmt" in node
              ? listName(strings(node.CreateDomainStmt.domainname))
              : relationName(node.CompositeTypeStmt.typevar);
        this.#types.set(key(name), [...(this.#types.get(key(name)) ?? []), statement]);
      } else if ("RenameStmt" in node && node.RenameStmt.renameType === "OBJECT_TYPE" && node.RenameStmt.newname && node.RenameStmt.object) {
        const from = "List" in node.RenameStmt.object ? listName(strings(node.RenameStmt.object.List.items)) : undefined;
        const name = { schema: from?.schema ?? "public", name: node.RenameStmt.newname };
        this.#types.set(key(name), [...(this.#types.get(key(name)) ?? []), statement]);
      } else if ("RenameStmt" in node && node.RenameStmt.renameType === "OBJECT_COLUMN" && node.RenameStmt.newname) {
        this.#give(relationName(node.RenameStmt.relation), { name: node.RenameStmt.newname, type: undefined, statement, added: false });
      }
    }
  }

  #give(table: QualifiedName, column: PlannedColumn) {
    const columns = this.#columns.get(key(table)) ?? [];
    this.#columns.set(key(table), [...columns, column]);
  }

  /** Columns ADDed to the table anywhere in the migration. */
  addedColumns(table: QualifiedName): PlannedColumn[] {
    return (this.#columns.get(key(table)) ?? []).filter((column) => column.added);
  }

  /** Whether this statement or a later one gives a column of the table this name again (ADD COLUMN, RENAME … TO). */
  givesNameAgain(table: QualifiedName, column: string, fromStatement: number) {
    return (this.#columns.get(key(table)) ?? []).some((c) => c.name === column && c.statement >= fromStatement);
  }

  /** Whether a statement after `fromStatement` creates a type of this name, or renames one to it. */
  createsType(type: QualifiedName, fromStatement: number) {
    return (this.#types.get(key(type)) ?? []).some((statement) => statement > fromStatement);
  }

  /** The tables the migration creates (temporary ones aside), with their column names. */
  createdTables(): readonly PlannedTable[] {
    return this.#tables;
  }
}
