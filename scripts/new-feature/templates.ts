// The files of a generated feature, in the shape of the hand-written Posts feature (lib/posts,
// app/api/v1/posts, app/(dashboard)/dashboard/[org]/posts, components/posts, e2e/posts.spec.ts): the same
// shared modules, the same structure, one field list instead of Posts' three fields. Prettier
// formats them after writing, so the templates only need to be correct, not aligned.
import { writePermission } from "./edits.ts";
import type { FeatureSpec, Field } from "./spec.ts";

export type GeneratedFile = { path: string; content: string };

const capitalized = (text: string) => text[0]!.toUpperCase() + text.slice(1);
const upperSnake = (camel: string) => camel.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase();
const TEXT_MAX = { string: "200", text: "20_000" } as const;

/** `PROJECT_NAME_MAX`: the length limit of a string or text field. */
const maxName = (spec: FeatureSpec, field: Field) => `${upperSnake(spec.camel)}_${upperSnake(field.name)}_MAX`;
const isText = (field: Field) => field.type === "string" || field.type === "text";

function tsType(field: Field) {
  const base = field.type === "boolean" ? "boolean" : field.type === "int" ? "number" : "string";
  return field.optional ? `${base} | null` : base;
}

/** A value of the field for tests and examples. */
export function sampleValue(field: Field): string | number | boolean {
  if (field.type === "boolean") return true;
  if (field.type === "int") return 42;
  return field.type === "text" ? `Some ${field.label.toLowerCase()}.` : `Sample ${field.label.toLowerCase()}`;
}

const sampleObject = (fields: Field[]) => `{ ${fields.map((field) => `${field.name}: ${JSON.stringify(sampleValue(field))}`).join(", ")} }`;

function inputRule(spec: FeatureSpec, field: Field) {
  switch (field.type) {
    case "boolean":
      return "z.boolean().optional()";
    case "int":
      return field.optional ? "storableInt().nullable().optional()" : "storableInt()";
    default: {
      const max = maxName(spec, field);
      const length = `.max(${max}, \`Use \${${max}} characters at most.\`)`;
      if (field.optional) return `storableText()${field.type === "string" ? ".trim()" : ""}${length}.nullable().optional()`;
      return `storableText().trim().min(1, "The ${field.label.toLowerCase()} cannot be empty.")${length}`;
    }
  }
}

function outputRule(field: Field) {
  const base = field.type === "boolean" ? "z.boolean()" : field.type === "int" ? "z.number().int()" : "z.string()";
  return field.optional ? `${base}.nullable()` : base;
}

function createValue(field: Field) {
  if (field.type === "boolean") return `input.${field.name} ?? false`;
  return field.optional ? `input.${field.name} ?? null` : `input.${field.name}`;
}

// lib/<features>/schemas.ts
function schemas(spec: FeatureSpec): string {
  const { camel, model, fields } = spec;
  const limits = fields.filter(isText).map((field) => `export const ${maxName(spec, field)} = ${TEXT_MAX[field.type as "string" | "text"]};`);
  const validation = ["storableInt", "storableText"].filter((name) => fields.some((field) => inputRule(spec, field).startsWith(name)));
  return `// The ${spec.words} feature's input rules, shared by the API (and its OpenAPI document) and the
// dashboard's server actions. Unknown fields are errors, not silently dropped.
import { z } from "zod";
import { pageSchema } from "@/lib/pagination";
${validation.length > 0 ? `import { ${validation.join(", ")} } from "@/lib/validation";` : ""}

${limits.join("\n")}

export const ${camel}CreateSchema = z.strictObject({
${fields.map((field) => `  ${field.name}: ${inputRule(spec, field)},`).join("\n")}
});

export const ${camel}UpdateSchema = ${camel}CreateSchema
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, "Send at least one field to change.")
  .meta({ minProperties: 1 });

export const ${camel}Schema = z.object({
  id: z.string(),
${fields.map((field) => `  ${field.name}: ${outputRule(field)},`).join("\n")}
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

export const ${camel}PageSchema = pageSchema(${camel}Schema);

export type ${model}Create = z.infer<typeof ${camel}CreateSchema>;
export type ${model}Update = z.infer<typeof ${camel}UpdateSchema>;
`;
}

// lib/<features>/<features>.ts
function queries(spec: FeatureSpec): string {
  const { model, camel, camelPlural, pascalPlural, fields } = spec;
  const limits = `${upperSnake(camel)}_LIMITS`;
  return `// ${spec.title} data access. Every query is scoped to the organization that owns the ${spec.words}: another
// organization's ${spec.words} does not exist. A ${spec.words} keeps who created it (createdById, deleted with
// them), which no query reads by.
import { createWithinPlanLimit } from "@/lib/billing/plan-limits";
import type { PlanId } from "@/lib/billing/plans";
import { db } from "@/lib/db";
import type { Actor } from "@/lib/organizations/permissions";
import { keysetPage, keysetQuery, type PageQuery } from "@/lib/pagination";
import type { ${model}Create, ${model}Update } from "./schemas.ts";

/** How many ${spec.wordsPlural} each plan allows (say so in the plans' features, lib/billing/plans.ts). */
export const ${limits}: Record<PlanId, number> = { free: 100, pro: 10_000 };

const columns = { id: true, ${fields.map((field) => `${field.name}: true`).join(", ")}, createdAt: true, updatedAt: true } as const;

export type ${model}Record = { id: string; ${fields.map((field) => `${field.name}: ${tsType(field)}`).join("; ")}; createdAt: Date; updatedAt: Date };

/** Newest first, in pages; \`nextCursor\` fetches the page after. */
export async function list${pascalPlural}(organizationId: string, { limit, cursor }: PageQuery) {
  const { where, orderBy } = keysetQuery(cursor);
  const rows = await db.${camel}.findMany({ where: { organizationId, ...where }, orderBy, take: limit + 1, select: columns });
  const { page, nextCursor } = keysetPage(rows, limit);
  return { ${camelPlural}: page, nextCursor };
}

export function get${model}(organizationId: string, id: string): Promise<${model}Record | null> {
  return db.${camel}.findFirst({ where: { id, organizationId }, select: columns });
}

/** How many ${spec.wordsPlural} the organization has, whoever created them, against its plan's number. */
export function count${pascalPlural}(organizationId: string): Promise<number> {
  return db.${camel}.count({ where: { organizationId } });
}

/** Creates a ${spec.words} of the actor's organization, created by the actor, within the organization's plan limit. */
export function create${model}({ userId, organizationId }: Pick<Actor, "userId" | "organizationId">, input: ${model}Create): Promise<${model}Record> {
  return createWithinPlanLimit(organizationId, {
    limit: (plan) => ${limits}[plan.id],
    noun: "${spec.wordsPlural}",
    count: (tx) => tx.${camel}.count({ where: { organizationId } }),
    create: (tx) =>
      tx.${camel}.create({ data: { organizationId, createdById: userId, ${fields.map((field) => `${field.name}: ${createValue(field)}`).join(", ")} }, select: columns }),
  });
}

export async function update${model}(organizationId: string, id: string, patch: ${model}Update): Promise<${model}Record | null> {
  const { count } = await db.${camel}.updateMany({ where: { id, organizationId }, data: patch });
  return count === 0 ? null : get${model}(organizationId, id);
}

export async function delete${model}(organizationId: string, id: string): Promise<boolean> {
  const { count } = await db.${camel}.deleteMany({ where: { id, organizationId } });
  return count === 1;
}

export function serialize${model}(${camel}: ${model}Record) {
  return { ...${camel}, createdAt: ${camel}.createdAt.toISOString(), updatedAt: ${camel}.updatedAt.toISOString() };
}
`;
}

