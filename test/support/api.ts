// Calls the /api/v1 route handlers in-process, as Next.js would route a request to them.
import { NextRequest } from "next/server";
import * as catchAll from "@/app/api/v1/[...path]/route";
import * as me from "@/app/api/v1/me/route";
import * as openapi from "@/app/api/v1/openapi.json/route";
import * as post from "@/app/api/v1/posts/[id]/route";
import * as posts from "@/app/api/v1/posts/route";
import { createApiKey } from "@/lib/api-keys/keys";
import { getDb } from "@/lib/db";
import { proxy } from "@/proxy";

type RouteModule = Partial<Record<string, (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => Response | Promise<Response>>>;

const ROUTES: [RegExp, RouteModule, (match: RegExpMatchArray) => Record<string, string | string[]>][] = [
  [/^\/api\/v1\/me$/, me as RouteModule, () => ({})],
  [/^\/api\/v1\/openapi\.json$/, openapi as unknown as RouteModule, () => ({})],
  [/^\/api\/v1\/posts$/, posts as RouteModule, () => ({})],
  [/^\/api\/v1\/posts\/([^/]+)$/, post as RouteModule, (match) => ({ id: decodeURIComponent(match[1]!) })],
  [/^\/api\/v1\/(.+)$/, catchAll as RouteModule, (match) => ({ path: match[1]!.split("/") })],
];

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
  for (const [pattern, route, params] of ROUTES) {
    const match = pathname.match(pattern);
    if (!match) continue;
    const handler = route[request.method];
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
  const user = await getDb().user.create({ data: { email: `api-${users}-${Date.now()}@example.com`, subscription: { create: { plan } } } });
  const created = await createApiKey(user.id, { name: "test", expiresInDays: "never" });
  return { user, key: created.key, keyId: created.id };
}
