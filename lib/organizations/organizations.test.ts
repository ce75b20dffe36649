// Creating, renaming and deleting organizations, on this file's own database (and a fake Stripe for
// the subscription a deleted organization had).
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { getDb } from "@/lib/db";
import { findMemberOrganization } from "@/lib/organizations/active";
import {
  createOrganization,
  createOrganizationSchema,
  deleteOrganization,
  renameOrganization,
  renameOrganizationSchema,
  SlugTakenError,
  soleMemberOrganizations,
} from "@/lib/organizations/organizations";
import type { Actor } from "@/lib/organizations/permissions";
import { billingAgainst, PRO_PRICES } from "@/test/support/billing";
import { startFakeStripe, type FakeStripe } from "@/test/support/fake-stripe";
import { subscriptionObject } from "@/test/support/stripe-objects";
import { auditTrail } from "@/test/support/audit";
import { deleteAccount } from "@/lib/users/profile";
import { newUser } from "@/test/support/users";

const stripe = vi.hoisted(() => ({ billing: null as unknown }));
vi.mock("@/lib/billing/stripe", async (original) => ({ ...(await original<object>()), getBilling: () => stripe.billing }));

const db = getDb();
let fake: FakeStripe;

beforeAll(async () => {
  fake = await startFakeStripe();
  stripe.billing = billingAgainst(fake);
});
afterAll(async () => {
  await fake.stop();
  await db.$disconnect();
});

let people = 0;
const person = () => newUser(`org-${++people}-${Date.now()}@example.com`);
const unique = () => `${Date.now().toString(36)}${++people}`;

/** A new team organization of `owner`'s, and them acting for it as its owner. */
async function team(owner: { id: string }, name = `Team ${unique()}`) {
  const { id, slug } = await createOrganization(owner.id, createOrganizationSchema.parse({ name }));
  const actor: Actor = { userId: owner.id, organizationId: id, role: "owner" };
  return { id, slug, name, actor };
}

/** What zod says about `input`'s fields; {} when it is valid. */
const fieldErrors = (schema: z.ZodType, input: unknown): Record<string, string[] | undefined> => {
  const parsed = schema.safeParse(input);
  return parsed.success ? {} : z.flattenError(parsed.error).fieldErrors;
};

describe("createOrganization", () => {
  it("makes the creator its owner, on the free plan, with a slug made from the name, the next free one when it is taken", async () => {
    const owner = await person();
    const base = `acme-${unique()}`;
    const first = await createOrganization(owner.id, createOrganizationSchema.parse({ name: base }));
    const second = await createOrganization(owner.id, createOrganizationSchema.parse({ name: base, slug: "" }));
    expect([first.slug, second.slug]).toEqual([base, `${base}-2`]);
    expect(await db.membership.findMany({ where: { organizationId: first.id }, select: { userId: true, role: true } })).toEqual([
      { userId: owner.id, role: "owner" },
    ]);
    expect(await db.organization.findUniqueOrThrow({ where: { id: first.id }, select: { personalOwnerId: true } })).toEqual({ personalOwnerId: null });
    expect(await db.subscription.findUnique({ where: { organizationId: first.id }, select: { plan: true, status: true } })).toEqual({
      plan: "free",
      status: "active",
    });
  });

  it("takes the slug the user chose, and refuses one another organization holds", async () => {
    const owner = await person();
    const chosen = `chosen-${unique()}`;
    expect((await createOrganization(owner.id, createOrganizationSchema.parse({ name: "Mine", slug: chosen }))).slug).toBe(chosen);
    const before = await db.organization.count();
    await expect(createOrganization(owner.id, createOrganizationSchema.parse({ name: "Again", slug: chosen }))).rejects.toThrow(new SlugTakenError(chosen));
    expect(await db.organization.count()).toBe(before);
  });

  it("never makes a slug of a reserved word or of look-alike letters from the name", async () => {
    const owner = await person();
    expect((await team(owner, "Settings")).slug).toMatch(/^settings-\d$/);
    // Cyrillic а and е only: nothing Latin to make an address of.
    expect((await team(owner, "\u0430\u0435")).slug).toMatch(/^org(-\d)?$/);
  });
});