// lib/<features>/<features>.test.ts
function queriesTest(spec: FeatureSpec): string {
  const { model, camel, camelPlural, pascalPlural, kebabPlural, labelField } = spec;
  const limits = `${upperSnake(camel)}_LIMITS`;
  const label = labelField.name;
  return `// ${spec.title} data access, on this file's own PostgreSQL database.
import { afterAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { PlanLimitError } from "@/lib/errors";
import { count${pascalPlural}, create${model}, delete${model}, get${model}, list${pascalPlural}, update${model}, ${limits} } from "@/lib/${kebabPlural}/${kebabPlural}";
import { joinOrganization, newUser as newTestUser } from "@/test/support/users";

const db = getDb();
afterAll(() => db.$disconnect());

const sample = ${sampleObject(spec.fields)};
let users = 0;
const newUser = () => newTestUser(\`${kebabPlural}-\${++users}-\${Date.now()}@example.com\`);

describe("an organization's ${spec.wordsPlural}", () => {
  it("are created with their creator and the organization the creator acts for", async () => {
    const owner = await newUser();
    const created = await create${model}(owner.actor, sample);
    expect(created).toMatchObject(sample);
    expect(await db.${camel}.findUniqueOrThrow({ where: { id: created.id } })).toMatchObject({ createdById: owner.id, organizationId: owner.organizationId });
  });

  it("are listed, read, changed and deleted by the organization, whichever member created them", async () => {
    const owner = await newUser();
    const member = await joinOrganization((await newUser()).id, owner.organizationId, "member");
    const created = await create${model}(member, sample);
    expect((await list${pascalPlural}(owner.organizationId, { limit: 10 })).${camelPlural}.map((${camel}) => ${camel}.id)).toEqual([created.id]);
    expect(await get${model}(owner.organizationId, created.id)).toMatchObject(sample);
    expect(await update${model}(owner.organizationId, created.id, { ${label}: "Changed" })).toMatchObject({ ${label}: "Changed" });
    expect(await delete${model}(owner.organizationId, created.id)).toBe(true);
    expect(await get${model}(owner.organizationId, created.id)).toBeNull();
  });

  it("do not exist for another organization, even one their creator belongs to", async () => {
    const creator = await newUser();
    const created = await create${model}(creator.actor, sample);
    const other = await newUser();
    await joinOrganization(creator.id, other.organizationId, "admin");
    expect(await get${model}(other.organizationId, created.id)).toBeNull();
    expect((await list${pascalPlural}(other.organizationId, { limit: 10 })).${camelPlural}).toEqual([]);
    expect(await update${model}(other.organizationId, created.id, { ${label}: "Theirs now" })).toBeNull();
    expect(await delete${model}(other.organizationId, created.id)).toBe(false);
    expect(await get${model}(creator.organizationId, created.id)).toMatchObject(sample);
  });

  it("are listed newest first, a page at a time, each once", async () => {
    const owner = await newUser();
    const base = Date.now();
    await db.${camel}.createMany({
      data: Array.from({ length: 5 }, (_, i) => ({ ...sample, organizationId: owner.organizationId, createdById: owner.id, createdAt: new Date(base - (i % 2) * 1000) })),
    });
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await list${pascalPlural}(owner.organizationId, { limit: 2, cursor });
      seen.push(...page.${camelPlural}.map((${camel}) => ${camel}.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    const all = await db.${camel}.findMany({ where: { organizationId: owner.organizationId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
    expect(seen).toEqual(all.map((${camel}) => ${camel}.id));
  });

  it("count against the organization's free plan, whoever created them", async () => {
    const owner = await newUser();
    const writer = await newUser();
    const member = await joinOrganization(writer.id, owner.organizationId, "member");
    await db.${camel}.createMany({ data: Array.from({ length: ${limits}.free }, () => ({ ...sample, organizationId: owner.organizationId, createdById: owner.id })) });
    await expect(create${model}(member, sample)).rejects.toThrow(PlanLimitError);
    expect(await count${pascalPlural}(owner.organizationId)).toBe(${limits}.free);
    // The writer's personal organization counts its own: there is room there.
    expect(await create${model}(writer.actor, sample)).toMatchObject(sample);
  });
});
`;
}

// app/api/v1/<features>/route.ts
function collectionRoute(spec: FeatureSpec): string {
  const { model, camel, camelPlural, pascalPlural, kebabPlural } = spec;
  const permission = writePermission(spec);
  return `import { apiRoute, methodNotAllowed } from "@/lib/api/handler";
import { pageQuerySchema } from "@/lib/pagination";
import { create${model}, list${pascalPlural}, serialize${model} } from "@/lib/${kebabPlural}/${kebabPlural}";
import { ${camel}CreateSchema, ${camel}PageSchema, ${camel}Schema } from "@/lib/${kebabPlural}/schemas";

export const GET = apiRoute(
  {
    summary: "List your ${spec.wordsPlural}, newest first",
    operationId: "list${pascalPlural}",
    query: pageQuerySchema,
    success: { status: 200, description: "A page of ${spec.wordsPlural}", body: ${camel}PageSchema },
  },
  async ({ principal, query }) => {
    const { ${camelPlural}, nextCursor } = await list${pascalPlural}(principal.organizationId, query);
    return Response.json({ data: ${camelPlural}.map(serialize${model}), nextCursor });
  },
);

export const POST = apiRoute(
  {
    summary: "Create a ${spec.words}",
    operationId: "create${model}",
    permission: "${permission}",
    body: ${camel}CreateSchema,
    success: { status: 201, description: "The new ${spec.words}", body: ${camel}Schema },
  },
  async ({ principal, body }) => {
    const ${camel} = await create${model}(principal, body);
    return Response.json(serialize${model}(${camel}), { status: 201, headers: { Location: \`/api/v1/${kebabPlural}/\${${camel}.id}\` } });
  },
);

const notAllowed = methodNotAllowed(["GET", "POST"]);
export { notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
`;
}

