import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { callApi, callJson, userWithKey, validExample } from "@/test/support/api";
import { DOCUMENTED_ROUTE_FILES, documentationGaps } from "@/test/support/api-routes";
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

  it("describes the schemas the routes validate with, and what they answer", async () => {
    const { paths } = await document();
    const input = paths["/api/v1/posts"]!.post!.requestBody!.content["application/json"].schema as Record<string, unknown>;
    expect(Object.keys(input.properties as object)).toEqual(["title", "content", "published"]);
    expect(input).toMatchObject({ additionalProperties: false, required: ["title"], properties: { title: { type: "string", minLength: 1, maxLength: 200 } } });
    expect(paths["/api/v1/posts/{id}"]!.patch!.requestBody!.content["application/json"].schema).toMatchObject({ minProperties: 1 });
    const me = paths["/api/v1/me"]!.get!.responses["200"] as { content: { "application/json": { schema: object } } };
    expect(me.content["application/json"].schema).toMatchObject({
      required: ["id", "email", "plan", "limits", "organization", "role"],
      properties: {
        organization: { type: "object", required: ["id", "name", "slug"], description: expect.stringContaining("organization the key acts for") },
        role: { enum: ["owner", "admin", "member"] },
      },
    });
  });

  it("documents every route file on disk under its own path, every method of each, and nothing else", async () => {
    expect(documentationGaps(DOCUMENTED_ROUTE_FILES, API_ROUTES)).toEqual([]);
    const { paths } = await document();
    expect(Object.keys(paths).sort()).toEqual(DOCUMENTED_ROUTE_FILES.map((route) => route.openApiPath).sort());
  });

  it("would fail on a route file left out, a method left undocumented, or a documented path with no file", () => {
    const posts = DOCUMENTED_ROUTE_FILES.find((route) => route.openApiPath === "/api/v1/posts")!;
    const withoutPosts = Object.fromEntries(Object.entries(API_ROUTES).filter(([path]) => path !== "/api/v1/posts"));
    expect(documentationGaps(DOCUMENTED_ROUTE_FILES, withoutPosts)).toEqual([
      'app/api/v1/posts/route.ts is not documented: list it in app/api/v1/routes.ts as "/api/v1/posts"',
    ]);
    const plainPut = { ...posts.module, PUT: async () => new Response(null) };
    expect(documentationGaps([{ ...posts, module: plainPut }], { "/api/v1/posts": plainPut })).toEqual([
      "PUT in app/api/v1/posts/route.ts is undocumented: make it with apiRoute(), or methodNotAllowed() for a 405",
    ]);
    const withoutFile = DOCUMENTED_ROUTE_FILES.filter((route) => route !== posts);
    expect(documentationGaps(withoutFile, API_ROUTES)).toEqual(["/api/v1/posts is documented, but no route file answers it"]);
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