describe("hostile slugs", () => {
  it.each([
    ["new", "“new” is reserved"],
    ["settings", "“settings” is reserved"],
    ["api", "“api” is reserved"],
    ["api-keys", "“api-keys” is reserved"],
    ["\u0430cme", "Use lowercase letters"],
    ["ACME", "Use lowercase letters"],
    ["a".repeat(1_000), "Use 3 to 40 characters."],
    ["../x", "Use lowercase letters"],
  ])("refuses %j with a form error, on create and on rename", (slug, problem) => {
    for (const schema of [createOrganizationSchema, renameOrganizationSchema]) {
      expect(fieldErrors(schema, { name: "Fine", slug }).slug?.[0]).toContain(problem);
    }
  });

  it("refuses a 1,000-character name", () => {
    expect(fieldErrors(renameOrganizationSchema, { name: "n".repeat(1_000), slug: "fine" })).toEqual({ name: ["Use 80 characters at most."] });
  });

  it("refuses an existing slug on rename, and changes nothing", async () => {
    const owner = await person();
    const [mine, theirs] = [await team(owner), await team(await person())];
    await expect(renameOrganization(mine.actor, { name: "Renamed", slug: theirs.slug })).rejects.toThrow(new SlugTakenError(theirs.slug));
    expect(await db.organization.findUniqueOrThrow({ where: { id: mine.id }, select: { name: true, slug: true } })).toEqual({
      name: mine.name,
      slug: mine.slug,
    });
    expect(await db.organizationPreviousSlug.count({ where: { organizationId: mine.id } })).toBe(0);
  });
});

describe("renameOrganization", () => {
  it("changes the name and slug, and the old slug still finds the organization", async () => {
    const owner = await person();
    const { id, slug: old, actor } = await team(owner);
    const renamed = `renamed-${unique()}`;
    expect(await renameOrganization(actor, { name: "Renamed Inc.", slug: renamed })).toEqual({ slug: renamed });
    expect(await db.organization.findUniqueOrThrow({ where: { id }, select: { name: true, slug: true } })).toEqual({ name: "Renamed Inc.", slug: renamed });
    expect(await findMemberOrganization(owner.id, old)).toMatchObject({ id, slug: renamed });
  });

  it("keeps an old slug from every other organization, but lets its own organization take it back", async () => {
    const owner = await person();
    const { id, slug: old, actor } = await team(owner);
    await renameOrganization(actor, { name: "Moved", slug: `moved-${unique()}` });
    const other = await team(await person());
    await expect(renameOrganization(other.actor, { name: "Squatter", slug: old })).rejects.toThrow(SlugTakenError);
    await expect(createOrganization(other.actor.userId, { name: "Squatter", slug: old })).rejects.toThrow(SlugTakenError);
    await renameOrganization(actor, { name: "Back", slug: old });
    expect(await db.organization.findUniqueOrThrow({ where: { id }, select: { slug: true } })).toEqual({ slug: old });
    expect(await db.organizationPreviousSlug.findUnique({ where: { slug: old } })).toBeNull();
  });

  it("records a rename in the audit log, from and to: not a refused one, nor saving it unchanged", async () => {
    const owner = await person();
    const { id, slug, name, actor } = await team(owner);
    const other = await team(await person());
    await expect(renameOrganization(actor, { name: "Taken", slug: other.slug })).rejects.toThrow(SlugTakenError);
    await renameOrganization(actor, { name, slug });
    const renamed = `renamed-${unique()}`;
    await renameOrganization(actor, { name: "Renamed Inc.", slug: renamed });
    expect(await auditTrail(id)).toEqual([
      { actorId: owner.id, action: "organization.renamed", details: { from: { name, slug }, to: { name: "Renamed Inc.", slug: renamed } } },
    ]);
  });
});

