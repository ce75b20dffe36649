// The existing files a feature joins: the Prisma schema (its model, and its relations on
// Organization, its owner, and User, its creator), the API's list of routes (app/api/v1/routes.ts),
// the dashboard's navigation, the permission table (its write permission) and the
// isolation matrix's registry (test/support/access.ts, whose completeness test fails on an action,
// page or API operation it does not cover). Each edit
// is computed in memory first, and refuses when the feature is already there. What each inserts is
// also what `--remove` takes out again (removeSnippet), whatever the formatters did to its spacing.
import { FeatureSpecError, pluralize, type FeatureSpec, type Field } from "./spec.ts";

export const SCHEMA = "prisma/schema.prisma";
export const API_ROUTES = "app/api/v1/routes.ts";
export const NAV = "components/dashboard/nav-items.ts";
export const ACCESS = "test/support/access.ts";
export const PERMISSION_TABLE = "lib/organizations/permissions.ts";

const PRISMA_TYPES = { string: "String", text: "String", boolean: "Boolean", int: "Int" } as const;

function column(field: Field) {
  const type = `${PRISMA_TYPES[field.type]}${field.optional ? "?" : ""}`;
  return `  ${field.name} ${type}${field.type === "boolean" ? " @default(false)" : ""}`;
}

/** The lines each edit inserts, by what they are: the same text is found and taken out by `--remove`. */
export function insertions(spec: FeatureSpec) {
  const path = `/api/v1/${spec.kebabPlural}`;
  return {
    model: [
      `model ${spec.model} {`,
      "  id String @id @default(cuid())",
      ...spec.fields.map(column),
      `  // The organization owns the ${spec.words}: every query reads by it. createdById says who made it.`,
      "  organizationId String",
      "  organization Organization @relation(fields: [organizationId], references: [id], onDelete: Cascade)",
      // Deleted with its creator's account, as a post is with its author's: what someone made goes with them.
      "  createdById String",
      "  createdBy User @relation(fields: [createdById], references: [id], onDelete: Cascade)",
      "  createdAt DateTime @default(now())",
      "  updatedAt DateTime @updatedAt",
      "",
      `  // What deleting a user finds their ${spec.wordsPlural} by (the foreign key's ON DELETE CASCADE): nothing reads by creator.`,
      "  @@index([createdById])",
      `  // An organization's ${spec.wordsPlural} newest first, in keyset order (ORDER BY createdAt DESC, id DESC).`,
      "  @@index([organizationId, createdAt, id])",
      "}",
    ].join("\n"),
    organizationRelation: `  ${spec.camelPlural} ${spec.model}[]`,
    userRelation: `  ${createdRelation(spec)} ${spec.model}[]`,
    routeImports: `import * as ${spec.camelPlural}Route from "./${spec.kebabPlural}/route";\nimport * as ${spec.camel}Route from "./${spec.kebabPlural}/[id]/route";`,
    routeEntries: `  "${path}": ${spec.camelPlural}Route,\n  "${path}/{id}": ${spec.camel}Route,`,
    navItem: `  { href: "/${spec.kebabPlural}", label: "${spec.title}" },`,
    permission: [
      `  /** Create, edit and delete the organization's ${spec.wordsPlural} (npm run new:feature: narrow the roles here). */`,
      `  "${writePermission(spec)}": ["owner", "admin", "member"],`,
    ].join("\n"),
    // The matrix derives every role's expectation from the permission's line in the table.
    accessCases: `  generatedFeature("${spec.model}", { writes: "${writePermission(spec)}" }),`,
  };
}

export type Insertions = ReturnType<typeof insertions>;

/** Which file each insertion goes into. */
export const INSERTED_INTO: Record<string, (keyof Insertions)[]> = {
  [SCHEMA]: ["model", "organizationRelation", "userRelation"],
  [API_ROUTES]: ["routeImports", "routeEntries"],
  [NAV]: ["navItem"],
  [PERMISSION_TABLE]: ["permission"],
  [ACCESS]: ["accessCases"],
};

/** The permission its actions and API routes that change something ask for: "taskLists.write". */
export const writePermission = (spec: Pick<FeatureSpec, "camelPlural">) => `${spec.camelPlural}.write`;

/** User's relation to the records they created: "createdTaskLists". */
const createdRelation = (spec: Pick<FeatureSpec, "pascalPlural">) => `created${spec.pascalPlural}`;

/** `block`'s model with `field` added at its end; refuses when it has a field of that name. */
function withField(schema: string, block: string, field: string): string {
  const found = new RegExp(`^model ${block} \\{\n([\\s\\S]*?)^\\}`, "m").exec(schema);
  if (!found) throw new FeatureSpecError(`prisma/schema.prisma has no \`model ${block}\` block to relate the new model to.`);
  const name = field.trim().split(/\s+/)[0]!;
  if (new RegExp(`^\\s+${name}\\s`, "m").test(found[1]!)) {
    throw new FeatureSpecError(`The ${block} model already has a field named ${name}: choose another model name.`);
  }
  return schema.replace(found[0], `model ${block} {\n${found[1]}${field}\n}`);
}

/**
 * The model, owned by its organization (deleted with it), with its creator (deleted with their
 * account), and the index its keyset pagination reads in order.
 */
