// The rate-limit counter: increments a (key, window) row in PostgreSQL and returns its new value,
// with the count of the key's previous window (what a sliding window weighs in). Increments that arrive while a statement is in flight are grouped into the next one, which adds
// n to each row in one statement (for many keys at once) and hands the n requests the n
// consecutive counts: as exact as one statement per request, with far fewer statements under load.
// Each statement is atomic, so the count is exact across any number of server instances.
// A batch shares its statement, never its fate: when the statement fails, each row is retried in a
// statement of its own, so a row PostgreSQL refuses fails only the requests that asked for it.
// An API request also counts in its user's API usage of the day (the ApiUsageDay table, read by
// lib/usage): in the same statement, so counting usage costs no round trip of its own.

export type Increment = {
  key: string;
  windowStart: number;
  previousWindowStart: number;
  /** The user whose API usage of the day this request counts in (an authenticated API request), if any. */
  apiUsageOf?: string;
};
/** A request's count in its window, and the count its key ended the previous window with. */
export type Counted = { count: number; previous: number };
/** API requests to add to users' days: `amounts[i]` to user `userIds[i]` on the UTC day starting at `days[i]` (epoch ms). */
export type ApiUsageIncrements = { userIds: string[]; days: number[]; amounts: number[] };

/**
 * Runs the statement: adds `amounts[i]` to row (keys[i], windowStarts[i]); returns the new counts by
 * row, each with the count of row (keys[i], previousWindowStarts[i]) (0 when there is none). Adds
 * `usage` to the users' days in the same statement.
 */
export type ExecuteIncrements = (
  keys: string[],
  windowStarts: number[],
  amounts: number[],
  previousWindowStarts: number[],
  usage: ApiUsageIncrements,
) => Promise<{ key: string; windowStart: number; count: number; previous: number }[]>;

const DAY_MS = 24 * 60 * 60 * 1000;

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
      apiUsageOf(rows.flat()),
    );
    const byId = new Map(counts.map((row) => [`${row.windowStart}\u0000${row.key}`, { total: row.count, previous: row.previous }]));
    return rows.map((group) => {
      const outcome = byId.get(`${group[0]!.windowStart}\u0000${group[0]!.key}`);
      if (outcome === undefined) throw new Error("the counter statement returned no row for a key");
      return outcome;
    });
  }

  return function increment(key: string, windowStart: number, previousWindowStart: number, apiUsageOf?: string): Promise<Counted> {
    return new Promise((resolve, reject) => {
      queue.push({ key, windowStart, previousWindowStart, apiUsageOf, resolve, reject });
      if (!flushing) void flush();
    });
  };
}

/**
 * The API requests among `requests`, summed by user and UTC day (a window never spans two days: every
 * window divides a day), sorted by user and day: two statements take the rows' locks in one order,
 * so they never wait on each other in a cycle.
 */
function apiUsageOf(requests: Increment[]): ApiUsageIncrements {
  const byUserDay = new Map<string, { userId: string; day: number; amount: number }>();
  for (const { apiUsageOf: userId, windowStart } of requests) {
    if (userId === undefined) continue;
    const day = Math.floor(windowStart / DAY_MS) * DAY_MS;
    const id = `${userId}\u0000${day}`;
    const entry = byUserDay.get(id);
    if (entry) entry.amount++;
    else byUserDay.set(id, { userId, day, amount: 1 });
  }
  const entries = [...byUserDay.values()].sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : a.day - b.day));
  return { userIds: entries.map((entry) => entry.userId), days: entries.map((entry) => entry.day), amounts: entries.map((entry) => entry.amount) };
}

/**
 * The statement, for PostgreSQL: window starts travel as epoch milliseconds and are stored as UTC.
 * The previous windows are read in the same statement (as they were before it: a key's previous
 * window is never counted in the same batch, which only holds current windows). The API usage upsert
 * is a data-modifying CTE the query does not read: PostgreSQL runs it to completion after the rest,
 * so every statement locks its rate-limit rows first, then its usage rows. A usage row of a user who
 * no longer exists fails the statement with a foreign key violation (what lib/api/handler.ts answers 401).
 */
export const INCREMENT_SQL = `WITH input AS (
    SELECT k, to_timestamp(w / 1000.0) AT TIME ZONE 'UTC' AS w, to_timestamp(p / 1000.0) AT TIME ZONE 'UTC' AS p, n
    FROM unnest($1::text[], $2::bigint[], $3::int[], $4::bigint[]) AS t(k, w, n, p)
  ), usage AS (
    INSERT INTO "ApiUsageDay" ("userId", "day", "count")
    SELECT u, (to_timestamp(d / 1000.0) AT TIME ZONE 'UTC')::date, n FROM unnest($5::text[], $6::bigint[], $7::int[]) WITH ORDINALITY AS t(u, d, n, i) ORDER BY i
    ON CONFLICT ("userId", "day") DO UPDATE SET "count" = "ApiUsageDay"."count" + EXCLUDED."count"
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
