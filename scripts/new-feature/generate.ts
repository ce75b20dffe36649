// `npm run new:feature -- <Name> <field:type…> [--dry-run]`: a model's whole vertical, in the shape
// of the Posts feature. Everything is checked and computed before the first write; if a later step
// (the migration, its lint) fails, every file written is put back as it was.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describeExit } from "../run.ts";
import { addApiRoutes, addModel, addNavItem } from "./edits.ts";
import { FeatureSpecError, parseFeature, type FeatureSpec } from "./spec.ts";
import { featureFiles } from "./templates.ts";

export const SCHEMA = "prisma/schema.prisma";
export const API_ROUTES = "app/api/v1/routes.ts";
export const NAV = "components/dashboard/nav-items.ts";
const MIGRATIONS = "prisma/migrations";

export type Plan = {
  spec: FeatureSpec;
  created: { path: string; content: string }[];
  edited: { path: string; content: string; before: string }[];
  migrationName: string;
};

const snake = (camel: string) => camel.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();

/** What the generator would write for `args` in the repository at `root`; throws FeatureSpecError on bad input. */
export function planFeature(root: string, args: string[]): Plan {
  const spec = parseFeature(args);
  const read = (file: string) => readFileSync(path.join(root, file), "utf8");
  const edits: [string, (content: string, spec: FeatureSpec) => string][] = [
    [SCHEMA, addModel],
    [API_ROUTES, addApiRoutes],
    [NAV, addNavItem],
  ];
  const edited = edits.map(([file, edit]) => {
    const before = read(file);
    return { path: file, content: edit(before, spec), before };
  });
  // In either form: `Billing` would put lib/billings beside lib/billing, `Post` share /dashboard/posts.
  const taken = [spec.kebab, spec.kebabPlural].flatMap((form) => [
    `lib/${form}`,
    `lib/${form}.ts`,
    `app/api/v1/${form}`,
    `app/(dashboard)/dashboard/${form}`,
    `components/${form}`,
  ]);
  const existing = taken.find((file) => existsSync(path.join(root, file)));
  if (existing) {
    throw new FeatureSpecError(
      `"${spec.model}" is taken: ${existing} already exists, and a feature's folders and URLs may not share its singular (${spec.kebab}) or plural (${spec.kebabPlural}). Choose another name.`,
    );
  }
  const created = featureFiles(spec);
  const existingFile = created.find((file) => existsSync(path.join(root, file.path)));
  if (existingFile) throw new FeatureSpecError(`${existingFile.path} already exists: choose another name.`);
  return { spec, created, edited, migrationName: `add_${snake(spec.camelPlural)}` };
}

type Step = { what: string; command: string; args: string[] };

// The project's own installed tools (never a download through npx), and its own npm scripts.
function steps(plan: Plan, written: string[]): Step[] {
  const code = written.filter((file) => /\.(ts|tsx)$/.test(file));
  const bin = (name: string) => path.join("node_modules", ".bin", name);
  return [
    { what: "format the schema", command: bin("prisma"), args: ["format"] },
    { what: "format the code", command: bin("prettier"), args: ["--write", ...code] },
    { what: "create the migration", command: "npm", args: ["run", "db:migrate", "--", "--create-only", "--name", plan.migrationName] },
    { what: "generate the Prisma client", command: bin("prisma"), args: ["generate"] },
    { what: "lint the migration", command: "npm", args: ["run", "db:check"] },
  ];
}

function describePlan(plan: Plan) {
  return [
    `${plan.spec.model}: ${plan.spec.fields.map((field) => `${field.name} (${field.type}${field.optional ? ", optional" : ""})`).join(", ")}`,
    "Creates:",
    ...plan.created.map((file) => `  ${file.path}`),
    `  ${MIGRATIONS}/<timestamp>_${plan.migrationName}/migration.sql (through prisma migrate dev --create-only)`,
    "Edits:",
    ...plan.edited.map((file) => `  ${file.path}`),
  ].join("\n");
}

