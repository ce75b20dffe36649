// The app's traces, recorded in memory: the process's tracer provider, as lib/tracing/sdk.ts starts
// it (with Prisma's instrumentation), exporting to an InMemorySpanExporter instead of a collector.
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from "@opentelemetry/sdk-trace-node";
import { startTracing } from "@/lib/tracing/sdk";

export type SpanNode = { name: string; attributes: ReadableSpan["attributes"]; traceId: string; spanId: string; children: SpanNode[] };

export function recordSpans() {
  const exporter = new InMemorySpanExporter();
  const provider = startTracing([new SimpleSpanProcessor(exporter)]);
  return {
    /** Each trace recorded since the last call, as its tree of spans (children in the order they started). */
    takeTraces(): SpanNode[] {
      const spans = exporter.getFinishedSpans();
      exporter.reset();
      return spansAsTrees(spans);
    },
    stop: () => provider.shutdown(),
  };
}

export function spansAsTrees(spans: ReadableSpan[]): SpanNode[] {
  const ids = new Set(spans.map((span) => span.spanContext().spanId));
  const started = (span: ReadableSpan) => span.startTime[0] * 1e9 + span.startTime[1];
  const node = (span: ReadableSpan): SpanNode => ({
    name: span.name,
    attributes: span.attributes,
    traceId: span.spanContext().traceId,
    spanId: span.spanContext().spanId,
    children: spans
      .filter((child) => child.parentSpanContext?.spanId === span.spanContext().spanId)
      .sort((a, b) => started(a) - started(b))
      .map(node),
  });
  return spans
    .filter((span) => !span.parentSpanContext || !ids.has(span.parentSpanContext.spanId))
    .sort((a, b) => started(a) - started(b))
    .map(node);
}

/** A tree as indented names, one span a line: what a test compares. */
export function outline(node: SpanNode, depth = 0): string[] {
  return [`${"  ".repeat(depth)}${node.name}`, ...node.children.flatMap((child) => outline(child, depth + 1))];
}
