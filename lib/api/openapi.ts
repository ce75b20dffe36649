// The OpenAPI 3.1 document of /api/v1, written from the routes themselves: each route's methods
// carry the zod schemas they validate with and answer with (lib/api/handler.ts `operation`), so the
// document cannot drift from what the routes do. Which routes there are is app/api/v1/routes.ts,
// and a test holds that list equal to the route files on disk.
import { z } from "zod";
import { API_BODY_LIMIT_BYTES, formatBytes } from "@/lib/security/body-limits";
import type { ApiOperation } from "./handler.ts";
import { errorSchema } from "./schemas.ts";

/** A route module as Next.js sees it: its exports by HTTP method. */
export type RouteModule = Record<string, unknown>;

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

type Io = "input" | "output";
const jsonSchema = (schema: z.ZodType, io: Io) => {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as Record<string, unknown>;
  return rest;
};

const json = (schema: object) => ({ "application/json": { schema } });
const ERROR = json({ $ref: "#/components/schemas/Error" });

const RATE_LIMIT_HEADERS = Object.fromEntries(
  ["RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"].map((name) => [
    name,
    { schema: { type: "integer" }, description: `See the rate limit section.` },
  ]),
);

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: "Malformed JSON, path or query parameters (or a forged cursor)",
  401: "Missing, invalid, revoked or expired API key",
  403: "Not allowed (plan limit, a key beyond the plan's number of keys, a role in the organization that does not allow it, or a cross-site session request)",
  404: "Not found, or not yours",
  413: `Body larger than ${formatBytes(API_BODY_LIMIT_BYTES)}`,
  415: "Body is not application/json",
  422: "Body failed validation (see details)",
  429: "Rate limit exceeded, or too many requests at once (see Retry-After)",
  503: "The service is busy (see Retry-After)",
};

/** What can go wrong follows from what the route reads: every route authenticates and is rate limited. */
function errorStatuses({ body, query, params }: ApiOperation) {
  const statuses = new Set([401, 403, 429, 503]);
  if (query || params || body) statuses.add(400);
  if (params) statuses.add(404);
  if (body) for (const status of [413, 415, 422]) statuses.add(status);
  return [...statuses].sort();
}

/** The parameters of an object schema (`in: path` or `in: query`), one per property. */
function parameters(schema: z.ZodType | undefined, location: "path" | "query") {
  if (!schema) return [];
  const { properties = {}, required = [] } = jsonSchema(schema, "input") as { properties?: Record<string, object>; required?: string[] };
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: location,
    required: location === "path" || required.includes(name),
    schema: property,
  }));
}

function describe(operation: ApiOperation) {
  const { summary, operationId, body, query, params, success } = operation;
  const parameterList = [...parameters(params, "path"), ...parameters(query, "query")];
  return {
    summary,
    operationId,
    ...(parameterList.length > 0 && { parameters: parameterList }),
    ...(body && { requestBody: { required: true, content: json(jsonSchema(body, "input")) } }),
    responses: {
      [success.status]: {
        description: success.description,
        headers: RATE_LIMIT_HEADERS,
        ...(success.body && { content: json(jsonSchema(success.body, "output")) }),
      },
      ...Object.fromEntries(errorStatuses(operation).map((status) => [status, { description: ERROR_DESCRIPTIONS[status], content: ERROR }])),
    },
  };
}

/** The documented operations of a route module: its methods made with apiRoute(). */
export function operationsOf(route: RouteModule): [method: string, operation: ApiOperation][] {
  return METHODS.flatMap((method) => {
    const handler = route[method] as { operation?: ApiOperation } | undefined;
    return handler?.operation ? [[method, handler.operation] as [string, ApiOperation]] : [];
  });
}

export function openApiDocument(routes: Record<string, RouteModule>) {
  const paths = Object.fromEntries(
    Object.entries(routes).map(([path, route]) => [
      path,
      Object.fromEntries(operationsOf(route).map(([method, operation]) => [method.toLowerCase(), describe(operation)])),
    ]),
  );
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
      schemas: { Error: jsonSchema(errorSchema, "output") },
    },
    paths,
  };
}