// app/api/v1/<features>/[id]/route.ts
function itemRoute(spec: FeatureSpec): string {
  const { model, camel, kebabPlural } = spec;
  const permission = writePermission(spec);
  const notFound = `notFound("${capitalized(spec.words)}")`;
  return `import { apiRoute, methodNotAllowed } from "@/lib/api/handler";
import { notFound } from "@/lib/api/errors";
import { delete${model}, get${model}, serialize${model}, update${model} } from "@/lib/${kebabPlural}/${kebabPlural}";
import { ${camel}Schema, ${camel}UpdateSchema } from "@/lib/${kebabPlural}/schemas";
import { idParamsSchema } from "@/lib/validation";

// Another organization's ${spec.words} answers 404, exactly like a ${spec.words} that does not exist.
export const GET = apiRoute(
  { summary: "Get one of your ${spec.wordsPlural}", operationId: "get${model}", params: idParamsSchema, success: { status: 200, description: "The ${spec.words}", body: ${camel}Schema } },
  async ({ principal, params }) => {
    const ${camel} = await get${model}(principal.organizationId, params.id);
    if (!${camel}) throw ${notFound};
    return Response.json(serialize${model}(${camel}));
  },
);

export const PATCH = apiRoute(
  {
    summary: "Change one of your ${spec.wordsPlural}",
    operationId: "update${model}",
    permission: "${permission}",
    params: idParamsSchema,
    body: ${camel}UpdateSchema,
    success: { status: 200, description: "The updated ${spec.words}", body: ${camel}Schema },
  },
  async ({ principal, params, body }) => {
    const ${camel} = await update${model}(principal.organizationId, params.id, body);
    if (!${camel}) throw ${notFound};
    return Response.json(serialize${model}(${camel}));
  },
);

export const DELETE = apiRoute(
  {
    summary: "Delete one of your ${spec.wordsPlural}",
    operationId: "delete${model}",
    permission: "${permission}",
    params: idParamsSchema,
    success: { status: 204, description: "Deleted" },
  },
  async ({ principal, params }) => {
    if (!(await delete${model}(principal.organizationId, params.id))) throw ${notFound};
    return new Response(null, { status: 204 });
  },
);

const notAllowed = methodNotAllowed(["GET", "PATCH", "DELETE"]);
export { notAllowed as POST, notAllowed as PUT };
`;
}

// app/api/v1/<features>/route.test.ts
function apiTest(spec: FeatureSpec): string {
  const { camel, kebabPlural, labelField } = spec;
  const limits = `${upperSnake(camel)}_LIMITS`;
  const label = labelField.name;
  const path = `/api/v1/${kebabPlural}`;
  return `// ${path} through its route handlers, on this file's own PostgreSQL database.
import { afterAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { ${limits} } from "@/lib/${kebabPlural}/${kebabPlural}";
import { createApiKey } from "@/lib/api-keys/keys";
import { callApi, callJson, userWithKey } from "@/test/support/api";
import { joinOrganization, newUser } from "@/test/support/users";

const db = getDb();
afterAll(() => db.$disconnect());

const sample = ${sampleObject(spec.fields)};

describe("${path}", () => {
  it("creates, reads, updates and deletes a ${spec.words}", async () => {
    const { key } = await userWithKey();
    const created = await callJson("${path}", { key, method: "POST", body: sample });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject(sample);
    expect(created.headers.get("location")).toBe(\`${path}/\${created.body.id}\`);

    const path = \`${path}/\${created.body.id}\`;
    expect((await callJson(path, { key })).body).toEqual(created.body);
    expect((await callJson("${path}", { key })).body).toEqual({ data: [created.body], nextCursor: null });
    const patched = await callJson(path, { key, method: "PATCH", body: { ${label}: "Changed" } });
    expect(patched).toMatchObject({ status: 200, body: { ...sample, ${label}: "Changed" } });
    expect((await callApi(path, { key, method: "DELETE" })).status).toBe(204);
    expect((await callJson(path, { key })).status).toBe(404);
  });

  it("keeps every organization to its own ${spec.wordsPlural} on every route (404 for another's), its members sharing them", async () => {
    // On Pro: the teammate's key is the organization's second.
    const owner = await userWithKey("pro");
    const other = await userWithKey();
    const created = (await callJson("${path}", { key: owner.key, method: "POST", body: sample })).body;
    const path = \`${path}/\${created.id}\`;
    expect((await callJson("${path}", { key: other.key })).body.data).toEqual([]);
    expect((await callJson(path, { key: other.key })).status).toBe(404);
    expect((await callJson(path, { key: other.key, method: "PATCH", body: { ${label}: "Theirs now" } })).status).toBe(404);
    expect((await callJson(path, { key: other.key, method: "DELETE" })).status).toBe(404);
    expect((await callJson(path, { key: owner.key })).body).toMatchObject(sample);

    // A key a teammate created in the same organization reaches the ${spec.words}, and changes it.
    const teammate = await newUser(\`${kebabPlural}-teammate-\${Date.now()}@example.com\`);
    const { key } = await createApiKey(await joinOrganization(teammate.id, owner.user.organizationId, "member"), { name: "teammate's", expiresInDays: "never" });
    expect((await callJson("${path}", { key })).body.data).toEqual([created]);
    expect(await callJson(path, { key, method: "PATCH", body: { ${label}: "Changed by a teammate" } })).toMatchObject({ status: 200 });
    expect((await callJson(path, { key: owner.key })).body).toMatchObject({ ${label}: "Changed by a teammate" });
  });

  it("keeps to the organization's plan's number of ${spec.wordsPlural}", async () => {
    const { user, key } = await userWithKey("free");
    await db.${camel}.createMany({ data: Array.from({ length: ${limits}.free }, () => ({ ...sample, organizationId: user.organizationId, createdById: user.id })) });
    const response = await callJson("${path}", { key, method: "POST", body: sample });
    expect(response).toMatchObject({ status: 403, body: { error: { code: "plan_limit_reached" } } });
  });

  it("explains what is wrong with a body, an empty change, a forged cursor and a bad id", async () => {
    const { key } = await userWithKey();
    const empty = await callJson("${path}", { key, method: "POST", body: { ...sample, ${label}: "  " } });
    expect(empty).toMatchObject({ status: 422, body: { error: { code: "validation_failed", details: [{ path: "${label}" }] } } });
    const unknown = await callJson("${path}", { key, method: "POST", body: { ...sample, organizationId: "someone-else" } });
    expect(unknown).toMatchObject({ status: 422, body: { error: { code: "validation_failed" } } });
    const created = (await callJson("${path}", { key, method: "POST", body: sample })).body;
    expect((await callJson(\`${path}/\${created.id}\`, { key, method: "PATCH", body: {} })).status).toBe(422);
    expect(await callJson("${path}?cursor=bm90LWEtY3Vyc29y", { key })).toMatchObject({ status: 400, body: { error: { code: "invalid_request" } } });
    // A cursor for year 0000, a date PostgreSQL refuses: the shared pagination answers it, 400.
    expect(await callJson("${path}?cursor=WyIwMDAwLTAxLTAxVDAwOjAwOjAwLjAwMFoiLCJ4Il0", { key })).toMatchObject({ status: 400 });
    expect((await callJson("${path}/%00", { key })).status).toBe(400);
  });
});
`;
}

