// Backfills (prisma/backfills) on the database: unfinished, failed or edited ones, with the command
// that resumes them. Read from `_backfills` and the advisory locks of running runners.
import { readBackfillSources } from "../backfill/files.ts";
import { connect, hasProgressTable } from "../backfill/progress.ts";
import { readBackfillStatus } from "../backfill/status.ts";
import type { Finding } from "./finding.ts";

export async function checkBackfills({ backfillsDir, migrationsDir, url }: { backfillsDir: string; migrationsDir: string; url: string }): Promise<Finding[]> {
  const sources = await readBackfillSources(backfillsDir);
  if (sources.length === 0) return [];
  const client = await connect(url, "db:doctor");
  try {
    // No progress table: the migrations are not applied yet (the history check names them), and backfills
    // run after them — listing every backfill as not run would only repeat that finding.
    if (!(await hasProgressTable(client))) return [];
    const { backfills } = await readBackfillStatus(client, { sources, migrationsDir, url });
    return backfills.flatMap((backfill): Finding[] => {
      const resume = `npm run db:backfill -- --only ${backfill.name}`;
      const waiting = backfill.requiredBy.length ? ` The contract phase waits for it: ${backfill.requiredBy.join(", ")}.` : "";
      switch (backfill.state) {
        case "finished":
          if (!backfill.edited) return [];
          return [
            {
              check: "backfills",
              id: "edited-backfill",
              severity: "action",
              title: `Backfill ${backfill.name} was edited after it finished`,
              detail:
                "Its file no longer matches the checksum recorded when it ran: this database got the old version, fresh databases get nothing (it finds no rows there).",
              fix: [`git log -p -- prisma/backfills/${backfill.name}.ts   # then restore the version that ran, and put the change in a new backfill`],
            },
          ];
        case "running":
          return [
            {
              check: "backfills",
              id: "running-backfill",
              severity: "advice",
              title: `Backfill ${backfill.name} is running (${backfill.runner}): ${backfill.rowsDone} rows changed so far`,
              fix: ["npm run db:backfill -- --status"],
            },
          ];
        case "failed":
          return [
            {
              check: "backfills",
              id: "failed-backfill",
              severity: "action",
              title: `Backfill ${backfill.name} failed after ${backfill.rowsDone} rows`,
              detail: `${backfill.lastError}${waiting} Fix the cause (a lock held too long: see [locks]), then run it again: it resumes from its last batch.`,
              fix: [resume],
            },
          ];
        default:
          return [
            {
              check: "backfills",
              id: "unfinished-backfill",
              severity: "action",
              title:
                backfill.state === "pending"
                  ? `Backfill ${backfill.name} has not run on this database`
                  : `Backfill ${backfill.name} stopped after ${backfill.rowsDone} rows`,
              detail: `It resumes from its last committed batch.${waiting}`,
              fix: [resume],
            },
          ];
      }
    });
  } finally {
    await client.end();
  }
}
