// A previous release's code, checked out beside this one: a temporary git work tree of <ref>, with
// dependencies, ready to run its own commands (`npm run …`, `prisma generate`). Used by
// `npm run test:compat` (the previous release's tests on this branch's schema) and by
// prisma/releases.test.ts (every release deployed in turn, each one's code serving requests).
import { execFile, spawn } from "node:child_process";
import { mkdir, readdir, readFile, symlink } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";

const exec = promisify(execFile);
export const git = async (cwd: string, ...args: string[]) => (await exec("git", args, { cwd, maxBuffer: 64 * 1024 * 1024 })).stdout;

/** <ref> checked out at `dir` (detached) with its dependencies; `remove()` takes the work tree away again. */
export async function addReleaseWorktree(root: string, ref: string, dir: string) {
  await git(root, "worktree", "add", "--detach", "--quiet", dir, ref);
  const remove = async () => {
    await git(root, "worktree", "remove", "--force", dir).catch(() => {});
    await git(root, "worktree", "prune").catch(() => {});
  };
  try {
    await installDependencies(root, dir, ref);
  } catch (error) {
    await remove();
    throw error;
  }
  return { dir, remove };
}

type Lockfile = { packages: Record<string, { version?: string; link?: boolean }> };

/**
 * <ref>'s dependencies, as fast as they can be had:
 * - its lockfile is this checkout's: node_modules is a symlink to this checkout's;
 * - every package it locks is installed here at the same version (an older release, before packages
 *   were added): a node_modules of links to this checkout's packages, except the workspace packages
 *   (@starter/…), which link to <ref>'s own — its commands run its own tooling;
 * - else a clean install of <ref>'s lockfile (npm ci).
 */
export async function installDependencies(root: string, worktree: string, ref: string) {
  const lockAtRef = await git(root, "show", `${ref}:package-lock.json`).catch(() => undefined);
  const lockHere = await readFile(path.join(root, "package-lock.json"), "utf8").catch(() => undefined);
  if (lockAtRef !== undefined && lockAtRef === lockHere) {
    await symlink(path.join(root, "node_modules"), path.join(worktree, "node_modules"), "dir");
    return;
  }
  if (lockAtRef !== undefined && lockHere !== undefined && lockedHere(JSON.parse(lockAtRef), JSON.parse(lockHere))) {
    await linkDependencies(root, worktree);
    return;
  }
  console.log(`${ref}: its lockfile locks packages this checkout does not have: installing its dependencies (npm ci)`);
  await new Promise<void>((resolve, reject) => {
    const child = spawn("npm", ["ci", "--no-audit", "--no-fund", "--ignore-scripts"], { cwd: worktree, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk));
    child.once("error", reject);
    child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`npm ci failed in ${worktree} (exit ${code}):\n${output}`))));
  });
}

/** Every package `older` installs (workspace links aside) is in `here` at the same version. */
function lockedHere(older: Lockfile, here: Lockfile) {
  return Object.entries(older.packages).every(
    ([location, entry]) => location === "" || entry.link || location.startsWith("packages/") || here.packages[location]?.version === entry.version,
  );
}

async function linkDependencies(root: string, worktree: string) {
  const modules = path.join(worktree, "node_modules");
  await mkdir(modules);
  // The workspace packages are all @starter/… (package.json's workspaces: packages/*).
  for (const entry of await readdir(path.join(root, "node_modules"))) {
    if (entry !== "@starter") await symlink(path.join(root, "node_modules", entry), path.join(modules, entry));
  }
  for (const folder of await readdir(path.join(worktree, "packages"))) {
    const { name } = JSON.parse(await readFile(path.join(worktree, "packages", folder, "package.json"), "utf8")) as { name: string };
    await mkdir(path.dirname(path.join(modules, name)), { recursive: true });
    await symlink(path.join(worktree, "packages", folder), path.join(modules, name), "dir");
  }
}
