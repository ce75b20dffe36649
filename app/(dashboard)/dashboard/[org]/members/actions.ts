"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { appOrigin } from "@/lib/app-origin";
import { UserFacingError } from "@/lib/errors";
import { createInvitation, invitationIdSchema, inviteSchema, resendInvitation, revokeInvitation } from "@/lib/organizations/invitations";
import { changeRole, changeRoleSchema, leaveOrganization, memberSchema, removeMember, transferOwnership } from "@/lib/organizations/members";
import { DASHBOARD_PATH } from "@/lib/organizations/paths";
import { userAction } from "@/lib/user-action";

const GONE = "This person is no longer a member.";
const NOT_PENDING = "This invitation is no longer pending: it was accepted, revoked or has expired.";

// `members.manage` is the least each needs; lib/organizations/members.ts and invitations.ts check,
// under the organization's lock, whatever involves an owner (`ownership.transfer`).

export const inviteAction = userAction({ schema: inviteSchema, permission: "members.manage" }, async (input, user) => {
  const { emailSent } = await createInvitation(user.actor, input, await appOrigin());
  revalidatePath("/dashboard/[org]/members", "page");
  if (!emailSent) throw new UserFacingError(`${input.email} is invited, but the email could not be sent: resend it from the pending invitations below.`);
  return { email: input.email };
});

export const changeRoleAction = userAction({ schema: changeRoleSchema, permission: "members.manage" }, async ({ userId, role }, user) => {
  const changed = await changeRole(user.actor, userId, role);
  revalidatePath("/dashboard/[org]/members", "page");
  if (!changed) throw new UserFacingError(GONE);
});

export const removeMemberAction = userAction({ schema: memberSchema, permission: "members.manage" }, async ({ userId }, user) => {
  const removed = await removeMember(user.actor, userId);
  revalidatePath("/dashboard/[org]/members", "page");
  if (!removed) throw new UserFacingError(GONE);
});

export const transferOwnershipAction = userAction({ schema: memberSchema, permission: "ownership.transfer" }, async ({ userId }, user) => {
  const transferred = await transferOwnership(user.actor, userId);
  revalidatePath("/dashboard/[org]/members", "page");
  if (!transferred) throw new UserFacingError(GONE);
});

export const leaveOrganizationAction = userAction({ schema: z.object({}) }, async (_, user) => {
  await leaveOrganization(user.actor);
  // The dashboard of the organization used last: one the user is still a member of (else their own).
  redirect(DASHBOARD_PATH);
});

export const revokeInvitationAction = userAction({ schema: invitationIdSchema, permission: "members.manage" }, async ({ invitationId }, user) => {
  const revoked = await revokeInvitation(user.actor, invitationId);
  revalidatePath("/dashboard/[org]/members", "page");
  if (!revoked) throw new UserFacingError(NOT_PENDING);
});

export const resendInvitationAction = userAction({ schema: invitationIdSchema, permission: "members.manage" }, async ({ invitationId }, user) => {
  const resent = await resendInvitation(user.actor, invitationId, await appOrigin());
  revalidatePath("/dashboard/[org]/members", "page");
  if (!resent) throw new UserFacingError(NOT_PENDING);
});