// components/<features>/<feature>-fields.tsx
function fieldsComponent(spec: FeatureSpec): string {
  const { model, fields } = spec;
  const textFields = fields.filter(isText);
  const limitsType = `{ ${textFields.map((field) => `${field.name}: number`).join("; ")} }`;
  const valueOf = (field: Field) => (field.type === "boolean" ? `values.${field.name} !== undefined` : `values.${field.name} ?? ""`);
  const render = (field: Field) => {
    const optionalHint = field.optional ? "Optional." : "";
    switch (field.type) {
      case "boolean":
        return `      <CheckboxField label="${field.label}" name="${field.name}" defaultChecked={defaults?.${field.name} ?? false} />`;
      case "int":
        return `      <Field label="${field.label}" name="${field.name}" type="number" step={1} inputMode="numeric" defaultValue={defaults?.${field.name} ?? ""} error={fieldErrors?.${field.name}?.[0]}${optionalHint ? ` hint="${optionalHint}"` : ""} />`;
      case "string":
        return `      <Field label="${field.label}" name="${field.name}" autoComplete="off" maxLength={limits.${field.name}} defaultValue={defaults?.${field.name} ?? ""} error={fieldErrors?.${field.name}?.[0]}${optionalHint ? ` hint="${optionalHint}"` : ""} />`;
      case "text":
        return `      <FormField label="${field.label}" name="${field.name}" hint={\`${optionalHint ? `${optionalHint} ` : ""}Plain text, up to \${limits.${field.name}.toLocaleString("en-US")} characters.\`} error={fieldErrors?.${field.name}?.[0]}>
        {(control) => <Textarea {...control} rows={6} maxLength={limits.${field.name}} defaultValue={defaults?.${field.name} ?? ""} />}
      </FormField>`;
    }
  };
  const primitives = [
    `import { ${[fields.some((field) => field.type === "boolean") && "CheckboxField", "Field", fields.some((field) => field.type === "text") && "FormField"].filter(Boolean).join(", ")} } from "@/components/ui/field";`,
    ...(fields.some((field) => field.type === "text") ? ['import { Textarea } from "@/components/ui/textarea";'] : []),
  ];
  return `${primitives.join("\n")}

export type ${model}FieldValues = { ${fields.map((field) => `${field.name}: ${field.type === "boolean" ? "boolean" : "string"}`).join("; ")} };

/** What a refused form submitted (an action's \`values\`), to put back in the fields. */
export function submitted${model}(values: Record<string, string> | undefined): ${model}FieldValues | undefined {
  return values && { ${fields.map((field) => `${field.name}: ${valueOf(field)}`).join(", ")} };
}

type Props = {
  defaults?: ${model}FieldValues;
  fieldErrors?: Partial<Record<keyof ${model}FieldValues, string[]>>;
  /** The schema's limits (lib/${spec.kebabPlural}/schemas.ts), passed in so zod stays out of the browser bundle. */
  limits: ${limitsType};
};

/** The fields of a ${spec.words}, shared by the create and edit forms. Uncontrolled: a form reset restores \`defaults\`. */
export function ${model}Fields({ defaults, fieldErrors, limits }: Props) {
  return (
    <>
${fields.map(render).join("\n")}
    </>
  );
}
`;
}

/** The limits object the pages pass to the fields: `{ name: PROJECT_NAME_MAX }`. */
const limitsProp = (spec: FeatureSpec) =>
  `{ ${spec.fields
    .filter(isText)
    .map((field) => `${field.name}: ${maxName(spec, field)}`)
    .join(", ")} }`;
const limitImports = (spec: FeatureSpec) => spec.fields.filter(isText).map((field) => maxName(spec, field));

function formValue(field: Field) {
  switch (field.type) {
    case "boolean":
      return `form.has("${field.name}")`;
    case "int":
      return `text("${field.name}").trim() === "" ? null : Number(text("${field.name}"))`;
    default:
      return field.optional ? `text("${field.name}").trim() === "" ? null : text("${field.name}")` : `text("${field.name}")`;
  }
}

// app/(dashboard)/dashboard/[org]/<features>/actions.ts
function actions(spec: FeatureSpec): string {
  const { model, camel, camelPlural, pascalPlural, kebabPlural, labelField } = spec;
  const pageSize = `${upperSnake(camelPlural)}_PAGE_SIZE`;
  const needsText = spec.fields.some((field) => field.type !== "boolean");
  const permission = `permission: "${writePermission(spec)}"`;
  return `"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { UserFacingError } from "@/lib/errors";
import { pageQuerySchema } from "@/lib/pagination";
import { create${model}, delete${model}, list${pascalPlural}, update${model} } from "@/lib/${kebabPlural}/${kebabPlural}";
import { ${camel}CreateSchema } from "@/lib/${kebabPlural}/schemas";
import { organizationPath } from "@/lib/organizations/paths";
import { userAction } from "@/lib/user-action";
import { idParamsSchema } from "@/lib/validation";
import { ${pageSize}, toListItem } from "./list-item";

/** The form as the shared schemas expect it: a checkbox is a boolean, an empty optional field is null. */
function ${camel}Fields(form: FormData) {
${
  needsText
    ? `  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value : "";
  };
