// The OpenAPI 3.1 document of /api/v1, generated from the same zod schemas the routes validate with.
import { z } from "zod";
import { postCreateSchema, postIdParamsSchema, postListQuerySchema, postSchema, postUpdateSchema } from "@/lib/posts/schemas";
import { MAX_BODY_BYTES } from "./handler.ts";
import { errorSchema, meSchema } from "./schemas.ts";

type Io = "input" | "output";
const jsonSchema = (schema: z.ZodType, io: Io) => {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as Record<string, unknown>;
  return rest;
};

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object) => ({ "application/json": { schema } });

const RATE_LIMIT_HEADERS = Object.fromEntries(
  ["RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"].map((name) => [
    name,
    { schema: { type: "integer" }, description: `See the rate limit section.` },
  ]),
);

function errors(...statuses: number[]) {
  const descriptions: Record<number, string> = {
    400: "Malformed JSON or query parameters",
    401: "Missing, invalid, revoked or expired API key",
    403: "Not allowed (plan limit, a key beyond the plan's number of keys, or a cross-site session request)",
    404: "Not found, or not yours",
    413: `Body larger than ${MAX_BODY_BYTES / 1024} KiB`,
    415: "Body is not application/json",
    422: "Body failed validation (see details)",
    429: "Rate limit exceeded, or too many requests at once (see Retry-After)",
    503: "The service is busy (see Retry-After)",
  };
  return Object.fromEntries(statuses.map((status) => [status, { description: descriptions[status], content: json(ref("Error")) }]));
}

const COMMON = [401, 403, 429, 503];
const idParameter = { name: "id", in: "path", required: true, schema: jsonSchema(postIdParamsSchema.shape.id, "input") };

export function openApiDocument() {
  const query = jsonSchema(postListQuerySchema, "input") as { properties: Record<string, object> };
  return {
    openapi: "3.1.0",
    info: {
      title: "Acme SaaS API",
      version: "1.0.0",
      description:
        "Authenticate with `Authorization: Bearer <API key>` (create keys in the dashboard). Every response carries " +
        "`RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset` (the limit is per user, across all their keys); " +
        "over the limit, 429 with `Retry-After`. A 503 (busy) also carries `Retry-After`. " +
        'Errors are `{ "error": { "code", "message", "details"? } }`.',
    },
    servers: [{ url: "/" }],
    security: [{ apiKey: [] }],
    components: {
      securitySchemes: {
        apiKey: { type: "http", scheme: "bearer", description: "An API key from the dashboard (acme_sk_…)." },
      },
      schemas: {
        Me: jsonSchema(meSchema, "output"),
        Post: jsonSchema(postSchema, "output"),
        PostInput: jsonSchema(postCreateSchema, "input"),
        PostPatch: jsonSchema(postUpdateSchema, "input"),
        PostPage: {
          type: "object",
          properties: { data: { type: "array", items: ref("Post") }, nextCursor: { type: ["string", "null"] } },
          required: ["data", "nextCursor"],
        },
        Error: jsonSchema(errorSchema, "output"),
      },
    },
    paths: {
      "/api/v1/me": {
        get: {
          summary: "The key's user, plan and limits",
          operationId: "getMe",
          responses: { 200: { description: "The user", headers: RATE_LIMIT_HEADERS, content: json(ref("Me")) }, ...errors(...COMMON) },
        },
      },
      "/api/v1/posts": {
        get: {
          summary: "List your posts, newest first",
          operationId: "listPosts",
          parameters: Object.entries(query.properties).map(([name, schema]) => ({ name, in: "query", required: false, schema })),
          responses: { 200: { description: "A page of posts", headers: RATE_LIMIT_HEADERS, content: json(ref("PostPage")) }, ...errors(400, ...COMMON) },
        },
        post: {
          summary: "Create a post",
          operationId: "createPost",
          requestBody: { required: true, content: json(ref("PostInput")) },
          responses: {
            201: { description: "The new post", headers: RATE_LIMIT_HEADERS, content: json(ref("Post")) },
            ...errors(400, 403, 413, 415, 422, ...COMMON),
          },
        },
      },
      "/api/v1/posts/{id}": {
        parameters: [idParameter],
        get: {
          summary: "Get one of your posts",
          operationId: "getPost",
          responses: { 200: { description: "The post", headers: RATE_LIMIT_HEADERS, content: json(ref("Post")) }, ...errors(404, ...COMMON) },
        },
        patch: {
          summary: "Change one of your posts",
          operationId: "updatePost",
          requestBody: { required: true, content: json(ref("PostPatch")) },
          responses: {
            200: { description: "The updated post", headers: RATE_LIMIT_HEADERS, content: json(ref("Post")) },
            ...errors(400, 404, 413, 415, 422, ...COMMON),
          },
        },
        delete: {
          summary: "Delete one of your posts",
          operationId: "deletePost",
          responses: { 204: { description: "Deleted", headers: RATE_LIMIT_HEADERS }, ...errors(404, ...COMMON) },
        },
      },
    },
  };
}
