import { DashboardShell } from "@/components/dashboard/dashboard-shell";
import { requireUser } from "@/lib/auth/session";
import { listMemberOrganizations } from "@/lib/organizations/active";

// The account's own pages (/dashboard/account, /dashboard/new): the user's, whichever organization
// they act for, so outside any organization's URL.
export default async function AccountLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  const organizations = await listMemberOrganizations(user.id);
  return (
    <DashboardShell user={user} organizations={organizations}>
      {children}
    </DashboardShell>
  );
}
