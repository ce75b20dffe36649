// Counts the app's connections to its database in pg_stat_activity, every ~100 ms, from a
// connection of the bench's own (left out of the count, as is the bench's seeding pool).
import type pg from "pg";

export type ConnectionSample = { atMs: number; total: number; active: number };

const COUNT_APP_CONNECTIONS = `
  SELECT count(*)::int AS total, count(*) FILTER (WHERE state = 'active')::int AS active
  FROM pg_stat_activity
  WHERE datname = $1
    AND backend_type = 'client backend'
    AND pid <> pg_backend_pid()
    AND application_name NOT LIKE 'bench-%'`;

export async function countAppConnections(client: pg.Client, database: string): Promise<{ total: number; active: number }> {
  const { rows } = await client.query<{ total: number; active: number }>(COUNT_APP_CONNECTIONS, [database]);
  return rows[0]!;
}

export function startSampler(client: pg.Client, database: string, intervalMs = 100) {
  const samples: ConnectionSample[] = [];
  const started = performance.now();
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const before = performance.now();
      samples.push({ atMs: Math.round(before - started), ...(await countAppConnections(client, database)) });
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, intervalMs - (performance.now() - before))));
    }
  })();
  return {
    async stop(): Promise<ConnectionSample[]> {
      stopped = true;
      await loop;
      return samples;
    },
  };
}

export function maxOf(samples: ConnectionSample[]) {
  return samples.reduce((max, sample) => Math.max(max, sample.total), 0);
}
