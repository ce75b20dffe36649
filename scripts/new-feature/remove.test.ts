// `npm run new:feature -- --remove <Name>`: the manifest the generator records, what removal plans
// from it (and refuses), and the migration it writes, judged by the project's own db:check rules —
// on a scratch copy of the files the generator edits. Generating and removing a feature end to end
// (formatters, Prisma, typecheck) is scaffold.test.ts.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { format } from "prettier";
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { lintMigrations, loadConfig } from "@starter/migration-lint";
import { untakenFeatureName } from "@/test/support/feature-names";
import { projectRoot } from "@/test/support/prisma-cli";
import { ACCESS, API_ROUTES, main, NAV, PERMISSION_TABLE, planFeature, SCHEMA } from "./generate.ts";
import { manifestPath, recordManifest } from "./manifest.ts";
import { nextMigrationTimestamp, planRemoval } from "./remove.ts";
import { parseFeature, snakeCase } from "./spec.ts";

const scratch = mkdtempSync(path.join(os.tmpdir(), "new-feature-remove-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const MODEL = untakenFeatureName(projectRoot, "TaskList");
const ARGS = [MODEL, "name:string", "notes:text?", "done:boolean"];
const spec = parseFeature(ARGS);
const ADD_MIGRATION = `prisma/migrations/20990101000000_add_${snakeCase(spec.camelPlural)}/migration.sql`;

let root: string;
let runs = 0;
let original: Record<string, string>;
beforeEach(() => {
  root = path.join(scratch, String(++runs));
  for (const file of [SCHEMA, API_ROUTES, NAV, PERMISSION_TABLE, ACCESS]) cpSync(path.join(projectRoot, file), path.join(root, file));
  mkdirSync(path.join(root, "prisma/migrations"), { recursive: true });
  original = snapshot();
});

/** Every file under the root, with its content. */
function snapshot(): Record<string, string> {
  return Object.fromEntries(
    readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => {
        const file = path.join(entry.parentPath, entry.name);
        return [path.relative(root, file), readFileSync(file, "utf8")];
      }),
  );
}

/** The feature as the generator leaves it (its files, its edits, its manifest), without the formatters and Prisma. */
function generate() {
  const plan = planFeature(root, ARGS);
  for (const file of [...plan.created, ...plan.edited]) {
    mkdirSync(path.dirname(path.join(root, file.path)), { recursive: true });
    writeFileSync(path.join(root, file.path), file.content);
  }
  recordManifest(root, { spec, args: ARGS, created: plan.created.map((file) => file.path), migration: ADD_MIGRATION });
  return plan;
}

const errors = vi.spyOn(console, "error").mockImplementation(() => {});
afterEach(() => errors.mockClear());
const refusal = () => errors.mock.calls.flat().join("\n");

describe("the manifest the generator records", () => {
  it("names each created file with its sha256, each edit with what it inserted, and the command", () => {
    const plan = generate();
    const manifest = JSON.parse(readFileSync(path.join(root, manifestPath(spec)), "utf8"));
    expect(Object.keys(manifest.files).sort()).toEqual(plan.created.map((file) => file.path).sort());
    for (const hash of Object.values(manifest.files)) expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.keys(manifest.edits).sort()).toEqual([API_ROUTES, NAV, SCHEMA, PERMISSION_TABLE, ACCESS].sort());
    expect(manifest.edits[NAV].navItem).toContain(`"/${spec.kebabPlural}"`);
    expect(manifest.edits[PERMISSION_TABLE].permission).toContain(`  "${spec.camelPlural}.write": ["owner", "admin", "member"],`);
    expect(manifest.edits[ACCESS].accessCases).toBe(`  generatedFeature("${MODEL}", { writes: "${spec.camelPlural}.write" }),`);
    expect(manifest).toMatchObject({ model: MODEL, command: `npm run new:feature -- ${ARGS.join(" ")}`, migration: ADD_MIGRATION });
  });

  it("is written as Prettier writes it (npm run format:check passes on it as committed)", async () => {
    generate();
    const file = path.join(root, manifestPath(spec));
    const json = readFileSync(file, "utf8");
    expect(await format(json, { filepath: file, printWidth: 160 })).toBe(json);
  });
});

