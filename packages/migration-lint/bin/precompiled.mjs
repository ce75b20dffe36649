// Runs a TypeScript script without compiling TypeScript at every start: tsx needs ~2 s to start
// (it loads esbuild and transforms each module), which `npm run db:check` paid on every call. The
// script is bundled once with esbuild into one plain ES module (npm packages stay imports), kept in
// node_modules/.cache — git-ignored, and gone with a fresh install — beside a manifest of the
// sources it was built from, and rebuilt when one of them changes. Plain JS, so node runs it as is.
import { createHash, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";

// Sources are named relative to this package; the bundles go to its own node_modules/.cache.
const PROJECT_ROOT = path.resolve(import.meta.dirname, "..");

// Synchronous reads: a few dozen small files, read faster in a row than through the thread pool.
function hash(file) {
  try {
    return createHash("sha256").update(readFileSync(file)).digest("hex");
  } catch {
    return undefined;
  }
}

/** True when every source in the manifest still has the content the bundle was built from. */
function isFresh(manifestFile, root) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestFile, "utf8"));
  } catch {
    return false;
  }
  return Object.entries(manifest).every(([file, sum]) => hash(path.join(root, file)) === sum);
}

/** Writes through a temporary file and a rename: a concurrent run never reads half a file. */
async function writeAtomically(file, contents) {
  const temporary = `${file}.${randomUUID()}.tmp`;
  await writeFile(temporary, contents);
  await rename(temporary, file);
}

/**
 * The file URL of `entry` (a .ts file, relative to `root`) bundled as one ES module, built first when
 * missing or stale. `built` says whether this call built it.
 */
export async function precompiled(entry, { root = PROJECT_ROOT, outDir = path.join(root, "node_modules", ".cache", "precompiled") } = {}) {
  const outfile = path.join(outDir, `${path.basename(entry, path.extname(entry))}.mjs`);
  const manifestFile = `${outfile}.sources.json`;
  const url = pathToFileURL(outfile).href;
  if (isFresh(manifestFile, root)) return { url, built: false };
  // Imported only to build: loading esbuild costs more than the whole check of a small history.
  const esbuild = await import("esbuild");
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: [entry],
    bundle: true,
    packages: "external",
    platform: "node",
    format: "esm",
    target: "node20",
    write: false,
    metafile: true,
    outfile,
    logLevel: "silent",
  });
  const sources = Object.keys(result.metafile.inputs);
  const manifest = Object.fromEntries(sources.map((file) => [file, hash(path.join(root, file))]));
  await mkdir(outDir, { recursive: true });
  await writeAtomically(outfile, result.outputFiles[0].contents);
  await writeAtomically(manifestFile, JSON.stringify(manifest, null, 2));
  return { url, built: true };
}
