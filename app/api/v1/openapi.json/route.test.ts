import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { operationsOf } from "@/lib/api/openapi";
import { callApi, callJson, userWithKey, validExample } from "@/test/support/api";
import { API_ROUTE_FILES } from "@/test/support/api-routes";
import { API_ROUTES } from "../routes";
import { GET } from "./route";

type Operation = { requestBody?: { content: { "application/json": { schema: object } } }; responses: Record<string, unknown> };
type Document = {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
};

async function document() {
  return (await GET().json()) as Document;
}

// Route files that are not operations of the API: the catch-all answers unknown paths with a 404,
// and the document does not describe itself.
const NOT_OPERATIONS = new Set(["[...path]/route.ts", "openapi.json/route.ts"]);
const documentedFiles = API_ROUTE_FILES.filter((route) => !NOT_OPERATIONS.has(route.file));

describe("GET /api/v1/openapi.json", () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    const result = await new Validator().validate((await document()) as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("is public (no key needed) and cacheable", async () => {
    const response = await callApi("/api/v1/openapi.json");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/json");
  });

  it("describes the schemas the routes validate with", async () => {
    const { paths } = await document();
    const input = paths["/api/v1/posts"]!.post!.requestBody!.content["application/json"].schema as Record<string, unknown>;
    expect(Object.keys(input.properties as object)).toEqual(["title", "content", "published"]);
    expect(input).toMatchObject({ additionalProperties: false, required: ["title"], properties: { title: { type: "string", minLength: 1, maxLength: 200 } } });
    expect(paths["/api/v1/posts/{id}"]!.patch!.requestBody!.content["application/json"].schema).toMatchObject({ minProperties: 1 });
  });

  it("documents every route file on disk under its own path, and nothing else", async () => {
    const { paths } = await document();
    expect(Object.keys(paths).sort()).toEqual(documentedFiles.map((route) => route.openApiPath).sort());
    for (const route of documentedFiles) {
      // The list the document is written from holds this very file, under the path its folders spell.
      expect(API_ROUTES[route.openApiPath as keyof typeof API_ROUTES], route.file).toBe(route.module);
    }
  });

  it("documents every method of every route file, and each other method deliberately answers 405", () => {
    for (const route of documentedFiles) {
      const documented = operationsOf(route.module).map(([method]) => method);
      expect(documented.length, `${route.file} has a documented method`).toBeGreaterThan(0);
      for (const [method, handler] of Object.entries(route.module).filter(([name]) => /^[A-Z]+$/.test(name))) {
        if (documented.includes(method)) continue;
        expect((handler as { allowed?: string[] }).allowed, `${method} ${route.file}: made with apiRoute() (documented) or methodNotAllowed()`).toBeDefined();
      }
    }
  });

  it("answers every documented operation with its documented success status", async () => {
    const { paths } = await document();
    const { key } = await userWithKey("pro");
    // A collection's POST makes the record its item path reads, changes and finally deletes.
    const created = new Map<string, string>();
    const order = ["get", "post", "patch", "put", "delete"];
    for (const path of Object.keys(paths).sort((a, b) => a.split("/").length - b.split("/").length)) {
      for (const [method, operation] of Object.entries(paths[path]!).sort(([a], [b]) => order.indexOf(a) - order.indexOf(b))) {
        const collection = path.replace(/\/\{id\}$/, "");
        const url = path.includes("{id}") ? path.replace("{id}", created.get(collection) ?? "missing") : path;
        const schema = operation.requestBody?.content["application/json"].schema;
        const response = await callJson(url, { key, method: method.toUpperCase(), body: schema && validExample(schema) });
        const success = Object.keys(operation.responses).find((status) => status.startsWith("2"));
        expect(response.status, `${method.toUpperCase()} ${url}: ${JSON.stringify(response.body)}`).toBe(Number(success));
        if (method === "post" && response.body?.id) created.set(path, response.body.id);
      }
    }
  });
});
