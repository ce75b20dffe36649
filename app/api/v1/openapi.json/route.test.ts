import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { callApi, callJson, userWithKey } from "@/test/support/api";
import { GET } from "./route";

type Document = {
  openapi: string;
  paths: Record<string, Record<string, { requestBody?: unknown }>>;
  components: { schemas: Record<string, { properties?: Record<string, unknown>; additionalProperties?: boolean }> };
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

  it("describes the schemas the routes validate with", async () => {
    const { components } = await document();
    expect(Object.keys(components.schemas.PostInput!.properties!)).toEqual(["title", "content", "published"]);
    expect(components.schemas.PostInput!.additionalProperties).toBe(false);
    expect(components.schemas.PostInput).toMatchObject({ required: ["title"], properties: { title: { type: "string", minLength: 1, maxLength: 200 } } });
  });

  it("documents exactly the routes that exist, each answering with its documented success status", async () => {
    const { paths } = await document();
    expect(Object.keys(paths).sort()).toEqual(["/api/v1/me", "/api/v1/posts", "/api/v1/posts/{id}"]);
    const { key } = await userWithKey("pro");
    const post = (await callJson("/api/v1/posts", { key, method: "POST", body: { title: "documented" } })).body;
    const expected: [string, string, number, unknown?][] = [
      ["GET", "/api/v1/me", 200],
      ["GET", "/api/v1/posts", 200],
      ["POST", "/api/v1/posts", 201, { title: "x" }],
      ["GET", `/api/v1/posts/${post.id}`, 200],
      ["PATCH", `/api/v1/posts/${post.id}`, 200, { title: "y" }],
      ["DELETE", `/api/v1/posts/${post.id}`, 204],
    ];
    for (const [method, path, status, body] of expected) {
      const documented = paths[path.replace(post.id, "{id}")]?.[method.toLowerCase()];
      expect(documented, `${method} ${path} documented`).toBeDefined();
      expect(Object.keys((documented as { responses: object }).responses)).toContain(String(status));
      expect((await callApi(path, { key, method, body })).status, `${method} ${path}`).toBe(status);
    }
  });
});
