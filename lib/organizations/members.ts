// An organization's members: list them, change a role, remove someone, leave, hand ownership over.
//
// Every change runs in one transaction that first locks the organization's row (lockOrganization),
// then re-reads the actor's own role: two changes to one organization run one after the other, each
// seeing what the other did, so no interleaving — two owners demoting each other, an owner leaving
// while the other is removed — can leave an organization without an owner. Account deletion takes
// the same lock (lib/users/profile.ts, assertNoSoleOwnership).
//
// The rules, beyond the permission table (permissions.ts):
// - the last owner can neither leave, nor be removed, nor be demoted (LastOwnerError);
// - whatever involves an owner — the role changed from or to `owner`, an owner removed — needs
//   `ownership.transfer` (owners only), everything else `members.manage` (owners and admins);
// - a user's personal organization stays theirs: its owner is never demoted nor removed, and never
//   leaves it (lib/auth/session.ts acts through it).
// Each change is recorded in the organization's audit log (lib/audit-log) in its own transaction:
// a refused change records nothing. A change of the member count is billed once it committed, after
// the response: Pro is priced per member (lib/billing/seats.ts).
import { z } from "zod";
import { evictCachedKeys } from "@/lib/api-keys/cache";
import { recordAuditEvent } from "@/lib/audit-log/audit-log";
import { syncSeatsAfterChange } from "@/lib/billing/seats";
import { db, type DbTransaction } from "@/lib/db";
import type { MembershipRole } from "@/lib/generated/prisma/enums";
import { PermissionError, UserFacingError } from "@/lib/errors";
import { recordId } from "@/lib/validation";
import { assertCan, ROLES, type Actor } from "./permissions.ts";

export const roleSchema = z.enum(ROLES, { error: "Choose owner, admin or member." });
export const changeRoleSchema = z.object({ userId: recordId(), role: roleSchema });
export const memberSchema = z.object({ userId: recordId() });

/** The change would leave the organization without an owner. */
export class LastOwnerError extends UserFacingError {
  override name = "LastOwnerError";
}

export type Member = {
  userId: string;
  name: string | null;
  email: string;
  role: MembershipRole;
  joinedAt: Date;
  /** This is their personal organization: they stay its owner (never demoted, removed, nor leaving). */
  personalOwner: boolean;
};

/** The organization's members: owners first, then admins, then members, each by when they joined. */
export async function listMembers(organizationId: string): Promise<Member[]> {
  const memberships = await db.membership.findMany({
    where: { organizationId },
    select: { role: true, createdAt: true, user: { select: { id: true, name: true, email: true } }, organization: { select: { personalOwnerId: true } } },
    // `as const`: with a plain array literal here, Prisma's types lose the selected relation.
    orderBy: [{ createdAt: "asc" as const }, { id: "asc" as const }],
  });
  return memberships
    .map(({ role, createdAt, user, organization }) => ({
      userId: user.id,
      name: user.name,
      email: user.email,
      role,
      joinedAt: createdAt,
      personalOwner: organization.personalOwnerId === user.id,
    }))
    .sort((a, b) => ROLES.indexOf(a.role) - ROLES.indexOf(b.role));
}

/** Takes the organization's row lock for the rest of `tx`: membership changes, invitations and account deletion queue behind it. */
export async function lockOrganization(tx: DbTransaction, organizationId: string): Promise<void> {
  await tx.$executeRaw`SELECT 1 FROM "Organization" WHERE "id" = ${organizationId} FOR UPDATE`;
}

/**
 * Gives `userId` the role `role`. Null when they are not a member (anymore); else what changed.
 * Throws PermissionError (see the rules above) or LastOwnerError.
 */
export async function changeRole(actor: Actor, userId: string, role: MembershipRole): Promise<{ from: MembershipRole; to: MembershipRole } | null> {
  const changed = await db.$transaction(async (tx) => {
    const { target, personalOwnerId } = await lockedChange(tx, actor, userId, "members.manage");
    if (!target) return null;
    if (target.role === "owner" || role === "owner") await assertActsAs(tx, actor, "ownership.transfer");
    if (target.role === "owner" && role !== "owner") {
      if (userId === personalOwnerId) throw new UserFacingError("A personal organization's owner stays its owner.");
      await assertAnotherOwner(tx, actor.organizationId, "Make someone else an owner before changing the role of the last one.");
    }
    // Their role already: nothing changes, nothing is recorded.
    if (target.role === role) return { from: role, to: role };
    await tx.membership.update({ where: { organizationId_userId: { organizationId: actor.organizationId, userId } }, data: { role } });
    await recordAuditEvent(tx, actor.organizationId, actor, { action: "member.role_changed", details: { email: target.email, from: target.role, to: role } });
    return { from: target.role, to: role };
  });
  // Their keys act with their role in this organization: the cached role is no longer theirs.
  evictCachedKeys({ userId, organizationId: actor.organizationId });
  return changed;
}

/** Removes `userId` from the actor's organization (use leaveOrganization for oneself). False when they are not a member (anymore). */
export async function removeMember(actor: Actor, userId: string): Promise<boolean> {
  if (userId === actor.userId) throw new UserFacingError("To remove yourself, leave the organization instead.");
  return endMembership(actor, userId, "members.manage");
}

/** The actor leaves their organization. False when they were no longer a member. */
export function leaveOrganization(actor: Actor): Promise<boolean> {
  return endMembership(actor, actor.userId, null);
}

