// What each release phase may hold (phase.ts). Expand migrations run while the
// previous release serves traffic, so what breaks that release (drops, renames, tightening, type
// changes) is refused there even when acknowledged: it belongs in a contract migration, which runs
// after the new release is live. Contract migrations run after the new code ships, so nothing the
// new code could need may be added there.
import type { AlterTableCmd, Node } from "libpg-query";
import { CONTRACT_DIRECTIVE, type MigrationPhase } from "./phase.ts";
import { relationName } from "./names.ts";
import type { RuleContext } from "./rules/rule.ts";
import type { Finding, PhaseRuleId, RuleId } from "./types.ts";

/**
 * Every statement is asked two questions: what does it lock (the lock rules, findings in every phase), and does
 * the release still running survive it (phases answer only this one). Rules whose findings break that release
 * are contract operations: refused in an expand migration even when acknowledged, listed for review in a contract
 * one. change-column-type answers both: refused in expand, still a lock finding in contract.
 */
export const BREAKING_RULES: ReadonlySet<string> = new Set<RuleId>([
  "rename-column",
  "rename-table",
  "rename-schema",
  "rename-type",
  "drop-column",
  "drop-table",
  "drop-object",
  "change-column-type",
  "truncate",
  "drop-schema",
  "drop-database",
  "replace-column",
  "delete-without-where",
  "rename-enum-value",
  "drop-enum-value",
]);

/** Breaking rules that also hold a lock finding: in a contract migration they stay findings (acknowledgeable). */
const LOCKING_BREAKING_RULES: ReadonlySet<string> = new Set<RuleId>(["change-column-type"]);

/**
 * Tightening what the running release may write (a constraint on columns it writes, even NOT VALID): a contract
 * operation in a contract migration; in an expand one, a finding a reviewer may acknowledge with the reason the
 * running release already complies.
 */
export const WRITE_RESTRICTING_RULES: ReadonlySet<string> = new Set<RuleId>(["restrict-writes"]);

export type PhaseVerdict = "contract-operation" | "refused" | "finding";

/** What a finding of this rule is in a migration of this phase. */
export function phaseVerdict(finding: Finding, phase: MigrationPhase): PhaseVerdict {
  if (phase === "contract") {
    if (WRITE_RESTRICTING_RULES.has(finding.rule)) return "contract-operation";
    if (BREAKING_RULES.has(finding.rule)) return LOCKING_BREAKING_RULES.has(finding.rule) ? "finding" : "contract-operation";
    return "finding";
  }
  return BREAKING_RULES.has(finding.rule) ? "refused" : "finding";
}

const PHASE_RULES = new Set<string>(["expand-in-contract", "expand-after-contract", "invalid-phase"] satisfies PhaseRuleId[]);

/** Whether a db-check:allow comment can allow this finding, in a migration of this phase. */
export function isAcknowledgeable(finding: Finding, phase: MigrationPhase) {
  return !PHASE_RULES.has(finding.rule) && phaseVerdict(finding, phase) !== "refused";
}

export const EXPAND_REFUSAL =
  `In an expand migration this is refused even when acknowledged: expand migrations run while the previous release still ` +
  `serves traffic. Ship it in a later release's contract migration (a line "${CONTRACT_DIRECTIVE}" in its migration.sql), ` +
  `which the deploy applies only after the new release is live.`;

const ADDING_STATEMENTS: Record<string, string> = {
  CreateStmt: "CREATE TABLE",
  CreateTableAsStmt: "CREATE TABLE … AS",
  IndexStmt: "CREATE INDEX",
  CreateEnumStmt: "CREATE TYPE … AS ENUM",
  CompositeTypeStmt: "CREATE TYPE",
  CreateDomainStmt: "CREATE DOMAIN",
  CreateSeqStmt: "CREATE SEQUENCE",
  CreateExtensionStmt: "CREATE EXTENSION",
  CreateSchemaStmt: "CREATE SCHEMA",
  ViewStmt: "CREATE VIEW",
  CreateFunctionStmt: "CREATE FUNCTION",
  CreateTrigStmt: "CREATE TRIGGER",
};

const ADDING_TABLE_COMMANDS: Record<string, string> = {
  AT_AddColumn: "ADD COLUMN",
  AT_AddConstraint: "ADD CONSTRAINT",
  AT_AddIndex: "ADD CONSTRAINT",
  AT_DropNotNull: "DROP NOT NULL",
};

// CHECK, NOT NULL and FOREIGN KEY constraints only tighten (restrict-writes): the new release cannot come to
// rely on them the way it relies on a unique index (ON CONFLICT, findUnique), so a contract migration may add them.
const TIGHTENING_CONSTRAINTS = new Set(["CONSTR_CHECK", "CONSTR_NOTNULL", "CONSTR_FOREIGN"]);

function isTightening(cmd: AlterTableCmd) {
  return cmd.subtype === "AT_AddConstraint" && !!cmd.def && "Constraint" in cmd.def && TIGHTENING_CONSTRAINTS.has(cmd.def.Constraint.contype ?? "");
}

/** What a statement adds to the schema (its kind, e.g. "CREATE INDEX"), or undefined. Temporary tables add nothing. */
export function additionIn(node: Node, { model }: RuleContext): string | undefined {
  if ("CreateStmt" in node && node.CreateStmt.relation?.relpersistence === "t") return undefined;
  if ("CreateTableAsStmt" in node && node.CreateTableAsStmt.into?.rel?.relpersistence === "t") return undefined;
  if ("AlterEnumStmt" in node) return node.AlterEnumStmt.oldVal ? undefined : "ALTER TYPE … ADD VALUE";
  if ("AlterTableStmt" in node) {
    // A table created earlier in this same contract migration is scratch space: changing it adds nothing.
    if (model.isNew(relationName(node.AlterTableStmt.relation))) return undefined;
    for (const cmd of node.AlterTableStmt.cmds ?? []) {
      const kind = "AlterTableCmd" in cmd && !isTightening(cmd.AlterTableCmd) ? ADDING_TABLE_COMMANDS[cmd.AlterTableCmd.subtype ?? ""] : undefined;
      if (kind) return `ALTER TABLE … ${kind}`;
    }
    return undefined;
  }
  const [type] = Object.keys(node);
  return type ? ADDING_STATEMENTS[type] : undefined;
}

export function expandInContractFinding(file: string, line: number, kind: string): Finding {
  return {
    file,
    line,
    rule: "expand-in-contract",
    message:
      `${kind} adds to (or loosens) the schema, but this is a contract migration: contract migrations run after the new release is live, ` +
      `so the code being deployed could not rely on what they add. A contract migration holds only contract operations ` +
      `(drops, renames, constraints that tighten what may be written, type changes) and the data statements they need.`,
    alternative: `Move the statement to an expand migration (one without "${CONTRACT_DIRECTIVE}"), sorted before the contract migration.`,
  };
}

export function expandAfterContractFinding(file: string, contractFile: string): Finding {
  return {
    file,
    line: 1,
    rule: "expand-after-contract",
    message:
      `This expand migration comes after the contract migration ${contractFile} in the same release. The deploy applies the ` +
      `release's expand migrations before the build and its contract migrations after it, so this one would wait behind the ` +
      `contract step and the new code would ship without it.`,
    alternative:
      `Split the release: ship the contract migration in the next release, or give this migration a name that sorts before ` +
      `the contract migration (migration folders apply in name order).`,
  };
}
