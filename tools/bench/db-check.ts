// 8. `npm run db:check` start-up and throughput: the precompiled CLI (the `db-check` bin of packages/migration-lint) on a
// one-migration project and on a generated 2,500-migration history, next to the linting alone
// in-process and to the CLI run through tsx (what the script did before it was precompiled). Wall
// time is the target; CPU time (user + system, the process and its children) is what the CLI itself
// costs, which other work on a shared machine does not inflate as much.
import { spawnSync } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { lintMigrations } from "@starter/migration-lint";
import { check, type Check } from "./checks.ts";
import type { Cleanup } from "./cleanup.ts";
import { exitedChildrenCpuMs } from "./cpu.ts";
import { projectRoot } from "./processes.ts";

export const HISTORY_SIZE = 2_500;
const RUNS = 5;
const STARTUP_BUDGET_MS = 300;
const HISTORY_BUDGET_MS = 2_000;

export type DbCheckSection = {
  migrations: number;
  /** The 1-minute load average when the section started: how busy the machine was. */
  loadAverage: number;
  /** Wall time, medians of RUNS runs, in ms. */
  startup: { nodeAlone: number; precompiled: number; viaNpmRun: number; tsx: number };
  history: { precompiledCli: number; inProcess: number };
  /** CPU time (user + system) of the same runs, medians, in ms; undefined without /proc (not Linux). */
  cpu: { nodeAlone?: number; precompiled?: number; viaNpmRun?: number; tsx?: number; precompiledCli?: number; inProcess: number };
};

/** Migration n of a history shaped like Prisma's: models, columns, indexes, relations, enums — every statement one db-check passes. */
function migration(n: number): string {
  const table = `"Model${n}"`;
  switch (n % 5) {
    case 0:
      return `-- CreateTable\nCREATE TABLE ${table} (\n    "id" TEXT NOT NULL,\n    "name" VARCHAR(50),\n    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,\n\n    CONSTRAINT "${`Model${n}`}_pkey" PRIMARY KEY ("id")\n);\n\n-- CreateIndex\nCREATE INDEX "Model${n}_name_idx" ON ${table}("name");\n`;
    case 1:
      return `-- AlterTable\nALTER TABLE "Model${n - 1}" ADD COLUMN     "bio" TEXT,\nADD COLUMN     "score" INTEGER NOT NULL DEFAULT 0;\n`;
    case 2:
      return `-- CreateEnum\nCREATE TYPE "Status${n}" AS ENUM ('DRAFT', 'LIVE');\n\n-- AlterTable\nALTER TABLE "Model${n - 2}" ADD COLUMN     "status" "Status${n}";\n`;
    case 3:
      return `-- AlterTable\nALTER TABLE "Model${n - 3}" ALTER COLUMN "name" SET DATA TYPE VARCHAR(100);\n\n-- AlterEnum\nALTER TYPE "Status${n - 1}" ADD VALUE 'ARCHIVED';\n`;
    default:
      return `-- CreateIndex\nCREATE INDEX CONCURRENTLY "Model${n - 4}_score_idx" ON "Model${n - 4}"("score");\n`;
  }
}

async function writeHistory(dir: string, size: number) {
  for (let n = 0; n < size; n++) {
    const folder = path.join(dir, `${String(20260000000000 + n)}_m${n}`);
    await mkdir(folder, { recursive: true });
    await writeFile(path.join(folder, "migration.sql"), migration(n));
  }
}

export function median(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.floor(sorted.length / 2)]!);
}

