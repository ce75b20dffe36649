import { afterAll, describe, expect, it } from "vitest";
import { consumeRateLimit, MAX_WINDOW_MS, pruneOldWindows, rateLimitHeaders, storedKey, WINDOW_MS } from "@/lib/rate-limit/rate-limit";
import { getDb } from "@/lib/db";

const db = getDb();
afterAll(() => db.$disconnect());

describe("consumeRateLimit", () => {
  it("lets exactly L of N concurrent requests through, whatever the interleaving", async () => {
    const now = Date.now();
    for (const [n, limit] of [
      [50, 20],
      [30, 1],
      [40, 40],
    ] as const) {
      const key = `concurrent-${n}-${limit}-${Math.random()}`;
      const decisions = await Promise.all(Array.from({ length: n }, () => consumeRateLimit(key, limit, { now })));
      expect(
        decisions.filter((d) => d.allowed),
        `${n} at ${limit}`,
      ).toHaveLength(limit);
      expect(decisions.filter((d) => !d.allowed)).toHaveLength(n - limit);
    }
  });

  it("counts per key, and weighs the previous window in for the part of it still within the last minute", async () => {
    const start = Math.floor(Date.now() / WINDOW_MS) * WINDOW_MS;
    const key = `window-${Math.random()}`;
    expect(await consumeRateLimit(key, 2, { now: start + 1000 })).toMatchObject({ allowed: true, remaining: 1, resetSeconds: 59 });
    expect(await consumeRateLimit(key, 2, { now: start + 2000 })).toMatchObject({ allowed: true, remaining: 0 });
    // Refused: the 3 requests of this window fade out over the next one; one more passes once they weigh 1 or less.
    expect(await consumeRateLimit(key, 2, { now: start + 3000 })).toMatchObject({ allowed: false, remaining: 0, resetSeconds: 97 });
    expect((await consumeRateLimit(`other-${key}`, 2, { now: start + 3000 })).allowed).toBe(true);
    expect((await consumeRateLimit(key, 2, { now: start + WINDOW_MS + 1000 })).allowed).toBe(false); // 1 + 3 × 59/60
    expect(await consumeRateLimit(key, 2, { now: start + 2 * WINDOW_MS + 1000 })).toMatchObject({ allowed: true, remaining: 0 }); // 1 + 1 × 59/60
  });

  it("lets about the limit through across a window boundary, where a fixed window would let twice as much", async () => {
    const boundary = Math.ceil(Date.now() / WINDOW_MS) * WINDOW_MS;
    const key = `boundary-${Math.random()}`;
    const limit = 60;
    const burst = (now: number) => Promise.all(Array.from({ length: limit }, () => consumeRateLimit(key, limit, { now })));
    const passed = [...(await burst(boundary - 500)), ...(await burst(boundary + 500))].filter((decision) => decision.allowed).length;
    expect(passed).toBe(limit);
  });

  it("describes itself in RateLimit headers, with Retry-After once exceeded", () => {
    expect(rateLimitHeaders({ allowed: true, limit: 60, remaining: 59, resetSeconds: 12, windowSeconds: 60 })).toEqual({
      "RateLimit-Limit": "60",
      "RateLimit-Remaining": "59",
      "RateLimit-Reset": "12",
      "RateLimit-Policy": "60;w=60",
    });
    expect(rateLimitHeaders({ allowed: false, limit: 60, remaining: 0, resetSeconds: 12, windowSeconds: 60 })).toMatchObject({ "Retry-After": "12" });
  });

  it("counts in longer windows too, and refuses a window longer than the longest", async () => {
    const windowMs = 15 * WINDOW_MS;
    const start = Math.floor(Date.now() / windowMs) * windowMs;
    const key = `long-${Math.random()}`;
    expect(await consumeRateLimit(key, 1, { now: start + 1000, windowMs })).toMatchObject({ allowed: true, resetSeconds: 899, windowSeconds: 900 });
    // With a limit of 1, the next request passes once both have faded out: at the end of the next window.
    expect(await consumeRateLimit(key, 1, { now: start + 14 * WINDOW_MS, windowMs })).toMatchObject({ allowed: false, resetSeconds: 960 });
    await expect(consumeRateLimit(key, 1, { windowMs: 2 * MAX_WINDOW_MS })).rejects.toThrow(/must divide/);
  });

  it("prunes windows that are over, and only those", async () => {
    const old = `old-${Math.random()}`;
    const live = `live-${Math.random()}`;
    await consumeRateLimit(old, 10, { now: Date.now() - 3 * MAX_WINDOW_MS });
    await consumeRateLimit(live, 10, { now: Date.now(), windowMs: MAX_WINDOW_MS });
    await pruneOldWindows();
    expect(await db.rateLimitWindow.count({ where: { key: old } })).toBe(0);
    expect(await db.rateLimitWindow.count({ where: { key: live } })).toBe(1);
  });

  it("counts keys of any length and content in rows PostgreSQL can index, alongside everyone else's", async () => {
    const now = Date.now();
    const hostile = [
      `sign-in-email:${"a".repeat(8000)}@example.com`,
      `sign-in-ip:${"9".repeat(20_000)}`,
      "sign-in-email:nul\u0000@example.com",
      "é".repeat(3000),
    ];
    const legitimate = Array.from({ length: 20 }, (_, i) => `user:legit-${i}-${Math.random()}`);
    const decisions = await Promise.all([...hostile, ...legitimate, ...hostile].map((key) => consumeRateLimit(key, 1, { now })));
    expect(decisions.map((decision) => decision.allowed)).toEqual([...hostile.map(() => true), ...legitimate.map(() => true), ...hostile.map(() => false)]);
    for (const key of hostile) expect(storedKey(key)).toMatch(/^([a-z-]+:)?sha256:[\w-]{43}$/);
    expect(storedKey(legitimate[0]!)).toBe(legitimate[0]);
  });
});
