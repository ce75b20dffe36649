// The backfill files of a project (`prisma/backfills/<timestamp>_<name>.ts`), loaded and checked
// before anything runs: a file that does not load or declares no keyset stops the command (exit 2).
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { listBackfills } from "@starter/migration-lint";
import { BackfillRefusal } from "./errors.ts";
import { resolveBackfill, type ResolvedBackfill } from "./define.ts";

export interface BackfillSource {
  name: string;
  file: string;
  /** SHA-256 of the file (line endings normalised, as a checkout on Windows changes them). */
  checksum: string;
}

export interface LoadedBackfill extends BackfillSource {
  definition: ResolvedBackfill;
}

/** The backfill files in the order they run, with their checksums; `only` picks one (full name, or the part after the timestamp). */
export async function readBackfillSources(dir: string, only?: string): Promise<BackfillSource[]> {
  const sources = await Promise.all(listBackfills(dir).map(async ({ name, file }) => ({ name, file, checksum: checksum(await readFile(file, "utf8")) })));
  if (only === undefined) return sources;
  const picked = sources.filter(({ name }) => name === only || name.slice(name.indexOf("_") + 1) === only);
  if (picked.length === 1) return picked;
  const folder = path.relative(process.cwd(), dir) || dir;
  if (picked.length > 1) throw new BackfillRefusal(`--only ${only} matches ${picked.map((s) => s.name).join(" and ")}: give the full name.`);
  const known = sources.map((s) => s.name);
  throw new BackfillRefusal(
    `--only ${only}: no such backfill in ${folder} (${known.length ? `there are: ${known.join(", ")}` : "it has none"}). Give a file name without ".ts".`,
  );
}

/** Imports each file (the CLI runs under tsx, so TypeScript loads as it is) and checks its default export. */
export async function loadBackfill(source: BackfillSource): Promise<LoadedBackfill> {
  const shown = path.relative(process.cwd(), source.file) || source.file;
  let exported: { default?: unknown };
  try {
    exported = (await import(pathToFileURL(source.file).href)) as { default?: unknown };
  } catch (error) {
    const message = String((error as Error).message ?? error)
      .split("\n")
      .find((line) => line.trim())
      ?.trim();
    throw new BackfillRefusal(`${shown} does not load: ${message}. Fix the file (npm run typecheck shows its errors); nothing was run.`);
  }
  const { backfill, problem } = resolveBackfill(exported.default);
  if (!backfill) throw new BackfillRefusal(`${shown}: ${problem}. Nothing was run.`);
  return { ...source, definition: backfill };
}

export function checksum(text: string) {
  return createHash("sha256").update(text.replaceAll("\r\n", "\n")).digest("hex");
}
