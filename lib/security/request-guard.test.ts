// Requests Next.js would answer with a 500 are refused by the HTTP server itself, in the response
// shape of the path, before any request handler sees them: a method Next.js does not route, any
// method but GET and HEAD on a static file, a body larger than its route accepts. Every response
// starts with the security headers and the request's id, whoever writes it.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { CONNECTION_ADDRESS_HEADER } from "@/lib/client-ip";
import { guardRequests, publicFilePaths } from "@/lib/security/request-guard";
import { rawRequest } from "@/test/support/raw-request";

let server: http.Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

async function guardedServer() {
  const handled: string[] = [];
  const bodies: string[] = [];
  const requestIds: (string | string[] | undefined)[] = [];
  server = http.createServer((request, response) => {
    handled.push(`${request.method} ${request.url}`);
    requestIds.push(request.headers["x-request-id"]);
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      bodies.push(body);
      response.end(String(request.headers[CONNECTION_ADDRESS_HEADER]));
    });
  });
  const publicFiles = new Set(["/favicon.ico", "/icons/icon.svg"]);
  guardRequests(server, publicFiles);
  guardRequests(server, publicFiles); // a second boot of the instrumentation changes nothing
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const send = (method: string, path: string, headers: Record<string, string> = {}, body?: string) =>
    rawRequest(`http://127.0.0.1:${port}`, path, headers, method, { body });
  return { handled, bodies, requestIds, send };
}

