// Development's view of the traces, with nothing to install: a request (or any trace started in
// this process) slower than TRACE_SLOW_MS is printed as its tree of spans, with its SQL.
import type { ReadableSpan, SpanProcessor } from "@opentelemetry/sdk-trace-node";

// A trace whose root never ends (a span left open by a bug) must not hold memory forever.
const MAX_PENDING_TRACES = 1000;
const MAX_STATEMENT_CHARS = 160;

export class SlowTraceProcessor implements SpanProcessor {
  private readonly pending = new Map<string, ReadableSpan[]>();

  constructor(
    private readonly thresholdMs: number,
    private readonly print: (text: string) => void = (text) => process.stderr.write(text),
  ) {}

  onStart() {}

  onEnd(span: ReadableSpan) {
    const traceId = span.spanContext().traceId;
    const spans = this.pending.get(traceId) ?? [];
    spans.push(span);
    this.pending.delete(traceId);
    // The local root (no parent, or a parent in the calling process) ends last: the trace is complete.
    if (span.parentSpanContext && !span.parentSpanContext.isRemote) {
      this.pending.set(traceId, spans);
      if (this.pending.size > MAX_PENDING_TRACES) this.pending.delete(this.pending.keys().next().value!);
      return;
    }
    if (milliseconds(span) >= this.thresholdMs) this.print(formatTrace(span, spans, this.thresholdMs));
  }

  async forceFlush() {}

  async shutdown() {
    this.pending.clear();
  }
}

function milliseconds(span: ReadableSpan) {
  return span.duration[0] * 1000 + span.duration[1] / 1e6;
}

/** The trace as an indented tree, children in the order they started. */
export function formatTrace(root: ReadableSpan, spans: ReadableSpan[], thresholdMs: number): string {
  const children = new Map<string, ReadableSpan[]>();
  for (const span of spans) {
    const parent = span.parentSpanContext?.spanId;
    if (parent) children.set(parent, [...(children.get(parent) ?? []), span]);
  }
  const lines: string[] = [];
  const visit = (span: ReadableSpan, depth: number) => {
    const statement = span.attributes["db.query.text"];
    const sql = typeof statement === "string" ? `  ${statement.replace(/\s+/g, " ").slice(0, MAX_STATEMENT_CHARS)}` : "";
    lines.push(`${"  ".repeat(depth + 1)}${span.name}  ${Math.round(milliseconds(span))} ms${sql}`);
    const started = (span: ReadableSpan) => span.startTime[0] * 1e9 + span.startTime[1];
    for (const child of (children.get(span.spanContext().spanId) ?? []).sort((a, b) => started(a) - started(b))) visit(child, depth + 1);
  };
  visit(root, 0);
  return `\nslow trace (over TRACE_SLOW_MS=${thresholdMs}) ${root.spanContext().traceId}\n${lines.join("\n")}\n`;
}
