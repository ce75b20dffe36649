// The release workflow's smoke check, against a local server that plays the new deployment.
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { smokeCheckDeployment } from "./smoke-deployment.ts";

let close = async () => {};
afterEach(() => close());

/** Answers /api/health with the next of `answers` (the last one repeats), recording the request headers. */
async function deployment(answers: { status: number; commit?: string | null }[]) {
  const requests: IncomingHttpHeaders[] = [];
  const server = createServer((request, response) => {
    requests.push(request.headers);
    const answer = answers[Math.min(requests.length - 1, answers.length - 1)]!;
    response.writeHead(request.url === "/api/health" ? answer.status : 404, { "content-type": "application/json" });
    response.end(JSON.stringify({ status: answer.status === 200 ? "ok" : "error", commit: answer.commit ?? null }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  close = () => new Promise((resolve) => server.close(() => resolve()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

const check = (url: string, extra: { bypassSecret?: string } = {}) =>
  smokeCheckDeployment({ url, commit: "abc123", timeoutMs: 1_000, intervalMs: 50, ...extra });

describe("the smoke check of a new deployment", () => {
  it("passes once /api/health answers 200 from the commit the workflow built", async () => {
    const { url, requests } = await deployment([{ status: 503 }, { status: 200, commit: "old999" }, { status: 200, commit: "abc123" }]);
    expect(await check(url)).toEqual({ ok: true, message: `${url}/api/health answers 200 from commit abc123.` });
    expect(requests).toHaveLength(3);
  });

  it("fails, saying what it saw last, when the deployment serves another commit", async () => {
    const { url } = await deployment([{ status: 200, commit: "old999" }]);
    const result = await check(url);
    expect(result.ok).toBe(false);
    expect(result.message).toContain('last: HTTP 200, commit "old999"');
  });

  it("fails when the deployment's health check answers 503", async () => {
    const { url } = await deployment([{ status: 503, commit: "abc123" }]);
    expect((await check(url)).message).toContain('last: HTTP 503, commit "abc123"');
  });

  it("fails when nothing answers", async () => {
    const result = await check("http://127.0.0.1:9");
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/did not answer 200 from commit abc123 within 1s/);
  });

  it("sends Vercel's automation bypass secret when it has one", async () => {
    const { url, requests } = await deployment([{ status: 200, commit: "abc123" }]);
    await check(url, { bypassSecret: "bypass-me" });
    expect(requests[0]!["x-vercel-protection-bypass"]).toBe("bypass-me");
  });
});