/** Writes the plan, creates and lints the migration; on a failure, restores every file it touched. */
export function writeFeature(root: string, plan: Plan, log: (line: string) => void = console.log): { migration: string } {
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
    for (const step of steps(plan, written)) {
      log(`→ ${step.what}: ${step.command} ${step.args.join(" ")}`);
      const result = spawnSync(step.command, step.args, { cwd: root, stdio: ["ignore", "inherit", "inherit"], env: process.env });
      if (result.status !== 0) {
        const how = result.error ? result.error.message : result.signal ? `stopped by ${result.signal}` : describeExit(result.status ?? 1);
        throw new FeatureSpecError(`Could not ${step.what} (\`${step.command} ${step.args.join(" ")}\`: ${how}); every file was put back as it was.`);
      }
    }
  } catch (error) {
    restore();
    throw error;
  }
  const migration = readdirSync(path.join(root, MIGRATIONS)).find((entry) => !migrationsBefore.has(entry));
  return { migration: `${MIGRATIONS}/${migration}/migration.sql` };
}

/**
 * The migrations the development database has not applied (`npm run db:status`), or [] when it is
 * up to date — or cannot be reached, which the migration step then reports. `migrate dev` would apply
 * them silently inside this feature's step, mixing a half-finished change into it.
 */
export function unappliedMigrations(root: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const status = spawnSync("npm", ["run", "--silent", "db:status"], { cwd: root, encoding: "utf8", env: { ...env, LOG_FORMAT: "" } });
  const listed = /following migrations? ha(?:s|ve) not yet been applied:\n([\s\S]*?)(?:\n\n|$)/i.exec(`${status.stdout}${status.stderr}`);
  if (status.status === 0 || !listed) return [];
  return listed[1]!
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
}

function removeEmptyFolders(root: string, folder: string) {
  for (let current = folder; current !== "." && current !== ""; current = path.dirname(current)) {
    const full = path.join(root, current);
    if (!existsSync(full) || readdirSync(full).length > 0) return;
    rmSync(full, { recursive: true });
  }
}

export function main(argv: string[], root = process.cwd()): number {
  const dryRun = argv.includes("--dry-run");
  const args = argv.filter((arg) => arg !== "--dry-run");
  try {
    const plan = planFeature(root, args);
    if (dryRun) {
      console.log(`new:feature --dry-run (nothing written)\n${describePlan(plan)}`);
      return 0;
    }
    const unapplied = unappliedMigrations(root);
    if (unapplied.length > 0) {
      throw new FeatureSpecError(
        `Your development database has not applied ${unapplied.join(", ")}. Run \`npm run db:migrate\` first ` +
          "(or remove the migration, if you gave up on it), then run this command again. Nothing was written.",
      );
    }
    console.log(describePlan(plan));
    const { migration } = writeFeature(root, plan);
    const { spec } = plan;
    console.log(
      [
        "",
        `Done: ${spec.title} at /dashboard/${spec.kebabPlural} and /api/v1/${spec.kebabPlural}; migration ${migration}.`,
        "Next: `npm run db:migrate` applies it to your development database; `npm run typecheck && npm run lint` and",
        `\`npx vitest run lib/${spec.kebabPlural} app/api/v1/${spec.kebabPlural}\` pass as generated. Then, as you choose: the plan limits`,
        `(${spec.camel.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase()}_LIMITS in lib/${spec.kebabPlural}/${spec.kebabPlural}.ts), the plans' features on /pricing`,
        "(lib/billing/plans.ts) and the delete-account text (app/(dashboard)/dashboard/settings/delete-account-form.tsx).",
      ].join("\n"),
    );
    return 0;
  } catch (error) {
    if (!(error instanceof FeatureSpecError)) throw error;
    console.error(`new:feature: ${error.message}`);
    return 1;
  }
}
