// Invitations to join an organization, by email, with a role.
// - The token is 256 random bits, sent only in the email's link (`/invitations/<token>`); the
//   database holds its SHA-256 (like API keys: random enough that a fast hash suffices, and found
//   by an indexed lookup). It works once, for 7 days, and only for whoever is signed in with the
//   invited address (compared in canonical form: lib/email-address.ts).
// - A pending invitation (neither accepted, revoked nor expired) holds a seat: members plus pending
//   invitations stay within the plan's `members` (lib/billing/plans.ts). Inviting a member, or an
//   address already invited, is refused; so is inviting past the seats. Billing counts members
//   only: an invitation is billed once accepted (lib/billing/seats.ts).
// - Resending replaces the token (the old link stops working) and the 7 days; at most once a
//   minute per invitation (lib/rate-limit), so it cannot be used to flood an inbox.
// Creating and accepting run under the organization's lock (members.ts), like every membership
// change, and are recorded in the organization's audit log (lib/audit-log) in the same transaction.
// An invitation whose email the SMTP server refused is kept, pending, for the inviter to resend or
// revoke (createInvitation answers `emailSent: false`): the invitation and its `member.invited`
// event stay true together, as the append-only log requires, and an email accepted by SMTP may still
// bounce later, so resending is the remedy in both cases anyway.
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { recordAuditEvent } from "@/lib/audit-log/audit-log";
import { syncSeatsAfterChange } from "@/lib/billing/seats";
import { db, type DbTransaction } from "@/lib/db";
import { invitationEmail } from "@/lib/email/messages/invitation";
import { sendEmail } from "@/lib/email/send";
import { canonicalEmail, exceedsEmailLengths, MAX_EMAIL_LENGTH, MAX_LOCAL_PART_LENGTH } from "@/lib/email-address";
import { PlanLimitError, UserFacingError } from "@/lib/errors";
import type { MembershipRole } from "@/lib/generated/prisma/enums";
import { logger } from "@/lib/logger";
import { consumeRateLimit, RateLimitedError, retryIn } from "@/lib/rate-limit/rate-limit";
import { formatDate } from "@/lib/format";
import { recordId, storableText } from "@/lib/validation";
import { getEntitlements } from "./entitlements.ts";
import { assertActsAs, lockOrganization, roleSchema } from "./members.ts";
import type { Actor } from "./permissions.ts";

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60_000;
/** Resending one invitation: once a minute (a refused attempt counts too). */
export const INVITATION_RESENDS = { limit: 1, windowMs: 60_000 };

const TOKEN_BYTES = 32;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/; // base64url of 32 bytes, unpadded

export const invitationEmailSchema = storableText("Enter an email address.")
  .trim()
  .toLowerCase()
  .refine(
    (email) => !exceedsEmailLengths(email),
    `An email address holds at most ${MAX_LOCAL_PART_LENGTH} characters before the @ and ${MAX_EMAIL_LENGTH} in all.`,
  )
  .pipe(z.email("Enter an email address, like name@example.com."));

export const inviteSchema = z.object({ email: invitationEmailSchema, role: roleSchema });
export const invitationIdSchema = z.object({ invitationId: recordId() });

export type InviteInput = z.infer<typeof inviteSchema>;

export function hashInvitationToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** The invitation's page, where its email links to. */
export function invitationPath(token: string): string {
  return `/invitations/${token}`;
}

/**
 * Invites `email` to the actor's organization as `role`, and emails the link; `emailSent` is false
 * when the email could not be sent (the invitation stays pending: resend it). Throws PermissionError
 * (an owner is invited by owners only), UserFacingError (a member already, already invited) or
 * PlanLimitError (no seat left): then nobody was invited.
 */
