import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { ButtonLink } from "@/components/ui/button";
import { requireUser } from "@/lib/auth/session";
import { getPlan } from "@/lib/billing/plans";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const user = await requireUser();
  const plan = getPlan(user.subscription?.plan);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">Welcome{user.name ? `, ${user.name}` : ""}</h1>
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Your account">
          <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm">
            <dt className="text-zinc-600">Name</dt>
            <dd data-testid="account-name">{user.name ?? <span className="text-zinc-500">Not set</span>}</dd>
            <dt className="text-zinc-600">Email</dt>
            <dd data-testid="account-email">{user.email}</dd>
            <dt className="text-zinc-600">Plan</dt>
            <dd data-testid="account-plan">{plan.name}</dd>
          </dl>
        </Card>
        <Card title="Getting started" description="Nothing here yet — make it yours.">
          <ul className="list-inside list-disc space-y-1 text-sm text-zinc-700">
            <li>Set your name in settings.</li>
            <li>Build your product feature on Prisma and PostgreSQL.</li>
          </ul>
          <ButtonLink href="/dashboard/settings" variant="secondary" className="mt-4">
            Go to settings
          </ButtonLink>
        </Card>
      </div>
    </div>
  );
}
