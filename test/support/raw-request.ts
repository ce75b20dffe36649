import http from "node:http";

export type RawResponse = { status: number; headers: http.IncomingHttpHeaders; body: string };

/** What else a raw request may carry: a body, and the local address to connect from (any 127.x.y.z reaches a loopback server: a client address of its own). */
export type RawRequestOptions = { body?: string | Buffer; localAddress?: string };

/**
 * `method` `path` exactly as written — no normalisation, no re-encoding, which `fetch` and `new URL`
 * would apply — on a connection of its own. A `body` goes with a Content-Length, or chunked (without
 * one) when `headers` say `transfer-encoding: chunked`. A server may answer before it has read the
 * body and close the connection: the answer is what counts.
 */
export function rawRequest(
  baseURL: string,
  path: string,
  headers: Record<string, string> = {},
  method = "GET",
  { body, localAddress }: RawRequestOptions = {},
): Promise<RawResponse> {
  const { hostname, port } = new URL(baseURL);
  return new Promise((resolve, reject) => {
    let answered = false;
    const request = http.request({ hostname, port, path, method, headers, localAddress, agent: false }, (response) => {
      answered = true;
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk) => (text += chunk));
      response.on("end", () => resolve({ status: response.statusCode!, headers: response.headers, body: text }));
    });
    request.on("error", (error) => {
      if (!answered) reject(error);
    });
    if (body !== undefined && headers["transfer-encoding"] === "chunked") {
      request.write(body);
      request.end();
    } else {
      request.end(body);
    }
  });
}
