import type { Metadata } from "next";
import { OrganizationForm } from "@/components/dashboard/organization-form";
import { Card } from "@/components/ui/card";
import { ORGANIZATION_NAME_MAX } from "@/lib/organizations/organizations";
import { SLUG_MAX } from "@/lib/organizations/slug";
import { createOrganizationAction } from "./actions";

export const metadata: Metadata = { title: "Create organization" };

export default function NewOrganizationPage() {
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">Create organization</h1>
      <Card title="New organization" description="A place of its own for a team's posts, API keys and plan. You are its owner.">
        <OrganizationForm
          action={createOrganizationAction}
          limits={{ name: ORGANIZATION_NAME_MAX, slug: SLUG_MAX }}
          slugHint="Its dashboard's address: /dashboard/<address>. Leave it empty to make one from the name."
          submitLabel="Create organization"
          pendingLabel="Creating…"
        />
      </Card>
    </div>
  );
}
