// TRACE and TRACK are refused by the HTTP server itself, with a 405 in the response shape of the
// path, before any request handler (Next.js's, which would answer 500) sees them.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { refuseForbiddenMethods } from "@/lib/security/forbidden-methods";

let server: http.Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

async function guardedServer() {
  const handled: string[] = [];
  server = http.createServer((request, response) => {
    handled.push(`${request.method} ${request.url}`);
    response.end("handled");
  });
  refuseForbiddenMethods(server);
  refuseForbiddenMethods(server); // a second boot of the instrumentation changes nothing
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const send = (method: string, path: string, headers: Record<string, string> = {}) =>
    new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
      const request = http.request({ host: "127.0.0.1", port, method, path, headers, agent: false }, (response) => {
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (chunk) => (body += chunk));
        response.on("end", () => resolve({ status: response.statusCode!, headers: response.headers, body }));
      });
      request.on("error", reject);
      request.end();
    });
  return { handled, send };
}

describe("refuseForbiddenMethods", () => {
  it("answers TRACE on an API path with 405 in the API's error shape, and the handler never sees it", async () => {
    const { handled, send } = await guardedServer();
    const response = await send("TRACE", "/api/health", { "x-request-id": "upstream-id-1234" });
    expect(response.status).toBe(405);
    expect(JSON.parse(response.body)).toEqual({
      error: { code: "method_not_allowed", message: "TRACE is not allowed here. Allowed: GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS." },
    });
    expect(response.headers).toMatchObject({
      allow: "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS",
      "content-type": "application/json",
      "x-content-type-options": "nosniff",
      "strict-transport-security": expect.stringContaining("max-age="),
      "x-frame-options": "DENY",
      "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
      "x-request-id": "upstream-id-1234",
    });
    expect(handled).toEqual([]);
  });

  it("answers TRACE on a page with a plain-text 405, and gives a request without a usable id a fresh one", async () => {
    const { handled, send } = await guardedServer();
    const response = await send("TRACE", "/dashboard", { "x-request-id": "<script>" });
    expect(response.status).toBe(405);
    expect(response.headers["content-type"]).toBe("text/plain; charset=utf-8");
    expect(response.body).toContain("TRACE is not allowed here.");
    expect(response.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(handled).toEqual([]);
  });

  it("lets every other method through to the handler", async () => {
    const { handled, send } = await guardedServer();
    for (const method of ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "PROPFIND"]) {
      expect((await send(method, "/x")).status, method).toBe(200);
    }
    expect(handled).toEqual(["GET /x", "HEAD /x", "POST /x", "PUT /x", "PATCH /x", "DELETE /x", "OPTIONS /x", "PROPFIND /x"]);
  });
});
