// `npm pack` and `npm publish` of this package (its prepack, postpack and postpublish scripts). In this repository
// the package runs from its TypeScript sources: `exports` names src/index.ts (tsx, Vitest and tsc read it as is)
// and the bin bin/db-check.mjs precompiles them. A published package must run on plain node, so
//   prepack:     compiles src/ to dist/ (JS and .d.ts, tsconfig.build.json), then points package.json's exports,
//                types, bin and files at dist/ — the package.json that goes into the tarball;
//   postpack:    puts the repository's package.json back — except under `npm publish`, which reads package.json
//                again after packing and sends that to the registry: there postpublish puts it back.
// npm has no field for this (it ignores exports in publishConfig), hence the rewrite. A pack or publish that
// stopped halfway leaves the original in node_modules/.cache/pack/package.json; the next prepack restores it first.
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const manifestFile = path.join(root, "package.json");
const savedFile = path.join(root, "node_modules", ".cache", "pack", "package.json");

/** What the published package.json says instead of the repository's. */
const PUBLISHED_FIELDS = {
  exports: { ".": { types: "./dist/index.d.ts", default: "./dist/index.js" } },
  types: "./dist/index.d.ts",
  // As npm normalises it (no "./"), so that npm publish does not warn.
  bin: { "db-check": "dist/bin.js" },
  files: ["dist", "scripts/function-volatility.mjs", "README.md", "LICENSE"],
};

function restore() {
  if (!existsSync(savedFile)) return;
  copyFileSync(savedFile, manifestFile);
  rmSync(savedFile);
}

function prepack() {
  restore();
  rmSync(path.join(root, "dist"), { recursive: true, force: true });
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  execFileSync(process.execPath, [tsc, "-p", path.join(root, "tsconfig.build.json")], { cwd: root, stdio: "inherit" });
  const text = readFileSync(manifestFile, "utf8");
  mkdirSync(path.dirname(savedFile), { recursive: true });
  writeFileSync(savedFile, text);
  // The scripts stay: npm runs postpack and postpublish from the package.json it reads after prepack.
  const manifest = JSON.parse(text);
  const temporary = `${manifestFile}.tmp`;
  writeFileSync(temporary, `${JSON.stringify({ ...manifest, ...PUBLISHED_FIELDS }, null, 2)}\n`);
  renameSync(temporary, manifestFile);
}

const commands = {
  prepack,
  postpack: () => process.env.npm_command !== "publish" && restore(),
  postpublish: restore,
};
const command = process.argv[2];
if (!Object.hasOwn(commands, command)) {
  console.error(`Usage: node scripts/pack.mjs prepack|postpack|postpublish (npm pack and npm publish run them)`);
  process.exit(2);
}
commands[command]();
