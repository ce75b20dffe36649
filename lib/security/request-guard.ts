// The HTTP server of `next start`, before Next.js sees a request:
// - Every response starts with the headers every response carries (and the request's id), so the
//   answers Next.js writes before any of the app's code runs — the 308 that drops a trailing slash,
//   a 404 for a `.rsc` path — carry them too. Whatever answers later sets its own on top.
// - A body larger than its route accepts (lib/security/body-limits.ts) answers 413 before anyone
//   reads it: at once when Content-Length says so, and for a chunked body (no length) as soon as
//   it grows past the limit — such a body is held here, up to the limit, and handed on whole.
//   What is left of a refused body is discarded as it arrives (up to 16 MiB, else the connection
//   closes) before the 413 ends, so a client still sending gets to read it.
// - Requests Next.js answers with a 500 are refused with a 4xx:
//   - A method Next.js does not route (TRACE — which the Fetch standard forbids, so Next.js cannot
//     build the Request — PROPFIND, MKCOL…): 405, listing the methods it does route. (CONNECT
//     never reaches a request handler: Node.js hands it to a 'connect' listener, and closes the
//     connection when there is none.)
//   - Any method but GET and HEAD on a static file (the build's `/_next/static/…`, or a file in
//     public/): Next.js's static file handler fails on them. 405.
//   - A client-side navigation (`RSC: 1`) whose `Next-Router-State-Tree` header Next.js's own parser
//     refuses: Next.js throws on it (proxy.ts never sees these headers: Next.js strips them). 400.
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
import { bodyLimitFor, formatBytes } from "@/lib/security/body-limits";
import { API_CONTENT_SECURITY_POLICY, everyResponseHeaders } from "@/lib/security/headers";

// The methods Next.js routes (its HTTP_METHODS); an App Router route answers the ones it lacks itself.
const ROUTED_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
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
    if (event !== "request") return emit.call(this, event, ...args);
    const [request, response] = args as [http.IncomingMessage, http.ServerResponse];
    stampConnectionAddress(request);
    startResponse(request, response);
    const pathname = decoded((request.url ?? "/").split("?")[0]!);
    const refusal = refusalOf(request, pathname, publicFiles);
    if (refusal) {
      refuse(request, response, refusal);
      return true;
    }
    if (request.headers["transfer-encoding"] !== undefined) {
      holdUnsizedBody(request, bodyLimitFor(pathname), {
        whole: () => emit.call(this, event, ...args),
        tooLarge: (limit) => refuse(request, response, tooLarge(limit)),
      });
      return true;
    }
    return emit.call(this, event, ...args);
  };
}

function stampConnectionAddress(request: http.IncomingMessage) {
  const address = request.socket.remoteAddress;
  if (address) request.headers[CONNECTION_ADDRESS_HEADER] = address;
  else delete request.headers[CONNECTION_ADDRESS_HEADER];
}

// The request's id is decided here (proxy.ts keeps it), so even a response Next.js writes itself carries it.
function startResponse(request: http.IncomingMessage, response: http.ServerResponse) {
  const requestId = requestIdFrom(request.headers[REQUEST_ID_HEADER] as string | undefined);
  request.headers[REQUEST_ID_HEADER] = requestId;
  for (const { key, value } of everyResponseHeaders()) response.setHeader(key, value);
  response.setHeader("Content-Security-Policy", API_CONTENT_SECURITY_POLICY);
  response.setHeader(REQUEST_ID_HEADER, requestId);
}

/** `drain`: the rest of a refused body is read (and thrown away) before the answer ends; else the connection closes. */
type Refusal = { status: 400 | 405 | 413; message: string; allow?: string; drain?: boolean };

// A client still sending a body it was refused only reads the answer if the server reads the rest
// of the body (closing the connection on unread data resets it, and the answer is lost). Up to this
// size the rest is read and thrown away — never held — keeping the connection; beyond, it closes.
const MAX_DRAINED_BYTES = 16 * 1024 * 1024;

