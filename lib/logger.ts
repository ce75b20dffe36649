import pino from "pino";
import { logLevelFrom } from "@/lib/env";
import { requestIdOf } from "@/lib/request-id";
import { activeTraceIds } from "@/lib/tracing/spans";

// One JSON object per line on stdout, for the platform's log drain. Secrets never reach it: these
// paths are censored wherever they appear in a logged object, and the code logs ids, never keys.
export const LOG_REDACT_PATHS = [
  "authorization",
  "*.authorization",
  "cookie",
  "*.cookie",
  "password",
  "*.password",
  "secret",
  "*.secret",
  "apiKey",
  "*.apiKey",
  "key",
  "token",
  "*.token",
  "signature",
  "headers.authorization",
  "headers.cookie",
  'headers["stripe-signature"]',
];

export const logger = pino(
  {
    level: logLevelFrom(process.env) ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
    base: undefined,
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: LOG_REDACT_PATHS, censor: "[redacted]" },
    // A line written inside a span carries its trace_id and span_id: the collector's trace and the
    // log drain's lines of one request find each other (none while tracing is off).
    mixin: activeTraceIds,
  },
  process.stdout,
);

/** The logger for one request: every line carries its request id (set by proxy.ts). */
export function requestLogger(request: Request) {
  return logger.child({ requestId: requestIdOf(request.headers) });
}
