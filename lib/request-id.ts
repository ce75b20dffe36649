// Every request carries an id (X-Request-Id): set by proxy.ts, or kept from a trusted upstream
// (load balancer) when it looks like one, returned in the response, and written in every log line
// about that request.
export const REQUEST_ID_HEADER = "x-request-id";

const ACCEPTED = /^[A-Za-z0-9._:-]{8,128}$/;

export function requestIdFrom(incoming: string | null | undefined): string {
  return incoming && ACCEPTED.test(incoming) ? incoming : crypto.randomUUID();
}