export async function createInvitation(actor: Actor, { email, role }: InviteInput, origin: string): Promise<{ id: string; emailSent: boolean }> {
  const token = randomBytes(TOKEN_BYTES).toString("base64url");
  const invitation = await db.$transaction(async (tx) => {
    await lockOrganization(tx, actor.organizationId);
    await assertActsAs(tx, actor, role === "owner" ? "ownership.transfer" : "members.manage");
    const [members, pending, { limits }] = await Promise.all([
      tx.membership.findMany({ where: { organizationId: actor.organizationId }, select: { user: { select: { email: true } } } }),
      tx.invitation.findMany({ where: { organizationId: actor.organizationId, ...pendingFilter() }, select: { email: true } }),
      getEntitlements(actor.organizationId, tx),
    ]);
    const invitee = canonicalEmail(email);
    if (members.some(({ user }) => canonicalEmail(user.email) === invitee)) throw new UserFacingError(`${email} is already a member of this organization.`);
    if (pending.some((other) => canonicalEmail(other.email) === invitee)) {
      throw new UserFacingError(`${email} already has a pending invitation: resend it from the list below instead.`);
    }
    if (members.length + pending.length >= limits.members) {
      throw new PlanLimitError(
        `Your plan allows ${limits.members} members, pending invitations included. Remove a member or revoke an invitation, or upgrade.`,
      );
    }
    const created = await tx.invitation.create({
      data: { organizationId: actor.organizationId, email, role, hashedToken: hashInvitationToken(token), invitedById: actor.userId, expiresAt: expiry() },
      select: invitationForEmail,
    });
    await recordAuditEvent(tx, actor.organizationId, actor, { action: "member.invited", details: { email, role } });
    return created;
  });
  return { id: invitation.id, emailSent: await sendInvitation(invitation, token, origin) };
}

export type PendingInvitation = { id: string; email: string; role: MembershipRole; invitedBy: string; expiresAt: Date };

/** The organization's pending invitations, newest first. */
export async function listPendingInvitations(organizationId: string): Promise<PendingInvitation[]> {
  const invitations = await db.invitation.findMany({
    where: { organizationId, ...pendingFilter() },
    select: { id: true, email: true, role: true, expiresAt: true, invitedBy: { select: { name: true, email: true } } },
    // `as const`: with a plain array literal here, Prisma's types lose the selected relation.
    orderBy: [{ createdAt: "desc" as const }, { id: "desc" as const }],
  });
  return invitations.map(({ invitedBy, ...invitation }) => ({ ...invitation, invitedBy: invitedBy.name ?? invitedBy.email }));
}

/** Revokes a pending invitation of the actor's organization: its link stops working. False when there is none (anymore). */
export async function revokeInvitation(actor: Actor, invitationId: string): Promise<boolean> {
  const { count } = await db.invitation.updateMany({
    where: { id: invitationId, organizationId: actor.organizationId, ...pendingFilter() },
    data: { revokedAt: new Date() },
  });
  return count === 1;
}

/**
 * Sends a pending invitation again with a new token (the old link stops working) and 7 more days.
 * False when there is no such pending invitation. Throws RateLimitedError when it was resent in the
 * last minute, PermissionError for an owner's invitation resent by an admin.
 */
export async function resendInvitation(actor: Actor, invitationId: string, origin: string): Promise<boolean> {
  // Counted per organization: attempts with another organization's invitation id (found by
  // nobody here) must not use up the resends of that organization's own members.
  const throttle = await consumeRateLimit(`invitation-resend:${actor.organizationId}:${invitationId}`, INVITATION_RESENDS.limit, {
    windowMs: INVITATION_RESENDS.windowMs,
  });
  if (!throttle.allowed) throw new RateLimitedError(`This invitation was just sent. Resend it again ${retryIn(throttle.resetSeconds)}.`, throttle.resetSeconds);
  const token = randomBytes(TOKEN_BYTES).toString("base64url");
  const invitation = await db.$transaction(async (tx) => {
    const pending = await tx.invitation.findFirst({
      where: { id: invitationId, organizationId: actor.organizationId, ...pendingFilter() },
      select: { role: true },
    });
    if (!pending) return null;
    await assertActsAs(tx, actor, pending.role === "owner" ? "ownership.transfer" : "members.manage");
    return tx.invitation.update({
      where: { id: invitationId },
      data: { hashedToken: hashInvitationToken(token), expiresAt: expiry() },
      select: invitationForEmail,
    });
  });
  if (!invitation) return false;
  if (!(await sendInvitation(invitation, token, origin))) throw new UserFacingError("We could not send the invitation email. Please try again in a minute.");
  return true;
}

/** An invitation as its page shows it. */
export type InvitationView = { organizationName: string; role: MembershipRole; inviter: string; email: string; expiresAt: Date };

/** What the invitation `token` is for `user`: what it offers, or why it cannot be accepted. */
export async function viewInvitation(token: string, user: { email: string }): Promise<{ invitation: InvitationView } | { problem: string }> {
  const found = await findUsable(db, token, user);
  if (!found.invitation) return { problem: found.problem };
  const { organization, invitedBy, role, email, expiresAt } = found.invitation;
  return { invitation: { organizationName: organization.name, role, inviter: invitedBy.name ?? invitedBy.email, email, expiresAt } };
}

