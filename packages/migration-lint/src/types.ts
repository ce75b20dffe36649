// What the migration linter reports. Files are shown as given (the CLI makes them relative to the
// working directory); lines are 1-based.
import type { MigrationPhase } from "./phase.ts";

export type RuleId =
  | "rename-column"
  | "rename-table"
  | "add-column-not-null-without-default"
  | "volatile-default"
  | "drop-column"
  | "drop-table"
  | "set-not-null"
  | "change-column-type"
  | "create-index-non-concurrent"
  | "drop-index-non-concurrent"
  | "concurrently-mixed"
  | "add-foreign-key-without-not-valid"
  | "add-check-without-not-valid"
  | "add-unique-constraint"
  | "add-exclusion-constraint"
  | "blocking-maintenance"
  | "truncate"
  | "drop-schema"
  | "drop-database"
  | "replace-column"
  | "delete-without-where"
  | "update-without-where"
  | "backfill-under-lock"
  | "lock-table"
  | "rename-enum-value"
  | "drop-enum-value"
  | "do-block-not-checked"
  | "restrict-writes"
  | "validate-under-lock"
  | "partitioned-index-concurrently"
  | "detach-partition"
  | "attach-partition"
  | "concurrently-in-function"
  | "new-enum-value-used"
  | "primary-key-nullable"
  | "table-rewrite"
  | "rename-schema"
  | "rename-type"
  | "drop-object"
  | "lock-timeout"
  | "statement-timeout"
  | "drop-not-null"
  | "unique-on-existing-data"
  | "transaction-control"
  | "domain-check"
  | "concurrently-pg14-bug"
  | "concurrently-unsupported";

/** A malformed `db-check:allow` comment: it allows nothing and fails the run like a finding. */
export const INVALID_ACKNOWLEDGEMENT = "invalid-acknowledgement";

/** Findings about release phases (lint/phases.ts): never acknowledgeable, the migration has to change. */
export type PhaseRuleId = "expand-in-contract" | "expand-after-contract" | "invalid-phase" | "requires-backfill";

export interface Finding {
  file: string;
  line: number;
  rule: RuleId | PhaseRuleId | typeof INVALID_ACKNOWLEDGEMENT;
  /** Why the statement is dangerous. */
  message: string;
  /** What to do instead. */
  alternative: string;
}

export interface AcknowledgedFinding extends Finding {
  reason: string;
}

/** Does not fail the run: an acknowledgement that allows nothing, or a finding of a rule set to "warn". */
export interface Warning {
  file: string;
  line: number;
  message: string;
  /** The rule, for a finding reported as a warning (its safe alternative follows the message). */
  rule?: Finding["rule"];
}

export interface FileReport {
  file: string;
  /** Declared by a `-- db-check:phase contract` line; expand otherwise. */
  phase: MigrationPhase;
  findings: Finding[];
  /** Drops, renames and other contract operations in a contract migration: allowed, listed for review. */
  contractOperations: Finding[];
  acknowledged: AcknowledgedFinding[];
  warnings: Warning[];
}

export interface LintReport {
  files: FileReport[];
  /** No unacknowledged finding in any file. */
  ok: boolean;
  /** Which migrations were checked, e.g. "migrations added or changed since origin/main". */
  selection: string;
  /** The PostgreSQL version the version-dependent rules used ("15.4"; null: none known), and where it came from. */
  postgres: { version: string | null; from: string };
}
