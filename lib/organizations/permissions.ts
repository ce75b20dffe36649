// What a membership's role allows: the one table that answers it. The wrappers ask it before any
// action or API route that changes something (`permission` in userAction and apiRoute); reading an
// organization's data needs only a membership, except what the table names (its audit log). A
// personal organization's only member is its owner.
// Owners are kept apart from everyone else: whatever makes, unmakes or removes an owner (a role
// change from or to `owner`, removing an owner, inviting someone as owner, transferring ownership)
// needs `ownership.transfer`; `members.manage` covers admins and members (lib/organizations/members.ts).
import type { MembershipRole } from "@/lib/generated/prisma/enums";
import { PermissionError } from "@/lib/errors";

export const ROLES = ["owner", "admin", "member"] as const satisfies readonly MembershipRole[];

export const PERMISSIONS = {
  /** Create, edit and delete the organization's posts. */
  "posts.write": ["owner", "admin", "member"],
  /** Create and revoke the organization's API keys (a key acts for the whole organization). */
  "apiKeys.manage": ["owner", "admin"],
  /** Start checkout, open the billing portal: what the organization pays. */
  "billing.manage": ["owner"],
  /** Rename the organization (its name and slug, the address of its dashboard). */
  "organization.manage": ["owner", "admin"],
  /** Delete the organization, with everything it owns. */
  "organization.delete": ["owner"],
  /** Invite people (as admin or member), revoke and resend invitations, change the role of and remove admins and members. */
  "members.manage": ["owner", "admin"],
  /** Make someone an owner, demote or remove an owner, invite an owner, hand ownership over. */
  "ownership.transfer": ["owner"],
  /** Read the organization's audit log (lib/audit-log): who did what, members' emails included. */
  "auditLog.read": ["owner", "admin"],
} as const satisfies Record<string, readonly MembershipRole[]>;

export type Permission = keyof typeof PERMISSIONS;

/** Who acts, for which organization, in which role: a signed-in user or an API key's creator. */
export type Actor = { userId: string; organizationId: string; role: MembershipRole };

export function can(role: MembershipRole, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly MembershipRole[]).includes(role);
}

/** Throws PermissionError (403 `forbidden` in the API, the message in the dashboard) when the role lacks it. */
export function assertCan(actor: Pick<Actor, "role">, permission: Permission): void {
  const message = refusal(actor, permission);
  if (message !== undefined) throw new PermissionError(message);
}

/**
 * Why the role may not do it, for the user (what assertCan throws); undefined when it may. For a
 * page that says so instead of throwing: `what` names what it shows ("see its audit log").
 */
export function refusal(actor: Pick<Actor, "role">, permission: Permission, what = "do this"): string | undefined {
  if (can(actor.role, permission)) return undefined;
  return `Only an organization's ${PERMISSIONS[permission].join(" or ")} can ${what}; your role is ${actor.role}.`;
}
