// TRACE and TRACK: the Fetch standard forbids these methods, so Next.js cannot build the Request
// for one (`new Request` throws) and answers 500 before any of the app's code runs — proxy.ts
// included. They are refused where the request first arrives instead, the HTTP server, with a 405
// that carries the headers every response does. (CONNECT never reaches a request handler: Node.js
// hands it to a 'connect' listener, and closes the connection when there is none.)
import type http from "node:http";
import { ApiError } from "@/lib/api/error-shape";
import { requestIdFrom, REQUEST_ID_HEADER } from "@/lib/request-id";
import { API_CONTENT_SECURITY_POLICY, STATIC_SECURITY_HEADERS } from "@/lib/security/headers";
import { indexingHeaders } from "@/lib/seo";

export const FORBIDDEN_METHODS = ["TRACE", "TRACK"];
const ALLOWED_METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";

type RequestEmitter = { emit(event: string | symbol, ...args: unknown[]): boolean };
const GUARDED = Symbol.for("starter.refuseForbiddenMethods");

/**
 * Answers every request with a forbidden method on `servers` (an http.Server, or
 * `http.Server.prototype` for every server of the process) before its 'request' listeners see it.
 */
export function refuseForbiddenMethods(servers: RequestEmitter) {
  // Instrumentation can run again in one process (the dev server reloads it): wrap once.
  if (GUARDED in servers) return;
  Object.defineProperty(servers, GUARDED, { value: true });
  const emit = servers.emit;
  servers.emit = function (this: RequestEmitter, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const [request, response] = args as [http.IncomingMessage, http.ServerResponse];
      if (FORBIDDEN_METHODS.includes(request.method?.toUpperCase() ?? "")) {
        refuse(request, response);
        return true;
      }
    }
    return emit.call(this, event, ...args);
  };
}

function refuse(request: http.IncomingMessage, response: http.ServerResponse) {
  const message = `${request.method} is not allowed here. Allowed: ${ALLOWED_METHODS}.`;
  const api = request.url?.startsWith("/api/") ?? false;
  const body = api ? JSON.stringify(new ApiError("method_not_allowed", message).body()) : `405 Method Not Allowed\n\n${message}\n`;
  response.writeHead(405, {
    ...Object.fromEntries([...STATIC_SECURITY_HEADERS, ...indexingHeaders()].map(({ key, value }) => [key, value])),
    "Content-Security-Policy": API_CONTENT_SECURITY_POLICY,
    [REQUEST_ID_HEADER]: requestIdFrom(request.headers[REQUEST_ID_HEADER] as string | undefined),
    Allow: ALLOWED_METHODS,
    "Content-Type": api ? "application/json" : "text/plain; charset=utf-8",
    "Cache-Control": "no-store",
  });
  // The request may carry a body (TRACE may not, but a client can send one): it is not read.
  response.end(body);
}
