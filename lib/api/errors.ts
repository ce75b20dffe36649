// The one place that maps what went wrong (including domain errors from lib/) onto the API's error
// shape (error-shape.ts), and the errors every route shares.
import { InvalidCursorError, PostLimitError } from "@/lib/posts/posts";
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

/** Domain errors the API knows how to explain; anything else is a 500. */
export function toApiError(error: unknown): ApiError | undefined {
  if (error instanceof ApiError) return error;
  if (error instanceof PostLimitError) return new ApiError("plan_limit_reached", error.message);
  if (error instanceof InvalidCursorError) return new ApiError("invalid_request", error.message, [{ path: "cursor", message: error.message }]);
  return undefined;
}
