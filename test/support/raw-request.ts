import http from "node:http";

export type RawResponse = { status: number; headers: http.IncomingHttpHeaders; body: string };

/** What else a raw request may carry: a body, and the local address to connect from (any 127.x.y.z reaches a loopback server: a client address of its own). */
export type RawRequestOptions = { body?: string; localAddress?: string };

/**
 * `method` `path` exactly as written — no normalisation, no re-encoding, which `fetch` and `new URL`
 * would apply — on a connection of its own.
 */
export function rawRequest(
  baseURL: string,
  path: string,
  headers: Record<string, string> = {},
  method = "GET",
  { body: requestBody, localAddress }: RawRequestOptions = {},
): Promise<RawResponse> {
  const { hostname, port } = new URL(baseURL);
  return new Promise((resolve, reject) => {
    const request = http.request({ hostname, port, path, method, headers, localAddress, agent: false }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode!, headers: response.headers, body }));
    });
    request.on("error", reject);
    request.end(requestBody);
  });
}
