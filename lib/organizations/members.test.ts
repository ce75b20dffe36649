// An organization's members on this file's own PostgreSQL database: who may change whom, the last
// owner kept under any interleaving, API keys of a removed member, and account deletion.
import { afterAll, describe, expect, it } from "vitest";
import { cacheKey, cacheMark, getCachedKey } from "@/lib/api-keys/cache";
import { createApiKey } from "@/lib/api-keys/keys";
import { verifyApiKey, type ApiKeyPrincipal } from "@/lib/api-keys/verify";
import { PLANS } from "@/lib/billing/plans";
import { getDb } from "@/lib/db";
import { PermissionError } from "@/lib/errors";
import { changeRole, changeRoleSchema, LastOwnerError, leaveOrganization, listMembers, removeMember, transferOwnership } from "@/lib/organizations/members";
import type { Actor } from "@/lib/organizations/permissions";
import { deleteAccount } from "@/lib/users/profile";
import { auditTrail } from "@/test/support/audit";
import { joinOrganization, newUser } from "@/test/support/users";

const db = getDb();
afterAll(() => db.$disconnect());

let people = 0;
const person = (name: string) => newUser(`${name}-${++people}-${Date.now()}@example.com`, {}, name);

/** A team (not anyone's personal organization) with an owner and one person per role given. */
async function team(...roles: Actor["role"][]) {
  const owner = await person("owner");
  const organization = await db.organization.create({ data: { name: `Team ${people}`, slug: `team-${people}-${Date.now()}` } });
  const ownerActor = await joinOrganization(owner.id, organization.id, "owner");
  const others: Actor[] = [];
  for (const role of roles) others.push(await joinOrganization((await person(role)).id, organization.id, role));
  return { organizationId: organization.id, owner: ownerActor, others };
}

const roleOf = async (actor: Pick<Actor, "userId" | "organizationId">) =>
  (await db.membership.findUnique({ where: { organizationId_userId: { organizationId: actor.organizationId, userId: actor.userId } } }))?.role;
const owners = (organizationId: string) => db.membership.count({ where: { organizationId, role: "owner" } });
const emailOf = async (actor: Pick<Actor, "userId">) => (await db.user.findUniqueOrThrow({ where: { id: actor.userId } })).email;

describe("listing members", () => {
  it("gives each member's name, address, role and join date, owners first", async () => {
    const { organizationId, owner, others } = await team("member", "admin");
    const members = await listMembers(organizationId);
    expect(members.map((member) => [member.userId, member.role])).toEqual([
      [owner.userId, "owner"],
      [others[1]!.userId, "admin"],
      [others[0]!.userId, "member"],
    ]);
    expect(members[0]).toMatchObject({ name: "owner", email: expect.stringMatching(/^owner-/), joinedAt: expect.any(Date), personalOwner: false });
  });

  it("marks the owner of a personal organization, who stays its owner", async () => {
    const user = await person("solo");
    expect(await listMembers(user.organizationId)).toEqual([expect.objectContaining({ userId: user.id, role: "owner", personalOwner: true })]);
  });
});

