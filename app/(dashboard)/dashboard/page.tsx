import { redirect } from "next/navigation";
import { lastUsedOrganizationPath, requireUser } from "@/lib/auth/session";

// /dashboard (after sign-in, and old links): the dashboard of the organization used last.
export default async function DashboardPage() {
  const user = await requireUser();
  redirect(await lastUsedOrganizationPath(user.id));
}