describe("deleteOrganization", () => {
  it("cancels its Stripe subscription, then deletes it with its posts, keys and memberships", async () => {
    const owner = await person();
    const doomed = await team(owner);
    await db.post.create({ data: { authorId: owner.id, organizationId: doomed.id, title: "goes" } });
    const subscription = await payingForPro(doomed.id);

    await deleteOrganization(doomed.actor, { confirmation: doomed.name });

    expect(fake.countRequests("DELETE", new RegExp(`^/v1/subscriptions/${subscription.id}$`))).toBe(1);
    expect(await db.organization.count({ where: { id: doomed.id } })).toBe(0);
    expect(await db.post.count({ where: { organizationId: doomed.id } })).toBe(0);
    expect(await db.membership.count({ where: { organizationId: doomed.id } })).toBe(0);
  });

  it("needs its name typed, and deletes nothing otherwise", async () => {
    const owner = await person();
    const kept = await team(owner);
    await expect(deleteOrganization(kept.actor, { confirmation: "DELETE" })).rejects.toThrow(`Type the organization's name, ${kept.name}, to confirm.`);
    expect(await db.organization.count({ where: { id: kept.id } })).toBe(1);
  });

  it("refuses a personal organization: it goes only with its user", async () => {
    const owner = await person();
    const personal = await db.organization.findUniqueOrThrow({ where: { id: owner.organizationId }, select: { name: true } });
    await expect(deleteOrganization(owner.actor, { confirmation: personal.name })).rejects.toThrow("deleted only with your account");
    expect(await db.organization.count({ where: { id: owner.organizationId } })).toBe(1);
  });

  it("deletes nothing when Stripe cannot cancel the subscription", async () => {
    const owner = await person();
    const kept = await team(owner);
    await payingForPro(kept.id);
    fake.failNext("DELETE", /^\/v1\/subscriptions\//, 500);
    await expect(deleteOrganization(kept.actor, { confirmation: kept.name })).rejects.toThrow("nothing was deleted");
    expect(await db.organization.count({ where: { id: kept.id } })).toBe(1);
  });
});

describe("deleting an account: the organizations only its user was a member of go with it", () => {
  it("deletes them, cancelling their Stripe subscriptions as deleting an organization does; the others stay", async () => {
    const owner = await person();
    const alone = await team(owner);
    const paid = await payingForPro(alone.id);
    await db.post.create({ data: { authorId: owner.id, organizationId: alone.id, title: "goes" } });
    const shared = await team(owner);
    const partner = await person();
    await db.membership.create({ data: { organizationId: shared.id, userId: partner.id, role: "owner" } });
    expect(await soleMemberOrganizations(owner.id)).toEqual([{ id: alone.id, name: alone.name }]);

    await deleteAccount(owner.id);

    expect(fake.countRequests("DELETE", new RegExp(`^/v1/subscriptions/${paid.id}$`))).toBe(1);
    expect(await db.organization.count({ where: { id: alone.id } })).toBe(0);
    expect(await db.subscription.count({ where: { organizationId: alone.id } })).toBe(0);
    expect(await db.post.count({ where: { organizationId: alone.id } })).toBe(0);
    expect(await db.membership.findMany({ where: { organizationId: shared.id }, select: { userId: true } })).toEqual([{ userId: partner.id }]);
  });

  it("deletes nothing when Stripe cannot cancel one of their subscriptions", async () => {
    const owner = await person();
    const alone = await team(owner);
    await payingForPro(alone.id);
    fake.failNext("DELETE", /^\/v1\/subscriptions\//, 500);
    await expect(deleteAccount(owner.id)).rejects.toThrow("nothing was deleted");
    expect(await db.organization.count({ where: { id: alone.id } })).toBe(1);
    expect(await db.user.count({ where: { id: owner.id } })).toBe(1);
  });

  it("still refuses, deleting nothing, while they are the only owner of an organization with other members", async () => {
    const owner = await person();
    const alone = await team(owner);
    const shared = await team(owner);
    await db.membership.create({ data: { organizationId: shared.id, userId: (await person()).id, role: "member" } });
    await expect(deleteAccount(owner.id)).rejects.toThrow("only owner of organizations with other members");
    expect(await db.organization.count({ where: { id: { in: [alone.id, shared.id] } } })).toBe(2);
  });
});

/** The organization on Pro: its subscription in the fake Stripe, and its row saying so. */
async function payingForPro(organizationId: string) {
  const customer = `cus_org_${unique()}`;
  const subscription = subscriptionObject({ customer, priceId: PRO_PRICES.monthly });
  fake.setSubscription(subscription);
  await db.subscription.update({
    where: { organizationId },
    data: { stripeCustomerId: customer, stripeSubscriptionId: subscription.id, plan: "pro", status: "active" },
  });
  return subscription;
}