`
    : ""
}  return { ${spec.fields.map((field) => `${field.name}: ${formValue(field)}`).join(", ")} };
}

export const create${model}Action = userAction({ schema: ${camel}CreateSchema, fromForm: ${camel}Fields, ${permission} }, async (input, user) => {
  const ${camel} = await create${model}(user.actor, input);
  revalidatePath("/dashboard/[org]/${kebabPlural}", "page");
  return { ${labelField.name}: ${camel}.${labelField.name} };
});

// The edit form sends every field, and the ${spec.words}'s id in a hidden one.
export const update${model}Action = userAction(
  { schema: ${camel}CreateSchema.extend(idParamsSchema.shape), fromForm: (form) => ({ ...${camel}Fields(form), id: form.get("id") }), ${permission} },
  async ({ id, ...patch }, user) => {
    const ${camel} = await update${model}(user.actor.organizationId, id, patch);
    if (!${camel}) throw new UserFacingError("This ${spec.words} no longer exists.");
    revalidatePath("/dashboard/[org]/${kebabPlural}", "layout");
    return { ${labelField.name}: ${camel}.${labelField.name} };
  },
);

export const delete${model}Action = userAction({ schema: idParamsSchema, ${permission} }, async ({ id }, user) => {
  // Deleting a ${spec.words} that is already gone ends where the user wanted: back at the list without it.
  await delete${model}(user.actor.organizationId, id);
  revalidatePath("/dashboard/[org]/${kebabPlural}", "layout");
  redirect(organizationPath(user.organization.slug, "/${kebabPlural}?deleted=1"));
});

export const loadMore${pascalPlural}Action = userAction({ schema: z.object({ cursor: pageQuerySchema.shape.cursor.unwrap() }) }, async ({ cursor }, user) => {
  const { ${camelPlural}, nextCursor } = await list${pascalPlural}(user.actor.organizationId, { limit: ${pageSize}, cursor });
  return { ${camelPlural}: ${camelPlural}.map(toListItem), nextCursor };
});
`;
}

// app/(dashboard)/dashboard/[org]/<features>/list-item.ts
function listItem(spec: FeatureSpec): string {
  const { model, camel, camelPlural, kebabPlural, labelField, fields } = spec;
  const excerptField = fields.find((field) => field.type === "text");
  const flags = fields.filter((field) => field.type === "boolean");
  const itemFields = [
    "id: string",
    `${labelField.name}: string`,
    ...(excerptField ? ["excerpt: string | null"] : []),
    ...flags.map((field) => `${field.name}: boolean`),
    "updatedAt: string",
    "updatedLabel: string",
  ];
  return `// What the ${spec.wordsPlural} list shows of a ${spec.words}, formatted on the server (the same text for the first page,
// rendered here, and for the pages "Load more" fetches through a server action).
import { dateTime } from "@/lib/format";
import type { ${model}Record } from "@/lib/${kebabPlural}/${kebabPlural}";

export const ${upperSnake(camelPlural)}_PAGE_SIZE = 50;
${excerptField ? "const EXCERPT_LENGTH = 160;\n" : ""}
export type ${model}ListItem = { ${itemFields.join("; ")} };

export function toListItem(${camel}: ${model}Record): ${model}ListItem {
${excerptField ? `  const text = ${camel}.${excerptField.name}?.replace(/\\s+/g, " ").trim();\n` : ""}  return {
    id: ${camel}.id,
    ${labelField.name}: ${camel}.${labelField.name},
${excerptField ? "    excerpt: text ? (text.length > EXCERPT_LENGTH ? `${text.slice(0, EXCERPT_LENGTH)}…` : text) : null,\n" : ""}${flags.map((field) => `    ${field.name}: ${camel}.${field.name},\n`).join("")}    updatedAt: ${camel}.updatedAt.toISOString(),
    updatedLabel: dateTime(${camel}.updatedAt),
  };
}
`;
}

// app/(dashboard)/dashboard/[org]/<features>/<feature>-list.tsx
function list(spec: FeatureSpec): string {
  const { model, camel, camelPlural, pascalPlural, kebab, kebabPlural, labelField, fields } = spec;
  const label = labelField.name;
  const excerpt = fields.some((field) => field.type === "text");
  const flags = fields.filter((field) => field.type === "boolean");
  return `"use client";

import { useState, useTransition } from "react";
${flags.length > 0 ? 'import { Badge } from "@/components/ui/badge";\n' : ""}import { Button, ButtonLink } from "@/components/ui/button";
import { FormError } from "@/components/ui/form-messages";
import { ItemList } from "@/components/ui/item-list";
import { loadMore${pascalPlural}Action } from "./actions";
import type { ${model}ListItem } from "./list-item";

/**
 * The first page comes from the server; "Load more" appends the next ones through a server action.
 * \`listPath\`: this page's path in the organization's dashboard (/dashboard/<slug>/${kebabPlural}).
 */
export function ${model}List({ firstPage, nextCursor, listPath }: { firstPage: ${model}ListItem[]; nextCursor: string | null; listPath: string }) {
  const [more, setMore] = useState<${model}ListItem[]>([]);
  const [cursor, setCursor] = useState(nextCursor);
  const [error, setError] = useState("");
  const [pending, startTransition] = useTransition();

  const seen = new Set(firstPage.map((${camel}) => ${camel}.id));
  const ${camelPlural} = [...firstPage, ...more.filter((${camel}) => !seen.has(${camel}.id))];

  function loadMore() {
    if (!cursor) return;
    startTransition(async () => {
      const result = await loadMore${pascalPlural}Action(undefined, { cursor });
      if (result.status !== "ok" || !result.data) {
        setError(result.status === "failed" && result.error ? result.error : "Could not load more ${spec.wordsPlural}. Reload the page and try again.");
        return;
      }
      const { ${camelPlural}, nextCursor } = result.data;
      setError("");
      setMore((loaded) => [...loaded, ...${camelPlural}]);
      setCursor(nextCursor);
    });
  }

  return (
    <div className="space-y-4">
      <ItemList aria-label="${spec.title}">
        {${camelPlural}.map((${camel}) => (
          <li key={${camel}.id} data-testid="${kebab}-row" className="flex flex-col gap-2 py-3 sm:flex-row sm:items-start sm:justify-between sm:gap-4">
            <div className="min-w-0 space-y-1">
              <div className="flex flex-wrap items-center gap-2">
                <span className="font-medium break-words text-foreground" data-testid="${kebab}-${kebabOf(label)}">
                  {${camel}.${label}}
                </span>
${flags.map((field) => `                {${camel}.${field.name} && <Badge tone="neutral">${field.label}</Badge>}`).join("\n")}
              </div>
${excerpt ? `              {${camel}.excerpt && <p className="line-clamp-2 text-sm break-words text-muted-foreground">{${camel}.excerpt}</p>}\n` : ""}              <p className="text-xs text-muted-foreground">
                Updated <time dateTime={${camel}.updatedAt}>{${camel}.updatedLabel}</time>
              </p>
            </div>
            <ButtonLink href={\`\${listPath}/\${${camel}.id}\`} variant="secondary" className="shrink-0 self-start">
              Edit<span className="sr-only"> “{${camel}.${label}}”</span>
            </ButtonLink>
          </li>
        ))}
      </ItemList>
      {cursor && (
        <Button type="button" variant="secondary" onClick={loadMore} disabled={pending}>
          {pending ? "Loading…" : "Load more"}
        </Button>
      )}
      <FormError>{error}</FormError>
    </div>
  );
}
`;
}