// Runs on every request: a GET without a body that is not a client-side navigation passes after a few comparisons.
function refusalOf(request: http.IncomingMessage, pathname: string, publicFiles: Set<string>): Refusal | undefined {
  const method = request.method ?? ""; // Node.js's parser accepts upper-case methods only
  const methodNotAllowed = (allow: string[]): Refusal => ({
    status: 405,
    message: `${method} is not allowed here. Allowed: ${allow.join(", ")}.`,
    allow: allow.join(", "),
  });
  if (!STATIC_FILE_METHODS.includes(method) && (pathname.startsWith("/_next/static/") || publicFiles.has(pathname))) {
    return methodNotAllowed(STATIC_FILE_METHODS);
  }
  if (!ROUTED_METHODS.includes(method)) return methodNotAllowed(ROUTED_METHODS);
  const declaredLength = Number(request.headers["content-length"] ?? 0);
  const limit = bodyLimitFor(pathname);
  if (declaredLength > limit) return { ...tooLarge(limit), drain: declaredLength <= MAX_DRAINED_BYTES };

  if (request.headers.rsc === "1" && !isParsableRouterState(request.headers["next-router-state-tree"])) {
    return { status: 400, message: "The Next-Router-State-Tree header is malformed: send the router state the Next.js client sends, or none." };
  }
  return undefined;
}

function tooLarge(limit: number): Refusal {
  return { status: 413, message: `The body is larger than ${formatBytes(limit)}, the most this route accepts.`, drain: true };
}

/**
 * A chunked body (no Content-Length) is collected here, off the request, until it ends — then
 * `whole` hands the request on and the body is replayed into it — or until it exceeds `limit`:
 * then `tooLarge`, and the rest of it is dropped.
 */
function holdUnsizedBody(request: http.IncomingMessage, limit: number, then: { whole: () => void; tooLarge: (limit: number) => void }) {
  // Node.js's HTTP parser hands a request its body through push(): chunks, then null at the end.
  const push = request.push;
  const chunks: Buffer[] = [];
  let size = 0;
  let refused = false;
  request.push = (chunk: Buffer | null) => {
    if (refused) {
      // The rest is thrown away as it arrives; the end of it ends the answer (refuse()).
      if (chunk === null) return push.call(request, null);
      size += chunk.length;
      if (size > MAX_DRAINED_BYTES) request.socket.destroy();
      return true;
    }
    if (chunk === null) {
      request.push = push;
      then.whole();
      for (const held of chunks) push.call(request, held);
      return push.call(request, null);
    }
    size += chunk.length;
    if (size > limit) {
      refused = true;
      chunks.length = 0;
      then.tooLarge(limit);
      return true;
    }
    chunks.push(chunk);
    return true;
  };
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

const ERROR_CODES = { 400: "invalid_request", 405: "method_not_allowed", 413: "payload_too_large" } as const;

function refuse(request: http.IncomingMessage, response: http.ServerResponse, { status, message, allow, drain = false }: Refusal) {
  const api = request.url?.startsWith("/api/") ?? false;
  const body = api ? JSON.stringify(new ApiError(ERROR_CODES[status], message).body()) : `${status} ${http.STATUS_CODES[status]}\n\n${message}\n`;
  response.writeHead(status, {
    ...(allow && { Allow: allow }),
    "Content-Type": api ? "application/json" : "text/plain; charset=utf-8",
    "Cache-Control": "no-store",
    "Content-Length": String(Buffer.byteLength(body)),
    ...(status === 413 && !drain && { Connection: "close" }),
  });
  if (drain && !request.complete) {
    // The client has the whole answer now (its length is sent); it ends, freeing the connection,
    // once the rest of the body has arrived and been thrown away.
    response.write(body);
    request.once("end", () => response.end());
    request.resume();
    return;
  }
  // Any body the request carries is not read: Node.js discards what still arrives.
  response.end(body);
}
