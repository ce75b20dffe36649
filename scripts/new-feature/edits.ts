// The existing files a feature joins: the Prisma schema (its model, and the owner's relation on
// User), the API's list of routes (app/api/v1/routes.ts) and the dashboard's navigation. Each edit
// is computed in memory first, and refuses when the feature is already there.
import { FeatureSpecError, pluralize, type FeatureSpec, type Field } from "./spec.ts";

const PRISMA_TYPES = { string: "String", text: "String", boolean: "Boolean", int: "Int" } as const;

function column(field: Field) {
  const type = `${PRISMA_TYPES[field.type]}${field.optional ? "?" : ""}`;
  return `  ${field.name} ${type}${field.type === "boolean" ? " @default(false)" : ""}`;
}

/** The model with its owner (deleted with the user) and the index its keyset pagination reads in order. */
export function addModel(schema: string, spec: FeatureSpec): string {
  const models = [...schema.matchAll(/^model\s+(\w+)\s*\{/gm)].map((match) => match[1]!);
  // Project and Projects would share their tables' URLs, folders and accessors.
  const forms = (name: string) => [name.toLowerCase(), pluralize(name).toLowerCase()];
  const clash = models.find((name) => forms(name).some((form) => forms(spec.model).includes(form)));
  if (clash) throw new FeatureSpecError(`The model ${clash} already exists in prisma/schema.prisma: choose another name.`);
  const user = /^model User \{\n([\s\S]*?)^\}/m.exec(schema);
  if (!user) throw new FeatureSpecError("prisma/schema.prisma has no `model User` block to relate the new model to.");
  if (new RegExp(`^\\s+${spec.camelPlural}\\s`, "m").test(user[1]!)) {
    throw new FeatureSpecError(`The User model already has a field named ${spec.camelPlural}: choose another model name.`);
  }
  const withRelation = schema.replace(user[0], `model User {\n${user[1]}  ${spec.camelPlural} ${spec.model}[]\n}`);
  const model = [
    `model ${spec.model} {`,
    "  id String @id @default(cuid())",
    ...spec.fields.map(column),
    "  userId String",
    "  user User @relation(fields: [userId], references: [id], onDelete: Cascade)",
    "  createdAt DateTime @default(now())",
    "  updatedAt DateTime @updatedAt",
    "",
    "  @@index([userId, createdAt, id])",
    "}",
  ].join("\n");
  return `${withRelation.trimEnd()}\n\n${model}\n`;
}

/** The feature's two route modules, under the paths the OpenAPI document gives them. */
export function addApiRoutes(routes: string, spec: FeatureSpec): string {
  const path = `/api/v1/${spec.kebabPlural}`;
  const listed = [spec.kebab, spec.kebabPlural].map((form) => `/api/v1/${form}`).find((route) => routes.includes(`"${route}"`));
  if (listed) throw new FeatureSpecError(`The API already has ${listed} (app/api/v1/routes.ts): choose another name.`);
  const imports = [...routes.matchAll(/^import \* as \w+ from "[^"]+";\n/gm)];
  const last = imports.at(-1);
  const end = routes.lastIndexOf("};");
  if (!last || end === -1)
    throw new FeatureSpecError("app/api/v1/routes.ts is not the list the generator knows (imports, then `export const API_ROUTES = { … };`).");
  const importsAt = last.index + last[0].length;
  const newImports =
    `import * as ${spec.camelPlural}Route from "./${spec.kebabPlural}/route";\n` + `import * as ${spec.camel}Route from "./${spec.kebabPlural}/[id]/route";\n`;
  const entries = `  "${path}": ${spec.camelPlural}Route,\n  "${path}/{id}": ${spec.camel}Route,\n`;
  const before = routes.slice(0, end).trimEnd();
  return routes.slice(0, importsAt) + newImports + before.slice(importsAt) + (before.endsWith(",") ? "\n" : ",\n") + entries + routes.slice(end);
}

/** The feature's section in the dashboard's navigation, before the account's own sections. */
export function addNavItem(nav: string, spec: FeatureSpec): string {
  const href = `/dashboard/${spec.kebabPlural}`;
  const listed = [spec.kebab, spec.kebabPlural].map((form) => `/dashboard/${form}`).find((entry) => nav.includes(`"${entry}"`));
  if (listed) throw new FeatureSpecError(`The dashboard already has ${listed} (components/dashboard/nav-items.ts): choose another name.`);
  const item = `  { href: "${href}", label: "${spec.title}" },\n`;
  const billing = nav.indexOf('  { href: "/dashboard/billing"');
  const end = nav.lastIndexOf("];");
  if (billing === -1 && end === -1) throw new FeatureSpecError("components/dashboard/nav-items.ts has no DASHBOARD_NAV list to add to.");
  const at = billing === -1 ? end : billing;
  return nav.slice(0, at) + item + nav.slice(at);
}
