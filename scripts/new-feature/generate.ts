// `npm run new:feature -- <Name> <field:type…> [--dry-run]`: a model's whole vertical, in the shape
// of the Posts feature, and `-- --remove <Name> [--force]` to undo one (remove.ts). Everything is
// checked and computed before the first write; if a later step (the migration, its lint) fails,
// every file written is put back as it was.
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describeExit } from "../run.ts";
import {
  ACCESS,
  addAccessCases,
  addApiRoutes,
  addModel,
  addNavItem,
  addPermission,
  API_ROUTES,
  NAV,
  PERMISSION_TABLE,
  SCHEMA,
  writePermission,
} from "./edits.ts";
import { manifestPath, recordManifest } from "./manifest.ts";
import { describeProblems, migrationProblems } from "./preflight.ts";
import { planRemoval, type Removal } from "./remove.ts";
import { FeatureSpecError, parseFeature, snakeCase, type FeatureSpec } from "./spec.ts";
import { featureFiles } from "./templates.ts";

export { ACCESS, API_ROUTES, NAV, PERMISSION_TABLE, SCHEMA };
export const MIGRATIONS = "prisma/migrations";

export type Plan = {
  spec: FeatureSpec;
  args: string[];
  created: { path: string; content: string }[];
  edited: { path: string; content: string; before: string }[];
  migrationName: string;
};

/** What the generator would write for `args` in the repository at `root`; throws FeatureSpecError on bad input. */
export function planFeature(root: string, args: string[]): Plan {
  const spec = parseFeature(args);
  const read = (file: string) => readFileSync(path.join(root, file), "utf8");
  const edits: [string, (content: string, spec: FeatureSpec) => string][] = [
    [SCHEMA, addModel],
    [API_ROUTES, addApiRoutes],
    [NAV, addNavItem],
    [PERMISSION_TABLE, addPermission],
    [ACCESS, addAccessCases],
  ];
  const edited = edits.map(([file, edit]) => {
    const before = read(file);
    return { path: file, content: edit(before, spec), before };
  });
  // In either form: `Billing` would put lib/billings beside lib/billing, `Post` share /dashboard/<organization>/posts.
  const taken = [spec.kebab, spec.kebabPlural].flatMap((form) => [
    `lib/${form}`,
    `lib/${form}.ts`,
    `app/api/v1/${form}`,
    `app/(dashboard)/dashboard/[org]/${form}`,
    `components/${form}`,
  ]);
  const existing = taken.find((file) => existsSync(path.join(root, file)));
  if (existing) {
    throw new FeatureSpecError(
      `"${spec.model}" is taken: ${existing} already exists, and a feature's folders and URLs may not share its singular (${spec.kebab}) or plural (${spec.kebabPlural}). Choose another name.`,
    );
  }
  const created = featureFiles(spec);
  const existingFile = [...created.map((file) => file.path), manifestPath(spec)].find((file) => existsSync(path.join(root, file)));
  if (existingFile) throw new FeatureSpecError(`${existingFile} already exists: choose another name.`);
  return { spec, args, created, edited, migrationName: `add_${snakeCase(spec.camelPlural)}` };
}

type Step = { what: string; command: string; args: string[] };

const bin = (name: string) => path.join("node_modules", ".bin", name);

// The project's own installed tools (never a download through npx), and its own npm scripts.
function steps(plan: Plan, written: string[]): Step[] {
  return [
    { what: "format the schema", command: bin("prisma"), args: ["format"] },
    { what: "format the code", command: bin("prettier"), args: ["--write", ...written.filter((file) => /\.(ts|tsx)$/.test(file))] },
    { what: "create the migration", command: "npm", args: ["run", "db:migrate", "--", "--create-only", "--name", plan.migrationName] },
    { what: "generate the Prisma client", command: bin("prisma"), args: ["generate"] },
    { what: "lint the migration", command: "npm", args: ["run", "db:check"] },
  ];
}

/** How a step ended, in words: Prisma's 130 is mostly a question it could not ask here, not a Ctrl-C. */
export function describeFailure(step: Step, result: SpawnSyncReturns<Buffer>) {
  if (result.error) return result.error.message;
  if (result.signal) return `stopped by ${result.signal}`;
  if (result.status === 130 && step.args.includes("db:migrate")) {
    return (
      "Prisma stopped at a question it cannot ask here (exit code 130): it wants to reset your development database, whose schema or " +
      "migration history differs from prisma/migrations — `npm run db:doctor` says how; `npm run db:reset` starts it over (or you pressed Ctrl-C)"
    );
  }
  return describeExit(result.status ?? 1);
}

