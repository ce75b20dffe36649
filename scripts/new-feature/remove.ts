// `npm run new:feature -- --remove <Name> [--force]`: undoes what the generator made, from its
// manifest (manifest.ts): deletes the files it created, takes its entries out of the schema, the API's
// routes (and so the OpenAPI document), the navigation, the permission table and the isolation matrix's registry, and adds a
// migration that drops the table.
// The feature's own migration stays: databases that applied it need the drop, not a gap in the history.
// Refused, writing nothing, when a generated file or entry was changed by hand since, unless --force.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { CONTRACT_DIRECTIVE } from "@starter/migration-lint";
import { removeSnippet } from "./edits.ts";
import { compareFiles, manifestPath, readManifest } from "./manifest.ts";
import { featureNames, FeatureSpecError, snakeCase, type FeatureNames } from "./spec.ts";

export type Removal = {
  names: FeatureNames;
  /** The generated files to delete, with their content (to put back if a later step fails). */
  deleted: { path: string; content: string }[];
  edited: { path: string; content: string; before: string }[];
  migration: { path: string; content: string };
  manifest: { path: string; content: string };
  /** Generated entries no longer there as inserted (--force): the person removes them by hand. */
  leftOver: { path: string; text: string }[];
  /** Files in the feature's folders that the generator did not write: never deleted. */
  kept: string[];
};

/** A Prisma migration folder's timestamp (UTC, to the second), sorted after every existing migration. */
export function nextMigrationTimestamp(existing: string[], now = new Date()): string {
  const current = Number(now.toISOString().replace(/\D/g, "").slice(0, 14));
  const latest = Math.max(0, ...existing.map((name) => Number(/^(\d{14})_/.exec(name)?.[1] ?? 0)));
  return String(Math.max(current, latest + 1));
}

/**
 * The migration that drops the feature's table (its index and its foreign key go with it). A contract
 * migration: the release running while this one deploys still reads the table, so it is dropped only
 * after the release without the feature is live — `db:deploy -- --phase contract`, and `npm run db:check`
 * refuses a drop anywhere else.
 */
export function dropTableMigration(names: FeatureNames): string {
  return [
    CONTRACT_DIRECTIVE,
    `-- Removes the ${names.model} feature (npm run new:feature -- --remove ${names.model}). A contract migration: the release`,
    `-- still running reads "${names.model}" until the release without the feature is live, so the table is dropped after it.`,
    `DROP TABLE "${names.model}";`,
    "",
  ].join("\n");
}

/** What `--remove` would do in the repository at `root`; throws FeatureSpecError when it may not. */
export function planRemoval(root: string, model: string | undefined, { force = false, migrations = "prisma/migrations", now = new Date() } = {}): Removal {
  if (!model) throw new FeatureSpecError("Name the feature to remove: npm run new:feature -- --remove Project");
  const names = featureNames(model, (singular) => `--remove ${singular}`);
  const manifest = readManifest(root, names);
  if (!manifest) {
    throw new FeatureSpecError(
      `${model} was not made by npm run new:feature: there is no ${manifestPath(names)}, the record the generator writes of each ` +
        "feature's files, so nothing tells which files are its own. A hand-written feature (like Posts) is removed by hand: " +
        "docs/building-your-product.md, Removing what you don't need.",
    );
  }
  const { edited: editedFiles, missing } = compareFiles(root, manifest);
  const read = (file: string) => readFileSync(path.join(root, file), "utf8");
  const leftOver: { path: string; text: string }[] = [];
  const edited = Object.entries(manifest.edits).flatMap(([file, inserted]) => {
    if (!existsSync(path.join(root, file))) return [];
    const before = read(file);
    let content = before;
    for (const text of Object.values(inserted)) {
      const without = removeSnippet(content, text);
      if (without === undefined) leftOver.push({ path: file, text });
      else content = without;
    }
    return content === before ? [] : [{ path: file, content, before }];
  });
  if (!force && (editedFiles.length > 0 || leftOver.length > 0)) {
    throw new FeatureSpecError(
      [
        `${model} was changed by hand since npm run new:feature generated it; removing it would lose those changes:`,
        ...editedFiles.map((file) => `  ${file} (edited)`),
        ...leftOver.map(({ path: file, text }) => `  ${file}: no longer holds, as generated, ${text.split("\n")[0]!.trim()}`),
        `Keep what you need elsewhere, then type: npm run new:feature -- --remove ${model} --force`,
        "(--force deletes the edited files too, and leaves the entries it cannot find for you to remove by hand.) Nothing was written.",
      ].join("\n"),
    );
  }
  const deleted = Object.keys(manifest.files)
    .filter((file) => !missing.includes(file))
    .map((file) => ({ path: file, content: read(file) }));
  const generated = new Set(Object.keys(manifest.files));
  const kept = [
    ...new Set(
      Object.keys(manifest.files)
        .map((file) => topFolder(file, names))
        .filter((folder) => folder !== undefined),
    ),
  ]
    .filter((folder) => existsSync(path.join(root, folder)))
    .flatMap((folder) =>
      readdirSync(path.join(root, folder), { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
        .filter((file) => !generated.has(file)),
    )
    .sort();
  const existing = existsSync(path.join(root, migrations)) ? readdirSync(path.join(root, migrations)) : [];
  const folder = `${nextMigrationTimestamp(existing, now)}_remove_${snakeCase(names.camelPlural)}`;
  return {
    names,
    deleted,
    edited,
    migration: { path: `${migrations}/${folder}/migration.sql`, content: dropTableMigration(names) },
    manifest: { path: manifestPath(names), content: read(manifestPath(names)) },
    leftOver,
    kept,
  };
}

/** The feature's own folder a generated file is in (lib/task-lists, …), or undefined for a file of its own (e2e/task-lists.spec.ts). */
function topFolder(file: string, names: FeatureNames): string | undefined {
  const parts = file.split("/");
  const at = parts.indexOf(names.kebabPlural);
  return at === -1 || at === parts.length - 1 ? undefined : parts.slice(0, at + 1).join("/");
}
