// 9. `npm run db:doctor` on the template's database: a database migrated with the project's own
// migrations, as a deploy leaves it. Two figures per run: the command end to end, as a person
// waits for it (tsx start-up included), and doctor's own time (the `ms` it reports: the catalog
// queries and the drift check, which replays the migrations on a shadow database).
import { spawn } from "node:child_process";
import { check, type Check } from "./checks.ts";
import { median } from "./db-check.ts";
import { projectRoot } from "./processes.ts";

const RUNS = 3;
/** The budget: "well under 5 s" on the template's database. */
const BUDGET_MS = 5_000;

export type DoctorSection = {
  runs: number;
  /** Medians, in ms. */
  endToEndMs: number;
  doctorMs: number;
  /** The findings of the last run (ids), and its exit code. */
  findings: string[];
  exitCode: number;
};

export async function benchDoctor(options: { databaseUrl: string }): Promise<{ section: DoctorSection; checks: Check[] }> {
  const endToEnd: number[] = [];
  const own: number[] = [];
  let last: { findings: string[]; exitCode: number } = { findings: [], exitCode: -1 };
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    const { exitCode, stdout, stderr } = await npmRunDoctor(options.databaseUrl);
    endToEnd.push(performance.now() - started);
    if (exitCode === 2) throw new Error(`npm run db:doctor could not run: ${stderr.trim()}`);
    const report = JSON.parse(stdout) as { ms: number; findings: { id: string }[] };
    own.push(report.ms);
    last = { findings: report.findings.map((finding) => finding.id), exitCode };
  }
  const section: DoctorSection = { runs: RUNS, endToEndMs: median(endToEnd), doctorMs: median(own), ...last };
  console.error(`  db:doctor: ${section.endToEndMs} ms end to end, ${section.doctorMs} ms its own (medians of ${RUNS})`);
  return {
    section,
    checks: [
      check(
        "doctor",
        "nothing to act on on the template's database (exit 0)",
        last.exitCode === 0,
        `exit ${last.exitCode}: ${last.findings.join(", ") || "no findings"}`,
      ),
      check("doctor", `npm run db:doctor finishes in < ${BUDGET_MS / 1000} s end to end`, section.endToEndMs < BUDGET_MS, `${section.endToEndMs} ms (median)`),
    ],
  };
}

function npmRunDoctor(databaseUrl: string) {
  return new Promise<{ exitCode: number; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn("npm", ["run", "--silent", "db:doctor", "--", "--json"], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: databaseUrl, DIRECT_URL: "", CHECKPOINT_DISABLE: "1" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.once("error", reject);
    child.once("exit", (code) => resolve({ exitCode: code ?? 1, stdout, stderr }));
  });
}
