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

// A page's script cannot read its response's headers, but it can read their Server-Timing through
// the Performance API, for the document and for every fetch the router makes (a navigation's RSC
// payload, a server action): the proxy names the request id there too, for the error pages to show
// (components/request-id-note.tsx) — also on prerendered pages, which render nothing per request.
export const REQUEST_ID_TIMING = "request-id";

/** The Server-Timing header that carries the request id. */
export function requestIdTiming(requestId: string): string {
  return `${REQUEST_ID_TIMING};desc="${requestId}"`;
}

type Timing = { name: string; serverTiming?: readonly { name: string; description: string }[] };

/**
 * The id of the latest response for the page at `url` — its document, the payload of a navigation
 * to it, or a server action posted to it — among the browser's timings (oldest first).
 */
export function requestIdFromTimings(timings: readonly Timing[], url: string): string | undefined {
  const page = new URL(url);
  for (const timing of timings.toReversed()) {
    const from = new URL(timing.name, page);
    if (from.origin !== page.origin || from.pathname !== page.pathname) continue;
    const id = timing.serverTiming?.find((metric) => metric.name === REQUEST_ID_TIMING)?.description;
    if (id !== undefined && ACCEPTED.test(id)) return id;
  }
  return undefined;
}
