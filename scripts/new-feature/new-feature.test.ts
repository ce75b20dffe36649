// `npm run new:feature`: what it accepts, what it refuses (writing nothing), and what it would
// write — on a scratch copy of the files it edits. The generated feature passing typecheck, lint,
// db:check and its own tests in a copy of the repository is scaffold.test.ts.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { projectRoot } from "@/test/support/prisma-cli";
import { API_ROUTES, main, NAV, planFeature, SCHEMA } from "./generate.ts";
import { parseFeature, pluralize } from "./spec.ts";

const scratch = mkdtempSync(path.join(os.tmpdir(), "new-feature-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let root: string;
let runs = 0;
beforeEach(() => {
  root = path.join(scratch, String(++runs));
  for (const file of [SCHEMA, API_ROUTES, NAV]) cpSync(path.join(projectRoot, file), path.join(root, file));
  for (const folder of ["lib/posts", "app/api/v1/posts", "app/(dashboard)/dashboard/posts", "prisma/migrations"])
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
    ["an existing model, in other case", ["Subscriptions", "name:string"], /The model Subscription already exists/],
    ["a model whose dashboard section exists", ["Setting", "name:string"], /The dashboard already has \/dashboard\/settings/],
    ["a model whose folder exists", ["Widget", "name:string"], /lib\/widgets already exists/],
    ["no fields", ["Project"], /Give Project at least one field/],
    ["an unknown field type", ["Project", "name:string", "due:date"], /"date" \(field due\) is not a known field type: use one of string, text, boolean, int/],
    ["a field that is not name:type", ["Project", "name"], /"name" is not a field: write name:type/],
    ["a field name that is not an identifier", ["Project", "due-date:string"], /"due-date" is not a valid field name/],
    ["a reserved word as a field", ["Project", "name:string", "class:string"], /"class" is a reserved word/],
    ["a column every model has", ["Project", "name:string", "userId:string"], /"userId" is a reserved word \(every generated model has it already\)/],
    ["a field given twice", ["Project", "name:string", "name:text"], /The field "name" is given twice/],
    ["an optional boolean", ["Project", "name:string", "done:boolean?"], /cannot be optional/],
    ["no required string to name a record by", ["Project", "notes:text", "title:string?"], /a required string field to name each one/],
  ])("%s", (_, args, message) => {
    mkdirSync(path.join(root, "lib/widgets"), { recursive: true });
    const before = snapshot();
    expect(main(args, root)).toBe(1);
    expect(errors.mock.calls.flat().join("\n")).toMatch(message);
    expect(snapshot()).toEqual(before);
  });

  it.each([
    [API_ROUTES, (text: string) => text.replace("};", '  "/api/v1/projects": posts,\n};'), /The API already has \/api\/v1\/projects/],
    [NAV, (text: string) => text.replace("];", '  { href: "/dashboard/projects", label: "Projects" },\n];'), /The dashboard already has \/dashboard\/projects/],
  ])("refuses a route already listed in %s, even without its folder", (file, edit, message) => {
    writeFileSync(path.join(root, file), edit(readFileSync(path.join(root, file), "utf8")));
    const before = snapshot();
    expect(main(["Project", "name:string"], root)).toBe(1);
    expect(errors.mock.calls.flat().join("\n")).toMatch(message);
    expect(snapshot()).toEqual(before);
  });
});

describe("npm run new:feature -- --dry-run", () => {
  it("lists every file it would create and edit, and writes nothing", () => {
    const before = snapshot();
    expect(main(["Project", "name:string", "description:text?", "archived:boolean", "--dry-run"], root)).toBe(0);
    const printed = output.mock.calls.flat().join("\n");
    for (const file of [
      "lib/projects/schemas.ts",
      "lib/projects/projects.ts",
      "lib/projects/projects.test.ts",
      "app/api/v1/projects/route.ts",
      "app/api/v1/projects/[id]/route.ts",
      "app/api/v1/projects/route.test.ts",
      "app/(dashboard)/dashboard/projects/page.tsx",
      "app/(dashboard)/dashboard/projects/[id]/page.tsx",
      "components/projects/project-fields.tsx",
      "e2e/projects.spec.ts",
      "_add_projects/migration.sql",
      SCHEMA,
      API_ROUTES,
      NAV,
    ]) {
      expect(printed).toContain(file);
    }
    expect(snapshot()).toEqual(before);
  });
});

describe("what it writes", () => {
  it("adds the model with its owner, the cascade and the keyset index, and the relation on User", () => {
    const plan = planFeature(root, ["TaskList", "name:string", "notes:text?", "done:boolean", "position:int"]);
    const schema = plan.edited.find((file) => file.path === SCHEMA)!.content;
    expect(schema).toMatch(/model TaskList \{[\s\S]*name String\n[\s\S]*notes String\?\n[\s\S]*done Boolean @default\(false\)\n[\s\S]*position Int\n/);
    expect(schema).toContain("user User @relation(fields: [userId], references: [id], onDelete: Cascade)");
    expect(schema).toContain("@@index([userId, createdAt, id])");
    expect(schema).toMatch(/model User \{[^}]*taskLists TaskList\[\]\n\}/);
  });

  it("lists the routes for the OpenAPI document and the section in the navigation, under the plural's URL", () => {
    const plan = planFeature(root, ["TaskList", "name:string"]);
    expect(plan.edited.find((file) => file.path === API_ROUTES)!.content).toMatch(
      /import \* as taskListsRoute from "\.\/task-lists\/route";\nimport \* as taskListRoute from "\.\/task-lists\/\[id\]\/route";[\s\S]*"\/api\/v1\/task-lists": taskListsRoute,\n {2}"\/api\/v1\/task-lists\/\{id\}": taskListRoute,\n\};/,
    );
    const nav = plan.edited.find((file) => file.path === NAV)!.content;
    expect(nav).toContain('{ href: "/dashboard/task-lists", label: "Task lists" },\n  { href: "/dashboard/billing"');
    expect(plan.migrationName).toBe("add_task_lists");
  });

  it("names things as English does", () => {
    expect(["Category", "Box", "Match", "Day", "Project"].map((word) => pluralize(word))).toEqual(["Categories", "Boxes", "Matches", "Days", "Projects"]);
    expect(parseFeature(["TaskList", "name:string"])).toMatchObject({ camelPlural: "taskLists", kebabPlural: "task-lists", title: "Task lists" });
  });
});
