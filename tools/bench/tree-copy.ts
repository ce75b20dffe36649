// A throwaway copy of the working tree, for experiments that edit source files: the hot-reload
// runs edit lib/db.ts 20 times, and must never touch the real tree, which people (and their
// editors, type checkers and dev servers) are working in at the same time.
import { execFile } from "node:child_process";
import { cp, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { Cleanup } from "./cleanup.ts";
import { projectRoot } from "./processes.ts";

/** Build output, databases and results: not source, and some of them large. */
const SKIPPED = new Set(["node_modules", ".next", ".data", ".git", "bench-results", "test-results", "playwright-report", "coverage", ".vercel"]);

export async function copyWorkingTree(cleanup: Cleanup): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), "bench-tree-"));
  cleanup.add(`copy of the working tree (${root})`, () => rm(root, { recursive: true, force: true }));
  await cp(projectRoot, root, {
    recursive: true,
    verbatimSymlinks: true,
    filter: (source) => !SKIPPED.has(path.relative(projectRoot, source).split(path.sep)[0]!),
  });
  // node_modules as hard links: a second of work instead of a gigabyte copied. Turbopack refuses a
  // symlink to it (the packages would sit outside the project root). Nothing running in the copy
  // writes into node_modules, so the real tree's packages are left as they are.
  await promisify(execFile)("cp", ["-al", path.join(projectRoot, "node_modules"), path.join(root, "node_modules")]);
  return root;
}
