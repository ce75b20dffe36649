// Which migrations to check. History is never re-checked by default: only migrations new since a
// git base (--base, or DB_CHECK_BASE), else those sorted after the recorded baseline, else all.
import { execFile } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";

/** A usage problem (bad flag, path or git ref): the CLI exits 2 with its message. */
export class UsageError extends Error {
  override name = "UsageError";
}

export interface MigrationTarget {
  /** Absolute path of the SQL file. */
  file: string;
  /** The migrations folder whose earlier migrations are its history. */
  root: string;
}

export interface Migration {
  name: string;
  file: string;
}

export const DEFAULT_MIGRATIONS_DIR = "prisma/migrations";

/** In the migrations folder; Prisma ignores files there, so it can live beside migration_lock.toml. */
export const BASELINE_FILE = "db-check-baseline.txt";

// Prisma applies the folders in this order (localeCompare on their names); so does the replay. One
// collator for all the comparisons: localeCompare sets one up per call, 3–4 times slower over a long history.
const byName = new Intl.Collator().compare;

/**
 * The migration folders (those with a migration.sql) in the order Prisma applies them; [] when there is
 * no folder. Synchronous calls: over thousands of folders, a promise per call through libuv's thread
 * pool costs 5–8 times the CPU of the same calls made in a row.
 */
export async function listMigrations(dir: string): Promise<Migration[]> {
  const entries = entriesOf(dir);
  const names = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  const candidates = names.sort(byName).map((name) => ({ name, file: path.join(dir, name, "migration.sql") }));
  return candidates.filter(({ file }) => isFile(file));
}

function isFile(file: string) {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

export interface SelectOptions {
  /** The migrations folder (absolute). */
  dir: string;
  cwd: string;
  base?: string;
  all?: boolean;
  paths?: readonly string[];
  env?: Record<string, string | undefined>;
}

export interface Selection {
  targets: MigrationTarget[];
  /** What was selected, for the summary line. */
  description: string;
  /** The targets are one release's migrations (not the whole history), so their phases must come in order. */
  oneRelease: boolean;
}

export async function selectMigrations({ dir, cwd, base, all, paths = [], env = {} }: SelectOptions): Promise<Selection> {
  if (paths.length) return { targets: await explicitTargets(paths, cwd, dir), description: "the given paths", oneRelease: true };
  if (!(await stat(dir).catch(() => undefined))?.isDirectory()) {
    throw new UsageError(`No migrations folder at ${path.relative(cwd, dir) || dir}.`);
  }
  const migrations = await listMigrations(dir);
  const toTargets = (selected: Migration[]) => selected.map(({ file }) => ({ file, root: dir }));
  if (all) return { targets: toTargets(migrations), description: "all migrations", oneRelease: false };
  const ref = base ?? env.DB_CHECK_BASE;
  if (ref) {
    const changed = await changedSince(ref, base ? `--base ${ref}` : `DB_CHECK_BASE=${ref}`, dir);
    const selected = migrations.filter(({ name }) => changed.has(name));
    return { targets: toTargets(selected), description: `migrations added or changed since ${ref}`, oneRelease: true };
  }
  const baseline = await readBaseline(dir);
  if (baseline === undefined) return { targets: toTargets(migrations), description: `all migrations (no ${BASELINE_FILE})`, oneRelease: false };
  return {
    targets: toTargets(migrations.filter(({ name }) => byName(name, baseline) > 0)),
    description: `migrations after the baseline ${baseline}`,
    oneRelease: true,
  };
}

/** A migration folder, or a SQL file: `<folder>/<name>/migration.sql` has the migrations before it as history. */
async function explicitTargets(paths: readonly string[], cwd: string, dir: string): Promise<MigrationTarget[]> {
  const targets: MigrationTarget[] = [];
  for (const given of paths) {
    const resolved = path.resolve(cwd, given);
    const info = await stat(resolved).catch(() => undefined);
    const file = info?.isDirectory() ? path.join(resolved, "migration.sql") : resolved;
    if (!isFile(file)) throw new UsageError(info ? `No migration.sql in ${given}.` : `No such file or folder: ${given}.`);
    if (targets.some((target) => target.file === file)) continue;
    targets.push({ file, root: path.basename(file) === "migration.sql" ? path.dirname(path.dirname(file)) : dir });
  }
  return targets;
}

async function readBaseline(dir: string): Promise<string | undefined> {
  const text = await readFile(path.join(dir, BASELINE_FILE), "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  if (text === undefined) return undefined;
  const name = text
    .split("\n")
    .map((line) => line.trim())
    .find((line) => line && !line.startsWith("#"));
  if (!name) throw new UsageError(`${path.join(dir, BASELINE_FILE)} names no migration.`);
  return name;
}

/** Records the newest migration as reviewed: from now on only migrations sorted after it are checked. */
export async function writeBaseline(dir: string): Promise<string> {
  const newest = (await listMigrations(dir)).at(-1)?.name;
  if (!newest) throw new UsageError(`No migrations in ${dir} to record as the baseline.`);
  const text =
    "# db-check: migrations up to and including this one are reviewed; only those sorted after it are checked.\n" +
    "# Update with: npm run db:check -- --write-baseline\n" +
    `${newest}\n`;
  await writeFile(path.join(dir, BASELINE_FILE), text);
  return newest;
}

const run = promisify(execFile);

async function git(args: string[], cwd: string) {
  return (await run("git", args, { cwd, maxBuffer: 64 * 1024 * 1024 })).stdout;
}

async function succeeds(args: string[], cwd: string) {
  return git(args, cwd).then(
    () => true,
    () => false,
  );
}

/**
 * Names of the migration folders added or changed since the merge-base of HEAD and `ref`:
 * committed, staged, unstaged and untracked. `source` names where the ref came from, for errors.
 */
async function changedSince(ref: string, source: string, dir: string): Promise<Set<string>> {
  if (ref.startsWith("-")) throw new UsageError(`${source}: not a git ref.`); // git would take it for an option
  if (!(await succeeds(["rev-parse", "--is-inside-work-tree"], dir))) throw new UsageError(`${source}: ${dir} is not in a git repository.`);
  if (!(await succeeds(["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], dir))) {
    throw new UsageError(`${source}: unknown git ref "${ref}".`);
  }
  const mergeBase = await git(["merge-base", "HEAD", ref], dir).catch(() => {
    throw new UsageError(`${source}: HEAD and "${ref}" have no common ancestor.`);
  });
  // Both list paths relative to `dir`, and only those inside it.
  const changed = await git(["diff", "--name-only", "--relative", "-z", mergeBase.trim(), "--"], dir);
  const untracked = await git(["ls-files", "--others", "--exclude-standard", "-z"], dir);
  const files = `${changed}\0${untracked}`.split("\0").filter((file) => file.includes("/"));
  return new Set(files.map((file) => file.split("/")[0]!));
}

/** A folder's entries; none when the folder does not exist. */
export function entriesOf(dir: string) {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}
