// Errors that mean "the database is busy or away right now", not "this request is wrong": waiting
// too long for a pooled connection, a transaction that could not start or ran out of time, lock and
// statement timeouts, too many connections, serialization failures and deadlocks — and a server
// that is restarting, stopped, paused or ended our connection. Callers answer them "try again
// shortly" (the API: 503 with Retry-After), never as a bug (500).

import { FETCH_FAILURE_MESSAGE } from "@prisma/extension-accelerate";
import { ACCELERATE_TIMEOUT_MESSAGE } from "@/lib/accelerate-timeout";

/** What to tell a client to wait before retrying. */
export const BUSY_RETRY_AFTER_SECONDS = 2;

// https://www.prisma.io/docs/orm/reference/error-reference
const PRISMA_CODES = new Set([
  "P1001", // can't reach the database server
  "P1002", // the server was reached but timed out
  "P1008", // operations timed out
  "P1017", // the server closed the connection
  "P2024", // timed out fetching a new connection from the pool
  "P2028", // transaction API error: could not start in time, or expired
  "P2034", // write conflict or deadlock: retry the transaction
]);

// https://www.postgresql.org/docs/current/errcodes-appendix.html
const SQLSTATES = new Set([
  "40001", // serialization_failure
  "40P01", // deadlock_detected
  "08000", // connection_exception
  "08003", // connection_does_not_exist
  "08006", // connection_failure
  "53300", // too_many_connections
  "55P03", // lock_not_available (lock_timeout)
  "57014", // query_canceled (statement_timeout)
  "57P01", // admin_shutdown (the server stopping, or pg_terminate_backend of our connection)
  "57P02", // crash_shutdown (another backend crashed: the server restarts)
  "57P03", // cannot_connect_now (starting up, shutting down)
]);

// node-postgres' own messages: the pool's connectionTimeoutMillis, a connection attempt timing out,
// a query with no answer within query_timeout (a paused server), and a connection that closed
// under a query (the server stopped) or was used after it broke. They carry no code.
const PG_MESSAGES = [
  /^timeout exceeded when trying to connect$/,
  /^Connection terminated due to connection timeout$/,
  /^Query read timeout$/,
  /^Connection terminated unexpectedly$/,
  /^Client has encountered a connection error and is not queryable$/,
];

// Node's own socket errors, as the pool reports them for its hot-path statements (Prisma wraps them
// as P1001/P1017): nothing listens (a stopped server), or the connection was reset. On the
// Accelerate path, raw queries and transactions surface fetch's own failure ("fetch failed") with
// the socket error as its cause — undici's UND_ERR_SOCKET when the endpoint closed the connection
// under the request (it stopped or crashed mid-query).
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "UND_ERR_SOCKET"]);

export function isDatabaseBusy(error: unknown): boolean {
  return causes(error).some(
    ({ codes, message }) =>
      codes.some((code) => PRISMA_CODES.has(code) || SQLSTATES.has(code) || SOCKET_CODES.has(code)) ||
      PG_MESSAGES.some((pattern) => pattern.test(message)) ||
      // On the Accelerate path, model operations go through @prisma/extension-accelerate, which
      // replaces any failure to reach the endpoint (refused, reset, closed under the request) with
      // this one plain Error: no code, no cause. Nothing else throws it.
      message === FETCH_FAILURE_MESSAGE ||
      // A round trip to the endpoint that got no answer within its bound (raw queries and
      // transactions; the extension turns it into the message above for model operations).
      message === ACCELERATE_TIMEOUT_MESSAGE,
  );
}

/**
 * A row refers to one that does not exist (Prisma P2003, SQLSTATE 23503). The app's own writes
 * only refer to rows they have just read, so one means that row went away meanwhile — most often
 * its owner, deleted while another instance still held their credentials (lib/api/handler.ts).
 */
export function isForeignKeyViolation(error: unknown): boolean {
  return causes(error).some(({ codes }) => codes.includes("P2003") || codes.includes("23503"));
}

/** A write ran into the unique index or constraint `name` (Prisma P2002, SQLSTATE 23505), e.g. "Organization_slug_key". */
export function isUniqueViolation(error: unknown, name: string): boolean {
  return causes(error).some(
    ({ codes, message, driverMessage }) =>
      (codes.includes("P2002") || codes.includes("23505")) && [message, driverMessage].some((text) => text.includes(`"${name}"`)),
  );
}

/** The error and its causes (a few levels): their Prisma, SQLSTATE and driver adapter codes, and messages. */
function causes(error: unknown): { codes: string[]; message: string; driverMessage: string }[] {
  const found = [];
  for (let current = error, depth = 0; current && typeof current === "object" && depth < 5; current = (current as { cause?: unknown }).cause, depth++) {
    const { code, message, meta } = current as {
      code?: unknown;
      message?: unknown;
      meta?: { driverAdapterError?: { cause?: { originalCode?: unknown; originalMessage?: unknown } } };
    };
    const driverCause = meta?.driverAdapterError?.cause;
    found.push({
      codes: [code, driverCause?.originalCode].filter((value) => typeof value === "string"),
      message: typeof message === "string" ? message : "",
      driverMessage: typeof driverCause?.originalMessage === "string" ? driverCause.originalMessage : "",
    });
  }
  return found;
}
