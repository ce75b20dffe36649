// Every request carries an id (X-Request-Id): set by proxy.ts, or kept from a trusted upstream
// (load balancer) when it looks like one, returned in the response, and written in every log line
// about that request. Whoever reads it checks its shape again: a request the proxy did not see
// still carries the client's raw header, which must never reach the logs.
export const REQUEST_ID_HEADER = "x-request-id";

const ACCEPTED = /^[A-Za-z0-9._:-]{8,128}$/;

/** The id for a new request: the incoming one when well-formed, else a fresh one. */
export function requestIdFrom(incoming: string | null | undefined): string {
  return incoming && ACCEPTED.test(incoming) ? incoming : crypto.randomUUID();
}

/** The id of a request being handled, or undefined when it has none that is well-formed. */
export function requestIdOf(headers: Headers): string | undefined {
  const id = headers.get(REQUEST_ID_HEADER);
  return id !== null && ACCEPTED.test(id) ? id : undefined;
}
