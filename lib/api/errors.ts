// The one place that maps what went wrong onto the API's error shape (error-shape.ts), and the
// errors every route shares. It knows the kinds of refusal (lib/errors.ts), never a feature: a
// feature's plan limit or bad input is a PlanLimitError or an InvalidInputError, and answers right
// here without an entry of its own.
import { BUSY_RETRY_AFTER_SECONDS, isDatabaseBusy } from "@/lib/database-errors";
import { InvalidInputError, PermissionError, PlanLimitError } from "@/lib/errors";
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
  if (error instanceof PlanLimitError) return new ApiError("plan_limit_reached", error.message);
  if (error instanceof PermissionError) return new ApiError("forbidden", error.message);
  if (error instanceof InvalidInputError) return new ApiError("invalid_request", error.message, [{ path: error.field, message: error.message }]);
  if (isDatabaseBusy(error)) {
    return new ApiError("service_unavailable", "The service is busy. Retry shortly.", undefined, { "Retry-After": String(BUSY_RETRY_AFTER_SECONDS) });
  }
  return undefined;
}
