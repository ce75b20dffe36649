// Every /api/v1 route goes through here: authenticate (API key, or the signed-in session) as an
// actor of an organization (a key acts for the organization that owns it), apply the limits (the
// organization's plan's requests per minute, lib/organizations/entitlements.ts, counted across
// every key and session of the organization, and a cap on the user's requests in flight; the
// request counts in their API usage of the day in the same statement, lib/usage), check what the
// actor's role allows (`permission`, lib/organizations/permissions.ts), read and validate input with zod, and turn
// every failure into the API's error shape. Route handlers stay thin: they name their schemas and
// call into lib/. What a route declares here is also its documentation: each handler carries its
// `operation`, from which lib/api/openapi.ts writes the OpenAPI document.
import type { Span } from "@opentelemetry/api";
import { z } from "zod";
import { consumeRequest, withUserSlot } from "@/lib/rate-limit/per-user";
import { rateLimitHeaders } from "@/lib/rate-limit/rate-limit";
import { forgetKeysIfUserGone, verifyApiKey, type ApiKeyPrincipal } from "@/lib/api-keys/verify";
import { recordFailedAuthentication } from "@/lib/api-keys/failed-authentications";
import { requestOrigin } from "@/lib/app-origin";
import { clientIp } from "@/lib/client-ip";
import { getCurrentUser } from "@/lib/auth/session";
import type { Plan } from "@/lib/billing/plans";
import { isForeignKeyViolation } from "@/lib/database-errors";
import { requestLogger } from "@/lib/logger";
import { entitlementsOf } from "@/lib/organizations/entitlements";
import { assertCan, type Actor, type Permission } from "@/lib/organizations/permissions";
import { API_BODY_LIMIT_BYTES, formatBytes } from "@/lib/security/body-limits";
import { rateLimitOutcome, recordHttpStatus, SPAN, withSpan } from "@/lib/tracing/spans";
import { ApiError, toApiError, unauthorized, type ErrorDetail } from "./errors.ts";

/** Who calls, for which organization (whose plan applies; what it is called), and how. */
export type Principal = Actor & { organization: ApiKeyPrincipal["organization"]; email: string; plan: Plan; via: "api_key" | "session"; keyId?: string };

type Handler<Body, Query, Params> = (context: { principal: Principal; body: Body; query: Query; params: Params; request: Request }) => Promise<Response>;

type Options<Body, Query, Params> = {
  /** One line for the documentation: "List your posts, newest first". */
  summary: string;
  /** Unique across the API, for client generators: "listPosts". */
  operationId: string;
  /** What the caller's role in the organization must allow (lib/organizations/permissions.ts); none to only read. */
  permission?: Permission;
  body?: z.ZodType<Body>;
  query?: z.ZodType<Query>;
  params?: z.ZodType<Params>;
  /** What a success answers: its status, and its body (none for a 204). */
  success: { status: number; description: string; body?: z.ZodType };
};

/** What the OpenAPI document says of a route's method: the options it validates with. */
export type ApiOperation = Options<unknown, unknown, unknown>;

export type ApiRouteHandler = ((request: Request, context?: RouteContext) => Promise<Response>) & { operation: ApiOperation };

type RouteContext = { params: Promise<Record<string, string | string[]>> };

export function apiRoute<Body = undefined, Query = undefined, Params = undefined>(
  options: Options<Body, Query, Params>,
  handler: Handler<Body, Query, Params>,
): ApiRouteHandler {
  // Its span (`api <operationId>`) holds the auth and rate-limit steps' and the handler's (Prisma's among them).
  const route = (request: Request, context?: RouteContext): Promise<Response> =>
    withSpan(SPAN.api(options.operationId), { "http.request.method": request.method }, async (span) => {
      const response = await answer(request, context, span);
      recordHttpStatus(span, response.status);
      return response;
    });
  const answer = async (request: Request, context: RouteContext | undefined, span: Span): Promise<Response> => {
    let headers: Record<string, string> = {};
    let authenticated: Principal | undefined;
    try {
      const principal = (authenticated = await withSpan(
        SPAN.auth,
        {},
        () => authenticate(request),
        (principal) => ({ "auth.via": principal.via }),
      ));
      span.setAttribute("enduser.id", principal.userId);
      const response = await withUserSlot(principal.userId, async () => {
        const decision = await withSpan(
          SPAN.rateLimit,
          {},
          () => consumeRequest(principal, principal.plan.limits.apiRequestsPerMinute, { apiRequest: true }),
          rateLimitOutcome,
        );
        headers = rateLimitHeaders(decision);
        if (!decision.allowed)
          throw new ApiError("rate_limited", `Rate limit of ${decision.limit} requests per minute exceeded. Retry in ${decision.resetSeconds}s.`);
        if (options.permission) assertCan(principal, options.permission);

        const params = options.params ? parseOrThrow(options.params, (await context?.params) ?? {}, "invalid_request") : (undefined as Params);
        const query = options.query
          ? parseOrThrow(options.query, Object.fromEntries(new URL(request.url).searchParams), "invalid_request")
          : (undefined as Query);
        const body = options.body ? parseOrThrow(options.body, await readJson(request), "validation_failed") : (undefined as Body);

        return handler({ principal, body, query, params, request });
      });
      for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
      return privately(response);
    } catch (error) {
      const apiError = toApiError(error) ?? (await vanishedPrincipal(error, authenticated)) ?? internalError(error, request);
      logApiError(apiError, request, error);
      const response = apiError.toResponse();
      for (const [name, value] of Object.entries(headers)) if (!response.headers.has(name)) response.headers.set(name, value);
      return privately(response);
    }
  };
  return Object.assign(route, { operation: options as ApiOperation });
}

