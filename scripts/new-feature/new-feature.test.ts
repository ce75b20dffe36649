// `npm run new:feature`: what it accepts, what it refuses (writing nothing), and what it would
// write — on a scratch copy of the files it edits. The generated feature passing typecheck, lint,
// db:check and its own tests in a copy of the repository is scaffold.test.ts.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, inject, it, vi } from "vitest";
import { projectRoot } from "@/test/support/prisma-cli";
import { createDatabase, dropDatabase, uniqueDatabaseName, withAdmin, withDatabase } from "@/test/support/database";
import { untakenFeatureName } from "@/test/support/feature-names";
import { ACCESS, API_ROUTES, describeFailure, main, NAV, PERMISSION_TABLE, planFeature, SCHEMA } from "./generate.ts";
import { describeProblems, migrationProblems } from "./preflight.ts";
import { parseFeature, pluralize, singularOf } from "./spec.ts";
import { BUDGET_MS, budgetFor } from "@/test/support/budgets";

const scratch = mkdtempSync(path.join(os.tmpdir(), "new-feature-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// The test's own feature names: ones this checkout has not taken (the README's Project included).
const PROJECT = parseFeature([untakenFeatureName(projectRoot, "Project"), "name:string"]);
const TASK_LIST = parseFeature([untakenFeatureName(projectRoot, "TaskList"), "name:string"]);

let root: string;
let runs = 0;
beforeEach(() => {
  root = path.join(scratch, String(++runs));
  for (const file of [SCHEMA, API_ROUTES, NAV, PERMISSION_TABLE, ACCESS]) cpSync(path.join(projectRoot, file), path.join(root, file));
  for (const folder of ["lib/posts", "app/api/v1/posts", "app/(dashboard)/dashboard/[org]/posts", "prisma/migrations"])
    mkdirSync(path.join(root, folder), { recursive: true });
});

/** Every file under the root, with its content: what "writes nothing" compares. */
function snapshot(dir = root): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => {
        const file = path.join(entry.parentPath, entry.name);
        return [path.relative(dir, file), readFileSync(file, "utf8")];
      }),
  );
}

const errors = vi.spyOn(console, "error").mockImplementation(() => {});
const output = vi.spyOn(console, "log").mockImplementation(() => {});
afterEach(() => {
  errors.mockClear();
  output.mockClear();
});

