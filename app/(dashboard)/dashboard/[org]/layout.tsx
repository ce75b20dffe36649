import { DashboardNav } from "@/components/dashboard/dashboard-nav";
import { DashboardShell } from "@/components/dashboard/dashboard-shell";
import { organizationNav } from "@/components/dashboard/nav-items";
import { requireOrganization } from "@/lib/auth/session";
import { listMemberOrganizations } from "@/lib/organizations/active";

// Every page of an organization's dashboard: the organization and the user's role there are resolved
// here from the slug, once per request (requireOrganization: a 404 for one that is not theirs, old
// links and old slugs redirected), and read by the pages and their actions through requireUser().
export default async function OrganizationLayout({ children, params }: { children: React.ReactNode; params: Promise<{ org: string }> }) {
  const user = await requireOrganization((await params).org);
  const organizations = await listMemberOrganizations(user.id);
  return (
    <DashboardShell
      user={user}
      organizations={organizations}
      current={user.organization.slug}
      // Read here, on the server, and handed down: see DashboardNav.
      aside={<DashboardNav items={organizationNav(user.organization.slug, user.actor.role)} />}
    >
      {children}
    </DashboardShell>
  );
}
