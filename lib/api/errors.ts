// The one place that maps what went wrong (including domain errors from lib/ and a busy database)
// onto the API's error shape (error-shape.ts), and the errors every route shares.
import { ApiKeyOverPlanLimitError } from "@/lib/api-keys/verify";
import { BUSY_RETRY_AFTER_SECONDS, isDatabaseBusy } from "@/lib/database-errors";
import { InvalidCursorError, PostLimitError } from "@/lib/posts/posts";
import { RateLimitedError } from "@/lib/rate-limit/rate-limit";
import { ApiError } from "./error-shape.ts";

export { ApiError, type ApiErrorCode, type ErrorDetail } from "./error-shape.ts";

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