const kebabOf = (camel: string) => camel.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();

// app/(dashboard)/dashboard/[org]/<features>/new-<feature>-form.tsx
function newForm(spec: FeatureSpec): string {
  const { model, labelField, kebab } = spec;
  return `"use client";

import { useActionState } from "react";
import { ${model}Fields, submitted${model} } from "@/components/${spec.kebabPlural}/${kebab}-fields";
import { Button } from "@/components/ui/button";
import { FormError, FormStatus } from "@/components/ui/form-messages";
import { create${model}Action } from "./actions";

/** \`atLimit\`: the plan's ${spec.wordsPlural} are used up, and the page says so above the form (PlanLimitNotice). */
export function New${model}Form({ limits, atLimit = false }: { limits: ${limitsTypeOf(spec)}; atLimit?: boolean }) {
  const [state, action, pending] = useActionState(create${model}Action, { status: "idle" });
  return (
    <form action={action}>
      {/* A disabled fieldset disables every field and the button in it, without script. */}
      <fieldset disabled={atLimit} className="min-w-0 space-y-4">
        <${model}Fields defaults={submitted${model}(state.values)} fieldErrors={state.fieldErrors} limits={limits} />
        <div className="flex flex-wrap items-center gap-4">
          <Button type="submit" disabled={pending}>
            {pending ? "Creating…" : "Create ${spec.words}"}
          </Button>
          <FormStatus>{state.status === "ok" && !pending ? \`Created “\${state.data?.${labelField.name}}”.\` : ""}</FormStatus>
        </div>
        <FormError>{state.error && !pending ? state.error : ""}</FormError>
      </fieldset>
    </form>
  );
}
`;
}

const limitsTypeOf = (spec: FeatureSpec) =>
  `{ ${spec.fields
    .filter(isText)
    .map((field) => `${field.name}: number`)
    .join("; ")} }`;

// app/(dashboard)/dashboard/[org]/<features>/page.tsx
function listPage(spec: FeatureSpec): string {
  const { model, camel, camelPlural, pascalPlural, kebab, kebabPlural } = spec;
  const pageSize = `${upperSnake(camelPlural)}_PAGE_SIZE`;
  const limits = `${upperSnake(camel)}_LIMITS`;
  return `import type { Metadata } from "next";
import Link from "next/link";
import { PlanLimitNotice } from "@/components/dashboard/plan-limit-notice";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/item-list";
import { requireUser } from "@/lib/auth/session";
import { getPlan } from "@/lib/billing/plans";
import { formatCount } from "@/lib/format";
import { count${pascalPlural}, list${pascalPlural}, ${limits} } from "@/lib/${kebabPlural}/${kebabPlural}";
import { organizationPath } from "@/lib/organizations/paths";
import { refusal } from "@/lib/organizations/permissions";
import { isAtLimit } from "@/lib/usage/usage";
import { ${limitImports(spec).join(", ")} } from "@/lib/${kebabPlural}/schemas";
import { ${pageSize}, toListItem } from "./list-item";
import { New${model}Form } from "./new-${kebab}-form";
import { ${model}List } from "./${kebab}-list";

export const metadata: Metadata = { title: "${spec.title}" };

export default async function ${pascalPlural}Page({ searchParams }: { searchParams: Promise<{ deleted?: string }> }) {
  const user = await requireUser();
  const { deleted } = await searchParams;
  const plan = getPlan(user.subscription?.plan);
  // The organization's ${spec.wordsPlural}, whichever member created them, against its plan.
  const { organizationId } = user.actor;
  const [{ ${camelPlural}, nextCursor }, used] = await Promise.all([list${pascalPlural}(organizationId, { limit: ${pageSize} }), count${pascalPlural}(organizationId)]);
  const firstPage = ${camelPlural}.map(toListItem);
  const allowance = { used, limit: ${limits}[plan.id] };
  // Every member sees the ${spec.wordsPlural}; creating one is the table's "${writePermission(spec)}" (every role, as generated).
  const refused = refusal(user.actor, "${writePermission(spec)}", "create, edit or delete its ${spec.wordsPlural}");

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">${spec.title}</h1>
        <p className="mt-1 text-sm text-muted-foreground">
          The ${spec.wordsPlural} of this organization, also available through the{" "}
          <Link href={organizationPath(user.organization.slug, "/api-keys")} className="font-medium text-foreground underline underline-offset-2">
            API
          </Link>{" "}
          at <code className="font-mono">/api/v1/${kebabPlural}</code>.
        </p>
      </div>
      {deleted && (
        <p role="status" className="rounded-md bg-muted p-4 text-sm text-foreground">
          ${capitalized(spec.words)} deleted.
        </p>
      )}

      <Card
        title="New ${spec.words}"
        description={
          <span data-testid="${kebab}-usage">
            {formatCount(allowance.used)} of {formatCount(allowance.limit)} ${spec.wordsPlural} on the {plan.name} plan.
          </span>
        }
      >
        {refused ? (
          <p role="status" className="text-sm text-muted-foreground">
            {refused}
          </p>
        ) : (
          <div className="space-y-4">
            <PlanLimitNotice allowance={allowance} plan={plan} noun="${spec.wordsPlural}" makeRoom="Delete one" organization={user.organization.slug} />
            <New${model}Form limits={${limitsProp(spec)}} atLimit={isAtLimit(allowance)} />
          </div>
        )}
      </Card>

      <Card title="The organization's ${spec.wordsPlural}">
        {firstPage.length === 0 ? (
          <EmptyState data-testid="${kebabPlural}-empty">No ${spec.wordsPlural} yet. Create your first one above.</EmptyState>
        ) : (
          // Remounted when the first page changes (a ${spec.words} created), so pages loaded before start over.
          <${model}List key={\`\${firstPage[0]?.id}:\${firstPage.length}:\${nextCursor}\`} firstPage={firstPage} nextCursor={nextCursor} listPath={organizationPath(user.organization.slug, "/${kebabPlural}")} />
        )}
      </Card>
    </div>
  );
}
`;
}

