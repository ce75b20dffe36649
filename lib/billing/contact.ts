// Who billing speaks to about an organization's subscription: its first owner — a personal
// organization's one owner. They get the billing emails (lib/billing/notices.ts), and a trial the
// subscription had is theirs (lib/billing/trials.ts: one per person).
/** What to select on a Subscription for `billingContactOf`. */
export const billingContactSelect = {
  organization: {
    select: {
      // Where the emails link to: the organization's billing page.
      slug: true,
      memberships: {
        where: { role: "owner" },
        orderBy: { createdAt: "asc" },
        take: 1,
        select: { user: { select: { id: true, email: true, name: true } } },
      },
    },
  },
} as const;

export type BillingContact = { id: string; email: string; name: string | null };

/** The organization's first owner; null for an organization without one (which the last owner never leaves). */
export function billingContactOf(row: { organization: { memberships: { user: BillingContact }[] } }): BillingContact | null {
  return row.organization.memberships[0]?.user ?? null;
}
