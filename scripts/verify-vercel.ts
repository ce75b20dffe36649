// `npm run verify:vercel`: builds the app the way Vercel does (`vercel build`, locally, with no
// account: a stub project file) and checks the Build Output (scripts/vercel/verify-output.ts).
import { access, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { STATIC_PAGES } from "../lib/security/headers.ts";
import { isIndexable } from "../lib/seo.ts";
import { runQuietly } from "./run.ts";
import { APP_SIZE_BUDGET_BYTES, FUNCTION_SIZE_BUDGET_BYTES, megabytes, routeHandlersOf, verifyVercelOutput } from "./vercel/verify-output.ts";

const projectDir = path.resolve(import.meta.dirname, "..");
const projectFile = path.join(projectDir, ".vercel", "project.json");

// A linked project (`vercel link`) is used as it is; otherwise a stub is enough for `vercel build`.
if (
  !(await access(projectFile).then(
    () => true,
    () => false,
  ))
) {
  await mkdir(path.dirname(projectFile), { recursive: true });
  await writeFile(projectFile, JSON.stringify({ projectId: "prj_local", orgId: "team_local", settings: { framework: "nextjs" } }));
}

// `vercel build` without --prod builds a preview deployment. On Vercel such a build has
// VERCEL_ENV=preview; the CLI sets no system variables when it builds elsewhere, so it is set here:
// the output is then checked for what a preview must do (keep crawlers out), not production's.
const VERCEL_ENV = "preview";
// The release workflow builds on GitHub Actions, where GITHUB_SHA names the commit; /api/health must report it.
const commit = process.env.VERCEL_GIT_COMMIT_SHA || process.env.GITHUB_SHA || "0000000000000000000000000000000verifyvercel";
const started = performance.now();
await runQuietly("vercel", ["build", "--yes"], {
  ...process.env,
  VERCEL_ENV,
  GITHUB_SHA: process.env.GITHUB_SHA || commit,
  NEXT_TELEMETRY_DISABLED: "1",
  CHECKPOINT_DISABLE: "1",
  VERCEL_TELEMETRY_DISABLED: "1",
});
const report = await verifyVercelOutput({
  outputDir: path.join(projectDir, ".vercel", "output"),
  projectDir,
  routeHandlers: await routeHandlersOf(path.join(projectDir, ".next")),
  staticPages: STATIC_PAGES,
  indexable: isIndexable({ VERCEL_ENV }),
});
if (!(await serverCodeContains(path.join(projectDir, ".next", "server"), commit))) {
  report.problems.push(
    `/api/health: the build does not carry its commit (${commit}, via BUILD_COMMIT_SHA in next.config.ts): the release's smoke check could never pass`,
  );
}

console.log(`vercel build: ${((performance.now() - started) / 1000).toFixed(0)} s → .vercel/output\n`);
console.log("Functions (route handlers; one Vercel function may serve several):");
console.log(`  ${"runtime".padEnd(12)} ${"total".padStart(9)} ${"app".padStart(8)} ${"files".padStart(6)}  routes`);
for (const fn of report.functions) {
  console.log(
    `  ${fn.runtime.padEnd(12)} ${`${megabytes(fn.bytes)} MB`.padStart(9)} ${`${megabytes(fn.appBytes)} MB`.padStart(8)} ${String(fn.files).padStart(6)}  ${fn.routes.join(", ")}`,
  );
}
console.log(
  `  (budgets: ${megabytes(FUNCTION_SIZE_BUDGET_BYTES)} MB in all, ${megabytes(APP_SIZE_BUDGET_BYTES)} MB for the app's own files beside Next.js's runtime; ` +
    `native Prisma engines: ${report.functions.some((fn) => fn.nativeEngines.length) ? "FOUND" : "none"})`,
);
console.log(`Static pages: ${report.staticPages.join(", ")} (prerendered, CSP hashes match their HTML)`);
console.log(`/api/health reports the build's commit (${commit})`);
console.log(`A ${VERCEL_ENV} deployment: robots.txt disallows everything, and every path answers with X-Robots-Tag: noindex`);
if (report.problems.length > 0) {
  console.error(`\nverify:vercel FAILED:\n${report.problems.map((problem) => `  - ${problem}`).join("\n")}`);
  process.exit(1);
}
console.log("\nverify:vercel OK");

async function serverCodeContains(dir: string, text: string): Promise<boolean> {
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith(".js") && (await readFile(path.join(entry.parentPath, entry.name), "utf8")).includes(text)) return true;
  }
  return false;
}
