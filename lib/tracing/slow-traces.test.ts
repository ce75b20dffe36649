// Development's view of slow traces: a trace whose root took longer than TRACE_SLOW_MS is printed as
// its tree, with each statement's SQL; a faster one prints nothing.
import { BasicTracerProvider } from "@opentelemetry/sdk-trace-node";
import { context, trace } from "@opentelemetry/api";
import { describe, expect, it } from "vitest";
import { SlowTraceProcessor } from "./slow-traces.ts";

function traceTaking(milliseconds: number) {
  const printed: string[] = [];
  const tracer = new BasicTracerProvider({ spanProcessors: [new SlowTraceProcessor(100, (text) => printed.push(text))] }).getTracer("test");
  const start = Date.now();
  const root = tracer.startSpan("GET /api/v1/posts", { startTime: start });
  const inRoot = trace.setSpan(context.active(), root);
  const operation = tracer.startSpan("prisma:client:operation", { startTime: start + 1 }, inRoot);
  const query = tracer.startSpan(
    "prisma:client:db_query",
    { startTime: start + 2, attributes: { "db.query.text": 'SELECT "id"\n  FROM "Post" WHERE "authorId" = $1' } },
    trace.setSpan(inRoot, operation),
  );
  query.end(start + milliseconds - 2);
  operation.end(start + milliseconds - 1);
  root.end(start + milliseconds);
  return printed;
}

describe("slow traces in development", () => {
  it("prints a trace slower than the threshold as its tree of spans, with the SQL on one line", () => {
    const [printed, ...more] = traceTaking(250);
    expect(more).toEqual([]);
    expect(printed).toMatch(/^\nslow trace \(over TRACE_SLOW_MS=100\) [0-9a-f]{32}\n/);
    expect(printed!.split("\n").slice(2, -1)).toEqual([
      "  GET /api/v1/posts  250 ms",
      "    prisma:client:operation  248 ms",
      '      prisma:client:db_query  246 ms  SELECT "id" FROM "Post" WHERE "authorId" = $1',
    ]);
  });

  it("prints nothing for a faster one", () => {
    expect(traceTaking(50)).toEqual([]);
  });
});
