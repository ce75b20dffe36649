import { describe, expect, it } from "vitest";
import { createCounter, type ApiUsageIncrements, type ExecuteIncrements } from "@/lib/rate-limit/counter";

/** An in-memory stand-in for the statement, counting how often it runs; it fails, as a whole, on a row with a `refused` key. */
function fakeStatement({ refused = new Set<string>() } = {}) {
  const rows = new Map<string, number>();
  const calls: number[] = [];
  const execute: ExecuteIncrements = async (keys, windowStarts, amounts, previousWindowStarts) => {
    calls.push(keys.length);
    await new Promise((resolve) => setTimeout(resolve, 5)); // a round trip
    const bad = keys.find((key) => refused.has(key));
    if (bad !== undefined) throw new Error(`index row size exceeds the maximum for "${bad}"`);
    return keys.map((key, i) => {
      const id = `${windowStarts[i]}/${key}`;
      rows.set(id, (rows.get(id) ?? 0) + amounts[i]!);
      return { key, windowStart: windowStarts[i]!, count: rows.get(id)!, previous: rows.get(`${previousWindowStarts[i]}/${key}`) ?? 0 };
    });
  };
  return { execute, calls };
}

/** The counter over minute windows, answering each request's count. */
function minuteCounter(execute: ExecuteIncrements) {
  const increment = createCounter(execute);
  return async (key: string, windowStart: number) => (await increment(key, windowStart, windowStart - 60_000)).count;
}

describe("the rate-limit counter", () => {
  it("hands every concurrent request its own consecutive count, with far fewer statements", async () => {
    const { execute, calls } = fakeStatement();
    const increment = minuteCounter(execute);
    const counts = await Promise.all(Array.from({ length: 100 }, () => increment("a", 0)));
    expect([...counts].sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(calls.length).toBeLessThanOrEqual(2); // the first alone, the other 99 together
  });

  it("groups different keys and windows into one statement, each with its own count", async () => {
    const { execute, calls } = fakeStatement();
    const increment = minuteCounter(execute);
    await increment("warm-up", 0);
    const results = await Promise.all([increment("a", 0), increment("b", 0), increment("a", 0), increment("a", 60_000)]);
    expect(results.slice(0, 3).sort()).toEqual([1, 1, 2]);
    expect(results[3]).toBe(1);
    // The first request goes at once, alone; the three arriving meanwhile share the next statement.
    expect(calls).toEqual([1, 1, 3]);
  });

  it("rejects the requests of a failed statement, and keeps counting after", async () => {
    let fail = true;
    const { execute } = fakeStatement();
    const increment = minuteCounter(async (...args) => {
      if (fail) {
        fail = false;
        throw new Error("connection lost");
      }
      return execute(...args);
    });
    await expect(increment("a", 0)).rejects.toThrow("connection lost");
    expect(await increment("a", 0)).toBe(1);
  });

  it("fails only the requests of a row the database refuses: every other row of its batch is counted, exactly", async () => {
    const { execute, calls } = fakeStatement({ refused: new Set(["hostile"]) });
    const increment = minuteCounter(execute);
    const legitimate = ["a", "b", "a", "c", "a"].map((key) => increment(key, 0));
    const hostile = [increment("hostile", 0), increment("hostile", 0)];
    const settled = await Promise.allSettled([...legitimate, ...hostile]);
    expect(settled.slice(0, 5).map((result) => (result.status === "fulfilled" ? result.value : result.reason))).toEqual([1, 1, 2, 1, 3]);
    for (const result of settled.slice(5)) expect(result).toMatchObject({ status: "rejected", reason: expect.any(Error) });
    // The first request went alone; the shared statement of the others failed, then each of its four rows went alone.
    expect(calls).toEqual([1, 4, 1, 1, 1, 1]);
    expect(await increment("a", 0)).toBe(4); // nothing was counted twice
  });

  it("sums the API requests of a statement by user and UTC day, in one order, and only theirs", async () => {
    const usages: ApiUsageIncrements[] = [];
    const { execute } = fakeStatement();
    const increment = createCounter(async (...args) => {
      usages.push(args[4]);
      return execute(...args);
    });
    const day = 86_400_000;
    await Promise.all([
      increment("user:b", 10 * day, 10 * day - 60_000, "b"), // goes at once, alone
      increment("user:b", 10 * day, 10 * day - 60_000, "b"),
      increment("user:a", 10 * day, 10 * day - 60_000, "a"),
      increment("user:b", 10 * day, 10 * day - 60_000), // a dashboard action: not an API request
      increment("user:b", 10 * day, 10 * day - 60_000, "b"),
      increment("user:a", 11 * day - 60_000, 11 * day - 120_000, "a"), // the day's last minute
      increment("user:a", 11 * day, 11 * day - 60_000, "a"), // the next day's first
      increment("sign-in-ip:1.2.3.4", 10 * day, 10 * day - 60_000),
    ]);
    expect(usages).toEqual([
      { userIds: ["b"], days: [10 * day], amounts: [1] },
      { userIds: ["a", "a", "b"], days: [10 * day, 11 * day, 10 * day], amounts: [2, 1, 2] },
    ]);
  });

  it("hands every request the count its key ended the previous window with", async () => {
    const { execute } = fakeStatement();
    const increment = createCounter(execute);
    for (let i = 0; i < 3; i++) await increment("a", 0, -60_000);
    const results = await Promise.all([increment("a", 60_000, 0), increment("a", 60_000, 0), increment("b", 60_000, 0)]);
    expect(results).toEqual([
      { count: 1, previous: 3 },
      { count: 2, previous: 3 },
      { count: 1, previous: 0 },
    ]);
  });
});
