// 5. `npm run dev` from nothing: a fresh embedded PostgreSQL (initdb), migrations, seed, `next dev`,
// up to the first 200 from /api/health — the wait a new clone sees. Then Ctrl-C, as a terminal
// sends it, to the whole process group. Twice, in a copy of the working tree (a developer's
// `npm run dev` may be running in the real one, and Next.js allows one `next dev` per checkout):
// - without .next, as a fresh clone starts (nothing compiled yet);
// - again, where `next dev` finds the compile cache of the first run.
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { relocatedDataDir } from "@starter/local-db";
import { inheritedEnv } from "./bench-process-env.ts";
import { check, type Check } from "./checks.ts";
import type { Cleanup } from "./cleanup.ts";
import { spawnGroup, waitFor200 } from "./processes.ts";
import { freePort } from "../../test/harness.ts";
import { copyWorkingTree } from "./tree-copy.ts";

export type DevStartRun = {
  tree: "fresh copy (no .next)" | "same copy, started again";
  /** Whether `next dev` found a compile cache (.next/dev) from an earlier run. */
  nextDevCacheExisted: boolean;
  /** From spawning `node --import tsx scripts/dev.ts` (npm run dev), in ms; undefined when the line never appeared. */
  phases: { postgresStarted?: number; nextReady?: number; firstHealth200: number };
  exitCode: number | null;
  postgresStoppedCleanly: boolean;
};

export type DevStartSection = { runs: DevStartRun[] };

export async function benchDevStart(cleanup: Cleanup): Promise<{ section: DevStartSection; checks: Check[] }> {
  const copy = await copyWorkingTree(cleanup);
  const runs = [await devStart(copy, "fresh copy (no .next)", cleanup), await devStart(copy, "same copy, started again", cleanup)];
  const checks = runs.map((run) =>
    check(
      "dev-start",
      `Ctrl-C stops npm run dev (${run.tree}) with exit 0 and PostgreSQL shut down cleanly`,
      run.exitCode === 0 && run.postgresStoppedCleanly,
      `exit ${run.exitCode}, postmaster.pid ${run.postgresStoppedCleanly ? "removed" : "left behind"}`,
    ),
  );
  return { section: { runs }, checks };
}

async function devStart(root: string, tree: DevStartRun["tree"], cleanup: Cleanup): Promise<DevStartRun> {
  const scratch = await mkdtemp(path.join(os.tmpdir(), "bench-dev-start-"));
  const dataDir = path.join(scratch, "pg");
  // As root the cluster lives in a stand-in under /var/tmp (@starter/local-db): remove both.
  cleanup.add("dev-start data", async () => {
    await rm(scratch, { recursive: true, force: true });
    await rm(relocatedDataDir(dataDir), { recursive: true, force: true });
  });
  const port = await freePort();
  // Its own data and a free port: never a developer's development database.
  const env: NodeJS.ProcessEnv = { ...inheritedEnv, EMBEDDED_POSTGRES_DIR: dataDir, EMBEDDED_POSTGRES_PORT: "0", NODE_ENV: "development" };
  delete env.DATABASE_URL;
  delete env.DIRECT_URL;
  const nextDevCacheExisted = existsSync(path.join(root, ".next", "dev"));

  const started = performance.now();
  const dev = spawnGroup(`npm run dev (${tree})`, process.execPath, ["--import", "tsx", "scripts/dev.ts", "--port", String(port)], env, cleanup, root);
  const ready = await waitFor200(`http://127.0.0.1:${port}/api/health`, dev, 180_000);
  const at = (pattern: RegExp) => dev.lines().find(({ line }) => pattern.test(line))?.atMs;
  const phases = {
    postgresStarted: at(/Embedded PostgreSQL started/),
    // scripts/dev.ts starts `next dev` after migrations and seed; it prints its banner and "Ready" at once.
    nextReady: at(/Ready in/),
    firstHealth200: Math.round(ready - started),
  };
  const exitCode = await dev.stop("SIGINT", 30_000);
  const realDataDir = existsSync(path.join(dataDir, "PG_VERSION")) ? dataDir : relocatedDataDir(dataDir);
  const postgresStoppedCleanly = !existsSync(path.join(realDataDir, "postmaster.pid"));
  console.error(`  npm run dev (${tree}): first 200 from /api/health after ${phases.firstHealth200} ms`);
  return { tree, nextDevCacheExisted, phases, exitCode, postgresStoppedCleanly };
}
