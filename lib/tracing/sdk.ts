// Tracing's Node.js SDK. Imported (by lib/tracing/start.ts) only when tracing is on: while it is
// off, none of this is loaded.
import Module from "node:module";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { defaultResource, detectResources, envDetector, resourceFromAttributes } from "@opentelemetry/resources";
import { BatchSpanProcessor, NodeTracerProvider, type SpanProcessor } from "@opentelemetry/sdk-trace-node";
import { PrismaInstrumentation, registerInstrumentations } from "@prisma/instrumentation";

export { SlowTraceProcessor } from "./slow-traces.ts";

/**
 * Registers the process's tracer provider: Next.js's spans (the request, the route), the app's
 * (lib/tracing/spans.ts) and Prisma's (each operation and SQL statement) go to `processors`. The
 * sampler, the span limits and the batch sizes come from the standard OTEL_* variables.
 */
export function startTracing(processors: SpanProcessor[]): NodeTracerProvider {
  const provider = new NodeTracerProvider({
    // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES (envDetector) override the default name.
    resource: defaultResource()
      .merge(resourceFromAttributes({ "service.name": "prisma-saas-starter" }))
      .merge(detectResources({ detectors: [envDetector] })),
    spanProcessors: processors,
  });
  // Also the W3C propagator: a request's `traceparent` header continues its caller's trace.
  provider.register();
  // Prisma's client-side steps of each operation (serializing its result, compiling its query plan) are
  // CPU inside the operation's own span: two spans more per query, to record and export, that tell an
  // operator nothing the operation's span does not.
  const prisma = withoutRequireHook(() => new PrismaInstrumentation({ ignoreSpanTypes: ["prisma:client:serialize", "prisma:client:compile"] }));
  registerInstrumentations({ tracerProvider: provider, instrumentations: [prisma] });
  return provider;
}

/**
 * Builds an instrumentation without the hook its base class (@opentelemetry/instrumentation's
 * InstrumentationBase) puts on every `require()` of the process, for instrumentations that patch
 * modules as they load (require-in-the-middle). Prisma's patches none — it hands the client a global
 * tracing helper — yet the hook would resolve the path of each of the require() calls Next.js makes on
 * every request (its manifests, the route's module): ~5% of the traced server's CPU in a profile of
 * the bench's load (docs/benchmarks.md). The hook is installed once per process; this takes it out.
 */
function withoutRequireHook<T>(build: () => T): T {
  const require = Module.prototype.require;
  try {
    return build();
  } finally {
    Module.prototype.require = require;
  }
}

/**
 * Spans sent in batches over OTLP (http/protobuf) to OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, or to
 * OTEL_EXPORTER_OTLP_ENDPOINT + /v1/traces, with OTEL_EXPORTER_OTLP_HEADERS (a vendor's API key).
 */
export function otlpExport(): SpanProcessor {
  return new BatchSpanProcessor(new OTLPTraceExporter());
}
