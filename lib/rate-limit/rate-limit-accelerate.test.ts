// With Prisma Accelerate there is no pg pool: the counter goes through Prisma, with the same exactness.
import { afterAll, describe, expect, it, vi } from "vitest";

vi.mock("@/lib/db", async (importOriginal) => ({ ...(await importOriginal<typeof import("@/lib/db")>()), getPgPool: () => undefined }));

const { consumeRateLimit } = await import("@/lib/rate-limit/rate-limit");
const { getDb } = await import("@/lib/db");
afterAll(() => getDb().$disconnect());

describe("consumeRateLimit without a pg pool", () => {
  it("still lets exactly L of N concurrent requests through", async () => {
    const key = `prisma-path-${Math.random()}`;
    const now = Date.now();
    const decisions = await Promise.all(Array.from({ length: 30 }, () => consumeRateLimit(key, 12, { now })));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(12);
  });

  it("counts API requests in their user's day in the same statement", async () => {
    const user = await getDb().user.create({ data: { email: `prisma-path-${Math.random()}@example.com` } });
    await Promise.all(Array.from({ length: 5 }, () => consumeRateLimit(`user:${user.id}`, 60, { apiUsageOf: user.id })));
    expect(await getDb().apiUsageDay.findMany({ where: { userId: user.id }, select: { count: true } })).toEqual([{ count: 5 }]);
  });
});
