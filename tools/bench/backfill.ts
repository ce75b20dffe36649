// 10. `npm run db:backfill` over a big table while the API serves steady load: the backfill's rate,
// and what it costs the API. The same load on /api/v1/posts runs twice — alone, then while the
// backfill copies "title" into a new column of every row of "Post" (the table that route reads) —
// and the ratios of their p50/p99 are the cost. A sampler reads pg_locks every 100 ms for the
// longest any statement of the app has waited for a lock.
import type pg from "pg";
import { createScriptProject } from "../../test/harness.ts";
import { check, type Check } from "./checks.ts";
import type { Cleanup } from "./cleanup.ts";
import { round, runLoad, type CpuTargets, type LoadResult } from "./load.ts";
import { connectAsBench } from "./server.ts";

export const BACKFILL_TARGETS = { p99Ratio: 1.5, lockWaitMs: 1_000 };
const BACKFILL = "20261207000000_bench_copy_title";

export type BackfillSection = {
  rows: number;
  /** Rows walked per second, from the progress row's start and finish. */
  rowsPerSecond: number;
  seconds: number;
  exitCode: number;
  alone: LoadResult;
  during: LoadResult;
  ratios: { p50: number; p99: number };
  /** The longest lock wait of any app statement seen during the backfill, in ms. */
  longestLockWaitMs: number;
  /** The backfill was still running when the load during it ended. */
  coveredLoad: boolean;
};

export async function benchBackfill(
  options: { baseUrl: string; keys: string[]; databaseUrl: string; rows: number; connections: number; durationSeconds: number; cpu: CpuTargets },
  cleanup: Cleanup,
): Promise<{ section: BackfillSection; checks: Check[] }> {
  const admin = await connectAsBench(options.databaseUrl, "backfill");
  cleanup.add("backfill bench connection", () => admin.end());
  await seedPosts(admin, options.rows);
  const total = Number((await admin.query<{ n: string }>(`SELECT count(*) AS n FROM "Post"`)).rows[0]!.n);

  const spec = { url: `${options.baseUrl}/api/v1/posts`, connections: options.connections, keys: options.keys, durationSeconds: options.durationSeconds };
  const alone = await runLoad(spec, cleanup, options.cpu);
  console.error(`  alone: p50 ${alone.latencyMs.p50} ms, p99 ${alone.latencyMs.p99} ms, ${alone.rps} req/s`);

  const project = await createScriptProject();
  cleanup.add("backfill project", () => project.remove());
  await project.writeBackfill(BACKFILL, `export default { table: "Post", keyset: ["id"], set: { benchTitle: "title" } };\n`);
  const running = project.run("db-backfill.ts", [], { DIRECT_URL: options.databaseUrl });
  await waitForFirstBatch(admin);
  const sampler = sampleLockWaits(admin);
  const during = await runLoad(spec, cleanup, options.cpu);
  const coveredLoad = !(await progress(admin))?.finished;
  const longestLockWaitMs = await sampler.stop();
  const result = await running;
  const row = await progress(admin);
  const seconds = row?.seconds ?? 0;
  const section: BackfillSection = {
    rows: total,
    rowsPerSecond: seconds > 0 ? Math.round(Number(row!.walked) / seconds) : 0,
    seconds: round(seconds, 1),
    exitCode: result.code,
    alone,
    during,
    ratios: { p50: round(during.latencyMs.p50 / Math.max(1, alone.latencyMs.p50), 2), p99: round(during.latencyMs.p99 / Math.max(1, alone.latencyMs.p99), 2) },
    longestLockWaitMs: Math.round(longestLockWaitMs),
    coveredLoad,
  };
  console.error(
    `  during: p50 ${during.latencyMs.p50} ms, p99 ${during.latencyMs.p99} ms; backfill ${section.rowsPerSecond} rows/s over ${total} rows; longest lock wait ${section.longestLockWaitMs} ms`,
  );
  const failures = [alone, during].filter((run) => run.non2xx + run.errors + run.timeouts > 0).length;
  return {
    section,
    checks: [
      check(
        "backfill",
        "npm run db:backfill finished every row (exit 0)",
        result.code === 0 && Number(row?.walked) === total,
        `exit ${result.code}, ${row?.walked ?? 0} of ${total} rows walked${result.code ? `: ${result.stderr.trim()}` : ""}`,
      ),
      check(
        "backfill",
        "the backfill ran for the whole of the load measured during it",
        coveredLoad,
        coveredLoad ? "yes" : "it finished first: raise the row count or lower --duration",
      ),
      check("backfill", "every response 2xx, alone and during the backfill", failures === 0, failures ? "non-2xx, errors or timeouts" : "yes"),
      check(
        "backfill",
        `target p99 during / alone ≤ ${BACKFILL_TARGETS.p99Ratio}`,
        section.ratios.p99 <= BACKFILL_TARGETS.p99Ratio,
        `${section.ratios.p99} (p50 ${section.ratios.p50})`,
      ),
      check(
        "backfill",
        `target longest lock wait of an app statement < ${BACKFILL_TARGETS.lockWaitMs} ms`,
        section.longestLockWaitMs < BACKFILL_TARGETS.lockWaitMs,
        `${section.longestLockWaitMs} ms`,
      ),
    ],
  };
}

/** `rows` more posts, by a user of their own, and the new column the backfill fills (nullable: instant). */
async function seedPosts(client: pg.Client, rows: number) {
  await client.query(`ALTER TABLE "Post" ADD COLUMN IF NOT EXISTS "benchTitle" TEXT`);
  await client.query(`INSERT INTO "User" ("id", "email", "updatedAt") VALUES ('bench-backfill', 'bench-backfill@example.com', now()) ON CONFLICT DO NOTHING`);
  await client.query(
    `INSERT INTO "Organization" ("id", "name", "slug", "personalOwnerId") VALUES ('bench-backfill', 'Bench backfill', 'bench-backfill', 'bench-backfill') ON CONFLICT DO NOTHING`,
  );
  await client.query(
    `INSERT INTO "Post" ("id", "title", "authorId", "organizationId", "updatedAt")
     SELECT 'bench-backfill-' || lpad(i::text, 8, '0'), 'Post ' || i, 'bench-backfill', 'bench-backfill', now() FROM generate_series(1, $1) i ON CONFLICT DO NOTHING`,
    [rows],
  );
  await client.query(`VACUUM ANALYZE "Post"`);
}

async function progress(client: pg.Client) {
  const { rows } = await client.query<{ walked: string; finished: boolean; seconds: number }>(
    `SELECT rows_walked AS walked, finished_at IS NOT NULL AS finished, extract(epoch FROM coalesce(finished_at, updated_at) - started_at)::float8 AS seconds FROM "_backfills" WHERE name = $1`,
    [BACKFILL],
  );
  return rows[0];
}

async function waitForFirstBatch(client: pg.Client) {
  for (let attempt = 0; attempt < 1_200; attempt++) {
    if (Number((await progress(client))?.walked ?? 0) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("db:backfill did not commit a batch within 2 minutes");
}

/** The longest wait for a lock of any session but the backfill's and the bench's, sampled every 100 ms. */
function sampleLockWaits(client: pg.Client) {
  let longest = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const { rows } = await client.query<{ ms: number | null }>(
        `SELECT (extract(epoch FROM max(now() - l.waitstart)) * 1000)::float8 AS ms FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
          WHERE NOT l.granted AND a.datname = current_database() AND a.application_name <> 'db:backfill' AND a.application_name NOT LIKE 'bench-%'`,
      );
      longest = Math.max(longest, rows[0]?.ms ?? 0);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return longest;
    },
  };
}