describe("removing a generated feature", () => {
  it("deletes every file it created and gives the edited files back exactly as they were", () => {
    const plan = generate();
    const removal = planRemoval(root, MODEL);
    expect(removal.deleted.map((file) => file.path).sort()).toEqual(plan.created.map((file) => file.path).sort());
    expect(Object.fromEntries(removal.edited.map((file) => [file.path, file.content]))).toEqual({
      [SCHEMA]: original[SCHEMA],
      [API_ROUTES]: original[API_ROUTES],
      [NAV]: original[NAV],
      [PERMISSION_TABLE]: original[PERMISSION_TABLE],
      [ACCESS]: original[ACCESS],
    });
    expect(removal.manifest.path).toBe(manifestPath(spec));
    expect(removal).toMatchObject({ leftOver: [], kept: [] });
  });

  it("finds its entries after the formatters realigned them (prisma format, Prettier)", () => {
    generate();
    const schema = readFileSync(path.join(root, SCHEMA), "utf8");
    const realigned = schema
      .replace(`  ${spec.camelPlural} ${MODEL}[]`, `  ${spec.camelPlural}      ${MODEL}[]`)
      .replace(`  created${spec.pascalPlural} ${MODEL}[]`, `  created${spec.pascalPlural}   ${MODEL}[]`)
      .replace("  notes String?", "  notes     String?");
    writeFileSync(path.join(root, SCHEMA), realigned);
    expect(planRemoval(root, MODEL).edited.find((file) => file.path === SCHEMA)!.content).toBe(original[SCHEMA]);
  });

  it("adds a migration, after every other, that drops the table", () => {
    generate();
    writeFileSync(path.join(root, "prisma/migrations/migration_lock.toml"), "");
    mkdirSync(path.join(root, "prisma/migrations/20990101000000_add_later"));
    const { migration } = planRemoval(root, MODEL, { now: new Date("2026-12-07T13:05:09Z") });
    expect(migration.path).toBe(`prisma/migrations/20990101000001_remove_${snakeCase(spec.camelPlural)}/migration.sql`);
    expect(migration.content).toContain(`DROP TABLE "${MODEL}";`);
    expect(nextMigrationTimestamp(["20261201130000_x"], new Date("2026-12-07T13:05:09Z"))).toBe("20261207130509");
  });

  it("keeps files in the feature's folders that the generator did not write, and says so", () => {
    generate();
    writeFileSync(path.join(root, `lib/${spec.kebabPlural}/export.ts`), "export {};\n");
    expect(planRemoval(root, MODEL).kept).toEqual([`lib/${spec.kebabPlural}/export.ts`]);
  });
});