describe("npm run new:feature refuses, naming the problem and the fix, and writes nothing", () => {
  it.each([
    ["no arguments", [], /Name the feature's model and its fields/],
    ["a model name that is not an identifier", ["my-project", "name:string"], /"my-project" is not a valid model name: use PascalCase/],
    ["a lowercase model name", ["project", "name:string"], /not a valid model name/],
    ["a reserved word as the model", ["Date", "name:string"], /"Date" is a reserved word/],
    ["an existing model", ["Post", "name:string"], /The model Post already exists in prisma\/schema\.prisma/],
    [
      "a plural model name, saying what to type",
      ["Projects", "name:string"],
      /"Projects" reads as a plural: .*Type: npm run new:feature -- Project name:string/,
    ],
    ["a plural in -ies", ["Categories", "name:string"], /Type: npm run new:feature -- Category name:string/],
    ["a model whose singular is an existing folder", ["Gadget", "name:string"], /"Gadget" is taken: lib\/gadget already exists/],
    ["a model whose singular is an existing section", ["Billing", "name:string"], /The dashboard already has \/dashboard\/<organization>\/billing /],
    ["a model whose dashboard section exists", ["Setting", "name:string"], /The dashboard already has \/dashboard\/<organization>\/settings/],
    ["a model whose folder exists", ["Widget", "name:string"], /lib\/widgets already exists/],
    ["a model whose name is a module of lib/", ["Logger", "name:string"], /lib\/logger\.ts already exists/],
    ["no fields", ["Project"], /Give Project at least one field/],
    ["an unknown field type", ["Project", "name:string", "due:date"], /"date" \(field due\) is not a known field type: use one of string, text, boolean, int/],
    ["a field that is not name:type", ["Project", "name"], /"name" is not a field: write name:type/],
    ["a field name that is not an identifier", ["Project", "due-date:string"], /"due-date" is not a valid field name/],
    ["a reserved word as a field", ["Project", "name:string", "class:string"], /"class" is a reserved word/],
    [
      "a column every model has",
      ["Project", "name:string", "organizationId:string"],
      /"organizationId" is a reserved word \(every generated model has it already\)/,
    ],
    ["its creator's column", ["Project", "name:string", "createdById:string"], /"createdById" is a reserved word \(every generated model has it already\)/],
    ["a field given twice", ["Project", "name:string", "name:text"], /The field "name" is given twice/],
    ["an optional boolean", ["Project", "name:string", "done:boolean?"], /cannot be optional/],
    ["no required string to name a record by", ["Project", "notes:text", "title:string?"], /a required string field to name each one/],
  ])("%s", (_, args, message) => {
    mkdirSync(path.join(root, "lib/widgets"), { recursive: true });
    mkdirSync(path.join(root, "lib/gadget"), { recursive: true });
    writeFileSync(path.join(root, "lib/logger.ts"), "");
    const before = snapshot();
    expect(main(args, root)).toBe(1);
    expect(errors.mock.calls.flat().join("\n")).toMatch(message);
    expect(snapshot()).toEqual(before);
  });

  it.each([
    [API_ROUTES, "plural", (form: string) => `  "/api/v1/${form}": posts,\n};`, "The API already has /api/v1/"],
    [API_ROUTES, "singular", (form: string) => `  "/api/v1/${form}": posts,\n};`, "The API already has /api/v1/"],
    [NAV, "plural", (form: string) => `  { href: "/${form}", label: "Taken" },\n];`, "The dashboard already has /dashboard/<organization>/"],
    [NAV, "singular", (form: string) => `  { href: "/${form}", label: "Taken" },\n];`, "The dashboard already has /dashboard/<organization>/"],
  ] as const)("refuses a route already listed in %s in the %s form, even without its folder", (file, form, entry, message) => {
    const url = form === "plural" ? PROJECT.kebabPlural : PROJECT.kebab;
    const text = readFileSync(path.join(root, file), "utf8");
    writeFileSync(path.join(root, file), text.replace(file === NAV ? "];" : "};", entry(url)));
    const before = snapshot();
    expect(main([PROJECT.model, "name:string"], root)).toBe(1);
    expect(errors.mock.calls.flat().join("\n")).toContain(`${message}${url} `);
    expect(snapshot()).toEqual(before);
  });

  it("refuses a model whose write permission the table already has", () => {
    const text = readFileSync(path.join(root, PERMISSION_TABLE), "utf8");
    writeFileSync(path.join(root, PERMISSION_TABLE), text.replace("export const PERMISSIONS = {\n", `$&  "${PROJECT.camelPlural}.write": ["owner"],\n`));
    const before = snapshot();
    expect(main([PROJECT.model, "name:string"], root)).toBe(1);
    expect(errors.mock.calls.flat().join("\n")).toContain(`The permission table already has "${PROJECT.camelPlural}.write" (lib/organizations/permissions.ts)`);
    expect(snapshot()).toEqual(before);
  });

  it("refuses a model the isolation matrix already has cases for", () => {
    const text = readFileSync(path.join(root, ACCESS), "utf8");
    writeFileSync(
      path.join(root, ACCESS),
      text.replace("export const GENERATED_FEATURES: GeneratedFeature[] = [\n", `$&  generatedFeature("${PROJECT.model}", { writes: "member" }),\n`),
    );
    const before = snapshot();
    expect(main([PROJECT.model, "name:string"], root)).toBe(1);
    expect(errors.mock.calls.flat().join("\n")).toContain(`The isolation matrix already has ${PROJECT.model}'s cases (test/support/access.ts)`);
    expect(snapshot()).toEqual(before);
  });

  it("refuses when the isolation matrix has no GENERATED_FEATURES list to add to", () => {
    const text = readFileSync(path.join(root, ACCESS), "utf8");
    writeFileSync(path.join(root, ACCESS), text.replace("export const GENERATED_FEATURES", "export const FEATURES"));
    const before = snapshot();
    expect(main([PROJECT.model, "name:string"], root)).toBe(1);
    expect(errors.mock.calls.flat().join("\n")).toContain("test/support/access.ts has no GENERATED_FEATURES list to add to.");
    expect(snapshot()).toEqual(before);
  });
});

describe("npm run new:feature -- --dry-run", () => {
  it("lists every file it would create and edit, and writes nothing", () => {
    const before = snapshot();
    expect(main([PROJECT.model, "name:string", "description:text?", "archived:boolean", "--dry-run"], root)).toBe(0);
    const printed = output.mock.calls.flat().join("\n");
    const { kebab, kebabPlural: plural } = PROJECT;
    for (const file of [
      `lib/${plural}/schemas.ts`,
      `lib/${plural}/${plural}.ts`,
      `lib/${plural}/${plural}.test.ts`,
      `app/api/v1/${plural}/route.ts`,
      `app/api/v1/${plural}/[id]/route.ts`,
      `app/api/v1/${plural}/route.test.ts`,
      `app/(dashboard)/dashboard/[org]/${plural}/page.tsx`,
      `app/(dashboard)/dashboard/[org]/${plural}/page.test.tsx`,
      `app/(dashboard)/dashboard/[org]/${plural}/[id]/page.tsx`,
      `components/${plural}/${kebab}-fields.tsx`,
      `e2e/${plural}.spec.ts`,
      `_add_${plural.replaceAll("-", "_")}/migration.sql`,
      `scripts/new-feature/manifests/${plural}.json`,
      SCHEMA,
      API_ROUTES,
      NAV,
      PERMISSION_TABLE,
      ACCESS,
    ]) {
      expect(printed).toContain(file);
    }
    expect(snapshot()).toEqual(before);
  });
});

describe("what it writes", () => {
  const { model, camel, camelPlural, kebabPlural, title } = TASK_LIST;

  it("adds the model owned by its organization, with its creator, the cascades and the keyset index, and the relations on Organization and User", () => {
    const plan = planFeature(root, [model, "name:string", "notes:text?", "done:boolean", "position:int"]);
    const schema = plan.edited.find((file) => file.path === SCHEMA)!.content;
    const block = schema.slice(schema.indexOf(`model ${model} {`));
    expect(block).toMatch(/^model \w+ \{\n[\s\S]*name String\n[\s\S]*notes String\?\n[\s\S]*done Boolean @default\(false\)\n[\s\S]*position Int\n/);
    expect(block).toContain("organization Organization @relation(fields: [organizationId], references: [id], onDelete: Cascade)");
    expect(block).toContain("createdBy User @relation(fields: [createdById], references: [id], onDelete: Cascade)");
    expect(block).toContain("@@index([organizationId, createdAt, id])");
    expect(block).toContain("@@index([createdById])");
    expect(block).not.toContain("userId");
    expect(schema).toMatch(new RegExp(`model Organization \\{[^}]*\\n  ${camelPlural} ${model}\\[\\]\\n\\}`));
    expect(schema).toMatch(new RegExp(`model User \\{[^}]*\\n  created${TASK_LIST.pascalPlural} ${model}\\[\\]\\n\\}`));
  });

  it("adds the feature's write permission to the table, every role allowed as posts.write is, and asks it on every write", () => {
    const plan = planFeature(root, [model, "name:string"]);
    const before = readFileSync(path.join(root, PERMISSION_TABLE), "utf8");
    const table = plan.edited.find((file) => file.path === PERMISSION_TABLE)!.content;
    const line = `  "${camelPlural}.write": ["owner", "admin", "member"],\n`;
    expect(table).toContain(`${line}} as const satisfies`);
    const added = table.split("\n").filter((text) => !before.split("\n").includes(text));
    expect(added).toEqual([
      `  /** Create, edit and delete the organization's ${TASK_LIST.wordsPlural} (npm run new:feature: narrow the roles here). */`,
      line.trimEnd(),
    ]);
    const file = (suffix: string) => plan.created.find((created) => created.path.endsWith(suffix))!.content;
    const permission = `permission: "${camelPlural}.write"`;
    expect(file("/actions.ts").match(new RegExp(permission, "g"))).toHaveLength(3);
    expect(file(`api/v1/${kebabPlural}/route.ts`).match(new RegExp(permission, "g"))).toHaveLength(1);
    expect(file(`api/v1/${kebabPlural}/[id]/route.ts`).match(new RegExp(permission, "g"))).toHaveLength(2);
  });

  it("lists the routes for the OpenAPI document and the section in the navigation, under the plural's URL", () => {
    const plan = planFeature(root, [model, "name:string"]);
    const routes = plan.edited.find((file) => file.path === API_ROUTES)!.content;
    expect(routes).toContain(`import * as ${camelPlural}Route from "./${kebabPlural}/route";\nimport * as ${camel}Route from "./${kebabPlural}/[id]/route";\n`);
    expect(routes).toContain(`  "/api/v1/${kebabPlural}": ${camelPlural}Route,\n  "/api/v1/${kebabPlural}/{id}": ${camel}Route,\n};`);
    const nav = plan.edited.find((file) => file.path === NAV)!.content;
    expect(nav).toContain(`{ href: "/${kebabPlural}", label: "${title}" },\n  { href: "/billing"`);
    expect(plan.migrationName).toBe(`add_${kebabPlural.replaceAll("-", "_")}`);
  });

  it("gives the isolation matrix the feature's cases: one line, at the end of GENERATED_FEATURES, writes needing its permission", () => {
    const before = readFileSync(path.join(root, ACCESS), "utf8");
    const access = planFeature(root, [model, "name:string"]).edited.find((file) => file.path === ACCESS)!.content;
    const line = `  generatedFeature("${model}", { writes: "${camelPlural}.write" }),\n`;
    expect(access.replace(line, "")).toBe(before);
    // The list's last entry: GENERATED_FEATURES ends right after it.
    const list = access.slice(access.indexOf("export const GENERATED_FEATURES"));
    expect(list.slice(0, list.indexOf("\n];")).split("\n").at(-1)).toBe(line.trimEnd());
  });

  it("names things as English does", () => {
    expect(["Category", "Box", "Match", "Day", "Project", "Status", "Analysis"].map((word) => pluralize(word))).toEqual([
      "Categories",
      "Boxes",
      "Matches",
      "Days",
      "Projects",
      "Statuses",
      "Analyses",
    ]);
    expect(parseFeature(["TaskList", "name:string"])).toMatchObject({ camelPlural: "taskLists", kebabPlural: "task-lists", title: "Task lists" });
  });

  it("tells a plural from a singular, and gives back the singular", () => {
    const plurals = ["Projects", "Categories", "Boxes", "Matches", "Days", "Cases", "Addresses", "Statuses", "TaskLists"];
    expect(plurals.map(singularOf)).toEqual(["Project", "Category", "Box", "Match", "Day", "Case", "Address", "Status", "TaskList"]);
    for (const singular of ["Project", "Address", "Status", "Analysis", "Category", "TaskList"]) expect(singularOf(singular), singular).toBeUndefined();
  });
});

describe(
  "before it writes: the development database against prisma/migrations (npm run db:doctor)",
  { timeout: budgetFor(BUDGET_MS.command, BUDGET_MS.command) },
  () => {
    const { serverUrl, templateName } = inject("testDatabase");
    const behind = uniqueDatabaseName("new_feature_behind");
    const drifted = uniqueDatabaseName("new_feature_drifted");
    const missing = uniqueDatabaseName("new_feature_missing");
    afterAll(() => Promise.all([behind, drifted, missing].map((name) => dropDatabase(serverUrl, name))));
    const migrations = readdirSync(path.join(projectRoot, "prisma", "migrations"), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    const problemsOf = (database: string) =>
      migrationProblems(projectRoot, { ...process.env, DATABASE_URL: withDatabase(serverUrl, database), DIRECT_URL: "" });

    it("names the migrations a database has not applied, which migrate dev would apply silently, and says to run db:migrate", async () => {
      await createDatabase(serverUrl, behind);
      const problems = problemsOf(behind);
      expect(problems).toEqual([expect.objectContaining({ id: "pending-migrations" })]);
      for (const migration of migrations) expect(problems[0]!.title).toContain(migration);
      const message = describeProblems(problems, "npm run new:feature -- Project name:string");
      expect(message).toContain("would apply them silently");
      expect(message).toContain("\n    npm run db:migrate\n");
      expect(message).toContain("Then type again: npm run new:feature -- Project name:string\nNothing was written.");
    });

    it("lets --remove run on a database behind (its migration step is the next db:migrate, which applies them in order)", () => {
      expect(migrationProblems(projectRoot, { ...process.env, DATABASE_URL: withDatabase(serverUrl, behind), DIRECT_URL: "" }, { removing: true })).toEqual([]);
    });

    it("finds the schema drifted from the migrations (a change made by hand), where migrate dev would ask to reset and exit 130", async () => {
      await createDatabase(serverUrl, drifted, templateName);
      await withAdmin(withDatabase(serverUrl, drifted), (client) => client.query('ALTER TABLE "Post" ADD COLUMN "madeByHand" TEXT'));
      const problems = problemsOf(drifted);
      expect(problems).toEqual([expect.objectContaining({ id: "drift" })]);
      const message = describeProblems(problems, "npm run new:feature -- Project name:string");
      expect(message).toContain("would stop to ask whether to reset it");
      expect(message).toContain("npm run db:reset");
    });

    it("refuses --remove on a drifted database too: the db:migrate that applies the drop would stop", () => {
      const env = { ...process.env, DATABASE_URL: withDatabase(serverUrl, drifted), DIRECT_URL: "" };
      expect(migrationProblems(projectRoot, env, { removing: true })).toEqual([expect.objectContaining({ id: "drift" })]);
    });

    it("finds a migration the database applied that prisma/migrations no longer has (files removed by hand)", async () => {
      await createDatabase(serverUrl, missing, templateName);
      await withAdmin(withDatabase(serverUrl, missing), (client) =>
        client.query(
          `INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
         VALUES ('removed-by-hand', 'x', '20991231000000_add_gadgets', now(), now(), 1)`,
        ),
      );
      expect(problemsOf(missing)).toEqual([
        expect.objectContaining({ id: "missing-migrations", title: expect.stringContaining("20991231000000_add_gadgets") }),
      ]);
    });

    it("finds none on a database that has them all", () => {
      expect(migrationProblems(projectRoot, { ...process.env, DATABASE_URL: process.env.DIRECT_URL, DIRECT_URL: "" })).toEqual([]);
    });
  },
);

describe("a failed step, in words", () => {
  const migrate = { what: "create the migration", command: "npm", args: ["run", "db:migrate", "--", "--create-only"] };
  const ended = (status: number) => ({ status, signal: null, pid: 1, output: [], stdout: Buffer.from(""), stderr: Buffer.from("") });

  it("reads Prisma's exit 130 as the reset question it could not ask, with the commands that answer it", () => {
    const sentence = describeFailure(migrate, ended(130));
    expect(sentence).toContain("it wants to reset your development database");
    expect(sentence).toContain("npm run db:doctor");
    expect(sentence).toContain("npm run db:reset");
  });

  it("names any other exit code", () => {
    expect(describeFailure(migrate, ended(1))).toBe("failed (exit code 1)");
  });
});