/** Runs each step in the repository at `root`; throws FeatureSpecError naming the one that failed. */
function runSteps(root: string, list: Step[], log: (line: string) => void) {
  for (const step of list) {
    log(`→ ${step.what}: ${step.command} ${step.args.join(" ")}`);
    const result = spawnSync(step.command, step.args, { cwd: root, stdio: ["ignore", "inherit", "inherit"], env: process.env });
    if (result.status !== 0) {
      throw new FeatureSpecError(
        `Could not ${step.what} (\`${step.command} ${step.args.join(" ")}\`: ${describeFailure(step, result)}); every file was put back as it was.`,
      );
    }
  }
}

function describePlan(plan: Plan) {
  return [
    `${plan.spec.model}: ${plan.spec.fields.map((field) => `${field.name} (${field.type}${field.optional ? ", optional" : ""})`).join(", ")}`,
    "Creates:",
    ...plan.created.map((file) => `  ${file.path}`),
    `  ${MIGRATIONS}/<timestamp>_${plan.migrationName}/migration.sql (through prisma migrate dev --create-only)`,
    `  ${manifestPath(plan.spec)} (what was generated, for --remove)`,
    "Edits:",
    ...plan.edited.map((file) => `  ${file.path}`),
  ].join("\n");
}

/** Writes the plan, creates and lints the migration, records the manifest; on a failure, restores every file it touched. */
export function writeFeature(root: string, plan: Plan, log: (line: string) => void = console.log): { migration: string; manifest: string } {
  const migrationsBefore = new Set(readdirSync(path.join(root, MIGRATIONS)));
  const written: string[] = [];
  const restore = () => {
    for (const file of plan.created) rmSync(path.join(root, file.path), { force: true });
    for (const folder of new Set(plan.created.map((file) => path.dirname(file.path)))) removeEmptyFolders(root, folder);
    for (const file of plan.edited) writeFileSync(path.join(root, file.path), file.before);
    for (const entry of readdirSync(path.join(root, MIGRATIONS))) {
      if (!migrationsBefore.has(entry)) rmSync(path.join(root, MIGRATIONS, entry), { recursive: true, force: true });
    }
  };
  try {
    for (const file of [...plan.created, ...plan.edited]) {
      mkdirSync(path.dirname(path.join(root, file.path)), { recursive: true });
      writeFileSync(path.join(root, file.path), file.content);
      written.push(file.path);
    }
    runSteps(root, steps(plan, written), log);
  } catch (error) {
    restore();
    throw error;
  }
  const migration = `${MIGRATIONS}/${readdirSync(path.join(root, MIGRATIONS)).find((entry) => !migrationsBefore.has(entry))}/migration.sql`;
  // Hashed as the formatters left them: what the person receives is what `--remove` recognises.
  const manifest = recordManifest(root, { spec: plan.spec, args: plan.args, created: plan.created.map((file) => file.path), migration });
  return { migration, manifest };
}

/**
 * Deletes the feature's files and entries, writes the migration that drops its table, and checks what
 * is left (the schema formatted, the client regenerated, the migration linted); on a failure, puts
 * every file back as it was.
 */
export function writeRemoval(root: string, removal: Removal, log: (line: string) => void = console.log) {
  const restore = () => {
    const before = [...removal.deleted, removal.manifest, ...removal.edited.map((file) => ({ path: file.path, content: file.before }))];
    for (const file of before) {
      mkdirSync(path.dirname(path.join(root, file.path)), { recursive: true });
      writeFileSync(path.join(root, file.path), file.content);
    }
    rmSync(path.join(root, path.dirname(removal.migration.path)), { recursive: true, force: true });
  };
  try {
    for (const file of [...removal.deleted, removal.manifest]) rmSync(path.join(root, file.path), { force: true });
    for (const folder of new Set(removal.deleted.map((file) => path.dirname(file.path)))) removeEmptyFolders(root, folder);
    for (const file of removal.edited) writeFileSync(path.join(root, file.path), file.content);
    mkdirSync(path.join(root, path.dirname(removal.migration.path)), { recursive: true });
    writeFileSync(path.join(root, removal.migration.path), removal.migration.content);
    const code = removal.edited.map((file) => file.path).filter((file) => /\.(ts|tsx)$/.test(file));
    runSteps(
      root,
      [
        { what: "format the schema", command: bin("prisma"), args: ["format"] },
        ...(code.length > 0 ? [{ what: "format the code", command: bin("prettier"), args: ["--write", ...code] }] : []),
        { what: "generate the Prisma client", command: bin("prisma"), args: ["generate"] },
        { what: "lint the migration", command: "npm", args: ["run", "db:check"] },
      ],
      log,
    );
  } catch (error) {
    restore();
    throw error;
  }
}