/**
 * Accepts the invitation `token` as `user`: they join its organization with its role, and the
 * invitation is used up. Throws UserFacingError when it cannot be accepted (unknown, revoked,
 * expired, used, or for another address): then nothing changed. A user who is a member already
 * keeps their role.
 */
export async function acceptInvitation(token: string, user: { id: string; email: string }): Promise<{ organizationId: string; slug: string }> {
  const { joined, ...organization } = await db.$transaction(async (tx) => {
    const found = await findUsable(tx, token, user);
    if (!found.invitation) throw new UserFacingError(found.problem);
    const { id, organizationId, email, role, organization } = found.invitation;
    await lockOrganization(tx, organizationId);
    // Conditional: of two acceptances of one link at once, one finds it pending; the other changes nothing.
    const { count } = await tx.invitation.updateMany({ where: { id, ...pendingFilter() }, data: { acceptedAt: new Date() } });
    if (count === 0) throw new UserFacingError(PROBLEMS.used);
    const member = await tx.membership.findUnique({ where: { organizationId_userId: { organizationId, userId: user.id } }, select: { id: true } });
    if (!member) {
      await tx.membership.create({ data: { organizationId, userId: user.id, role } });
      await recordAuditEvent(tx, organizationId, { userId: user.id }, { action: "member.joined", details: { email, role } });
    }
    return { organizationId, slug: organization.slug, joined: !member };
  });
  // One seat more on a Pro subscription, once they joined and the response is sent (whatever Stripe
  // does, they stay joined, and do not wait for it).
  if (joined) await syncSeatsAfterChange(organization.organizationId);
  return organization;
}

const PROBLEMS = {
  invalid: "This invitation link is not valid. Check that you opened the whole link from the email, or ask for a new invitation.",
  revoked: "This invitation was withdrawn. Ask whoever invited you for a new one.",
  used: "This invitation has already been used.",
  expired: (at: Date) => `This invitation expired on ${formatDate(at)}. Ask whoever invited you for a new one.`,
  otherAddress: "This invitation was sent to another email address. Sign out, then sign in with the address it was sent to.",
};

async function findUsable(client: Pick<DbTransaction, "invitation">, token: string, user: { email: string }) {
  const invitation = TOKEN_PATTERN.test(token)
    ? await client.invitation.findUnique({
        where: { hashedToken: hashInvitationToken(token) },
        select: {
          id: true,
          organizationId: true,
          email: true,
          role: true,
          expiresAt: true,
          acceptedAt: true,
          revokedAt: true,
          organization: { select: { name: true, slug: true } },
          invitedBy: { select: { name: true, email: true } },
        },
      })
    : null;
  if (!invitation) return { problem: PROBLEMS.invalid };
  if (invitation.acceptedAt) return { problem: PROBLEMS.used };
  if (invitation.revokedAt) return { problem: PROBLEMS.revoked };
  if (invitation.expiresAt <= new Date()) return { problem: PROBLEMS.expired(invitation.expiresAt) };
  if (canonicalEmail(invitation.email) !== canonicalEmail(user.email)) return { problem: PROBLEMS.otherAddress };
  return { invitation };
}

const invitationForEmail = {
  id: true,
  email: true,
  role: true,
  expiresAt: true,
  organization: { select: { name: true } },
  invitedBy: { select: { name: true, email: true } },
} as const;

type InvitationForEmail = {
  email: string;
  role: MembershipRole;
  expiresAt: Date;
  organization: { name: string };
  invitedBy: { name: string | null; email: string };
};

/** False when the SMTP server refused the email or could not be reached. */
async function sendInvitation({ email, role, expiresAt, organization, invitedBy }: InvitationForEmail, token: string, origin: string): Promise<boolean> {
  const message = invitationEmail({
    organizationName: organization.name,
    inviter: invitedBy.name ?? invitedBy.email,
    role,
    url: new URL(invitationPath(token), origin).toString(),
    expiresAt,
  });
  try {
    await sendEmail({ to: email, ...message });
    return true;
  } catch (error) {
    logger.warn({ event: "invitation.email_failed", error: (error as Error).message }, "invitation email not sent");
    return false;
  }
}

function pendingFilter(now = new Date()) {
  return { acceptedAt: null, revokedAt: null, expiresAt: { gt: now } };
}

function expiry(): Date {
  return new Date(Date.now() + INVITATION_TTL_MS);
}
