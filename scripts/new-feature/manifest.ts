// What `npm run new:feature` generated, recorded so that `--remove` undoes exactly that and notices
// hand edits: scripts/new-feature/manifests/<features>.json, written after the formatters ran and
// committed with the feature. Each file it created is kept as its sha256; each edit of a shared file
// (schema, API routes, navigation, permission table, the isolation matrix's registry) as the text it inserted. Plain JSON objects only, as Prettier
// writes them, so `npm run format:check` accepts the file as it is.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { INSERTED_INTO, insertions } from "./edits.ts";
import type { FeatureNames, FeatureSpec } from "./spec.ts";

export const MANIFESTS = "scripts/new-feature/manifests";

export type Manifest = {
  $comment: string;
  model: string;
  /** The command that generated it. */
  command: string;
  /** The feature's own migration: kept by `--remove`, which adds one that drops the table. */
  migration: string;
  /** Each created file, by path, with the sha256 of its content as generated. */
  files: Record<string, string>;
  /** Each edited file, by path, with what the generator inserted into it, by name. */
  edits: Record<string, Record<string, string>>;
};

export const manifestPath = (names: FeatureNames) => `${MANIFESTS}/${names.kebabPlural}.json`;

const sha256 = (content: string) => createHash("sha256").update(content).digest("hex");

/** Records the feature as it is on disk now (after formatting); returns the manifest's path. */
export function recordManifest(
  root: string,
  { spec, args, created, migration }: { spec: FeatureSpec; args: string[]; created: string[]; migration: string },
): string {
  const inserted = insertions(spec);
  const manifest: Manifest = {
    $comment: `Written by npm run new:feature; npm run new:feature -- --remove ${spec.model} reads it to undo the feature (docs/building-your-product.md).`,
    model: spec.model,
    command: `npm run new:feature -- ${args.join(" ")}`,
    migration,
    files: Object.fromEntries(created.map((file) => [file, sha256(readFileSync(path.join(root, file), "utf8"))])),
    edits: Object.fromEntries(Object.entries(INSERTED_INTO).map(([file, names]) => [file, Object.fromEntries(names.map((name) => [name, inserted[name]]))])),
  };
  const file = manifestPath(spec);
  mkdirSync(path.join(root, MANIFESTS), { recursive: true });
  writeFileSync(path.join(root, file), `${JSON.stringify(manifest, null, 2)}\n`);
  return file;
}

export function readManifest(root: string, names: FeatureNames): Manifest | undefined {
  const file = path.join(root, manifestPath(names));
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Manifest) : undefined;
}

/** The generated files as they are now: edited by hand since (their hash differs), or gone. */
export function compareFiles(root: string, manifest: Manifest): { edited: string[]; missing: string[] } {
  const edited: string[] = [];
  const missing: string[] = [];
  for (const [file, hash] of Object.entries(manifest.files)) {
    const full = path.join(root, file);
    if (!existsSync(full)) missing.push(file);
    else if (sha256(readFileSync(full, "utf8")) !== hash) edited.push(file);
  }
  return { edited, missing };
}
