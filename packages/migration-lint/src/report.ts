// The report for a person (grouped per file, each finding with its safe alternative), for tools
// (JSON), for GitHub Actions (workflow commands that annotate the pull request's diff), for code
// scanning (SARIF) and for GitLab's merge requests (code quality).
import { createHash } from "node:crypto";
import { isAcknowledgeable } from "./phases.ts";
import type { LintReport } from "./types.ts";

function count(n: number, noun: string) {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

function totals(report: LintReport) {
  const sum = (pick: (file: LintReport["files"][number]) => unknown[]) => report.files.reduce((n, file) => n + pick(file).length, 0);
  return {
    migrations: report.files.length,
    findings: sum((file) => file.findings),
    acknowledged: sum((file) => file.acknowledged),
    contractOperations: sum((file) => file.contractOperations),
    warnings: sum((file) => file.warnings),
  };
}

export function formatText(report: LintReport): string {
  const out: string[] = [];
  for (const file of report.files) {
    const entries = [
      ...file.findings.map((f) => ({ line: f.line, text: `  ${file.file}:${f.line}  ${f.rule}  ${f.message}\n    → ${f.alternative}` })),
      ...file.acknowledged.map((f) => ({ line: f.line, text: `  ${file.file}:${f.line}  ${f.rule}  acknowledged — reason: ${f.reason}` })),
      ...file.contractOperations.map((f) => ({
        line: f.line,
        text: `  ${file.file}:${f.line}  ${f.rule}  contract migration — runs after the new release is live`,
      })),
      ...file.warnings.map((w) => ({ line: w.line, text: `  ${file.file}:${w.line}  warning${w.rule ? ` ${w.rule}` : ""}  ${w.message}` })),
    ].sort((a, b) => a.line - b.line);
    if (entries.length) out.push(file.file, ...entries.map((entry) => entry.text), "");
  }
  return `${[...out, summary(report)].join("\n")}\n`;
}

/** Which PostgreSQL the version-dependent rules assumed, and why. */
function postgresLine({ postgres }: LintReport) {
  return postgres.version ? `PostgreSQL ${postgres.version} (${postgres.from})` : `PostgreSQL: ${postgres.from}`;
}

/** The last line: what was checked, and what to do about the findings. */
function summary(report: LintReport): string {
  const { migrations, findings, acknowledged, contractOperations, warnings } = totals(report);
  const extras = [
    acknowledged && `${acknowledged} acknowledged`,
    contractOperations && count(contractOperations, "contract operation"),
    warnings && count(warnings, "warning"),
  ]
    .filter(Boolean)
    .join(", ");
  const checked = `${count(migrations, "migration")} checked: ${report.selection}; ${postgresLine(report)}`;
  if (migrations === 0) return `db-check: no migrations to check (${report.selection}).`;
  if (report.ok) return `db-check: OK — nothing to fix${extras ? ` (${extras})` : ""}; ${checked}.`;
  // Release-phase findings (a contract operation in an expand migration, phases out of order) are
  // never acknowledged: the closing line offers an acknowledgement only when one can help.
  const acknowledgeable = report.files.some((file) => file.findings.some((finding) => isAcknowledgeable(finding, file.phase)));
  return (
    `db-check: ${count(findings, "finding")} to fix${extras ? ` (${extras})` : ""}; ${checked}. ` +
    (acknowledgeable
      ? `Change the migration, or acknowledge a finding above its statement: -- db-check:allow <rule> reason: <why this is safe here>`
      : `Change the migration: an acknowledgement cannot allow these.`)
  );
}

export function formatJson(report: LintReport): string {
  return `${JSON.stringify({ ok: report.ok, selection: report.selection, postgres: report.postgres, summary: totals(report), files: report.files }, null, 2)}\n`;
}

// GitHub's workflow-command escaping (toolkit's command.ts): the message escapes %, CR and LF; a
// property value also ":" and ",", which would end it.
function escapeData(text: string) {
  return text.replaceAll("%", "%25").replaceAll("\r", "%0D").replaceAll("\n", "%0A");
}

function escapeProperty(text: string) {
  return escapeData(text).replaceAll(":", "%3A").replaceAll(",", "%2C");
}

function annotation(level: "error" | "warning" | "notice", file: string, line: number, title: string, message: string) {
  return `::${level} file=${escapeProperty(file)},line=${line},title=${escapeProperty(title)}::${escapeData(message)}`;
}

/** One annotation per entry — findings as errors — then the readable summary line, which GitHub prints as is. */
export function formatGithub(report: LintReport): string {
  const out: string[] = [];
  for (const file of report.files) {
    for (const f of file.findings) out.push(annotation("error", file.file, f.line, `db-check ${f.rule}`, `${f.message}\n→ ${f.alternative}`));
    for (const f of file.acknowledged) out.push(annotation("notice", file.file, f.line, `db-check ${f.rule} (acknowledged)`, f.reason));
    for (const f of file.contractOperations) {
      out.push(annotation("notice", file.file, f.line, `db-check ${f.rule} (contract migration)`, "Runs after the new release is live."));
    }
    for (const w of file.warnings) out.push(annotation("warning", file.file, w.line, w.rule ? `db-check ${w.rule}` : "db-check", w.message));
  }
  return `${[...out, summary(report)].join("\n")}\n`;
}

/** One row per reported entry, for the machine formats: findings fail the run, the rest inform. */
function entries(report: LintReport) {
  return report.files.flatMap((file) => [
    ...file.findings.map((f) => ({ file: file.file, line: f.line, rule: f.rule, level: "error" as const, text: `${f.message}\n→ ${f.alternative}` })),
    ...file.warnings.map((w) => ({ file: file.file, line: w.line, rule: w.rule ?? "db-check", level: "warning" as const, text: w.message })),
    ...file.acknowledged.map((f) => ({ file: file.file, line: f.line, rule: f.rule, level: "note" as const, text: `Acknowledged: ${f.reason}` })),
    ...file.contractOperations.map((f) => ({
      file: file.file,
      line: f.line,
      rule: f.rule,
      level: "note" as const,
      text: `Contract migration — runs after the new release is live. ${f.message}`,
    })),
  ]);
}

/** SARIF 2.1.0, for GitHub code scanning (github/codeql-action/upload-sarif) and other SARIF viewers. */
export function formatSarif(report: LintReport): string {
  const rows = entries(report);
  const rules = [...new Set(rows.map((row) => row.rule))].sort();
  const sarif = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          // The rule table with each rule's lock and safe recipe is the package README's.
          driver: { name: "db-check", rules: rules.map((id) => ({ id, name: id })) },
        },
        properties: { postgres: report.postgres },
        results: rows.map((row) => ({
          ruleId: row.rule,
          ruleIndex: rules.indexOf(row.rule),
          level: row.level,
          message: { text: row.text },
          locations: [{ physicalLocation: { artifactLocation: { uri: row.file.split("\\").join("/") }, region: { startLine: row.line } } }],
        })),
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

const GITLAB_SEVERITY = { error: "major", warning: "minor", note: "info" } as const;

/** GitLab's code quality report (artifacts:reports:codequality): one issue per entry, fingerprinted by file, rule and message. */
export function formatGitlab(report: LintReport): string {
  const issues = entries(report).map((row) => ({
    description: row.text,
    check_name: row.rule,
    fingerprint: createHash("sha256").update(`${row.file}\0${row.rule}\0${row.line}\0${row.text}`).digest("hex"),
    severity: GITLAB_SEVERITY[row.level],
    location: { path: row.file.split("\\").join("/"), lines: { begin: row.line } },
  }));
  return `${JSON.stringify(issues, null, 2)}\n`;
}
