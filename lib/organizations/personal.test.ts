import { afterAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { createPersonalOrganization, personalOrganizationId, retryingSlugConflicts } from "@/lib/organizations/personal";
import { createUser } from "@/lib/users/create-user";

const db = getDb();
afterAll(() => db.$disconnect());

let users = 0;
const email = (name: string) => `${name}-${++users}-${Date.now()}@example.com`;

describe("personalOrganizationId", () => {
  it("is the organization created with the user", async () => {
    const user = await createUser(db, { email: email("owner") });
    const organization = await db.organization.findUniqueOrThrow({ where: { personalOwnerId: user.id } });
    expect(await personalOrganizationId(user.id)).toBe(organization.id);
  });

  it("is null for a user from before organizations, until the backfill gives them one", async () => {
    const user = await db.user.create({ data: { email: email("before") } });
    expect(await personalOrganizationId(user.id)).toBeNull();
  });
});

describe("createPersonalOrganization", () => {
  it("takes the first numbered slug that is free", async () => {
    await db.organization.createMany({ data: ["taken", "taken-2"].map((slug) => ({ name: slug, slug })) });
    const user = await db.user.create({ data: { email: email("taken"), name: "Taken" } });
    const organization = await db.$transaction((tx) => createPersonalOrganization(tx, user));
    expect(organization.slug).toBe("taken-3");
  });

  it("refuses a second personal organization for the same user", async () => {
    const user = await createUser(db, { email: email("twice"), name: "Twice" });
    await expect(db.$transaction((tx) => createPersonalOrganization(tx, user))).rejects.toMatchObject({ code: "P2002" });
    expect(await db.organization.count({ where: { personalOwnerId: user.id } })).toBe(1);
  });

  it("is deleted with its user, memberships included", async () => {
    const user = await createUser(db, { email: email("leaving") });
    const organizationId = (await personalOrganizationId(user.id))!;
    await db.user.delete({ where: { id: user.id } });
    expect(await db.organization.count({ where: { id: organizationId } })).toBe(0);
    expect(await db.membership.count({ where: { organizationId } })).toBe(0);
  });
});

describe("retryingSlugConflicts", () => {
  it("runs the transaction again when another organization took the slug meanwhile", async () => {
    await db.organization.create({ data: { name: "Raced", slug: "raced" } });
    const user = await db.user.create({ data: { email: email("raced"), name: "Raced" } });
    let attempts = 0;
    const organization = await retryingSlugConflicts(() =>
      db.$transaction(async (tx) => {
        // The first attempt writes the slug a concurrent sign-up committed after this one read the free ones.
        if (++attempts === 1) return tx.organization.create({ data: { name: "Raced", slug: "raced", personalOwnerId: user.id }, select: { slug: true } });
        return createPersonalOrganization(tx, user);
      }),
    );
    expect(attempts).toBe(2);
    expect(organization.slug).toBe("raced-2");
  });

  it("does not retry any other conflict: a second account for the same address fails at once", async () => {
    const address = email("same");
    await createUser(db, { email: address });
    let attempts = 0;
    await expect(
      retryingSlugConflicts(() => {
        attempts++;
        return createUser(db, { email: address });
      }),
    ).rejects.toMatchObject({ code: "P2002" });
    expect(attempts).toBe(1);
  });

  it("gives up after its attempts, with the database's error", async () => {
    await db.organization.create({ data: { name: "Stuck", slug: "stuck" } });
    let attempts = 0;
    const alwaysTaken = () => {
      attempts++;
      return db.organization.create({ data: { name: "Stuck", slug: "stuck" } });
    };
    await expect(retryingSlugConflicts(alwaysTaken, 3)).rejects.toMatchObject({ code: "P2002" });
    expect(attempts).toBe(3);
  });
});