function removeEmptyFolders(root: string, folder: string) {
  for (let current = folder; current !== "." && current !== ""; current = path.dirname(current)) {
    const full = path.join(root, current);
    if (!existsSync(full) || readdirSync(full).length > 0) return;
    rmSync(full, { recursive: true });
  }
}

/** Refuses (FeatureSpecError) while the development database is not ready for `prisma migrate dev`. */
function requireReadyDatabase(root: string, command: string, options: { removing?: boolean } = {}) {
  const problems = migrationProblems(root, process.env, options);
  if (problems.length > 0) throw new FeatureSpecError(describeProblems(problems, command));
}

function remove(argv: string[], root: string) {
  const force = argv.includes("--force");
  const [model, ...extra] = argv.filter((arg) => arg !== "--remove" && arg !== "--force");
  if (extra.length > 0) throw new FeatureSpecError(`--remove takes the model's name only: npm run new:feature -- --remove ${model ?? "Project"}`);
  const removal = planRemoval(root, model, { force });
  requireReadyDatabase(root, `npm run new:feature -- ${argv.join(" ")}`, { removing: true });
  const { names } = removal;
  console.log(
    [
      `Removing ${names.model}:`,
      ...removal.deleted.map((file) => `  delete ${file.path}`),
      ...removal.edited.map((file) => `  edit   ${file.path}`),
      `  delete ${removal.manifest.path}`,
      `  add    ${removal.migration.path} (drops the table "${names.model}")`,
    ].join("\n"),
  );
  writeRemoval(root, removal);
  console.log(
    [
      "",
      `Done: ${names.title} is gone from the code; ${removal.migration.path} drops its table.`,
      "Next: `npm run db:migrate` applies it to your development database (its rows are lost); in production it is a contract",
      "migration, applied after the release without the feature is live (docs/schema-changes.md).",
      ...(removal.leftOver.length > 0
        ? [
            "Not found as generated, so left for you to remove by hand (then `npm run typecheck`):",
            ...removal.leftOver.map((entry) => `  ${entry.path}: ${entry.text.split("\n")[0]!.trim()}`),
          ]
        : []),
      ...(removal.kept.length > 0 ? ["Kept, since the generator did not write them:", ...removal.kept.map((file) => `  ${file}`)] : []),
    ].join("\n"),
  );
}

export function main(argv: string[], root = process.cwd()): number {
  try {
    if (argv.includes("--remove")) {
      remove(argv, root);
      return 0;
    }
    const dryRun = argv.includes("--dry-run");
    const args = argv.filter((arg) => arg !== "--dry-run");
    if (args.includes("--force")) throw new FeatureSpecError("--force goes with --remove: npm run new:feature -- --remove <Name> --force");
    const plan = planFeature(root, args);
    if (dryRun) {
      console.log(`new:feature --dry-run (nothing written)\n${describePlan(plan)}`);
      return 0;
    }
    requireReadyDatabase(root, `npm run new:feature -- ${args.join(" ")}`);
    console.log(describePlan(plan));
    const { migration, manifest } = writeFeature(root, plan);
    const { spec } = plan;
    console.log(
      [
        "",
        `Done: ${spec.title} at /dashboard/<organization>/${spec.kebabPlural} and /api/v1/${spec.kebabPlural}; migration ${migration}.`,
        "Next: `npm run db:migrate` applies it to your development database; `npm run typecheck && npm run lint` and",
        `\`npx vitest run lib/${spec.kebabPlural} app/api/v1/${spec.kebabPlural} test/isolation.test.ts\` pass as generated. Then, as you choose: who may write`,
        `(its "${writePermission(spec)}" in lib/organizations/permissions.ts: every role of the organization, as generated), the plan limits`,
        `(${spec.camel.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase()}_LIMITS in lib/${spec.kebabPlural}/${spec.kebabPlural}.ts), the plans' features on /pricing`,
        "(lib/billing/plans.ts) and the delete-account text (its hint in app/(dashboard)/dashboard/(account)/account/page.tsx).",
        `${manifest} records what was generated (commit it): \`npm run new:feature -- --remove ${spec.model}\` undoes it.`,
      ].join("\n"),
    );
    return 0;
  } catch (error) {
    if (!(error instanceof FeatureSpecError)) throw error;
    console.error(`new:feature: ${error.message}`);
    return 1;
  }
}
