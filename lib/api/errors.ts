// The API's one error shape — { "error": { "code", "message", "details"? } } — and the one place
// that maps what went wrong (including domain errors from lib/) to an HTTP status.
import { ApiKeyOverPlanLimitError } from "@/lib/api-keys/verify";
import { BUSY_RETRY_AFTER_SECONDS, isDatabaseBusy } from "@/lib/database-errors";
import { InvalidCursorError, PostLimitError } from "@/lib/posts/posts";
import { RateLimitedError } from "@/lib/rate-limit/rate-limit";

export type ApiErrorCode =
  | "invalid_json"
  | "invalid_request"
  | "unauthorized"
  | "forbidden"
  | "plan_limit_reached"
  | "not_found"
  | "method_not_allowed"
  | "payload_too_large"
  | "unsupported_media_type"
  | "validation_failed"
  | "rate_limited"
  | "internal_error"
  | "service_unavailable";

const STATUS: Record<ApiErrorCode, number> = {
  invalid_json: 400,
  invalid_request: 400,
  unauthorized: 401,
  forbidden: 403,
  plan_limit_reached: 403,
  not_found: 404,
  method_not_allowed: 405,
  payload_too_large: 413,
  unsupported_media_type: 415,
  validation_failed: 422,
  rate_limited: 429,
  internal_error: 500,
  service_unavailable: 503,
};

export type ErrorDetail = { path: string; message: string };

export class ApiError extends Error {
  readonly status: number;

  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: ErrorDetail[],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "ApiError";
    this.status = STATUS[code];
  }

  toResponse() {
    const body = { error: { code: this.code, message: this.message, ...(this.details && { details: this.details }) } };
    return Response.json(body, { status: this.status, headers: this.headers });
  }
}

/** Missing, malformed, unknown, revoked and expired credentials all get this same answer. */
export function unauthorized() {
  return new ApiError("unauthorized", "A valid API key is required: send it as `Authorization: Bearer <key>`.", undefined, {
    "WWW-Authenticate": 'Bearer realm="api"',
  });
}

export function notFound(what = "Resource") {
  return new ApiError("not_found", `${what} not found.`);
}

/** Domain errors the API knows how to explain, and a busy database (503, retry); anything else is a 500. */
export function toApiError(error: unknown): ApiError | undefined {
  if (error instanceof ApiError) return error;
  if (error instanceof RateLimitedError) return new ApiError("rate_limited", error.message, undefined, { "Retry-After": String(error.retryAfterSeconds) });
  if (error instanceof ApiKeyOverPlanLimitError) return new ApiError("plan_limit_reached", error.message);
  if (error instanceof PostLimitError) return new ApiError("plan_limit_reached", error.message);
  if (error instanceof InvalidCursorError) return new ApiError("invalid_request", error.message, [{ path: "cursor", message: error.message }]);
  if (isDatabaseBusy(error)) {
    return new ApiError("service_unavailable", "The service is busy. Retry shortly.", undefined, { "Retry-After": String(BUSY_RETRY_AFTER_SECONDS) });
  }
  return undefined;
}