describe("changing a role", () => {
  it("lets an owner make a member an admin", async () => {
    const { owner, others } = await team("member");
    expect(await changeRole(owner, others[0]!.userId, "admin")).toEqual({ from: "member", to: "admin" });
    expect(await roleOf(others[0]!)).toBe("admin");
  });

  it("lets an admin change members and admins, but never touch an owner nor make one", async () => {
    const { owner, others } = await team("admin", "member");
    const [admin, member] = others as [Actor, Actor];
    expect(await changeRole(admin, member.userId, "admin")).toEqual({ from: "member", to: "admin" });
    await expect(changeRole(admin, owner.userId, "member")).rejects.toThrow(PermissionError);
    await expect(changeRole(admin, member.userId, "owner")).rejects.toThrow(PermissionError);
    expect([await roleOf(owner), await roleOf(member)]).toEqual(["owner", "admin"]);
  });

  it("refuses a member changing anyone's role, their own included", async () => {
    const { others } = await team("member", "member");
    const [member, other] = others as [Actor, Actor];
    await expect(changeRole(member, other.userId, "admin")).rejects.toThrow(PermissionError);
    await expect(changeRole(member, member.userId, "admin")).rejects.toThrow(PermissionError);
    expect(await roleOf(member)).toBe("member");
  });

  it("makes their API keys act with the new role at once, cached or not", async () => {
    const { owner, others } = await team("admin");
    const { key } = await createApiKey(others[0]!, { name: "CI", expiresInDays: "never" });
    expect((await verifyApiKey(key))?.role).toBe("admin");
    await changeRole(owner, others[0]!.userId, "member");
    expect((await verifyApiKey(key))?.role).toBe("member");
  });

  it("never demotes the last owner", async () => {
    const { organizationId, owner } = await team("member");
    await expect(changeRole(owner, owner.userId, "admin")).rejects.toThrow(LastOwnerError);
    expect(await owners(organizationId)).toBe(1);
  });

  it("lets one of two owners step down", async () => {
    const { organizationId, owner, others } = await team("owner");
    expect(await changeRole(owner, owner.userId, "member")).toEqual({ from: "owner", to: "member" });
    expect(await owners(organizationId)).toBe(1);
    expect(await roleOf(others[0]!)).toBe("owner");
  });

  it("checks the actor's role as it is now, not as their session read it", async () => {
    const { owner, others } = await team("admin", "member");
    const [admin, member] = others as [Actor, Actor];
    await changeRole(owner, admin.userId, "member");
    await expect(changeRole(admin, member.userId, "admin")).rejects.toThrow(PermissionError);
    expect(await roleOf(member)).toBe("member");
  });

  it("answers null for someone who is not a member", async () => {
    const { owner } = await team();
    const stranger = await person("stranger");
    expect(await changeRole(owner, stranger.id, "admin")).toBeNull();
    expect(await db.membership.count({ where: { userId: stranger.id, organizationId: owner.organizationId } })).toBe(0);
  });

  it("keeps a personal organization's owner its owner", async () => {
    const user = await person("personal");
    const other = await person("co-owner");
    await joinOrganization(other.id, user.organizationId, "owner");
    await expect(changeRole({ ...user.actor, userId: other.id }, user.id, "admin")).rejects.toThrow("A personal organization's owner stays its owner.");
    expect(await roleOf(user.actor)).toBe("owner");
  });

  it("accepts only the three roles and a record id as input", () => {
    expect(changeRoleSchema.safeParse({ userId: "abc", role: "superuser" }).success).toBe(false);
    expect(changeRoleSchema.safeParse({ userId: "../x", role: "admin" }).success).toBe(false);
    expect(changeRoleSchema.safeParse({ userId: "abc", role: "admin" }).success).toBe(true);
  });
});

describe("the last owner under concurrent changes", () => {
  it("two owners demoting each other at once leave exactly one owner", async () => {
    for (let round = 0; round < 5; round++) {
      const { organizationId, owner, others } = await team("owner");
      const other = others[0]!;
      const results = await Promise.allSettled([changeRole(owner, other.userId, "admin"), changeRole(other, owner.userId, "admin")]);
      expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
      expect(await owners(organizationId)).toBe(1);
    }
  });

  it("two owners leaving at once leave exactly one owner", async () => {
    for (let round = 0; round < 5; round++) {
      const { organizationId, owner, others } = await team("owner", "member");
      const results = await Promise.allSettled([leaveOrganization(owner), leaveOrganization(others[0]!)]);
      const refused = results.filter((result) => result.status === "rejected");
      expect(refused).toHaveLength(1);
      expect((refused[0] as PromiseRejectedResult).reason).toBeInstanceOf(LastOwnerError);
      expect(await owners(organizationId)).toBe(1);
    }
  });
});

