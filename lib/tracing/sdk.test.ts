// lib/tracing/sdk.ts's tracer provider, as the server starts it: what it leaves behind in the process.
import Module from "node:module";
import { describe, expect, it } from "vitest";
import { recordSpans } from "@/test/support/tracing";

describe("starting tracing", () => {
  it("leaves require() unhooked: Prisma's instrumentation patches no module, and a hook would run on every require() Next.js makes per request", async () => {
    const recording = recordSpans();
    try {
      // The hook @opentelemetry/instrumentation installs (require-in-the-middle) replaces require()
      // with a function that goes through its `patchedRequire`.
      expect(Module.prototype.require.toString()).not.toContain("patchedRequire");
    } finally {
      await recording.stop();
    }
  });
});
