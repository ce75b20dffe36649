// Calls the /api/v1 route handlers in-process, as Next.js would route a request to them.
import { NextRequest } from "next/server";
import { createApiKey } from "@/lib/api-keys/keys";
import { proxy } from "@/proxy";
import { API_ROUTE_FILES } from "./api-routes.ts";
import { newUser } from "./users.ts";

type Handler = (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => Response | Promise<Response>;

export type ApiCall = { method?: string; key?: string; body?: unknown; rawBody?: BodyInit; headers?: Record<string, string> };

function apiRequest(path: string, { method = "GET", key, body: jsonBody, rawBody: raw, headers = {} }: ApiCall = {}) {
  // Like fetch, a GET or HEAD carries no body.
  const [body, rawBody] = method === "GET" || method === "HEAD" ? [undefined, undefined] : [jsonBody, raw];
  const init: RequestInit & { duplex?: "half" } = {
    method,
    headers: {
      ...(key && { authorization: `Bearer ${key}` }),
      ...(body !== undefined && { "content-type": "application/json" }),
      ...headers,
    },
    body: rawBody ?? (body === undefined ? undefined : JSON.stringify(body)),
    duplex: "half",
  };
  return new Request(`http://localhost:3000${path}`, init);
}

export async function callApi(path: string, call: ApiCall = {}): Promise<Response> {
  const request = apiRequest(path, call);
  // proxy.ts runs first, as in Next.js, and answers some requests itself (a malformed %-escape).
  const proxied = proxy(new NextRequest(request.url, { method: request.method, headers: request.headers }));
  if (!proxied.headers.has("x-middleware-next")) return proxied;
  const pathname = new URL(request.url).pathname;
  for (const { pattern, module, params } of API_ROUTE_FILES) {
    const match = pathname.match(pattern);
    if (!match) continue;
    const handler = module[request.method] as Handler | undefined;
    if (!handler) return new Response(null, { status: 405 });
    return handler(request, { params: Promise.resolve(params(match)) });
  }
  return new Response(null, { status: 404 });
}

export async function callJson(path: string, call: ApiCall = {}) {
  const response = await callApi(path, call);
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
}

let users = 0;
/** A user (free plan unless given) with one fresh API key. */
export async function userWithKey(plan: "free" | "pro" = "free") {
  users++;
  const user = await newUser(`api-${users}-${Date.now()}@example.com`, { plan });
  const created = await createApiKey(user.actor, { name: "test", expiresInDays: "never" });
  return { user, key: created.key, keyId: created.id };
}

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  minProperties?: number;
  minLength?: number;
  minimum?: number;
  enum?: unknown[];
  format?: string;
  anyOf?: JsonSchema[];
};

/** A small valid value for a documented JSON schema: a body any route accepts, found from its documentation alone. */
export function validExample(schema: JsonSchema): unknown {
  if (schema.enum) return schema.enum[0];
  if (schema.anyOf) return validExample(schema.anyOf.find((option) => option.type !== "null") ?? schema.anyOf[0]!);
  const type = Array.isArray(schema.type) ? schema.type.find((name) => name !== "null") : schema.type;
  switch (type) {
    case "object": {
      const properties = schema.properties ?? {};
      const names = schema.required?.length ? schema.required : Object.keys(properties).slice(0, schema.minProperties ?? 0);
      return Object.fromEntries(names.map((name) => [name, validExample(properties[name] ?? {})]));
    }
    case "string":
      return schema.format === "date-time" ? new Date().toISOString() : "x".repeat(Math.max(1, schema.minLength ?? 1));
    case "integer":
    case "number":
      return Math.max(0, schema.minimum ?? 0);
    case "boolean":
      return true;
    case "array":
      return [];
    default:
      return null;
  }
}
