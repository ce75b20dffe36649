// The report for a person (grouped per file, each finding with its safe alternative), for tools
// (JSON), or for GitHub Actions (workflow commands that annotate the pull request's diff).
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
      ...file.warnings.map((w) => ({ line: w.line, text: `  ${file.file}:${w.line}  warning  ${w.message}` })),
    ].sort((a, b) => a.line - b.line);
    if (entries.length) out.push(file.file, ...entries.map((entry) => entry.text), "");
  }
  return `${[...out, summary(report)].join("\n")}\n`;
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
  const checked = `${count(migrations, "migration")} checked: ${report.selection}`;
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
  return `${JSON.stringify({ ok: report.ok, selection: report.selection, summary: totals(report), files: report.files }, null, 2)}\n`;
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
    for (const w of file.warnings) out.push(annotation("warning", file.file, w.line, "db-check", w.message));
  }
  return `${[...out, summary(report)].join("\n")}\n`;
}
