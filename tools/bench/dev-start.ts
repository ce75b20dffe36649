// 5. `npm run dev` from nothing: a fresh embedded PostgreSQL (initdb), migrations, seed, `next dev`,
// up to the first 200 from `/` (its first compile included) — the wait a new clone sees — then the
// first 200 from /sign-in, the sign-in flow's first compile. Each phase of scripts/dev.ts is timed by
// the line it prints. Then Ctrl-C, as a terminal sends it, to the whole process group. Twice, in a
// copy of the working tree (a developer's
// `npm run dev` may be running in the real one, and Next.js allows one `next dev` per checkout):
// - without .next, as a fresh clone starts (nothing compiled yet);
// - again, where `next dev` finds the compile cache of the first run.
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { clusterDir, relocatedDataDir } from "@starter/local-db";
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
  phases: { postgresStarted?: number; migrationsApplied?: number; seeded?: number; nextReady?: number; firstLanding200: number };
  /** From requesting /sign-in, once `/` has answered, to its first 200: the page's first compile. */
  signInFirstCompileMs: number;
  exitCode: number | null;
  postgresStoppedCleanly: boolean;
};

export type DevStartSection = { runs: DevStartRun[] };

// Issue #29's targets, for a fresh clone on a quiet machine.
const DEV_START_TARGETS = { firstLanding200Ms: 10_000, signInFirstCompileMs: 5_000 };

export async function benchDevStart(cleanup: Cleanup): Promise<{ section: DevStartSection; checks: Check[] }> {
  const copy = await copyWorkingTree(cleanup);
  const runs = [await devStart(copy, "fresh copy (no .next)", cleanup), await devStart(copy, "same copy, started again", cleanup)];
  const fresh = runs[0]!;
  const checks = [
    check(
      "dev-start",
      `target: first 200 on / within ${DEV_START_TARGETS.firstLanding200Ms / 1000} s of npm run dev (${fresh.tree})`,
      fresh.phases.firstLanding200 <= DEV_START_TARGETS.firstLanding200Ms,
      `${(fresh.phases.firstLanding200 / 1000).toFixed(1)} s`,
    ),
    check(
      "dev-start",
      `target: the sign-in page's first compile within ${DEV_START_TARGETS.signInFirstCompileMs / 1000} s (${fresh.tree})`,
      fresh.signInFirstCompileMs <= DEV_START_TARGETS.signInFirstCompileMs,
      `${(fresh.signInFirstCompileMs / 1000).toFixed(1)} s`,
    ),
    ...runs.map((run) =>
      check(
        "dev-start",
        `Ctrl-C stops npm run dev (${run.tree}) with exit 0 and PostgreSQL shut down cleanly`,
        run.exitCode === 0 && run.postgresStoppedCleanly,
        `exit ${run.exitCode}, postmaster.pid ${run.postgresStoppedCleanly ? "removed" : "left behind"}`,
      ),
    ),
  ];
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
  const landing = await waitFor200(`http://127.0.0.1:${port}/`, dev, 180_000);
  const signIn = await waitFor200(`http://127.0.0.1:${port}/sign-in`, dev, 120_000);
  const at = (pattern: RegExp) => dev.lines().find(({ line }) => pattern.test(line))?.atMs;
  const phases = {
    postgresStarted: at(/Embedded PostgreSQL started/),
    migrationsApplied: at(/▲ Migrations applied/),
    seeded: at(/▲ Demo data seeded/),
    nextReady: at(/Ready in/),
    firstLanding200: Math.round(landing - started),
  };
  const signInFirstCompileMs = Math.round(signIn - landing);
  const exitCode = await dev.stop("SIGINT", 30_000);
  const postgresStoppedCleanly = !existsSync(path.join(clusterDir(dataDir), "postmaster.pid"));
  console.error(`  npm run dev (${tree}): first 200 from / after ${phases.firstLanding200} ms, /sign-in's first compile ${signInFirstCompileMs} ms`);
  return { tree, nextDevCacheExisted, phases, signInFirstCompileMs, exitCode, postgresStoppedCleanly };
}