// app/(dashboard)/dashboard/[org]/<features>/page.test.tsx
function listPageTest(spec: FeatureSpec): string {
  const { camel, kebab, kebabPlural } = spec;
  const limits = `${upperSnake(camel)}_LIMITS`;
  return `// The ${spec.wordsPlural} page's new form knows the organization's plan: rendered disabled at the limit, with the
// reason and the upgrade link above it, and open below it. It counts and lists the organization's
// ${spec.wordsPlural}, whichever member created them, and no other organization's. The real page, on this file's own database.
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, describe, expect, it, vi } from "vitest";
import { upgradePath } from "@/lib/billing/paths";
import { getDb } from "@/lib/db";
import { formatCount } from "@/lib/format";
import { ${limits} } from "@/lib/${kebabPlural}/${kebabPlural}";
import { signIn } from "@/test/support/signed-in";
import { joinOrganization, newUser } from "@/test/support/users";

vi.mock("@/lib/auth/session", () => import("@/test/support/signed-in").then((module) => module.stubbedSession));

const db = getDb();
afterAll(() => db.$disconnect());

const sample = ${sampleObject(spec.fields)};
let users = 0;
const email = () => \`${kebabPlural}-page-\${++users}-\${Date.now()}@example.com\`;

/**
 * The page for a free organization's owner, its \`count\` ${spec.wordsPlural} created by a teammate; the teammate's
 * own organization holds as many more, which are not the owner's organization's.
 */
async function pageWith(count: number) {
  const owner = await newUser(email());
  const teammate = await newUser(email());
  await joinOrganization(teammate.id, owner.organizationId, "member");
  for (const organizationId of [owner.organizationId, teammate.organizationId]) {
    await db.${camel}.createMany({ data: Array.from({ length: count }, () => ({ ...sample, organizationId, createdById: teammate.id })) });
  }
  signIn(owner);
  const { default: Page } = await import("./page");
  return renderToStaticMarkup(await Page({ searchParams: Promise.resolve({}) }));
}

describe("the new ${spec.words} form", () => {
  it("is disabled at the free plan's limit, fields and button, saying why and linking to the upgrade", async () => {
    const html = await pageWith(${limits}.free);
    expect(html).toMatch(/<fieldset disabled=""[^>]*>[\\s\\S]*type="submit"[\\s\\S]*<\\/fieldset>/);
    const limit = formatCount(${limits}.free);
    expect(html).toContain(\`You have \${limit} of \${limit} ${spec.wordsPlural} on Free. Delete one to make room, or \`);
    expect(html).toContain(\`href="\${upgradePath("acme")}"\`);
  });

  it("is open below it, without a notice", async () => {
    const html = await pageWith(${limits}.free - 1);
    expect(html).toContain("<fieldset ");
    expect(html).not.toContain("<fieldset disabled");
    expect(html).not.toContain("You have ");
  });
});

describe("the ${spec.wordsPlural} list", () => {
  it("shows the organization's ${spec.wordsPlural}, a teammate's included, and not another organization's", async () => {
    const html = await pageWith(1);
    const usage = html.slice(html.indexOf('data-testid="${kebab}-usage"'));
    expect(usage).toMatch(/^[^>]*>1 of /);
    expect(html.match(/data-testid="${kebab}-row"/g)).toHaveLength(1);
  });
});
`;
}

// app/(dashboard)/dashboard/[org]/<features>/[id]/page.tsx
function editPage(spec: FeatureSpec): string {
  const { model, camel, kebab, kebabPlural, labelField, fields } = spec;
  const values = fields
    .map((field) => {
      if (field.type === "boolean") return `${field.name}: ${camel}.${field.name}`;
      if (field.type === "int") return `${field.name}: ${field.optional ? `${camel}.${field.name}?.toString() ?? ""` : `String(${camel}.${field.name})`}`;
      return `${field.name}: ${camel}.${field.name}${field.optional ? ' ?? ""' : ""}`;
    })
    .join(", ");
  return `import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Card } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/session";
import { dateTime } from "@/lib/format";
import { get${model} } from "@/lib/${kebabPlural}/${kebabPlural}";
import { ${limitImports(spec).join(", ")} } from "@/lib/${kebabPlural}/schemas";
import { organizationPath } from "@/lib/organizations/paths";
import { refusal } from "@/lib/organizations/permissions";
import { idParamsSchema } from "@/lib/validation";
import { Delete${model}Form } from "./delete-${kebab}-form";
import { Edit${model}Form } from "./edit-${kebab}-form";

export const metadata: Metadata = { title: "Edit ${spec.words}" };

export default async function Edit${model}Page({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const parsed = idParamsSchema.safeParse(await params);
  // Another organization's ${spec.words} does not exist either.
  const ${camel} = parsed.success ? await get${model}(user.actor.organizationId, parsed.data.id) : null;
  if (!${camel}) notFound();
  // Every member reads it; changing or deleting it is the table's "${writePermission(spec)}".
  const refused = refusal(user.actor, "${writePermission(spec)}", "edit or delete its ${spec.wordsPlural}");

  return (
    <div className="space-y-6">
      <div>
        <Link href={organizationPath(user.organization.slug, "/${kebabPlural}")} className="text-sm font-medium text-muted-foreground underline underline-offset-2 hover:text-foreground">
          ← All ${spec.wordsPlural}
        </Link>
        <h1 className="mt-2 text-2xl font-semibold tracking-tight">Edit ${spec.words}</h1>
        <p className="mt-1 text-sm text-muted-foreground">
          Created <time dateTime={${camel}.createdAt.toISOString()}>{dateTime(${camel}.createdAt)}</time>, last updated{" "}
          <time dateTime={${camel}.updatedAt.toISOString()}>{dateTime(${camel}.updatedAt)}</time>.
        </p>
      </div>
      <Card title="${capitalized(spec.words)}">
        {refused ? (
          <p role="status" className="text-sm text-muted-foreground">
            {refused}
          </p>
        ) : (
          <Edit${model}Form id={${camel}.id} ${camel}={{ ${values} }} limits={${limitsProp(spec)}} />
        )}
      </Card>
      {!refused && (
        <Card title="Delete ${spec.words}" description="Permanently delete this ${spec.words}." className="border-destructive/30">
          <Delete${model}Form id={${camel}.id} ${labelField.name}={${camel}.${labelField.name}} />
        </Card>
      )}
    </div>
  );
}
`;
}

