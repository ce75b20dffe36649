import { requestLogger } from "@/lib/logger";
import { cronRefusal } from "@/lib/maintenance/cron";
import { runMaintenance } from "@/lib/maintenance/maintenance";

// Vercel Cron calls this daily (vercel.json `crons`); `npm run db:maintain` runs the same job.
export async function GET(request: Request) {
  const refusal = cronRefusal(request);
  if (refusal) return refusal;
  return Response.json(await runMaintenance({ logger: requestLogger(request) }));
}