describe("removing a member", () => {
  it("lets an admin remove a member, and their API keys of that organization stop at once on this instance", async () => {
    const { organizationId, others } = await team("admin", "member");
    const [admin, member] = others as [Actor, Actor];
    const personal = (await db.organization.findUniqueOrThrow({ where: { personalOwnerId: member.userId } })).id;
    cachePrincipal("team-key", member.userId, organizationId);
    cachePrincipal("personal-key", member.userId, personal);
    expect(await removeMember(admin, member.userId)).toBe(true);
    expect(await roleOf(member)).toBeUndefined();
    expect(getCachedKey("team-key", new Date())).toBeUndefined();
    expect(getCachedKey("personal-key", new Date())).toBeDefined();
  });

  it("ends the API keys they created for the organization: verified (and cached) before, refused after", async () => {
    const { owner, others } = await team("admin");
    const admin = others[0]!;
    const { key } = await createApiKey(admin, { name: "Deploys", expiresInDays: "never" });
    expect(await verifyApiKey(key)).toMatchObject({ userId: admin.userId, organizationId: admin.organizationId, role: "admin" });
    await removeMember(owner, admin.userId);
    expect(await verifyApiKey(key)).toBeNull();
  });

  it("refuses an admin removing an owner, and a member removing anyone", async () => {
    const { owner, others } = await team("admin", "member");
    const [admin, member] = others as [Actor, Actor];
    await expect(removeMember(admin, owner.userId)).rejects.toThrow(PermissionError);
    await expect(removeMember(member, admin.userId)).rejects.toThrow(PermissionError);
    expect([await roleOf(owner), await roleOf(admin)]).toEqual(["owner", "admin"]);
  });

  it("lets an owner remove another owner, but not the last one", async () => {
    const { organizationId, owner, others } = await team("owner");
    expect(await removeMember(owner, others[0]!.userId)).toBe(true);
    expect(await owners(organizationId)).toBe(1);
    await expect(removeMember(owner, owner.userId)).rejects.toThrow("To remove yourself, leave the organization instead.");
  });

  it("answers false for someone who is no longer a member", async () => {
    const { owner, others } = await team("member");
    await removeMember(owner, others[0]!.userId);
    expect(await removeMember(owner, others[0]!.userId)).toBe(false);
  });
});

describe("leaving an organization", () => {
  it("lets a member leave", async () => {
    const { others } = await team("member");
    expect(await leaveOrganization(others[0]!)).toBe(true);
    expect(await roleOf(others[0]!)).toBeUndefined();
  });

  it("refuses the last owner, saying what to do first", async () => {
    const { owner } = await team("member");
    await expect(leaveOrganization(owner)).rejects.toThrow("You are the last owner: make someone else an owner (or transfer ownership) before you leave.");
    expect(await roleOf(owner)).toBe("owner");
  });

  it("refuses leaving one's own personal organization, even beside another owner", async () => {
    const user = await person("stay");
    await joinOrganization((await person("co")).id, user.organizationId, "owner");
    await expect(leaveOrganization(user.actor)).rejects.toThrow("Nobody leaves or is removed from their own personal organization.");
    expect(await roleOf(user.actor)).toBe("owner");
  });
});

describe("transferring ownership", () => {
  it("makes the member an owner and the previous owner an admin, together", async () => {
    const { organizationId, owner, others } = await team("member");
    expect(await transferOwnership(owner, others[0]!.userId)).toBe(true);
    expect([await roleOf(owner), await roleOf(others[0]!)]).toEqual(["admin", "owner"]);
    expect(await owners(organizationId)).toBe(1);
  });

  it("is for owners only", async () => {
    const { owner, others } = await team("admin");
    await expect(transferOwnership(others[0]!, owner.userId)).rejects.toThrow(PermissionError);
    expect(await roleOf(owner)).toBe("owner");
  });

  it("answers false for someone who is not a member, changing nothing", async () => {
    const { owner } = await team();
    expect(await transferOwnership(owner, (await person("outsider")).id)).toBe(false);
    expect(await roleOf(owner)).toBe("owner");
  });
});

