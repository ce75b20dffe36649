import http from "node:http";
import type { Instrumentation } from "next";
import { EnvError, getServerEnv, unsetEmptyVariables, type ServerEnv } from "@/lib/env";
import { logger } from "@/lib/logger";
import { REQUEST_ID_HEADER, requestIdOf } from "@/lib/request-id";
import { guardRequests } from "@/lib/security/request-guard";
import { startTracingIfConfigured } from "@/lib/tracing/start";

/** The Node.js server's boot (instrumentation.ts): runs once, before the first request. */
export async function registerNodeServer() {
  // `FOO=` (as in a copy of .env.example) is unset, for the libraries that read process.env too.
  unsetEmptyVariables();
  // A missing or malformed environment stops the server at boot with the variable's name, instead
  // of serving 500s that fail deep inside a library.
  let env: ServerEnv;
  try {
    env = getServerEnv();
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    console.error(`\n${error.message}\n`);
    return process.exit(1);
  }

  // Requests Next.js would fail on with a 500 (TRACE, a POST on a static file…) answer 4xx from the
  // HTTP server first.
  guardRequests(http.Server.prototype);

  // Before the first request, so that its spans (Next.js's, Prisma's, the app's) are recorded.
  await startTracingIfConfigured(env);
}

/**
 * The log line of a request that failed (onRequestError): its request id, where it failed, and the
 * error with its digest (what Next.js hands the error page in place of the message). The path
 * without its query, which may hold a token (a sign-in link's).
 */
export function logRequestError(...[error, request, context]: Parameters<Instrumentation.onRequestError>) {
  const id = request.headers[REQUEST_ID_HEADER];
  logger.error(
    {
      event: "request.error",
      requestId: typeof id === "string" ? requestIdOf(new Headers({ [REQUEST_ID_HEADER]: id })) : undefined,
      method: request.method,
      path: request.path.split("?")[0],
      route: context.routePath,
      routeType: context.routeType,
      error: error instanceof Error ? error.message : String(error),
      digest: (error as { digest?: unknown } | null)?.digest,
    },
    "request failed",
  );
}
