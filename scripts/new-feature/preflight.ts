// Before the generator writes or removes anything, the development database must be where
// prisma/migrations says. Otherwise `prisma migrate dev --create-only` (the migration step) either
// applies a pending migration silently inside this feature's step, or — on drift (a change made by
// hand, or a migration removed or edited after it was applied) — asks whether to reset the database
// and, with nobody to answer, exits 130. `npm run db:doctor -- --json` finds all of these (the
// schema's drift through the project's offline schema engine, @starter/migrate's doctor/drift.ts).
import { spawnSync } from "node:child_process";

export type MigrationProblem = { id: string; title: string; fix: string[] };

// The development database's state the migration step depends on; the doctor's other findings
// (URLs, locks, connections) are advice for deploys.
const CHECKS = new Set(["history", "drift"]);

/**
 * What stands between the development database and `prisma migrate dev`, or [] when nothing does —
 * or when the database cannot be reached, which the migration step then reports. `removing`: a
 * pending migration is no problem for `--remove`, which runs no migration step (the feature's own
 * migration, never applied, simply applies before the drop); what makes `npm run db:migrate` stop is.
 */
export function migrationProblems(root: string, env: NodeJS.ProcessEnv = process.env, { removing = false } = {}): MigrationProblem[] {
  const doctor = spawnSync("npm", ["run", "--silent", "db:doctor", "--", "--json"], { cwd: root, encoding: "utf8", env: { ...env, LOG_FORMAT: "" } });
  const json = doctor.stdout.slice(doctor.stdout.indexOf("{"));
  if (doctor.status !== 1 || !json) return [];
  const { findings } = JSON.parse(json) as { findings: (MigrationProblem & { check: string; severity: string })[] };
  return findings
    .filter((finding) => finding.severity === "action" && CHECKS.has(finding.check) && !(removing && finding.id === "pending-migrations"))
    .map(({ id, title, fix }) => ({ id, title, fix }));
}

/** The problems as sentences a person acts on, each with the commands to run. */
export function describeProblems(problems: MigrationProblem[], command: string): string {
  const pendingOnly = problems.every((problem) => problem.id === "pending-migrations");
  const lines = problems.flatMap((problem) => [
    `  - ${problem.title}`,
    // The doctor names `db:deploy` for a database set by URL; here it is the database you develop on.
    ...(problem.id === "pending-migrations" ? ["npm run db:migrate"] : problem.fix).map((fix) => `    ${fix}`),
  ]);
  return [
    pendingOnly
      ? "Your development database has not applied every migration, and the migration step (prisma migrate dev) would apply them silently, mixed into this one:"
      : 'Your development database differs from prisma/migrations, and prisma migrate dev (the migration step, and npm run db:migrate) would stop to ask whether to reset it (Prisma\'s "exited 130"):',
    ...lines,
    ...(pendingOnly
      ? ["(Or remove the migration folder, if you gave up on that change.)"]
      : ["Or start the development database over from the migrations (its data is lost, demo@example.com is seeded again): npm run db:reset"]),
    `Then type again: ${command}`,
    "Nothing was written.",
  ].join("\n");
}
