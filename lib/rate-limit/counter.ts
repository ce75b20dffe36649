// The rate-limit counter: increments a (key, window) row in PostgreSQL and returns its new value.
// Increments that arrive while a statement is in flight are grouped into the next one, which adds
// n to each row in one statement (for many keys at once) and hands the n requests the n
// consecutive counts: as exact as one statement per request, with far fewer statements under load.
// Each statement is atomic, so the count is exact across any number of server instances.
// A batch shares its statement, never its fate: when the statement fails, each row is retried in a
// statement of its own, so a row PostgreSQL refuses fails only the requests that asked for it.

export type Increment = { key: string; windowStart: number };
/** Runs the statement: adds `amounts[i]` to row (keys[i], windowStarts[i]); returns the new counts by row. */
export type ExecuteIncrements = (keys: string[], windowStarts: number[], amounts: number[]) => Promise<{ key: string; windowStart: number; count: number }[]>;

type Waiter = Increment & { resolve(count: number): void; reject(error: unknown): void };
/** A row's new count, or why the database refused it. */
type Outcome = { total: number } | { error: unknown };

export function createCounter(execute: ExecuteIncrements) {
  let queue: Waiter[] = [];
  let flushing = false;

  async function flush() {
    flushing = true;
    while (queue.length > 0) {
      const batch = queue;
      queue = [];
      const groups = new Map<string, Waiter[]>();
      for (const waiter of batch) {
        const id = `${waiter.windowStart}\u0000${waiter.key}`;
        const group = groups.get(id);
        if (group) group.push(waiter);
        else groups.set(id, [waiter]);
      }
      const rows = [...groups.values()];
      const outcomes = await count(rows);
      rows.forEach((group, row) => {
        const outcome = outcomes[row]!;
        if ("error" in outcome) for (const waiter of group) waiter.reject(outcome.error);
        else group.forEach((waiter, index) => waiter.resolve(outcome.total - group.length + 1 + index));
      });
    }
    flushing = false;
  }

  /** One statement for all the rows; when it fails, one statement per row, so the rows that fail fail alone. */
  async function count(rows: Waiter[][]): Promise<Outcome[]> {
    try {
      return (await statement(rows)).map((total) => ({ total }));
    } catch (error) {
      if (rows.length === 1) return [{ error }];
      return Promise.all(
        rows.map((group) =>
          statement([group]).then(
            ([total]) => ({ total: total! }),
            (rowError: unknown) => ({ error: rowError }),
          ),
        ),
      );
    }
  }

  async function statement(rows: Waiter[][]): Promise<number[]> {
    const counts = await execute(
      rows.map((group) => group[0]!.key),
      rows.map((group) => group[0]!.windowStart),
      rows.map((group) => group.length),
    );
    const byId = new Map(counts.map((row) => [`${row.windowStart}\u0000${row.key}`, row.count]));
    return rows.map((group) => {
      const total = byId.get(`${group[0]!.windowStart}\u0000${group[0]!.key}`);
      if (total === undefined) throw new Error("the counter statement returned no row for a key");
      return total;
    });
  }

  return function increment(key: string, windowStart: number): Promise<number> {
    return new Promise((resolve, reject) => {
      queue.push({ key, windowStart, resolve, reject });
      if (!flushing) void flush();
    });
  };
}

/** The statement, for PostgreSQL: window starts travel as epoch milliseconds and are stored as UTC. */
export const INCREMENT_SQL = `INSERT INTO "RateLimitWindow" ("key", "windowStart", "count")
  SELECT k, to_timestamp(w / 1000.0) AT TIME ZONE 'UTC', n FROM unnest($1::text[], $2::bigint[], $3::int[]) AS t(k, w, n)
  ON CONFLICT ("key", "windowStart") DO UPDATE SET "count" = "RateLimitWindow"."count" + EXCLUDED."count"
  RETURNING "key", (extract(epoch FROM "windowStart" AT TIME ZONE 'UTC') * 1000)::bigint AS "windowStart", "count"`;
