// The shape of a rule, and the AST walks several rules share.
import type { AlterTableCmd, ColumnDef, Constraint, Node } from "libpg-query";
import { quote, relationName, type QualifiedName } from "../names.ts";
import type { MigrationPlan } from "../migration-plan.ts";
import type { SchemaModel } from "../schema-model.ts";
import type { RuleId } from "../types.ts";

export interface RuleContext {
  /** The schema just before the statement. */
  model: SchemaModel;
  /** Statements in the migration file. */
  statementCount: number;
  /** What the whole migration does, later statements included. */
  plan: MigrationPlan;
  /** The statement's index in the plan. */
  position: number;
  /** Runs inside a DO block (PL/pgSQL), not as a statement of the migration file. */
  inBlock: boolean;
  settings: LintSettings;
}

/** What the rules need to know about the project (config.ts). */
export interface LintSettings {
  /** The PostgreSQL version the migrations run on, when configured; rules assume a supported release (13+) otherwise. */
  postgres?: PostgresVersion;
  /** Where `postgres` came from (the config file, the server at DIRECT_URL …), or why there is none: shown in the report. */
  postgresFrom?: string;
}

export interface PostgresVersion {
  major: number;
  minor: number;
}

/** PostgreSQL 12+ lets SET NOT NULL (and ADD PRIMARY KEY) skip the scan when a validated CHECK (… IS NOT NULL) proves it. */
export function supportsCheckShortcut({ postgres }: LintSettings) {
  return !postgres || postgres.major >= 12;
}

export interface Hit {
  message: string;
  alternative: string;
}

export interface Rule {
  id: RuleId;
  check(node: Node, context: RuleContext): Hit[];
}

export interface TableCommand {
  table: QualifiedName;
  cmd: AlterTableCmd;
}

/**
 * ALTER TABLE subcommands on tables that existed before this migration. A table the migration
 * created itself holds no rows and no deployed code uses it, so nothing done to it can hurt.
 */
export function existingTableCommands(node: Node, { model }: RuleContext): TableCommand[] {
  if (!("AlterTableStmt" in node) || node.AlterTableStmt.objtype !== "OBJECT_TABLE") return [];
  const table = relationName(node.AlterTableStmt.relation);
  if (model.isNew(table)) return [];
  return (node.AlterTableStmt.cmds ?? []).flatMap((cmd) => ("AlterTableCmd" in cmd ? [{ table, cmd: cmd.AlterTableCmd }] : []));
}

/** The column an ADD COLUMN subcommand adds. */
export function addedColumn(cmd: AlterTableCmd): ColumnDef | undefined {
  return cmd.subtype === "AT_AddColumn" && cmd.def && "ColumnDef" in cmd.def ? cmd.def.ColumnDef : undefined;
}

export function columnConstraints(column: ColumnDef): Constraint[] {
  return (column.constraints ?? []).flatMap((node) => ("Constraint" in node ? [node.Constraint] : []));
}

/** Constraints a subcommand adds: ADD CONSTRAINT, or those written on an added column. */
export function addedConstraints(cmd: AlterTableCmd): { constraint: Constraint; column?: string }[] {
  if (cmd.subtype === "AT_AddConstraint" && cmd.def && "Constraint" in cmd.def) return [{ constraint: cmd.def.Constraint }];
  const column = addedColumn(cmd);
  return column ? columnConstraints(column).map((constraint) => ({ constraint, column: column.colname })) : [];
}

/** "c" or, for a constraint PostgreSQL will name itself, a placeholder. */
export function constraintLabel(constraint: Constraint) {
  return constraint.conname ? quote(constraint.conname) : "<constraint name>";
}

/** Whether a statement's option list (REINDEX, VACUUM …) holds the option `name`. */
export function hasOption(options: readonly Node[] | undefined, name: string) {
  return (options ?? []).some((option) => "DefElem" in option && option.DefElem.defname === name);
}