// app/(dashboard)/dashboard/[org]/<features>/[id]/edit-<feature>-form.tsx
function editForm(spec: FeatureSpec): string {
  const { model, camel, kebab, kebabPlural } = spec;
  return `"use client";

import { useActionState } from "react";
import { ${model}Fields, submitted${model}, type ${model}FieldValues } from "@/components/${kebabPlural}/${kebab}-fields";
import { Button } from "@/components/ui/button";
import { FormError, FormStatus } from "@/components/ui/form-messages";
import { update${model}Action } from "../actions";

export function Edit${model}Form({ id, ${camel}, limits }: { id: string; ${camel}: ${model}FieldValues; limits: ${limitsTypeOf(spec)} }) {
  const [state, action, pending] = useActionState(update${model}Action, { status: "idle" });
  return (
    <form action={action} className="space-y-4">
      {/* After a save the page re-renders with the stored ${spec.words}, and the form resets to it. */}
      <input type="hidden" name="id" value={id} />
      <${model}Fields defaults={submitted${model}(state.values) ?? ${camel}} fieldErrors={state.fieldErrors} limits={limits} />
      <div className="flex flex-wrap items-center gap-4">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save changes"}
        </Button>
        <FormStatus>{state.status === "ok" && !pending ? "Saved." : ""}</FormStatus>
      </div>
      <FormError>{state.error && !pending ? state.error : ""}</FormError>
    </form>
  );
}
`;
}

// app/(dashboard)/dashboard/[org]/<features>/[id]/delete-<feature>-form.tsx
function deleteForm(spec: FeatureSpec): string {
  const { model, labelField } = spec;
  const label = labelField.name;
  return `"use client";

import { ConfirmAction } from "@/components/ui/confirm-action";
import { delete${model}Action } from "../actions";

/** Delete, after a confirmation step. */
export function Delete${model}Form({ id, ${label} }: { id: string; ${label}: string }) {
  return (
    <ConfirmAction
      action={delete${model}Action}
      trigger={{ label: "Delete ${spec.words}", variant: "danger" }}
      question={<>Delete “{${label}}”? This cannot be undone.</>}
      confirmLabel="Yes, delete it"
      pendingLabel="Deleting…"
      fields={{ id }}
    />
  );
}
`;
}

// e2e/<features>.spec.ts
function e2eSpec(spec: FeatureSpec): string {
  const { kebabPlural, labelField, fields } = spec;
  const fill = (value: string | ((field: Field) => string)) =>
    fields
      .filter((field) => field.type !== "boolean" && !field.optional)
      .map((field) => `  await form.getByLabel("${field.label}", { exact: true }).fill(${typeof value === "string" ? value : value(field)});`)
      .join("\n");
  const editRegion = capitalized(spec.words);
  return `import { expect, test } from "./fixtures";

test("a ${spec.words} made in the dashboard is listed, edited and deleted", async ({ page, signIn, dashboardPage }) => {
  await signIn();
  await dashboardPage.openSection("${spec.title}");
  await expect(page.getByRole("heading", { level: 1, name: "${spec.title}" })).toBeVisible();
  await expect(page.getByTestId("${kebabPlural}-empty")).toBeVisible();

  let form = page.getByRole("region", { name: "New ${spec.words}" });
${fill((field) => JSON.stringify(field === labelField ? "First" : String(sampleValue(field))))}
  await form.getByRole("button", { name: "Create ${spec.words}" }).click();
  await expect(form.getByRole("status")).toHaveText("Created “First”.");
  await expect(page.getByTestId("${spec.kebab}-row")).toHaveCount(1);

  await page.getByRole("link", { name: "Edit “First”" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Edit ${spec.words}" })).toBeVisible();
  form = page.getByRole("region", { name: "${editRegion}", exact: true });
  await form.getByLabel("${labelField.label}", { exact: true }).fill("");
  await form.getByRole("button", { name: "Save changes" }).click();
  await expect(form.getByLabel("${labelField.label}", { exact: true })).toHaveAccessibleDescription(/cannot be empty/);
  await form.getByLabel("${labelField.label}", { exact: true }).fill("Renamed");
  await form.getByRole("button", { name: "Save changes" }).click();
  await expect(form.getByRole("status")).toHaveText("Saved.");

  const danger = page.getByRole("region", { name: "Delete ${spec.words}" });
  await danger.getByRole("button", { name: "Delete ${spec.words}" }).click();
  await danger.getByRole("group", { name: /^Delete “Renamed”/ }).getByRole("button", { name: "Yes, delete it" }).click();
  await expect(page).toHaveURL(/\\/dashboard\\/[a-z0-9-]+\\/${kebabPlural}\\?deleted=1$/);
  await expect(page.getByTestId("${kebabPlural}-empty")).toBeVisible();
});
`;
}

/** Every new file of the feature, by its path in the repository. */
export function featureFiles(spec: FeatureSpec): GeneratedFile[] {
  const { kebab, kebabPlural } = spec;
  const dashboard = `app/(dashboard)/dashboard/[org]/${kebabPlural}`;
  return [
    { path: `lib/${kebabPlural}/schemas.ts`, content: schemas(spec) },
    { path: `lib/${kebabPlural}/${kebabPlural}.ts`, content: queries(spec) },
    { path: `lib/${kebabPlural}/${kebabPlural}.test.ts`, content: queriesTest(spec) },
    { path: `app/api/v1/${kebabPlural}/route.ts`, content: collectionRoute(spec) },
    { path: `app/api/v1/${kebabPlural}/[id]/route.ts`, content: itemRoute(spec) },
    { path: `app/api/v1/${kebabPlural}/route.test.ts`, content: apiTest(spec) },
    { path: `components/${kebabPlural}/${kebab}-fields.tsx`, content: fieldsComponent(spec) },
    { path: `${dashboard}/actions.ts`, content: actions(spec) },
    { path: `${dashboard}/list-item.ts`, content: listItem(spec) },
    { path: `${dashboard}/${kebab}-list.tsx`, content: list(spec) },
    { path: `${dashboard}/new-${kebab}-form.tsx`, content: newForm(spec) },
    { path: `${dashboard}/page.tsx`, content: listPage(spec) },
    { path: `${dashboard}/page.test.tsx`, content: listPageTest(spec) },
    { path: `${dashboard}/[id]/page.tsx`, content: editPage(spec) },
    { path: `${dashboard}/[id]/edit-${kebab}-form.tsx`, content: editForm(spec) },
    { path: `${dashboard}/[id]/delete-${kebab}-form.tsx`, content: deleteForm(spec) },
    { path: `e2e/${kebabPlural}.spec.ts`, content: e2eSpec(spec) },
  ];
}
