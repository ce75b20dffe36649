// Plan limits hold for any feature, under concurrent creates.
import { afterAll, describe, expect, it } from "vitest";
import { createWithinPlanLimit } from "@/lib/billing/plan-limits";
import { getDb } from "@/lib/db";
import { PlanLimitError } from "@/lib/errors";
import { newUser } from "@/test/support/users";

const db = getDb();
afterAll(() => db.$disconnect());

const createPost = ({ id: authorId, organizationId }: { id: string; organizationId: string }, limit: number) =>
  createWithinPlanLimit(organizationId, {
    limit: () => limit,
    noun: "notes",
    count: (tx) => tx.post.count({ where: { organizationId } }),
    create: (tx) => tx.post.create({ data: { authorId, organizationId, title: "x" } }),
  });

describe("createWithinPlanLimit", () => {
  it("creates up to the plan's number, then refuses with a PlanLimitError that says the limit", async () => {
    const user = await newUser(`limits-${Date.now()}@example.com`);
    await createPost(user, 2);
    await createPost(user, 2);
    await expect(createPost(user, 2)).rejects.toThrow(new PlanLimitError("Your plan allows 2 notes. Delete some, or upgrade."));
    expect(await db.post.count({ where: { authorId: user.id } })).toBe(2);
  });

  it("lets exactly the limit through when many creates race", async () => {
    const user = await newUser(`race-${Date.now()}@example.com`);
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => createPost(user, 3)));
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(3);
    expect(await db.post.count({ where: { authorId: user.id } })).toBe(3);
  });

  it("reads the limit from the organization's plan", async () => {
    const user = await newUser(`plan-${Date.now()}@example.com`, { plan: "pro" });
    const seen: string[] = [];
    await createWithinPlanLimit(user.organizationId, {
      limit: (plan) => (seen.push(plan.id), 1),
      noun: "notes",
      count: async () => 0,
      create: async () => null,
    });
    expect(seen).toEqual(["pro"]);
  });
});