export function addModel(schema: string, spec: FeatureSpec): string {
  const models = [...schema.matchAll(/^model\s+(\w+)\s*\{/gm)].map((match) => match[1]!);
  // Project and Projects would share their tables' URLs, folders and accessors.
  const forms = (name: string) => [name.toLowerCase(), pluralize(name).toLowerCase()];
  const clash = models.find((name) => forms(name).some((form) => forms(spec.model).includes(form)));
  if (clash) throw new FeatureSpecError(`The model ${clash} already exists in prisma/schema.prisma: choose another name.`);
  const { model, organizationRelation, userRelation } = insertions(spec);
  const withRelations = withField(withField(schema, "Organization", organizationRelation), "User", userRelation);
  return `${withRelations.trimEnd()}\n\n${model}\n`;
}

/** The feature's two route modules, under the paths the OpenAPI document gives them. */
export function addApiRoutes(routes: string, spec: FeatureSpec): string {
  const listed = [spec.kebab, spec.kebabPlural].map((form) => `/api/v1/${form}`).find((route) => routes.includes(`"${route}"`));
  if (listed) throw new FeatureSpecError(`The API already has ${listed} (app/api/v1/routes.ts): choose another name.`);
  const imports = [...routes.matchAll(/^import \* as \w+ from "[^"]+";\n/gm)];
  const last = imports.at(-1);
  const end = routes.lastIndexOf("};");
  if (!last || end === -1)
    throw new FeatureSpecError("app/api/v1/routes.ts is not the list the generator knows (imports, then `export const API_ROUTES = { … };`).");
  const importsAt = last.index + last[0].length;
  const { routeImports, routeEntries } = insertions(spec);
  const before = routes.slice(0, end).trimEnd();
  return `${routes.slice(0, importsAt)}${routeImports}\n${before.slice(importsAt)}${before.endsWith(",") ? "\n" : ",\n"}${routeEntries}\n${routes.slice(end)}`;
}

/** The feature's section in the dashboard's navigation, before the account's own sections. */
export function addNavItem(nav: string, spec: FeatureSpec): string {
  const listed = [spec.kebab, spec.kebabPlural].map((form) => `/${form}`).find((entry) => nav.includes(`"${entry}"`));
  if (listed)
    throw new FeatureSpecError(`The dashboard already has /dashboard/<organization>${listed} (components/dashboard/nav-items.ts): choose another name.`);
  const item = `${insertions(spec).navItem}\n`;
  const billing = nav.indexOf('  { href: "/billing"');
  const end = nav.lastIndexOf("];");
  if (billing === -1 && end === -1) throw new FeatureSpecError("components/dashboard/nav-items.ts has no DASHBOARD_NAV list to add to.");
  const at = billing === -1 ? end : billing;
  return nav.slice(0, at) + item + nav.slice(at);
}

/** The feature's write permission, last in the table: every role may, as `posts.write` allows. */
export function addPermission(permissions: string, spec: FeatureSpec): string {
  const table = permissions.indexOf("export const PERMISSIONS = {");
  const end = table === -1 ? -1 : permissions.indexOf("\n} as const", table);
  if (end === -1) throw new FeatureSpecError("lib/organizations/permissions.ts has no PERMISSIONS table to add to.");
  if (permissions.slice(table, end).includes(`"${writePermission(spec)}"`))
    throw new FeatureSpecError(`The permission table already has "${writePermission(spec)}" (lib/organizations/permissions.ts): choose another name.`);
  return `${permissions.slice(0, end)}\n${insertions(spec).permission}${permissions.slice(end)}`;
}

/**
 * The feature's line in the isolation matrix's GENERATED_FEATURES: every role of two organizations
 * then tries its actions, pages and API operations (test/isolation.test.ts).
 */
export function addAccessCases(access: string, spec: FeatureSpec): string {
  if (access.includes(`generatedFeature("${spec.model}"`))
    throw new FeatureSpecError(`The isolation matrix already has ${spec.model}'s cases (test/support/access.ts): choose another name.`);
  const list = access.indexOf("export const GENERATED_FEATURES");
  const end = list === -1 ? -1 : access.indexOf("\n];", list);
  if (end === -1) throw new FeatureSpecError("test/support/access.ts has no GENERATED_FEATURES list to add to.");
  return `${access.slice(0, end)}\n${insertions(spec).accessCases}${access.slice(end)}`;
}

const normalized = (line: string) => line.trim().replace(/\s+/g, " ");

/**
 * `content` without the lines of `snippet` (compared without their spacing: Prettier and
 * `prisma format` realign them), and without the blank line that separated a removed block;
 * undefined when they are not there as inserted (edited by hand, or removed already).
 */
export function removeSnippet(content: string, snippet: string): string | undefined {
  const lines = content.split("\n");
  const wanted = snippet.split("\n").map(normalized);
  const at = lines.findIndex((_, start) => wanted.every((line, i) => lines[start + i] !== undefined && normalized(lines[start + i]!) === line));
  if (at === -1) return undefined;
  const blankBefore = at > 0 && lines[at - 1]!.trim() === "";
  const blankOrEndAfter = lines[at + wanted.length] === undefined || lines[at + wanted.length]!.trim() === "";
  const from = wanted.length > 1 && blankBefore && blankOrEndAfter ? at - 1 : at;
  lines.splice(from, at - from + wanted.length);
  return lines.join("\n");
}
