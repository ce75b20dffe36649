import { afterAll, describe, expect, it } from "vitest";
import { PLANS } from "@/lib/billing/plans";
import { getDb } from "@/lib/db";
import { entitlementsOf, getEntitlements } from "@/lib/organizations/entitlements";
import { newUser } from "@/test/support/users";

const db = getDb();
afterAll(() => db.$disconnect());

describe("what an organization's plan allows", () => {
  it("is its subscription's plan's limits; an unknown plan or no subscription is the free plan's", () => {
    expect(entitlementsOf({ plan: "pro" })).toEqual({ plan: PLANS.pro, limits: PLANS.pro.limits });
    expect(entitlementsOf({ plan: "platinum" }).plan).toBe(PLANS.free);
    expect(entitlementsOf(null).limits).toEqual(PLANS.free.limits);
  });

  it("is read from the organization's subscription, whoever its members are", async () => {
    const owner = await newUser(`entitled-${Math.random()}@example.com`, { plan: "pro" });
    const member = await newUser(`member-${Math.random()}@example.com`);
    await db.membership.create({ data: { userId: member.id, organizationId: owner.organizationId, role: "member" } });
    expect((await getEntitlements(owner.organizationId)).plan.id).toBe("pro");
    expect((await getEntitlements(member.organizationId)).plan.id).toBe("free");
  });
});
