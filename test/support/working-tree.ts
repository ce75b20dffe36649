// A throwaway copy of a checkout, for what must never run in the one people work in: `next dev`
// (Next.js allows one per checkout: it locks .next/dev, and writes next-env.d.ts) with its
// .data/postgres, and edits of source files (the bench's hot reloads). A developer's `npm run dev`
// may be running in the real tree while the tests or the bench run.
import { execFile } from "node:child_process";
import { cp, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { relocatedDataDir } from "@starter/local-db";
import { projectRoot } from "./prisma-cli.ts";

/** Build output, databases, results and git: not source, and some of them large. */
const NOT_COPIED = new Set(["node_modules", ".next", ".data", ".git", "bench-results", "test-results", "playwright-report", "coverage", ".vercel"]);

export type WorkingTreeCopy = { root: string; remove(): Promise<void> };

/** Copies the checkout at `from` (this one by default) without its build output and databases. */
export async function copyWorkingTree(from = projectRoot): Promise<WorkingTreeCopy> {
  const root = await mkdtemp(path.join(os.tmpdir(), "working-tree-"));
  const remove = async () => {
    await rm(root, { recursive: true, force: true });
    // Where the copy's development database lives when the server user cannot reach the copy (root).
    await rm(relocatedDataDir(path.join(root, ".data", "postgres")), { recursive: true, force: true });
  };
  try {
    await cp(from, root, { recursive: true, verbatimSymlinks: true, filter: (source) => !NOT_COPIED.has(path.relative(from, source).split(path.sep)[0]!) });
    // node_modules as hard links: seconds instead of a gigabyte copied. Turbopack refuses a symlink
    // to it (the packages would sit outside the project root). Nothing running in a copy writes
    // into node_modules, so the original's packages are left as they are.
    await promisify(execFile)("cp", ["-al", path.join(from, "node_modules"), path.join(root, "node_modules")]);
  } catch (error) {
    await remove();
    throw error;
  }
  return { root, remove };
}
