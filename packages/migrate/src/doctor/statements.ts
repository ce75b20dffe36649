// Which statements of a failed migration took effect. A migration script runs as one simple query:
// one implicit transaction, so normally nothing of it is left — but a `COMMIT;` in the file, or a
// statement that runs outside a transaction (`CREATE INDEX CONCURRENTLY`, which leaves an INVALID
// index when it fails), keeps what ran before the failure. Before `migrate resolve`, the person
// fixing it needs to know which: each statement whose effect the catalog shows (a table, column,
// index, constraint, type or enum value created, renamed or dropped) is looked up; the others are
// listed as not checkable.
import { readFile } from "node:fs/promises";
import { parseMigration, quote, strings, type SqlNode as Node, type SqlRangeVar as RangeVar } from "@starter/migration-lint";
import type pg from "pg";

export type StatementEffect = "applied" | "not applied" | "partly applied" | "left INVALID" | "not checkable";

export interface CheckedStatement {
  line: number;
  /** The statement's first line, shortened. */
  text: string;
  effect: StatementEffect;
}

/** A catalog fact, and whether the statement, had it taken effect, makes it true or false. */
type Probe = { sql: string; params: string[]; whenApplied: boolean };

const RELATION = "SELECT to_regclass($1) IS NOT NULL AS present";
const COLUMN = "SELECT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass($1) AND attname = $2 AND NOT attisdropped) AS present";
const CONSTRAINT = "SELECT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = to_regclass($1) AND conname = $2) AS present";
const TYPE = "SELECT to_regtype($1) IS NOT NULL AS present";
const ENUM_VALUE = "SELECT EXISTS (SELECT 1 FROM pg_enum WHERE enumtypid = to_regtype($1) AND enumlabel = $2) AS present";
const INDEX_VALID = "SELECT indisvalid AS valid FROM pg_index WHERE indexrelid = to_regclass($1)";

/** `schema`: where unqualified names live (the migration URL's `?schema=`, else public). */
export async function checkStatements(client: pg.Client, file: string, schema: string): Promise<CheckedStatement[]> {
  const sql = await readFile(file, "utf8");
  const bytes = Buffer.from(sql, "utf8");
  const { statements } = await parseMigration(sql, file);
  const checked: CheckedStatement[] = [];
  for (const statement of statements) {
    if ("TransactionStmt" in statement.node) continue; // COMMIT; BEGIN;: no effect of their own
    const text = bytes.subarray(statement.start, statement.end).toString("utf8").split("\n")[0]!;
    checked.push({
      line: statement.line,
      text: text.length > 90 ? `${text.slice(0, 89)}…` : text,
      effect: await effectOf(client, statement.node, names(schema)),
    });
  }
  return checked;
}

type Names = ReturnType<typeof names>;

/** Names as the catalog lookups take them ("schema"."name"), unqualified ones in `schema`. */
function names(schema: string) {
  return {
    relation: (relation: RangeVar | undefined, name = relation?.relname ?? "") => `${quote(relation?.schemaname ?? schema)}.${quote(name)}`,
    dotted: (parts: string[]) => `${quote(parts.length > 1 ? parts.at(-2)! : schema)}.${quote(parts.at(-1) ?? "")}`,
  };
}

async function effectOf(client: pg.Client, node: Node, name: Names): Promise<StatementEffect> {
  if ("IndexStmt" in node && node.IndexStmt.idxname) {
    // An index lives in its table's schema.
    const { rows } = await client.query<{ valid: boolean }>(INDEX_VALID, [name.relation(node.IndexStmt.relation, node.IndexStmt.idxname)]);
    return rows.length === 0 ? "not applied" : rows[0]!.valid ? "applied" : "left INVALID";
  }
  const probes = probesFor(node, name);
  if (!probes) return "not checkable";
  let matching = 0;
  for (const probe of probes) {
    const { rows } = await client.query<{ present: boolean }>(probe.sql, probe.params);
    if (rows[0]!.present === probe.whenApplied) matching++;
  }
  return matching === probes.length ? "applied" : matching === 0 ? "not applied" : "partly applied";
}