describe("deleting one's account", () => {
  it("is refused while the user is the only owner of an organization with other members, saying what to do", async () => {
    const { organizationId, owner } = await team("member");
    await expect(deleteAccount(owner.userId)).rejects.toThrow(/only owner of organizations with other members.*transfer ownership\), or delete it/);
    expect(await db.user.count({ where: { id: owner.userId } })).toBe(1);
    expect(await owners(organizationId)).toBe(1);
  });

  it("is refused while others are members of the user's personal organization", async () => {
    const user = await person("host");
    await joinOrganization((await person("guest")).id, user.organizationId, "member");
    await expect(deleteAccount(user.id)).rejects.toThrow(/remove the other members of your personal organization/);
    expect(await db.user.count({ where: { id: user.id } })).toBe(1);
  });

  it("racing a co-owner who leaves, never leaves the other members without an owner", async () => {
    for (let round = 0; round < 5; round++) {
      const { organizationId, owner, others } = await team("owner", "member");
      const results = await Promise.allSettled([deleteAccount(owner.userId), leaveOrganization(others[0]!)]);
      expect(results.filter((result) => result.status === "rejected")).toHaveLength(1);
      expect(await owners(organizationId)).toBe(1);
    }
  });

  it("goes ahead when another owner stays, or once ownership is transferred", async () => {
    const shared = await team("owner");
    await deleteAccount(shared.owner.userId);
    expect(await owners(shared.organizationId)).toBe(1);

    const handed = await team("member");
    await transferOwnership(handed.owner, handed.others[0]!.userId);
    await deleteAccount(handed.owner.userId);
    expect(await db.user.count({ where: { id: handed.owner.userId } })).toBe(0);
  });
});

function cachePrincipal(hashedKey: string, userId: string, organizationId: string) {
  const principal: ApiKeyPrincipal = {
    keyId: hashedKey,
    userId,
    organizationId,
    organization: { name: "Team", slug: "team" },
    role: "member",
    email: "someone@example.com",
    plan: PLANS.free,
    overPlanLimit: false,
  };
  cacheKey(hashedKey, principal, null, new Date(), cacheMark());
}

describe("the audit log of membership changes", () => {
  it("records a role change, by whom, from and to: not a refused one, nor a role the member had already", async () => {
    const { organizationId, owner, others } = await team("member");
    const member = others[0]!;
    await expect(changeRole(owner, owner.userId, "admin")).rejects.toThrow(LastOwnerError);
    await changeRole(owner, member.userId, "member");
    await changeRole(owner, member.userId, "admin");
    expect(await auditTrail(organizationId)).toEqual([
      { actorId: owner.userId, action: "member.role_changed", details: { email: await emailOf(member), from: "member", to: "admin" } },
    ]);
  });

  it("records a removal by whoever removed them, and a departure by the member who left: not the last owner's refused removal", async () => {
    const { organizationId, owner, others } = await team("owner", "admin", "member", "member");
    const [coOwner, admin, removed, leaver] = others as [Actor, Actor, Actor, Actor];
    await removeMember(owner, coOwner.userId);
    await expect(removeMember(admin, owner.userId)).rejects.toThrow(PermissionError);
    await expect(leaveOrganization(owner)).rejects.toThrow(LastOwnerError);
    await removeMember(admin, removed.userId);
    await leaveOrganization(leaver);
    expect(await auditTrail(organizationId)).toEqual([
      { actorId: owner.userId, action: "member.removed", details: { email: await emailOf(coOwner), role: "owner" } },
      { actorId: admin.userId, action: "member.removed", details: { email: await emailOf(removed), role: "member" } },
      { actorId: leaver.userId, action: "member.removed", details: { email: await emailOf(leaver), role: "member" } },
    ]);
  });

  it("records an ownership transfer by the previous owner, to the new one: not a refused one", async () => {
    const { organizationId, owner, others } = await team("admin");
    const admin = others[0]!;
    await expect(transferOwnership(admin, owner.userId)).rejects.toThrow(PermissionError);
    await transferOwnership(owner, admin.userId);
    expect(await auditTrail(organizationId)).toEqual([{ actorId: owner.userId, action: "ownership.transferred", details: { email: await emailOf(admin) } }]);
  });
});
