// A burst within the plan's limits must not break anyone: 300 POST /api/v1/posts at concurrency
// 150 from one Pro key, through the route handlers, on a small pool, while another user writes.
import { afterAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/lib/db";
import { callApi, userWithKey } from "@/test/support/api";
import { BUDGET_MS, budgetFor } from "@/test/support/budgets";

vi.hoisted(() => {
  process.env.DATABASE_POOL_SIZE = "4";
});

const db = getDb();
afterAll(() => db.$disconnect());

const BURST = { requests: 300, concurrency: 150 };

describe("a burst of writes by one user", () => {
  it(
    "never answers 5xx, to the burst or to anyone else, and leaves the other user's writes untouched",
    async () => {
      const burst = await userWithKey("pro");
      const other = await userWithKey("pro");
      const burstStatuses: number[] = [];
      const otherStatuses: number[] = [];
      let sent = 0;
      let bursting = true;

      const burstWorker = async () => {
        while (sent < BURST.requests) {
          sent++;
          burstStatuses.push((await callApi("/api/v1/posts", { key: burst.key, method: "POST", body: { title: `burst ${sent}` } })).status);
        }
      };
      // The other user writes one post at a time for as long as the burst lasts.
      const otherWriter = async () => {
        while (bursting) otherStatuses.push((await callApi("/api/v1/posts", { key: other.key, method: "POST", body: { title: "other" } })).status);
      };

      const writer = otherWriter();
      await Promise.all(Array.from({ length: BURST.concurrency }, burstWorker));
      bursting = false;
      await writer;

      expect(burstStatuses).toHaveLength(BURST.requests);
      expect(burstStatuses.filter((status) => status >= 500)).toEqual([]);
      expect(burstStatuses.every((status) => status === 201 || status === 429)).toBe(true);
      expect(await db.post.count({ where: { authorId: burst.user.id } })).toBe(burstStatuses.filter((status) => status === 201).length);
      expect(otherStatuses.length).toBeGreaterThan(0);
      expect(otherStatuses.filter((status) => status !== 201)).toEqual([]);
    },
    budgetFor(BUDGET_MS.databaseWork),
  );
});