async function endMembership(actor: Actor, userId: string, permission: "members.manage" | null): Promise<boolean> {
  const ended = await db.$transaction(async (tx) => {
    const { target, personalOwnerId } = await lockedChange(tx, actor, userId, permission);
    if (!target) return false;
    if (target.role === "owner") {
      if (userId === personalOwnerId) throw new UserFacingError("Nobody leaves or is removed from their own personal organization.");
      if (userId !== actor.userId) await assertActsAs(tx, actor, "ownership.transfer");
      await assertAnotherOwner(
        tx,
        actor.organizationId,
        userId === actor.userId
          ? "You are the last owner: make someone else an owner (or transfer ownership) before you leave."
          : "The last owner cannot be removed.",
      );
    }
    await tx.membership.delete({ where: { organizationId_userId: { organizationId: actor.organizationId, userId } } });
    // The actor is who removed them, or the member who left.
    await recordAuditEvent(tx, actor.organizationId, actor, { action: "member.removed", details: { email: target.email, role: target.role } });
    return true;
  });
  // Their keys of this organization stop verifying (verify.ts: a creator who is no longer a member):
  // this instance forgets them at once, the others within the cache's TTL.
  evictCachedKeys({ userId, organizationId: actor.organizationId });
  // One seat less on a Pro subscription, once the change committed and the response is sent (whatever
  // Stripe does, it stands, and the user does not wait for it).
  if (ended) await syncSeatsAfterChange(actor.organizationId);
  return ended;
}

/**
 * Hands ownership to `userId`, a member of the actor's organization: they become an owner and the
 * actor an admin, in one transaction. False when they are not a member (anymore).
 */
export async function transferOwnership(actor: Actor, userId: string): Promise<boolean> {
  if (userId === actor.userId) throw new UserFacingError("Choose another member to hand ownership to.");
  const transferred = await db.$transaction(async (tx) => {
    const { target, personalOwnerId } = await lockedChange(tx, actor, userId, "ownership.transfer");
    if (!target) return false;
    if (actor.userId === personalOwnerId) throw new UserFacingError("Your personal organization stays yours: make them an owner beside you instead.");
    const where = (id: string) => ({ organizationId_userId: { organizationId: actor.organizationId, userId: id } });
    await tx.membership.update({ where: where(userId), data: { role: "owner" } });
    await tx.membership.update({ where: where(actor.userId), data: { role: "admin" } });
    await recordAuditEvent(tx, actor.organizationId, actor, { action: "ownership.transferred", details: { email: target.email } });
    return true;
  });
  for (const id of [userId, actor.userId]) evictCachedKeys({ userId: id, organizationId: actor.organizationId });
  return transferred;
}

/**
 * Locks the organization, checks that the actor still holds `permission` there (their role re-read
 * under the lock: a role changed meanwhile counts), and reads the membership of `userId` (their
 * role, and their email for the audit log).
 */
async function lockedChange(tx: DbTransaction, actor: Actor, userId: string, permission: "members.manage" | "ownership.transfer" | null) {
  await lockOrganization(tx, actor.organizationId);
  if (permission) await assertActsAs(tx, actor, permission);
  const [target, organization] = await Promise.all([
    tx.membership
      .findUnique({
        where: { organizationId_userId: { organizationId: actor.organizationId, userId } },
        select: { role: true, user: { select: { email: true } } },
      })
      .then((membership) => membership && { role: membership.role, email: membership.user.email }),
    tx.organization.findUniqueOrThrow({ where: { id: actor.organizationId }, select: { personalOwnerId: true } }),
  ]);
  return { target, personalOwnerId: organization.personalOwnerId };
}

/** The actor's role in their organization as `tx` reads it now must allow `permission`. */
export async function assertActsAs(tx: DbTransaction, actor: Actor, permission: "members.manage" | "ownership.transfer"): Promise<void> {
  const membership = await tx.membership.findUnique({
    where: { organizationId_userId: { organizationId: actor.organizationId, userId: actor.userId } },
    select: { role: true },
  });
  if (!membership) throw new PermissionError("You are no longer a member of this organization.");
  assertCan(membership, permission);
}

async function assertAnotherOwner(tx: DbTransaction, organizationId: string, message: string): Promise<void> {
  if ((await tx.membership.count({ where: { organizationId, role: "owner" } })) <= 1) throw new LastOwnerError(message);
}

/**
 * Refuses (UserFacingError) to delete the account of a user who is the only owner of an
 * organization that has other members: they would be left without an owner. In `tx`, under the
 * locks of every organization the user owns, so that no concurrent change makes it true after the check.
 */
export async function assertNoSoleOwnership(tx: DbTransaction, userId: string): Promise<void> {
  // In id order, as every other transaction locks one organization at most: no deadlock.
  const owned = await tx.$queryRaw<{ id: string; name: string; personalOwnerId: string | null }[]>`
    SELECT o."id", o."name", o."personalOwnerId" FROM "Organization" o
    JOIN "Membership" m ON m."organizationId" = o."id" AND m."userId" = ${userId} AND m."role" = 'owner'
    ORDER BY o."id" FOR UPDATE OF o`;
  if (owned.length === 0) return;
  // At most the plans' seats per organization.
  const memberships = await tx.membership.findMany({
    where: { organizationId: { in: owned.map((organization) => organization.id) } },
    select: { organizationId: true, role: true },
  });
  const count = (organizationId: string, owners: boolean) =>
    memberships.filter((membership) => membership.organizationId === organizationId && (membership.role === "owner") === owners).length;
  const stranded = owned.filter((organization) => count(organization.id, true) === 1 && count(organization.id, false) > 0);
  if (stranded.length === 0) return;
  const advice = stranded.map((organization) =>
    organization.personalOwnerId === userId
      ? `remove the other members of your personal organization “${organization.name}”`
      : `make another member of “${organization.name}” its owner (transfer ownership), or delete it`,
  );
  throw new UserFacingError(`You are the only owner of organizations with other members. Before you delete your account, ${advice.join("; ")}.`);
}