// Every answer is one user's (or says who may not have it): no shared cache, and no copy kept.
function privately(response: Response) {
  response.headers.set("Cache-Control", "private, no-store");
  return response;
}

async function authenticate(request: Request): Promise<Principal> {
  const authorization = request.headers.get("authorization");
  if (authorization !== null) {
    const address = clientIp(request);
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    const key = await verifyApiKey(match?.[1] ?? "", new Date(), address);
    if (!key) {
      await recordFailedAuthentication(address);
      throw unauthorized();
    }
    const { userId, organizationId, organization, role, email, plan, keyId } = key;
    return { userId, organizationId, organization, role, email, plan, via: "api_key", keyId };
  }
  const user = await getCurrentUser();
  if (!user) throw unauthorized();
  // A session is a cookie the browser sends by itself: only this site's own pages may change data with it.
  if (request.method !== "GET" && request.method !== "HEAD" && !isSameOrigin(request)) {
    throw new ApiError("forbidden", "Cross-site requests with a session cookie are not allowed; use an API key.");
  }
  return { ...user.actor, organization: user.organization, email: user.email, plan: entitlementsOf(user.subscription).plan, via: "session" };
}

// Against the app's public origin (NEXTAUTH_URL): behind a proxy, or under `next start`,
// request.url names the address the server listens on, which is not where the page came from.
function isSameOrigin(request: Request) {
  const fetchSite = request.headers.get("sec-fetch-site");
  if (fetchSite) return fetchSite === "same-origin";
  const origin = request.headers.get("origin");
  return origin !== null && origin === requestOrigin(request);
}

async function readJson(request: Request): Promise<unknown> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/(.+\+)?json\s*(;|$)/i.test(type)) {
    throw new ApiError("unsupported_media_type", "Send the body as JSON, with `Content-Type: application/json`.");
  }
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > API_BODY_LIMIT_BYTES) throw tooLarge();
  const raw = await readAtMost(request, API_BODY_LIMIT_BYTES);
  try {
    return JSON.parse(raw);
  } catch {
    throw new ApiError("invalid_json", "The body is not valid JSON.");
  }
}

// Content-Length can lie (or be absent with chunked encoding): stop reading past the limit.
async function readAtMost(request: Request, limit: number): Promise<string> {
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

function tooLarge() {
  return new ApiError("payload_too_large", `The body is larger than ${formatBytes(API_BODY_LIMIT_BYTES)}.`);
}

function parseOrThrow<T>(schema: z.ZodType<T>, input: unknown, code: "invalid_request" | "validation_failed"): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const details: ErrorDetail[] = result.error.issues.map((issue) => ({ path: issue.path.join(".") || "(root)", message: issue.message }));
  throw new ApiError(code, code === "validation_failed" ? "The body is not valid." : "The request is not valid.", details);
}

/**
 * A write that failed because its user no longer exists: deleted while this instance still held
 * their API key (cache.ts: other instances learn of a deletion within the cache's TTL) or during
 * the request. Their credentials are gone, so the answer is the one a gone key gets, 401, never a
 * 500 — and this instance forgets their keys. A foreign key violation of a user who does exist is
 * a bug, and stays a 500.
 */
async function vanishedPrincipal(error: unknown, principal: Principal | undefined): Promise<ApiError | undefined> {
  if (!principal || !isForeignKeyViolation(error)) return undefined;
  return (await forgetKeysIfUserGone(principal.userId)) ? unauthorized() : undefined;
}

function internalError(error: unknown, request: Request) {
  requestLogger(request).error(
    { event: "api.unhandled", method: request.method, path: new URL(request.url).pathname, error: (error as Error)?.message },
    "unhandled API error",
  );
  return new ApiError("internal_error", "Something went wrong on our side.");
}

/** One line per error answer: what a client got and why, by request id (never its key). A 503 keeps its cause. */
function logApiError(error: ApiError, request: Request, cause: unknown) {
  const fields = {
    event: "api.error",
    method: request.method,
    path: new URL(request.url).pathname,
    status: error.status,
    code: error.code,
    ...(error.status === 503 && { cause: (cause as Error)?.message }),
  };
  requestLogger(request)[error.status >= 500 ? "error" : "info"](fields, error.message);
}

/** For the methods a route does not have: 405 in the API's error shape, with the Allow header. */
export function methodNotAllowed(allowed: string[]) {
  const answer = async (request: Request) =>
    new ApiError("method_not_allowed", `${request.method} is not allowed here. Allowed: ${allowed.join(", ")}.`, undefined, {
      Allow: allowed.join(", "),
    }).toResponse();
  // Marked, so the test that finds every route can tell a deliberate 405 from an undocumented method.
  return Object.assign(answer, { allowed });
}
