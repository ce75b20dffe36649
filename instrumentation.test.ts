import http from "node:http";
import type { AddressInfo } from "node:net";
import { context, trace, type ProxyTracerProvider } from "@opentelemetry/api";
import type { NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import { afterEach, describe, expect, it, vi } from "vitest";

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

async function boot() {
  vi.resetModules();
  const { register } = await import("./instrumentation");
  return register();
}

describe("server boot", () => {
  it("exits with the variable's name when DATABASE_URL is missing", async () => {
    vi.stubEnv("NEXT_RUNTIME", "nodejs");
    vi.stubEnv("DATABASE_URL", "");
    const exit = vi.spyOn(process, "exit").mockImplementation((() => undefined) as never);
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    await boot();
    expect(exit).toHaveBeenCalledWith(1);
    expect(error.mock.calls.flat().join("\n")).toMatch(/DATABASE_URL is required/);
  });

  it("boots when the environment is valid", async () => {
    vi.stubEnv("NEXT_RUNTIME", "nodejs");
    const exit = vi.spyOn(process, "exit").mockImplementation((() => undefined) as never);
    await boot();
    expect(exit).not.toHaveBeenCalled();
  });
});

describe("a request that failed", () => {
  it("is logged with the request id the error page shows, its digest, and its path without the query", async () => {
    vi.stubEnv("NEXT_RUNTIME", "nodejs");
    const { onRequestError } = await import("./instrumentation");
    const { captureLogs } = await import("@/test/support/logs");
    const error = Object.assign(new Error("Can't reach database server"), { digest: "2891746283" });
    const logs = captureLogs("info");
    try {
      await onRequestError(
        error,
        { path: "/dashboard/posts?token=secret-token", method: "GET", headers: { "x-request-id": "req-failed-1234" } },
        { routerKind: "App Router", routePath: "/dashboard/posts", routeType: "render", revalidateReason: undefined },
      );
    } finally {
      logs.stop();
    }
    expect(logs.entries()).toContainEqual(
      expect.objectContaining({
        event: "request.error",
        requestId: "req-failed-1234",
        path: "/dashboard/posts",
        routeType: "render",
        error: "Can't reach database server",
        digest: "2891746283",
      }),
    );
    expect(logs.text()).not.toContain("secret-token");
  });
});

describe("tracing at boot", () => {
  it("stays off, its SDK never imported, while no OTLP endpoint is set", async () => {
    vi.stubEnv("NEXT_RUNTIME", "nodejs");
    let imported = false;
    vi.doMock("@/lib/tracing/sdk", () => {
      imported = true;
      return {};
    });
    try {
      await boot();
    } finally {
      vi.doUnmock("@/lib/tracing/sdk");
    }
    expect(imported).toBe(false);
    expect(trace.getTracer("test").startSpan("untraced").isRecording()).toBe(false);
  });

  it.each([
    ["on in development with TRACE_SLOW_MS alone (slow traces printed)", { NODE_ENV: "development", TRACE_SLOW_MS: "500" }, true],
    ["off in production with TRACE_SLOW_MS alone", { NODE_ENV: "production", NEXTAUTH_SECRET: "x".repeat(32), TRACE_SLOW_MS: "500" }, false],
    ["off with OTEL_SDK_DISABLED=true, whatever else is set", { OTEL_SDK_DISABLED: "true", OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:9" }, false],
  ])("is %s", async (_, variables, recording) => {
    vi.stubEnv("NEXT_RUNTIME", "nodejs");
    for (const [name, value] of Object.entries(variables)) vi.stubEnv(name, value);
    try {
      await boot();
      expect(trace.getTracer("test").startSpan("at boot").isRecording()).toBe(recording);
    } finally {
      trace.disable();
      context.disable();
    }
  });

  it("exports spans over OTLP http/protobuf to OTEL_EXPORTER_OTLP_ENDPOINT, named by OTEL_SERVICE_NAME", async () => {
    const received: { path?: string; type?: string; body: Buffer }[] = [];
    const collector = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        received.push({ path: request.url, type: request.headers["content-type"], body: Buffer.concat(chunks) });
        response.writeHead(200, { "content-type": "application/x-protobuf" }).end();
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, "127.0.0.1", resolve));
    vi.stubEnv("NEXT_RUNTIME", "nodejs");
    vi.stubEnv("OTEL_EXPORTER_OTLP_ENDPOINT", `http://127.0.0.1:${(collector.address() as AddressInfo).port}`);
    vi.stubEnv("OTEL_SERVICE_NAME", "traced-starter");
    try {
      await boot();
      trace.getTracer("test").startSpan("a span at boot").end();
      const provider = (trace.getTracerProvider() as ProxyTracerProvider).getDelegate() as NodeTracerProvider;
      await provider.forceFlush();
      await provider.shutdown();
    } finally {
      trace.disable();
      context.disable();
      collector.close();
    }
    expect(received).toEqual([expect.objectContaining({ path: "/v1/traces", type: "application/x-protobuf" })]);
    expect(received[0]!.body.toString("latin1")).toContain("traced-starter");
    expect(received[0]!.body.toString("latin1")).toContain("a span at boot");
  });
});
