// Tracing is on when an OTLP endpoint is set (OTEL_EXPORTER_OTLP_ENDPOINT or
// OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, which every collector's setup guide names), or in development
// with TRACE_SLOW_MS. Off, the SDK is not even imported: a server without a collector pays nothing.
import type { ServerEnv } from "@/lib/env";

/** Starts tracing as the environment asks (instrumentation-node.ts, at boot); undefined when off. */
export async function startTracingIfConfigured(env: ServerEnv, processEnv: Record<string, string | undefined> = process.env) {
  // The standard switch that turns every OpenTelemetry SDK off, whatever else is set.
  if (processEnv.OTEL_SDK_DISABLED === "true") return undefined;
  const exporting = Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
  const slowMs = env.NODE_ENV === "development" ? env.TRACE_SLOW_MS : undefined;
  if (!exporting && slowMs === undefined) return undefined;
  const { SlowTraceProcessor, otlpExport, startTracing } = await import("./sdk.ts");
  return startTracing([...(exporting ? [otlpExport()] : []), ...(slowMs === undefined ? [] : [new SlowTraceProcessor(slowMs)])]);
}
