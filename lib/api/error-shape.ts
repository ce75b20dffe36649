// The API's one error shape — { "error": { "code", "message", "details"? } } — and its statuses.
// It imports nothing, so proxy.ts can answer in it too without bundling the app (the database
// client) into the proxy; lib/api/errors.ts maps what goes wrong in the app onto it.

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

  /** The JSON body every API error answers with. */
  body() {
    return { error: { code: this.code, message: this.message, ...(this.details && { details: this.details }) } };
  }

  toResponse() {
    return Response.json(this.body(), { status: this.status, headers: this.headers });
  }
}
