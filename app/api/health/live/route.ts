// Liveness: the process answers. No database, no auth — for load balancers that restart dead
// instances, and as the baseline of the benchmarks. /api/health is readiness (database included).
export const dynamic = "force-dynamic";

export function GET() {
  return Response.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } });
}