/** Wall and CPU time of a command until it exits, medians of RUNS; throws when it fails. */
function timed(command: string, args: string[], cwd: string): { wall: number; cpu?: number } {
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const cpuBefore = exitedChildrenCpuMs();
    const started = performance.now();
    // The linter alone: no server to ask for its PostgreSQL version (as when the config sets "postgres").
    const result = spawnSync(command, args, { cwd, stdio: "pipe", env: { ...process.env, DB_CHECK_BASE: "", DIRECT_URL: "", DATABASE_URL: "" } });
    walls.push(performance.now() - started);
    const cpuAfter = exitedChildrenCpuMs();
    if (cpuBefore !== undefined && cpuAfter !== undefined) cpus.push(cpuAfter - cpuBefore);
    if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} exited ${result.status}: ${result.stderr}`);
  }
  return { wall: median(walls), cpu: cpus.length ? median(cpus) : undefined };
}

/** "250 ms wall, 120 ms CPU" */
function timing({ wall, cpu }: { wall: number; cpu?: number }) {
  return `${wall} ms wall, ${cpu === undefined ? "CPU unknown" : `${cpu} ms CPU`}`;
}

export async function benchDbCheck(cleanup: Cleanup): Promise<{ section: DbCheckSection; checks: Check[] }> {
  const scratch = await mkdtemp(path.join(os.tmpdir(), "bench-db-check-"));
  cleanup.add("db-check histories", () => rm(scratch, { recursive: true, force: true }));
  const small = path.join(scratch, "small");
  await writeHistory(path.join(small, "prisma", "migrations"), 1);
  const large = path.join(scratch, "large");
  await writeHistory(path.join(large, "prisma", "migrations"), HISTORY_SIZE);

  const cli = path.join(projectRoot, "node_modules", ".bin", "db-check");
  const loadAverage = Math.round(os.loadavg()[0]! * 10) / 10;
  timed(process.execPath, [cli], small); // builds the bundle if a source changed: not part of start-up
  const nodeAlone = timed(process.execPath, ["-e", ""], small);
  const precompiled = timed(process.execPath, [cli], small);
  const viaNpmRun = timed("npm", ["run", "--silent", "--prefix", projectRoot, "db:check", "--", "--dir", path.join(small, "prisma", "migrations")], small);
  const tsx = timed(path.join(projectRoot, "node_modules", ".bin", "tsx"), [path.join(projectRoot, "packages", "migration-lint", "src", "db-check.ts")], small);
  const inProcess: number[] = [];
  const inProcessCpu: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const report = await lintMigrations({ cwd: large, all: true });
    inProcess.push(performance.now() - started);
    const cpu = process.cpuUsage(cpuBefore);
    inProcessCpu.push((cpu.user + cpu.system) / 1000);
    if (!report.ok) throw new Error("the generated history has findings");
  }
  const historyCli = timed(process.execPath, [cli, "--all"], large);
  const section: DbCheckSection = {
    migrations: HISTORY_SIZE,
    loadAverage,
    startup: { nodeAlone: nodeAlone.wall, precompiled: precompiled.wall, viaNpmRun: viaNpmRun.wall, tsx: tsx.wall },
    history: { precompiledCli: historyCli.wall, inProcess: median(inProcess) },
    cpu: {
      nodeAlone: nodeAlone.cpu,
      precompiled: precompiled.cpu,
      viaNpmRun: viaNpmRun.cpu,
      tsx: tsx.cpu,
      precompiledCli: historyCli.cpu,
      inProcess: median(inProcessCpu),
    },
  };
  // The targets are wall times on a quiet machine. The CPU checks hold on a busy one too: a CLI whose
  // own CPU time exceeds the target could not meet it anywhere.
  return {
    section,
    checks: [
      check(
        "db-check",
        `the precompiled CLI starts and checks one migration in < ${STARTUP_BUDGET_MS} ms`,
        precompiled.wall < STARTUP_BUDGET_MS,
        `${timing(precompiled)}; load average ${loadAverage}`,
      ),
      check(
        "db-check",
        `the precompiled CLI uses < ${STARTUP_BUDGET_MS} ms of CPU to start and check one migration`,
        precompiled.cpu !== undefined && precompiled.cpu < STARTUP_BUDGET_MS,
        timing(precompiled),
      ),
      check(
        "db-check",
        `the CLI checks ${HISTORY_SIZE} migrations in < ${HISTORY_BUDGET_MS} ms end to end`,
        historyCli.wall < HISTORY_BUDGET_MS,
        `${timing(historyCli)}; load average ${loadAverage}`,
      ),
      check(
        "db-check",
        `the CLI uses < ${HISTORY_BUDGET_MS} ms of CPU to check ${HISTORY_SIZE} migrations`,
        historyCli.cpu !== undefined && historyCli.cpu < HISTORY_BUDGET_MS,
        timing(historyCli),
      ),
    ],
  };
}
