// `npm run db:maintain`: the maintenance job (lib/maintenance) from a shell — what Vercel Cron runs
// daily through /api/cron/maintenance. On DATABASE_URL (else DIRECT_URL), else the embedded
// development database (started for the command unless `npm run dev` has it up), like the other db:* scripts.
import { startDevDatabase } from "@starter/local-db";

let stopDatabase = async () => {};
if (!process.env.DATABASE_URL && process.env.DIRECT_URL) process.env.DATABASE_URL = process.env.DIRECT_URL;
if (!process.env.DATABASE_URL) {
  const { server, url } = await startDevDatabase();
  stopDatabase = () => server.stop();
  process.env.DATABASE_URL = url;
}

// Imported once DATABASE_URL is known: the database client reads it when first used.
const { getDb } = await import("../lib/db.ts");
const { runMaintenance } = await import("../lib/maintenance/maintenance.ts");
const { wantsJsonLogs } = await import("./command-outcome.ts");
try {
  // In CI (or LOG_FORMAT=json) the job's own JSON line, {"event":"db.maintenance","removed":{…}}, as
  // the cron route logs it; at a terminal, the same in a sentence.
  const result = await runMaintenance(wantsJsonLogs() ? {} : { logger: { info: () => {} } });
  if (!wantsJsonLogs()) {
    const removed = Object.entries(result.removed).map(([what, count]) => `${count} ${what}`);
    const seats =
      result.seats.updated + result.seats.failed > 0
        ? `; seats updated in Stripe for ${result.seats.updated} organizations, ${result.seats.failed} failed`
        : "";
    console.log(`db:maintain: removed ${removed.join(", ")}${seats} in ${result.ms} ms${result.complete ? "." : "; more remain: run it again."}`);
  }
} finally {
  await getDb().$disconnect();
  await stopDatabase();
}
