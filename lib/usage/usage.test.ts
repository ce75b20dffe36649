// Usage on PostgreSQL: the API requests counted per user and UTC day by the API's own rate-limit
// statement, the 30-day series the dashboard charts, and posts and keys against the plan.
import { afterAll, describe, expect, it } from "vitest";
import { revokeApiKey } from "@/lib/api-keys/keys";
import { getDb } from "@/lib/db";
import { consumeRequest } from "@/lib/rate-limit/per-user";
import { apiRequestsByDay, getAllowances, getUsage } from "@/lib/usage/usage";
import { callApi, userWithKey } from "@/test/support/api";
import { joinOrganization, newUser } from "@/test/support/users";

const db = getDb();
afterAll(() => db.$disconnect());

const DAY = 24 * 60 * 60 * 1000;
const todayOf = (requests: { requests: number }[]) => requests.at(-1)!.requests;

describe("API usage", () => {
  it("counts each authenticated API request on its user's day: two requests make 2, another user's are counted apart", async () => {
    const ada = await userWithKey();
    const grace = await userWithKey();
    expect((await callApi("/api/v1/me", { key: ada.key })).status).toBe(200);
    expect((await callApi("/api/v1/posts", { key: ada.key })).status).toBe(200);
    expect((await callApi("/api/v1/me", { key: grace.key })).status).toBe(200);
    expect((await callApi("/api/v1/me", { key: `${ada.key.slice(0, -1)}x` })).status).toBe(401); // no user: counted nowhere

    expect(todayOf(await apiRequestsByDay(ada.user.id))).toBe(2);
    expect(todayOf(await apiRequestsByDay(grace.user.id))).toBe(1);
  });

  it("counts concurrent requests, which share the rate limiter's statements, exactly", async () => {
    const { user } = await userWithKey("pro");
    await Promise.all(Array.from({ length: 25 }, () => consumeRequest(user.actor, 1000, { apiRequest: true })));
    expect(todayOf(await apiRequestsByDay(user.id))).toBe(25);
  });

  it("does not count a dashboard action, which shares the API's rate limit, as API usage", async () => {
    const { user } = await userWithKey();
    await consumeRequest(user.actor, 60);
    expect(todayOf(await apiRequestsByDay(user.id))).toBe(0);
    await consumeRequest(user.actor, 60, { apiRequest: true });
    expect(todayOf(await apiRequestsByDay(user.id))).toBe(1);
  });

  it("reads the last 30 UTC days oldest first, today last, with 0 on a day without requests", async () => {
    const { user } = await userWithKey();
    const now = new Date("2026-06-15T08:30:00.000Z");
    const daysAgo = (n: number) => new Date(Date.UTC(2026, 5, 15) - n * DAY);
    await db.apiUsageDay.createMany({
      data: [
        { userId: user.id, day: daysAgo(0), count: 7 },
        { userId: user.id, day: daysAgo(5), count: 3 },
        { userId: user.id, day: daysAgo(29), count: 1 },
        { userId: user.id, day: daysAgo(30), count: 100 }, // the 31st day: not shown
      ],
    });
    const series = await apiRequestsByDay(user.id, { now });
    expect(series).toHaveLength(30);
    expect(series[0]).toEqual({ day: "2026-05-17", requests: 1 });
    expect(series[24]).toEqual({ day: "2026-06-10", requests: 3 });
    expect(series[29]).toEqual({ day: "2026-06-15", requests: 7 });
    expect(series.filter((day) => day.requests === 0)).toHaveLength(27);
    expect(series.map((day) => day.day)).toEqual([...new Set(series.map((day) => day.day))].sort());
  });

  it("goes with its user when the account is deleted", async () => {
    const { user, key } = await userWithKey();
    await callApi("/api/v1/me", { key });
    await db.user.delete({ where: { id: user.id } });
    expect(await db.apiUsageDay.count({ where: { userId: user.id } })).toBe(0);
  });
});

describe("usage against the plan", () => {
  it("counts the organization's posts and active keys against its plan's limits", async () => {
    const { user, keyId } = await userWithKey();
    await db.post.createMany({ data: Array.from({ length: 3 }, (_, i) => ({ authorId: user.id, organizationId: user.organizationId, title: `Post ${i}` })) });
    expect(await getUsage(user.actor)).toMatchObject({ plan: { id: "free" }, posts: { used: 3, limit: 10 }, apiKeys: { used: 1, limit: 1 } });

    await revokeApiKey(user.actor, keyId);
    await db.subscription.update({ where: { organizationId: user.organizationId }, data: { plan: "pro" } });
    expect(await getUsage(user.actor)).toMatchObject({ plan: { id: "pro" }, posts: { used: 3, limit: 10_000 }, apiKeys: { used: 0, limit: 10 } });
  });

  it("counts what every member wrote, and nothing the user wrote in another organization", async () => {
    const { user } = await userWithKey();
    const member = await joinOrganization((await newUser(`usage-member-${Math.random()}@example.com`)).id, user.organizationId, "member");
    const elsewhere = await newUser(`usage-elsewhere-${Math.random()}@example.com`);
    await db.post.createMany({
      data: [
        { authorId: member.userId, organizationId: user.organizationId, title: "by a member" },
        { authorId: user.id, organizationId: elsewhere.organizationId, title: "in another organization" },
      ],
    });
    expect(await getAllowances(user.organizationId)).toMatchObject({ posts: { used: 1 } });
  });
});
