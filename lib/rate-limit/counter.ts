// The rate-limit counter: increments a (key, window) row in PostgreSQL and returns its new value,
// with the count of the key's previous window (what a sliding window weighs in). Increments that arrive while a statement is in flight are grouped into the next one, which adds
// n to each row in one statement (for many keys at once) and hands the n requests the n
// consecutive counts: as exact as one statement per request, with far fewer statements under load.
// Each statement is atomic, so the count is exact across any number of server instances.
// A batch shares its statement, never its fate: when the statement fails, each row is retried in a
// statement of its own, so a row PostgreSQL refuses fails only the requests that asked for it.

export type Increment = { key: string; windowStart: number; previousWindowStart: number };
/** A request's count in its window, and the count its key ended the previous window with. */
export type Counted = { count: number; previous: number };
/**
 * Runs the statement: adds `amounts[i]` to row (keys[i], windowStarts[i]); returns the new counts by
 * row, each with the count of row (keys[i], previousWindowStarts[i]) (0 when there is none).
 */
export type ExecuteIncrements = (
  keys: string[],
  windowStarts: number[],
  amounts: number[],
  previousWindowStarts: number[],
) => Promise<{ key: string; windowStart: number; count: number; previous: number }[]>;

type Waiter = Increment & { resolve(counted: Counted): void; reject(error: unknown): void };
/** A row's new count, or why the database refused it. */
type Outcome = { total: number; previous: number } | { error: unknown };

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
        else group.forEach((waiter, index) => waiter.resolve({ count: outcome.total - group.length + 1 + index, previous: outcome.previous }));
      });
    }
    flushing = false;
  }

  /** One statement for all the rows; when it fails, one statement per row, so the rows that fail fail alone. */
  async function count(rows: Waiter[][]): Promise<Outcome[]> {
    try {
      return await statement(rows);
    } catch (error) {
      if (rows.length === 1) return [{ error }];
      return Promise.all(
        rows.map((group) =>
          statement([group]).then(
            ([outcome]) => outcome!,
            (rowError: unknown) => ({ error: rowError }),
          ),
        ),
      );
    }
  }

  async function statement(rows: Waiter[][]): Promise<{ total: number; previous: number }[]> {
    const counts = await execute(
      rows.map((group) => group[0]!.key),
      rows.map((group) => group[0]!.windowStart),
      rows.map((group) => group.length),
      rows.map((group) => group[0]!.previousWindowStart),
    );
    const byId = new Map(counts.map((row) => [`${row.windowStart}\u0000${row.key}`, { total: row.count, previous: row.previous }]));
    return rows.map((group) => {
      const outcome = byId.get(`${group[0]!.windowStart}\u0000${group[0]!.key}`);
      if (outcome === undefined) throw new Error("the counter statement returned no row for a key");
      return outcome;
    });
  }

  return function increment(key: string, windowStart: number, previousWindowStart: number): Promise<Counted> {
    return new Promise((resolve, reject) => {
      queue.push({ key, windowStart, previousWindowStart, resolve, reject });
      if (!flushing) void flush();
    });
  };
}

/**
 * The statement, for PostgreSQL: window starts travel as epoch milliseconds and are stored as UTC.
 * The previous windows are read in the same statement (as they were before it: a key's previous
 * window is never counted in the same batch, which only holds current windows).
 */
export const INCREMENT_SQL = `WITH input AS (
    SELECT k, to_timestamp(w / 1000.0) AT TIME ZONE 'UTC' AS w, to_timestamp(p / 1000.0) AT TIME ZONE 'UTC' AS p, n
    FROM unnest($1::text[], $2::bigint[], $3::int[], $4::bigint[]) AS t(k, w, n, p)
  ), counted AS (
    INSERT INTO "RateLimitWindow" ("key", "windowStart", "count") SELECT k, w, n FROM input
    ON CONFLICT ("key", "windowStart") DO UPDATE SET "count" = "RateLimitWindow"."count" + EXCLUDED."count"
    RETURNING "key", "windowStart", "count"
  )
  SELECT counted."key", (extract(epoch FROM counted."windowStart" AT TIME ZONE 'UTC') * 1000)::bigint AS "windowStart", counted."count",
    coalesce(previous."count", 0) AS "previous"
  FROM counted
  JOIN input ON input.k = counted."key" AND input.w = counted."windowStart"
  LEFT JOIN "RateLimitWindow" previous ON previous."key" = input.k AND previous."windowStart" = input.p`;
