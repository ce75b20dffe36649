// The sections of an organization's dashboard (/dashboard/<slug>…). Each feature adds its page here.
// The dashboard layout, a server component, reads the list for the organization of the page and the
// member's role (organizationNav: the sections that role may see) and hands it to the client
// navigation (components/dashboard/dashboard-nav.tsx).
import type { MembershipRole } from "@/lib/generated/prisma/enums";
import { organizationPath } from "@/lib/organizations/paths";
import { can, type Permission } from "@/lib/organizations/permissions";

/** `permission`: a section only the roles that have it see (its page refuses the others too). */
export type NavItem = { href: string; label: string; permission?: Permission };

/** Each section's path within the organization's dashboard ("" is its overview). */
export const DASHBOARD_NAV: NavItem[] = [
  { href: "", label: "Overview" },
  { href: "/posts", label: "Posts" },
  { href: "/billing", label: "Billing" },
  { href: "/api-keys", label: "API keys" },
  { href: "/members", label: "Members" },
  { href: "/audit-log", label: "Audit log", permission: "auditLog.read" },
  { href: "/settings", label: "Settings" },
];

/** The sections a role sees. */
export function navFor(role: MembershipRole): NavItem[] {
  return DASHBOARD_NAV.filter((item) => item.permission === undefined || can(role, item.permission));
}

/** The sections of the organization `slug`'s dashboard that `role` sees, as links. */
export function organizationNav(slug: string, role: MembershipRole): NavItem[] {
  return navFor(role).map((item) => ({ ...item, href: organizationPath(slug, item.href) }));
}

/**
 * How many columns the navigation has on a phone, for `count` sections: one row when three or fewer;
 * then three at most (a label of about 13 characters fits one on a 390 px screen) with the last row
 * holding two or more tabs, since a single tab stranded on a row of its own reads as a mistake. Four
 * only when neither three nor two avoids that (7 sections: 4 + 3).
 */
export function phoneNavColumns(count: number): number {
  if (count <= 3) return Math.max(count, 1);
  return [3, 2, 4].find((columns) => count % columns !== 1) ?? 3;
}
