// A reviewer allows a finding with a comment naming the rule and the reason:
//
//   -- db-check:allow drop-column reason: the column was unused since the 2.3 release
//   ALTER TABLE "User" DROP COLUMN "legacyId";
//
// Several rules: `db-check:allow drop-column, drop-table reason: …`. `db-check:allow-file <rules> reason: …`
// anywhere in the file allows those rules on every statement of it. The comment applies to the next
// statement when it stands on its own line(s) above it, to the statement it trails on the same
// line (after its `;`), or to the statement it is written inside. `/* db-check:allow … */` works too.
// Without a reason, or with an unknown rule, it allows nothing and is itself a finding; one that
// matches no finding is a warning.
import { DO_BLOCK_NOT_CHECKED } from "./do-blocks.ts";
import type { Comment, ParsedMigration, Statement } from "./parse.ts";
import { rules } from "./rules/index.ts";
import { CONTRACT_DIRECTIVE, type MigrationPhase } from "./phase.ts";
import { EXPAND_REFUSAL, phaseVerdict } from "./phases.ts";
import { INVALID_ACKNOWLEDGEMENT, type Finding, type FileReport, type RuleId } from "./types.ts";

const INVALID_PHASE = "invalid-phase";

/** A finding, with the index of the statement it is about. */
export type StatementFinding = Finding & { statement: number };

interface Acknowledgement {
  line: number;
  rules: RuleId[];
  reason: string;
  /** The statement it applies to, "file" for all of them (allow-file), undefined for none. */
  statement: number | "file" | undefined;
}

const DIRECTIVE = "db-check:";
const PHASE_DIRECTIVE = "db-check:phase";
// Read by readRequiredBackfills (../requires-backfill.ts), on lines of their own like the phase.
const REQUIRES_BACKFILL = "db-check:requires-backfill";
const ALLOW = /^db-check:allow(?<file>-file)?(?:\s+(?<rules>.*?))??(?:\s+reason:(?<reason>.*))?$/s;
const knownRules = new Set<string>([...rules.map((rule) => rule.id), DO_BLOCK_NOT_CHECKED]);

function isRuleId(id: string): id is RuleId {
  return knownRules.has(id);
}

function commentBody(text: string) {
  return (text.startsWith("--") ? text.slice(2) : text.slice(2, -2)).trim();
}

/** The statement a comment speaks about (see the top of this file); undefined when none. */
function statementFor(comment: Comment, statements: Statement[]): number | undefined {
  const inside = statements.findIndex((s) => comment.start > s.start && comment.start < s.end);
  if (inside !== -1) return inside;
  const next = statements.findIndex((s) => s.start > comment.start);
  if (!comment.trailing) return next === -1 ? undefined : next;
  const previous = (next === -1 ? statements.length : next) - 1;
  return statements[previous]?.endLine === comment.line ? previous : undefined;
}

/** What makes an allow comment invalid, if anything. */
function problemWith(body: string, isAllow: boolean, ids: string[], reason: string): string | undefined {
  if (!isAllow) return `"${body.split(/\s/, 1)[0]}" is not a db-check directive (db-check:allow is)`;
  if (ids.length === 0) return "it names no rule";
  if (!reason) return "it gives no reason";
  const unknown = ids.filter((id) => !isRuleId(id));
  return unknown.length ? `unknown rule ${unknown.map((id) => `"${id}"`).join(", ")}` : undefined;
}

function readAcknowledgements({ statements, directiveComments }: ParsedMigration, file: string) {
  const acknowledgements: Acknowledgement[] = [];
  const invalid: Finding[] = [];
  for (const comment of directiveComments) {
    const body = commentBody(comment.text);
    if (!body.startsWith(DIRECTIVE)) continue;
    if (body.startsWith(REQUIRES_BACKFILL)) continue;
    if (body.startsWith(PHASE_DIRECTIVE)) {
      // Read by readPhase (../phase.ts), which only sees `--` comments on a line of their own.
      if (comment.trailing || !comment.text.startsWith("--")) {
        invalid.push({
          file,
          line: comment.line,
          rule: INVALID_PHASE,
          message: "A phase directive counts only as a `--` comment on a line of its own; this one declares nothing.",
          alternative: `Write it as: ${CONTRACT_DIRECTIVE}`,
        });
      }
      continue;
    }
    const match = ALLOW.exec(body);
    const ids = (match?.groups?.rules ?? "").split(/[\s,]+/).filter(Boolean);
    const reason = (match?.groups?.reason ?? "").replace(/\s+/g, " ").trim();
    const problem = problemWith(body, match !== null, ids, reason);
    if (problem) {
      invalid.push({
        file,
        line: comment.line,
        rule: INVALID_ACKNOWLEDGEMENT,
        message: `Invalid acknowledgement (${problem}); it allows nothing.`,
        alternative: `Write it as: -- db-check:allow ${ids.filter(isRuleId).join(", ") || "<rule>"} reason: <why this is safe here>`,
      });
    } else {
      const statement = match?.groups?.file ? "file" : statementFor(comment, statements);
      acknowledgements.push({ line: comment.line, rules: ids.filter(isRuleId), reason, statement });
    }
  }
  return { acknowledgements, invalid };
}

/**
 * Sorts a file's findings by its phase and its acknowledgements (phases.ts, phaseVerdict): contract operations are
 * listed (contract migration) or refused whatever the acknowledgement (expand migration); lock findings, in every
 * phase, and the rest are acknowledged or not.
 * Warns about acknowledgements that allow nothing.
 */
export function acknowledge(findings: StatementFinding[], parsed: ParsedMigration, file: string, phase: MigrationPhase): FileReport {
  const { acknowledgements, invalid } = readAcknowledgements(parsed, file);
  const report: FileReport = { file, phase, findings: [], contractOperations: [], acknowledged: [], warnings: [] };
  const used = new Map(acknowledgements.map((ack) => [ack, new Set<string>()]));
  for (const { statement, ...finding } of findings) {
    const verdict = phaseVerdict(finding, phase);
    if (verdict === "contract-operation") {
      report.contractOperations.push(finding);
      continue;
    }
    const ack = acknowledgements.find((a) => (a.statement === statement || a.statement === "file") && a.rules.some((rule) => rule === finding.rule));
    if (ack) used.get(ack)!.add(finding.rule);
    if (verdict === "refused") {
      // Say that the acknowledgement was read, so that nobody rewrites it hoping to get it right.
      const seen = ack ? `Your db-check:allow ${finding.rule} (line ${ack.line}) was read, and does not apply. ` : "";
      report.findings.push({ ...finding, alternative: `${finding.alternative} ${seen}${EXPAND_REFUSAL}` });
    } else if (ack) report.acknowledged.push({ ...finding, reason: ack.reason });
    else report.findings.push(finding);
  }
  report.findings.push(...invalid);
  report.findings.sort((a, b) => a.line - b.line);
  for (const ack of acknowledgements) {
    for (const rule of ack.rules.filter((rule) => !used.get(ack)!.has(rule))) {
      const target = typeof ack.statement === "number" ? parsed.statements[ack.statement] : undefined;
      report.warnings.push({
        file,
        line: ack.line,
        message:
          ack.statement === "file"
            ? `db-check:allow-file ${rule} matches no finding: no statement of the file is flagged by ${rule}.`
            : target
              ? `db-check:allow ${rule} matches no finding: the statement it applies to (line ${target.line}) is not flagged by ${rule}.`
              : `db-check:allow ${rule} applies to no statement: put it on the line(s) above the statement, or after it on its line.`,
      });
    }
  }
  return report;
}
