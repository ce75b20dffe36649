// The app's own spans, beside the ones Next.js and Prisma make: the API route and its auth and
// rate-limit steps, a dashboard action, a webhook delivery. Only @opentelemetry/api is imported
// here: while tracing is off (no SDK registered, lib/tracing/start.ts) its tracer is a no-op and a
// span costs a function call.
import { SpanStatusCode, trace, type Attributes, type Span } from "@opentelemetry/api";
import type { RateLimitDecision } from "@/lib/rate-limit/rate-limit";

const tracer = trace.getTracer("prisma-saas-starter");

/** The spans this app makes, by name: what the tests, the docs and a collector's queries rely on. */
export const SPAN = {
  /** One /api/v1 request, named after its operation: `api listPosts`. */
  api: (operationId: string) => `api ${operationId}`,
  /** One dashboard server action (lib/user-action.ts). */
  action: "user action",
  /** Who is calling: the API key or the session (a database read unless cached). */
  auth: "auth",
  /** The per-user limits: a slot in flight and the per-minute counter (a database write). */
  rateLimit: "rate limit",
  /** One Stripe webhook delivery, its signature verified. */
  webhook: "stripe webhook",
} as const;

/**
 * Runs `run` inside a new span, the child of the active one: `outcome` describes what it returned,
 * a thrown error marks the span failed.
 */
export function withSpan<T>(name: string, attributes: Attributes, run: (span: Span) => Promise<T>, outcome?: (result: T) => Attributes): Promise<T> {
  return tracer.startActiveSpan(name, { attributes }, async (span) => {
    try {
      const result = await run(span);
      if (outcome) span.setAttributes(outcome(result));
      return result;
    } catch (error) {
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error)?.message });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** What a rate-limit step decided, on its span. */
export function rateLimitOutcome(decision: RateLimitDecision): Attributes {
  return { "rate_limit.allowed": decision.allowed, "rate_limit.limit": decision.limit, "rate_limit.remaining": decision.remaining };
}

/** An answer's status on its span: a 5xx is the server's failure (a 4xx is the client's, and no error here). */
export function recordHttpStatus(span: Span, status: number) {
  span.setAttribute("http.response.status_code", status);
  if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
}

/** The active span's ids, for a log line (lib/logger.ts); none while no span is active. */
export function activeTraceIds(): { trace_id?: string; span_id?: string } {
  const context = trace.getActiveSpan()?.spanContext();
  if (!context || !trace.isSpanContextValid(context)) return {};
  return { trace_id: context.traceId, span_id: context.spanId };
}
