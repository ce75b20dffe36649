// The report for a person (grouped per file, each finding with its safe alternative) or for tools.
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
      ...file.contractOperations.map((f) => ({ line: f.line, text: `  ${file.file}:${f.line}  ${f.rule}  contract migration — runs after the new release is live` })),
      ...file.warnings.map((w) => ({ line: w.line, text: `  ${file.file}:${w.line}  warning  ${w.message}` })),
    ].sort((a, b) => a.line - b.line);
    if (entries.length) out.push(file.file, ...entries.map((entry) => entry.text), "");
  }
  const { migrations, findings, acknowledged, contractOperations, warnings } = totals(report);
  const extras = [
    acknowledged && `${acknowledged} acknowledged`,
    contractOperations && count(contractOperations, "contract operation"),
    warnings && count(warnings, "warning"),
  ]
    .filter(Boolean)
    .join(", ");
  const checked = `${count(migrations, "migration")} checked: ${report.selection}`;
  if (migrations === 0) out.push(`db-check: no migrations to check (${report.selection}).`);
  else if (report.ok) out.push(`db-check: OK — nothing to fix${extras ? ` (${extras})` : ""}; ${checked}.`);
  else {
    out.push(
      `db-check: ${count(findings, "finding")} to fix${extras ? ` (${extras})` : ""}; ${checked}. ` +
        `Change the migration, or acknowledge a finding above its statement: -- db-check:allow <rule> reason: <why this is safe here>`,
    );
  }
  return `${out.join("\n")}\n`;
}

export function formatJson(report: LintReport): string {
  return `${JSON.stringify({ ok: report.ok, selection: report.selection, summary: totals(report), files: report.files }, null, 2)}\n`;
}