/** The catalog facts a statement changes, or undefined when they cannot be told from the catalog. */
function probesFor(node: Node, name: Names): Probe[] | undefined {
  if ("CreateStmt" in node) return [{ sql: RELATION, params: [name.relation(node.CreateStmt.relation)], whenApplied: true }];
  if ("CreateEnumStmt" in node) return [{ sql: TYPE, params: [name.dotted(strings(node.CreateEnumStmt.typeName))], whenApplied: true }];
  if ("AlterEnumStmt" in node && node.AlterEnumStmt.newVal && !node.AlterEnumStmt.oldVal) {
    return [{ sql: ENUM_VALUE, params: [name.dotted(strings(node.AlterEnumStmt.typeName)), node.AlterEnumStmt.newVal], whenApplied: true }];
  }
  if ("DropStmt" in node) {
    const drop = node.DropStmt;
    const dropped = (drop.objects ?? []).map((object) =>
      name.dotted("TypeName" in object ? strings(object.TypeName.names) : "List" in object ? strings(object.List.items) : []),
    );
    if (
      drop.removeType === "OBJECT_TABLE" ||
      drop.removeType === "OBJECT_INDEX" ||
      drop.removeType === "OBJECT_VIEW" ||
      drop.removeType === "OBJECT_SEQUENCE"
    ) {
      return dropped.map((object) => ({ sql: RELATION, params: [object], whenApplied: false }));
    }
    if (drop.removeType === "OBJECT_TYPE") return dropped.map((object) => ({ sql: TYPE, params: [object], whenApplied: false }));
    return undefined;
  }
  if ("AlterTableStmt" in node && node.AlterTableStmt.objtype === "OBJECT_TABLE") {
    const table = name.relation(node.AlterTableStmt.relation);
    const probes: Probe[] = [];
    for (const command of node.AlterTableStmt.cmds ?? []) {
      const cmd = "AlterTableCmd" in command ? command.AlterTableCmd : undefined;
      const column = cmd?.def && "ColumnDef" in cmd.def ? cmd.def.ColumnDef.colname : undefined;
      const constraint = cmd?.def && "Constraint" in cmd.def ? cmd.def.Constraint.conname : undefined;
      if (cmd?.subtype === "AT_AddColumn" && column) probes.push({ sql: COLUMN, params: [table, column], whenApplied: true });
      else if (cmd?.subtype === "AT_DropColumn" && cmd.name) probes.push({ sql: COLUMN, params: [table, cmd.name], whenApplied: false });
      else if (cmd?.subtype === "AT_AddConstraint" && constraint) probes.push({ sql: CONSTRAINT, params: [table, constraint], whenApplied: true });
      else if (cmd?.subtype === "AT_DropConstraint" && cmd.name) probes.push({ sql: CONSTRAINT, params: [table, cmd.name], whenApplied: false });
      // One command whose effect the catalog does not show (a type change, SET NOT NULL…) makes the whole statement unknowable.
      else return undefined;
    }
    return probes;
  }
  if ("RenameStmt" in node && node.RenameStmt.newname) {
    const rename = node.RenameStmt;
    if (rename.renameType === "OBJECT_COLUMN" && rename.subname) {
      const table = name.relation(rename.relation);
      return [
        { sql: COLUMN, params: [table, rename.newname!], whenApplied: true },
        { sql: COLUMN, params: [table, rename.subname], whenApplied: false },
      ];
    }
    if (rename.renameType === "OBJECT_TABLE" || rename.renameType === "OBJECT_INDEX") {
      return [
        { sql: RELATION, params: [name.relation(rename.relation, rename.newname)], whenApplied: true },
        { sql: RELATION, params: [name.relation(rename.relation)], whenApplied: false },
      ];
    }
  }
  return undefined;
}
