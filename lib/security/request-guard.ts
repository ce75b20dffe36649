// Requests Next.js answers with a 500 before any of the app's code runs, refused where they first
// arrive — the HTTP server of `next start` — with a 4xx that carries the headers every response does:
// - TRACE and TRACK: the Fetch standard forbids them, so Next.js cannot build the Request (`new
//   Request` throws), proxy.ts included. (CONNECT never reaches a request handler: Node.js hands
//   it to a 'connect' listener, and closes the connection when there is none.)
// - Any method but GET and HEAD on a static file (the build's `/_next/static/…`, or a file in
//   public/): Next.js's static file handler fails on them. 405.
// - A client-side navigation (`RSC: 1`) whose `Next-Router-State-Tree` header Next.js's own parser
//   refuses: Next.js throws on it (proxy.ts never sees these headers: Next.js strips them). 400.
// On Vercel the platform serves static files and answers these methods itself.
// It also writes the connection's peer address on every request (CONNECTION_ADDRESS_HEADER), for
// lib/client-ip.ts: Next.js gives route handlers no socket. A client's header of that name is replaced.
import { readdirSync } from "node:fs";
import { parseAndValidateFlightRouterState } from "next/dist/server/app-render/parse-and-validate-flight-router-state";
import http from "node:http";
import path from "node:path";
import { ApiError } from "@/lib/api/error-shape";
import { CONNECTION_ADDRESS_HEADER } from "@/lib/client-ip";
import { requestIdFrom, REQUEST_ID_HEADER } from "@/lib/request-id";
import { API_CONTENT_SECURITY_POLICY, everyResponseHeaders } from "@/lib/security/headers";

const FORBIDDEN_METHODS = ["TRACE", "TRACK"];
const ALLOWED_METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";
const STATIC_FILE_METHODS = ["GET", "HEAD"];

type RequestEmitter = { emit(event: string | symbol, ...args: unknown[]): boolean };
const GUARDED = Symbol.for("starter.guardRequests");

/** The URL paths of the files in `publicDir` ("/favicon.ico"…); none when there is no such folder. */
// turbopackIgnore: without it, Next.js's file tracing takes `process.cwd()` for a folder the server
// reads and puts the whole project (docs, tools, lock file) into every function.
export function publicFilePaths(publicDir = path.join(/* turbopackIgnore: true */ process.cwd(), "public")): Set<string> {
  try {
    const entries = readdirSync(publicDir, { recursive: true, withFileTypes: true });
    return new Set(
      entries
        .filter((entry) => entry.isFile())
        .map((entry) => `/${path.relative(publicDir, path.join(entry.parentPath, entry.name)).split(path.sep).join("/")}`),
    );
  } catch {
    return new Set();
  }
}

/**
 * Answers the requests above on `servers` (an http.Server, or `http.Server.prototype` for every
 * server of the process) before its 'request' listeners see them.
 */
export function guardRequests(servers: RequestEmitter, publicFiles: Set<string> = publicFilePaths()) {
  // Instrumentation can run again in one process (the dev server reloads it): wrap once.
  if (GUARDED in servers) return;
  Object.defineProperty(servers, GUARDED, { value: true });
  const emit = servers.emit;
  servers.emit = function (this: RequestEmitter, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const [request, response] = args as [http.IncomingMessage, http.ServerResponse];
      stampConnectionAddress(request);
      const refusal = refusalOf(request, publicFiles);
      if (refusal) {
        refuse(request, response, refusal);
        return true;
      }
    }
    return emit.call(this, event, ...args);
  };
}

function stampConnectionAddress(request: http.IncomingMessage) {
  const address = request.socket.remoteAddress;
  if (address) request.headers[CONNECTION_ADDRESS_HEADER] = address;
  else delete request.headers[CONNECTION_ADDRESS_HEADER];
}

type Refusal = { status: 400 | 405; message: string; allow?: string };

// Runs on every request: a GET that is not a client-side navigation is let through after two comparisons.
function refusalOf(request: http.IncomingMessage, publicFiles: Set<string>): Refusal | undefined {
  const method = request.method ?? ""; // Node.js's parser accepts upper-case methods only
  const methodNotAllowed = (allow: string): Refusal => ({ status: 405, message: `${method} is not allowed here. Allowed: ${allow}.`, allow });
  if (FORBIDDEN_METHODS.includes(method)) return methodNotAllowed(ALLOWED_METHODS);
  if (!STATIC_FILE_METHODS.includes(method)) {
    const pathname = decoded((request.url ?? "/").split("?")[0]!);
    if (pathname.startsWith("/_next/static/") || publicFiles.has(pathname)) return methodNotAllowed(STATIC_FILE_METHODS.join(", "));
  }
  if (request.headers.rsc === "1" && !isParsableRouterState(request.headers["next-router-state-tree"])) {
    return { status: 400, message: "The Next-Router-State-Tree header is malformed: send the router state the Next.js client sends, or none." };
  }
  return undefined;
}

function isParsableRouterState(header: string | string[] | undefined) {
  if (Array.isArray(header)) return false;
  try {
    parseAndValidateFlightRouterState(header);
    return true;
  } catch {
    return false;
  }
}

function decoded(pathname: string) {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return pathname; // proxy.ts answers a malformed escape
  }
}

function refuse(request: http.IncomingMessage, response: http.ServerResponse, { status, message, allow }: Refusal) {
  const api = request.url?.startsWith("/api/") ?? false;
  const code = status === 405 ? "method_not_allowed" : "invalid_request";
  const body = api ? JSON.stringify(new ApiError(code, message).body()) : `${status} ${http.STATUS_CODES[status]}\n\n${message}\n`;
  response.writeHead(status, {
    ...Object.fromEntries(everyResponseHeaders().map(({ key, value }) => [key, value])),
    "Content-Security-Policy": API_CONTENT_SECURITY_POLICY,
    [REQUEST_ID_HEADER]: requestIdFrom(request.headers[REQUEST_ID_HEADER] as string | undefined),
    ...(allow && { Allow: allow }),
    "Content-Type": api ? "application/json" : "text/plain; charset=utf-8",
    "Cache-Control": "no-store",
  });
  // A body the request may carry is not read.
  response.end(body);
}
