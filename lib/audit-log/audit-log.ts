// An organization's audit log: who did what, one row per change. Every change that is audited calls
// recordAuditEvent with the transaction that makes the change, so the two commit together: a change
// that rolls back leaves no event, and a committed change always has one.
//
// The log is append-only. The app writes it only here, and the database refuses the rest (the
// trigger of migration 20261207235600_audit_events): any UPDATE, and any DELETE except the
// maintenance job's pruning (lib/maintenance, after AUDIT_LOG_RETENTION_DAYS) and the cascade of
// the organization's own deletion. So an organization's deletion cannot be recorded in its log:
// the log goes with it (and there is no `organization.deleted` action).
//
// Owners and admins read it (`auditLog.read`, lib/organizations/permissions.ts), newest first, in
// keyset pages (lib/pagination.ts).
import { getPlan } from "@/lib/billing/plans";
import { db, type DbTransaction } from "@/lib/db";
import type { MembershipRole } from "@/lib/generated/prisma/enums";
import type { Actor } from "@/lib/organizations/permissions";
import { keysetPage, keysetQuery, type PageQuery } from "@/lib/pagination";

/** What each action records (its `details`), by action: the closed set the log holds. */
type AuditDetails = {
  /** An invitation sent: to `email`, for `role`. */
  "member.invited": { email: string; role: MembershipRole };
  /** An invitation accepted: `email` is now a member (the actor is who joined). */
  "member.joined": { email: string; role: MembershipRole };
  /** A member removed, or who left (then the actor is the member). */
  "member.removed": { email: string; role: MembershipRole };
  "member.role_changed": { email: string; from: MembershipRole; to: MembershipRole };
  /** Ownership given to `email` (the actor is the previous owner). */
  "ownership.transferred": { email: string };
  "organization.renamed": { from: { name: string; slug: string }; to: { name: string; slug: string } };
  "api_key.created": { keyId: string; name: string };
  "api_key.revoked": { keyId: string; name: string };
  /** The subscription's plan or status moved (the Stripe webhook: the actor is Stripe). */
  "plan.changed": { from: PlanState; to: PlanState };
};

type PlanState = { plan: string; status: string };

export type AuditAction = keyof AuditDetails;

/** An event as recorded: its action and, typed by it, what it records. */
export type AuditEventData = { [Action in AuditAction]: { action: Action; details: AuditDetails[Action] } }[AuditAction];

/** Who acted: a user (as `Actor`, or just their id), or Stripe (its webhook changed the subscription). */
export type AuditActor = Pick<Actor, "userId"> | typeof STRIPE;

export const STRIPE = { system: "Stripe" } as const;

export type RecordedAuditEvent = {
  id: string;
  createdAt: Date;
  /** The actor's name, else email, as they were when they acted; "Stripe" for the webhook. */
  actor: string;
  /** What it is about: a key's name, a member's email, a plan. */
  target: string;
} & AuditEventData;

/**
 * Records an event of `organizationId`, in `tx`: the transaction of the change it records. A user
 * actor's email and name are copied in, so the record keeps them after their account is deleted.
 *
 *     await recordAuditEvent(tx, organizationId, user.actor, { action: "member.invited", details: { email, role } });
 */
export async function recordAuditEvent(tx: DbTransaction, organizationId: string, actor: AuditActor, event: AuditEventData): Promise<void> {
  // A user whose account was deleted while they acted is recorded by id alone (shown as "Someone").
  const who =
    "system" in actor
      ? { actorId: null, actorEmail: null, actorName: actor.system }
      : await tx.user
          .findUnique({ where: { id: actor.userId }, select: { email: true, name: true } })
          .then((user) => ({ actorId: actor.userId, actorEmail: user?.email ?? null, actorName: user?.name ?? null }));
  await tx.auditEvent.create({ data: { organizationId, ...who, action: event.action, target: targetOf(event), details: event.details } });
}

/** The organization's events, newest first, in pages; `nextCursor` fetches the page after. */
export async function listAuditEvents(
  organizationId: string,
  { limit, cursor }: PageQuery,
): Promise<{ events: RecordedAuditEvent[]; nextCursor: string | null }> {
  const { where, orderBy } = keysetQuery(cursor);
  const rows = await db.auditEvent.findMany({ where: { organizationId, ...where }, orderBy, take: limit + 1 });
  const { page, nextCursor } = keysetPage(rows, limit);
  return {
    // Rows are written only by recordAuditEvent, with an action and the details it types.
    events: page.map((row) => ({
      id: row.id,
      createdAt: row.createdAt,
      actor: row.actorName || row.actorEmail || "Someone",
      target: row.target,
      ...({ action: row.action, details: row.details } as AuditEventData),
    })),
    nextCursor,
  };
}

/** What the actor did, as a phrase that follows their name: `created API key “ci”`. */
export function describeAuditEvent(event: AuditEventData): string {
  switch (event.action) {
    case "member.invited":
      return `invited ${event.details.email} as ${event.details.role}`;
    case "member.joined":
      return `joined as ${event.details.role}`;
    case "member.removed":
      return `removed ${event.details.email} (${event.details.role})`;
    case "member.role_changed":
      return `changed ${event.details.email}'s role from ${event.details.from} to ${event.details.to}`;
    case "ownership.transferred":
      return `transferred ownership to ${event.details.email}`;
    case "organization.renamed":
      return `renamed the organization from “${event.details.from.name}” to “${event.details.to.name}”`;
    case "api_key.created":
      return `created API key “${event.details.name}”`;
    case "api_key.revoked":
      return `revoked API key “${event.details.name}”`;
    case "plan.changed":
      return `changed the plan from ${planState(event.details.from)} to ${planState(event.details.to)}`;
  }
}

function targetOf(event: AuditEventData): string {
  switch (event.action) {
    case "member.invited":
    case "member.joined":
    case "member.removed":
    case "member.role_changed":
    case "ownership.transferred":
      return event.details.email;
    case "organization.renamed":
      return event.details.to.name;
    case "api_key.created":
    case "api_key.revoked":
      return event.details.name;
    case "plan.changed":
      return event.details.to.plan;
  }
}

/** "Pro", or "Pro (past due)" when its status is not plainly active: Stripe's status, in words. */
function planState({ plan, status }: PlanState): string {
  const name = getPlan(plan).name;
  return status === "active" ? name : `${name} (${status.replaceAll("_", " ")})`;
}