describe("guardRequests", () => {
  it("writes the connection's address on every request it lets through, replacing the one a client claims", async () => {
    const { send } = await guardedServer();
    expect((await send("GET", "/api/health")).body).toBe("127.0.0.1");
    expect((await send("GET", "/api/health", { [CONNECTION_ADDRESS_HEADER]: "203.0.113.9" })).body).toBe("127.0.0.1");
  });

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

  it("answers any method but GET and HEAD on a static file with 405, allowing GET and HEAD", async () => {
    const { handled, send } = await guardedServer();
    for (const [method, path] of [
      ["POST", "/favicon.ico"],
      ["PUT", "/icons/icon.svg"],
      ["OPTIONS", "/favicon%2Eico"],
      ["DELETE", "/_next/static/chunks/app.js"],
      ["PROPFIND", "/_next/static/css/app.css?v=1"],
    ]) {
      const response = await send(method!, path!);
      expect(response.status, `${method} ${path}`).toBe(405);
      expect(response.headers.allow, `${method} ${path}`).toBe("GET, HEAD");
      expect(response.headers["x-content-type-options"]).toBe("nosniff");
    }
    expect(handled).toEqual([]);
    for (const method of ["GET", "HEAD"]) expect((await send(method, "/favicon.ico")).status, method).toBe(200);
    // Any other path takes any method: pages get server actions, routes answer their own 405.
    expect((await send("POST", "/favicon.png")).status).toBe(200);
    expect((await send("POST", "/dashboard/posts")).status).toBe(200);
    expect(handled).toEqual(["GET /favicon.ico", "HEAD /favicon.ico", "POST /favicon.png", "POST /dashboard/posts"]);
  });

  it("answers a client-side navigation whose router state Next.js's parser refuses with 400, and lets a valid one through", async () => {
    const { handled, send } = await guardedServer();
    for (const tree of ["%%%garbage", encodeURIComponent("[1]"), encodeURIComponent(JSON.stringify(["", { children: "x" }]))]) {
      const response = await send("GET", "/dashboard/posts?_rsc=abc", { rsc: "1", "next-router-state-tree": tree });
      expect(response.status, tree.slice(0, 20)).toBe(400);
      expect(response.body).toContain("Next-Router-State-Tree header is malformed");
    }
    const api = await send("GET", "/api/v1/me", { rsc: "1", "next-router-state-tree": "%%%garbage" });
    expect(JSON.parse(api.body)).toMatchObject({ error: { code: "invalid_request" } });
    expect(handled).toEqual([]);

    const valid = encodeURIComponent(JSON.stringify(["", { children: ["dashboard", { children: ["__PAGE__", {}, null, null] }, null, null] }, null, null, 1]));
    expect((await send("GET", "/dashboard", { rsc: "1", "next-router-state-tree": valid })).status).toBe(200);
    expect((await send("GET", "/dashboard", { rsc: "1" })).status).toBe(200);
    expect((await send("GET", "/dashboard", { "next-router-state-tree": "%%%garbage" })).status).toBe(200); // not a navigation: Next.js ignores it
    expect(handled).toHaveLength(3);
  });

  it("lets the methods Next.js routes through to the handler", async () => {
    const { handled, send } = await guardedServer();
    for (const method of ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]) {
      expect((await send(method, "/x")).status, method).toBe(200);
    }
    expect(handled).toEqual(["GET /x", "HEAD /x", "POST /x", "PUT /x", "PATCH /x", "DELETE /x", "OPTIONS /x"]);
  });

  it.each(["PROPFIND", "MKCOL", "LOCK", "SEARCH", "PURGE"])("answers %s, a method Next.js does not route, with 405 and the methods it does", async (method) => {
    const { handled, send } = await guardedServer();
    const api = await send(method, "/api/v1/posts");
    expect(api.status).toBe(405);
    expect(api.headers.allow).toBe("GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
    expect(JSON.parse(api.body)).toMatchObject({ error: { code: "method_not_allowed", message: expect.stringContaining(`${method} is not allowed here.`) } });
    expect((await send(method, "/dashboard")).status).toBe(405);
    expect(handled).toEqual([]);
  });

  it("starts every response with the security headers and the request's id, which the handler is given too", async () => {
    const { requestIds, send } = await guardedServer();
    const response = await send("GET", "/x", { "x-request-id": "<script>" });
    expect(response.status).toBe(200);
    expect(response.headers).toMatchObject({
      "strict-transport-security": expect.stringContaining("max-age="),
      "x-content-type-options": "nosniff",
      "x-frame-options": "DENY",
      "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
      "x-request-id": expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(requestIds).toEqual([response.headers["x-request-id"]]);
  });
});

describe("bodies larger than their route accepts", () => {
  it.each([
    ["/api/auth/signin/email", 8 * 1024],
    ["/api/stripe/webhook", 1024 * 1024],
    ["/api/v1/posts", 64 * 1024],
    ["/dashboard/posts", 1024 * 1024],
  ])("answer 413 on %s past %i bytes, declared by Content-Length, before the handler reads it", async (path, limit) => {
    const { handled, send } = await guardedServer();
    const refused = await send("POST", path, { "content-length": String(limit + 1) });
    expect(refused.status).toBe(413);
    if (path.startsWith("/api/")) expect(JSON.parse(refused.body)).toMatchObject({ error: { code: "payload_too_large" } });
    expect(handled).toEqual([]);
    expect((await send("POST", path, {}, "x".repeat(limit))).status).toBe(200);
    expect(handled).toEqual([`POST ${path}`]);
  });

  it("answer 413 to a client still sending, reading the rest of what it sends up to 16 MiB, closing the connection beyond", async () => {
    const { handled, send } = await guardedServer();
    const sent = await send("POST", "/api/auth/signin/email", {}, "x".repeat(9 * 1024 * 1024));
    expect(sent.status).toBe(413);
    const declared = await send("POST", "/api/auth/signin/email", { "content-length": String(16 * 1024 * 1024 + 1) });
    expect(declared.status).toBe(413);
    expect(declared.headers.connection).toBe("close");
    expect(handled).toEqual([]);
  });

  it("answer 413 when a chunked body (no Content-Length) grows past the limit; the handler never sees it", async () => {
    const { handled, send } = await guardedServer();
    const large = await send("POST", "/api/stripe/webhook", { "transfer-encoding": "chunked" }, "x".repeat(4 * 1024 * 1024));
    expect(large.status).toBe(413);
    const response = await send("POST", "/api/auth/signin/email", { "transfer-encoding": "chunked" }, "email=a%40example.com&".repeat(1000));
    expect(response.status).toBe(413);
    expect(JSON.parse(response.body)).toEqual({ error: { code: "payload_too_large", message: "The body is larger than 8 KiB, the most this route accepts." } });
    expect(handled).toEqual([]);
  });

  it("hand a chunked body within the limit on whole", async () => {
    const { bodies, send } = await guardedServer();
    const body = "email=a%40example.com&csrfToken=".padEnd(8 * 1024, "0");
    expect((await send("POST", "/api/auth/signin/email", { "transfer-encoding": "chunked" }, body)).status).toBe(200);
    expect(bodies).toEqual([body]);
  });

  it("use the decoded path: an escaped route gets its own limit", async () => {
    const { handled, send } = await guardedServer();
    expect((await send("POST", "/api/%61uth/signin/email", { "content-length": String(8 * 1024 + 1) })).status).toBe(413);
    expect(handled).toEqual([]);
  });
});

describe("publicFilePaths", () => {
  it("lists a public folder's files, nested ones included, as URL paths", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "public-"));
    try {
      await mkdir(path.join(dir, "icons"));
      await writeFile(path.join(dir, "robots-extra.txt"), "");
      await writeFile(path.join(dir, "icons", "a.svg"), "");
      expect([...publicFilePaths(dir)].sort()).toEqual(["/icons/a.svg", "/robots-extra.txt"]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("is empty without a public folder (on Vercel, the platform serves those files)", () => {
    expect(publicFilePaths(path.join(os.tmpdir(), "no-such-public-folder")).size).toBe(0);
  });
});
