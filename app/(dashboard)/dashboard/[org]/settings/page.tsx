import type { Metadata } from "next";
import Link from "next/link";
import { OrganizationForm } from "@/components/dashboard/organization-form";
import { TypeToDeleteForm } from "@/components/dashboard/type-to-delete-form";
import { Card } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/session";
import { ORGANIZATION_NAME_MAX } from "@/lib/organizations/organizations";
import { ACCOUNT_PATH } from "@/lib/organizations/paths";
import { can } from "@/lib/organizations/permissions";
import { SLUG_MAX } from "@/lib/organizations/slug";
import { deleteOrganizationAction, renameOrganizationAction } from "./actions";

export const metadata: Metadata = { title: "Organization settings" };

export default async function OrganizationSettingsPage({ searchParams }: { searchParams: Promise<{ renamed?: string }> }) {
  const user = await requireUser();
  const { renamed } = await searchParams;
  const { organization, actor } = user;
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Settings</h1>
        <p className="mt-1 text-sm text-muted-foreground">
          {organization.name}&apos;s settings. Your profile, sessions and account are in{" "}
          <Link href={ACCOUNT_PATH} className="font-medium text-brand underline underline-offset-2">
            your account
          </Link>
          .
        </p>
      </div>
      {renamed && (
        <p role="status" className="rounded-md bg-success-muted p-4 text-sm text-success">
          Saved. Links with the old address still lead here.
        </p>
      )}
      <Card title="Organization" description="Its name, and the address of its dashboard.">
        {can(actor.role, "organization.manage") ? (
          <OrganizationForm
            action={renameOrganizationAction}
            defaults={{ name: organization.name, slug: organization.slug }}
            limits={{ name: ORGANIZATION_NAME_MAX, slug: SLUG_MAX }}
            slugHint="Its dashboard is at /dashboard/<address>. Old links keep working."
            submitLabel="Save"
            pendingLabel="Saving…"
          />
        ) : (
          <p className="text-sm text-muted-foreground">Only an owner or an admin can rename {organization.name}.</p>
        )}
      </Card>
      {!organization.personal && can(actor.role, "organization.delete") && (
        <Card title="Delete organization" description="Permanently delete this organization and everything in it." className="border-destructive/30">
          <TypeToDeleteForm
            action={deleteOrganizationAction}
            phrase={organization.name}
            hint="Its posts, API keys, memberships and subscription are deleted with it. This cannot be undone."
            submitLabel="Delete this organization"
          />
        </Card>
      )}
    </div>
  );
}
