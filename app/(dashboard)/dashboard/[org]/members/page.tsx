import type { Metadata } from "next";
import { PlanLimitNotice } from "@/components/dashboard/plan-limit-notice";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState, ItemList, ItemRow } from "@/components/ui/item-list";
import { requireUser } from "@/lib/auth/session";
import { MAX_EMAIL_LENGTH } from "@/lib/email-address";
import { formatCount, shortDate } from "@/lib/format";
import { getEntitlements } from "@/lib/organizations/entitlements";
import { listPendingInvitations } from "@/lib/organizations/invitations";
import { listMembers, type Member } from "@/lib/organizations/members";
import { can, ROLES } from "@/lib/organizations/permissions";
import { InviteForm } from "./invite-form";
import { LeaveButton, RemoveMemberButton, ResendInvitationButton, RevokeInvitationButton, RoleForm, TransferOwnershipButton } from "./member-controls";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage() {
  const user = await requireUser();
  const { actor } = user;
  const [members, invitations, { plan }] = await Promise.all([
    listMembers(actor.organizationId),
    listPendingInvitations(actor.organizationId),
    getEntitlements(actor.organizationId),
  ]);
  const manages = can(actor.role, "members.manage");
  const ownerPowers = can(actor.role, "ownership.transfer");
  // What the actor may give: an owner any role, an admin only admin and member (permissions.ts).
  const roles = ownerPowers ? ROLES : ROLES.filter((role) => role !== "owner");
  const seats = { used: members.length + invitations.length, limit: plan.limits.members };
  const me = members.find((member) => member.userId === actor.userId);
  // What the actor may do to a member's row; the actions check it again, under the organization's lock.
  const mayChange = (member: Member) => manages && !member.personalOwner && (member.role !== "owner" || ownerPowers);

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Members</h1>
        <p className="mt-1 text-sm text-muted-foreground">
          Who belongs to {user.organization.name}. Owners manage everything, billing included; admins manage members and API keys; members use the
          organization’s data.
        </p>
      </div>

      {manages && (
        <Card
          title="Invite someone"
          description={
            <>
              <span data-testid="member-seats">
                {formatCount(seats.used)} of {formatCount(seats.limit)} seats
              </span>{" "}
              used on the {plan.name} plan, pending invitations included. An invitation’s link works once, for 7 days.
            </>
          }
        >
          <div className="space-y-4">
            <PlanLimitNotice
              allowance={seats}
              plan={plan}
              noun="seats"
              makeRoom="Remove a member or revoke an invitation"
              organization={user.organization.slug}
            />
            <InviteForm roles={roles} emailMaxLength={MAX_EMAIL_LENGTH} full={seats.used >= seats.limit} />
          </div>
        </Card>
      )}

      <Card title="Members">
        <ItemList aria-label="Members">
          {members.map((member) => {
            const name = member.name ?? member.email;
            const self = member.userId === actor.userId;
            return (
              <ItemRow
                key={member.userId}
                data-testid="member-row"
                heading={
                  <>
                    <span className="font-medium break-words text-foreground">{name}</span>
                    {self && <Badge>You</Badge>}
                    <Badge data-testid="member-role" tone={member.role === "owner" ? "success" : "neutral"}>
                      {member.role}
                    </Badge>
                  </>
                }
                actions={
                  mayChange(member) && (
                    <>
                      <RoleForm userId={member.userId} name={name} role={member.role} roles={roles} />
                      {!self && ownerPowers && member.role !== "owner" && <TransferOwnershipButton userId={member.userId} name={name} />}
                      {!self && <RemoveMemberButton userId={member.userId} name={name} />}
                    </>
                  )
                }
              >
                <p className="text-sm break-all text-muted-foreground">{member.email}</p>
                <p className="text-xs text-muted-foreground">
                  Joined <time dateTime={member.joinedAt.toISOString()}>{shortDate(member.joinedAt)}</time>
                </p>
              </ItemRow>
            );
          })}
        </ItemList>
      </Card>

      {manages && (
        <Card title="Pending invitations">
          {invitations.length === 0 ? (
            <EmptyState data-testid="invitations-empty">No pending invitations.</EmptyState>
          ) : (
            <ItemList aria-label="Pending invitations">
              {invitations.map((invitation) => (
                <ItemRow
                  key={invitation.id}
                  data-testid="invitation-row"
                  heading={
                    <>
                      <span data-testid="invitation-email" className="font-medium break-all text-foreground">
                        {invitation.email}
                      </span>
                      <Badge>{invitation.role}</Badge>
                    </>
                  }
                  actions={
                    <>
                      <ResendInvitationButton invitationId={invitation.id} email={invitation.email} />
                      <RevokeInvitationButton invitationId={invitation.id} email={invitation.email} />
                    </>
                  }
                >
                  <p className="text-xs text-muted-foreground">
                    Invited by {invitation.invitedBy}; the link expires{" "}
                    <time dateTime={invitation.expiresAt.toISOString()}>{shortDate(invitation.expiresAt)}</time>.
                  </p>
                </ItemRow>
              ))}
            </ItemList>
          )}
        </Card>
      )}

      {me && !me.personalOwner && (
        <Card title="Leave" description="You lose access to this organization’s data. An owner can leave once another member is an owner.">
          <LeaveButton organizationName={user.organization.name} />
        </Card>
      )}
    </div>
  );
}