describe("npm run new:feature -- --remove refuses, naming what to type, and writes nothing", () => {
  it("when a generated file was edited since, unless --force", () => {
    const plan = generate();
    const edited = plan.created.find((file) => file.path.endsWith(`${spec.kebabPlural}.ts`))!.path;
    writeFileSync(path.join(root, edited), `${readFileSync(path.join(root, edited), "utf8")}// mine\n`);
    const before = snapshot();
    expect(main(["--remove", MODEL], root)).toBe(1);
    expect(refusal()).toContain(`${MODEL} was changed by hand since npm run new:feature generated it`);
    expect(refusal()).toContain(`  ${edited} (edited)`);
    expect(refusal()).toContain(`type: npm run new:feature -- --remove ${MODEL} --force`);
    expect(snapshot()).toEqual(before);
    expect(planRemoval(root, MODEL, { force: true }).deleted.map((file) => file.path)).toContain(edited);
  });

  it("when an entry it made was changed by hand (the navigation's label), and with --force leaves that one to the person", () => {
    generate();
    const nav = readFileSync(path.join(root, NAV), "utf8");
    writeFileSync(path.join(root, NAV), nav.replace(`label: "${spec.title}"`, 'label: "Renamed"'));
    const before = snapshot();
    expect(main(["--remove", MODEL], root)).toBe(1);
    expect(refusal()).toContain(`${NAV}: no longer holds, as generated, { href: "/${spec.kebabPlural}", label: "${spec.title}" },`);
    expect(snapshot()).toEqual(before);
    const forced = planRemoval(root, MODEL, { force: true });
    expect(forced.leftOver).toEqual([{ path: NAV, text: expect.stringContaining(`"/${spec.kebabPlural}"`) }]);
    expect(forced.edited.map((file) => file.path).sort()).toEqual([API_ROUTES, SCHEMA, PERMISSION_TABLE, ACCESS].sort());
  });

  it("when its permission in the table was changed by hand (its writes narrowed to owners and admins)", () => {
    generate();
    const table = readFileSync(path.join(root, PERMISSION_TABLE), "utf8");
    const permission = `"${spec.camelPlural}.write": `;
    writeFileSync(path.join(root, PERMISSION_TABLE), table.replace(`${permission}["owner", "admin", "member"]`, `${permission}["owner", "admin"]`));
    const before = snapshot();
    expect(main(["--remove", MODEL], root)).toBe(1);
    expect(refusal()).toContain(`${PERMISSION_TABLE}: no longer holds, as generated, /** Create, edit and delete the organization's ${spec.wordsPlural}`);
    expect(snapshot()).toEqual(before);
    expect(planRemoval(root, MODEL, { force: true }).leftOver).toEqual([{ path: PERMISSION_TABLE, text: expect.stringContaining(permission) }]);
  });

  it.each([
    [
      "a hand-written feature (Posts)",
      ["--remove", "Post"],
      /Post was not made by npm run new:feature: there is no scripts\/new-feature\/manifests\/posts\.json/,
    ],
    ["a feature never generated", ["--remove", "Gizmo"], /Gizmo was not made by npm run new:feature/],
    ["a plural, saying what to type", ["--remove", "Posts"], /"Posts" reads as a plural: .*Type: npm run new:feature -- --remove Post$/m],
    ["no name", ["--remove"], /Name the feature to remove: npm run new:feature -- --remove Project/],
    ["--force without --remove", ["Gizmo", "name:string", "--force"], /--force goes with --remove/],
  ])("%s", (_, args, message) => {
    generate();
    const before = snapshot();
    expect(main(args, root)).toBe(1);
    expect(refusal()).toMatch(message);
    expect(snapshot()).toEqual(before);
  });
});

describe("the migration it writes, by the project's db:check rules", () => {
  // The feature's own migration as `prisma migrate dev` writes it, then removal's: one release.
  const addTable = `-- CreateTable
CREATE TABLE "${MODEL}" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "${MODEL}_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "${MODEL}_createdById_idx" ON "${MODEL}"("createdById");

-- CreateIndex
CREATE INDEX "${MODEL}_organizationId_createdAt_id_idx" ON "${MODEL}"("organizationId", "createdAt", "id");

-- AddForeignKey
ALTER TABLE "${MODEL}" ADD CONSTRAINT "${MODEL}_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "${MODEL}" ADD CONSTRAINT "${MODEL}_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
`;

  async function lint(dropSql: (sql: string) => string) {
    cpSync(path.join(projectRoot, "prisma/migrations"), path.join(root, "prisma/migrations"), { recursive: true });
    generate();
    mkdirSync(path.dirname(path.join(root, ADD_MIGRATION)), { recursive: true });
    writeFileSync(path.join(root, ADD_MIGRATION), addTable);
    const { migration } = planRemoval(root, MODEL);
    mkdirSync(path.dirname(path.join(root, migration.path)), { recursive: true });
    writeFileSync(path.join(root, migration.path), dropSql(migration.content));
    return lintMigrations({ cwd: root, config: loadConfig(projectRoot), paths: [path.dirname(ADD_MIGRATION), path.dirname(migration.path)] });
  }

  it("passes: a contract migration, applied after the release without the feature is live, says why", async () => {
    const report = await lint((sql) => sql);
    expect(report.ok, JSON.stringify(report.files, null, 2)).toBe(true);
    expect(report.files.map((file) => file.phase)).toEqual(["expand", "contract"]);
    expect(readFileSync(path.join(root, report.files[1]!.file), "utf8")).toMatch(
      /^-- db-check:phase contract\n-- Removes the \w+ feature .*the release\n-- still running reads/,
    );
  });

  it("would be refused as an expand migration: the running release still reads the table", async () => {
    const report = await lint((sql) => sql.replace("-- db-check:phase contract\n", ""));
    expect(report.files[1]!.findings.map((finding) => finding.rule)).toEqual(["drop-table"]);
  });
});
