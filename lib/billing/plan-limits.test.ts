// Plan limits hold for any feature, under concurrent creates.
import { afterAll, describe, expect, it } from "vitest";
import { createWithinPlanLimit } from "@/lib/billing/plan-limits";
import { getDb } from "@/lib/db";
import { PlanLimitError } from "@/lib/errors";

const db = getDb();
afterAll(() => db.$disconnect());

const createPost = (authorId: string, limit: number) =>
  createWithinPlanLimit(authorId, {
    limit: () => limit,
    noun: "notes",
    count: (tx) => tx.post.count({ where: { authorId } }),
    create: (tx) => tx.post.create({ data: { authorId, title: "x" } }),
  });

describe("createWithinPlanLimit", () => {
  it("creates up to the plan's number, then refuses with a PlanLimitError that says the limit", async () => {
    const user = await db.user.create({ data: { email: `limits-${Date.now()}@example.com` } });
    await createPost(user.id, 2);
    await createPost(user.id, 2);
    await expect(createPost(user.id, 2)).rejects.toThrow(new PlanLimitError("Your plan allows 2 notes. Delete some, or upgrade."));
    expect(await db.post.count({ where: { authorId: user.id } })).toBe(2);
  });

  it("lets exactly the limit through when many creates race", async () => {
    const user = await db.user.create({ data: { email: `race-${Date.now()}@example.com` } });
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => createPost(user.id, 3)));
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(3);
    expect(await db.post.count({ where: { authorId: user.id } })).toBe(3);
  });

  it("reads the limit from the user's plan", async () => {
    const user = await db.user.create({ data: { email: `plan-${Date.now()}@example.com`, subscription: { create: { plan: "pro" } } } });
    const seen: string[] = [];
    await createWithinPlanLimit(user.id, { limit: (plan) => (seen.push(plan.id), 1), noun: "notes", count: async () => 0, create: async () => null });
    expect(seen).toEqual(["pro"]);
  });
});
