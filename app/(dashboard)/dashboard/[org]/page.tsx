import type { Metadata } from "next";
import { ApiRequestsChart } from "@/components/dashboard/api-requests-chart";
import { Card } from "@/components/ui/card";
import { ButtonLink } from "@/components/ui/button";
import { Meter } from "@/components/ui/meter";
import { requireUser } from "@/lib/auth/session";
import { upgradePath } from "@/lib/billing/paths";
import { PLANS } from "@/lib/billing/plans";
import { getUsage } from "@/lib/usage/usage";
import { organizationPath } from "@/lib/organizations/paths";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const user = await requireUser();
  const usage = await getUsage(user.actor);
  const plan = usage.plan;
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">Welcome{user.name ? `, ${user.name}` : ""}</h1>
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Your account">
          <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-6 gap-y-2 text-sm">
            <dt className="text-muted-foreground">Name</dt>
            <dd data-testid="account-name">{user.name ?? <span className="text-muted-foreground">Not set</span>}</dd>
            <dt className="text-muted-foreground">Email</dt>
            {/* An address has no place to break: on a phone a long one breaks anywhere rather than widening the page. */}
            <dd data-testid="account-email" className="break-all">
              {user.email}
            </dd>
            <dt className="text-muted-foreground">Plan</dt>
            <dd data-testid="account-plan">{plan.name}</dd>
          </dl>
        </Card>
        <Card title="Usage" description={`What your ${plan.name} plan allows, and what you use of it.`}>
          <div className="space-y-4">
            <Meter label="Posts" unit="posts" value={usage.posts.used} max={usage.posts.limit} />
            <Meter label="API keys" unit="active API keys" value={usage.apiKeys.used} max={usage.apiKeys.limit} />
          </div>
        </Card>
        <Card title="API requests" description="Authenticated requests to the REST API, per day." className="lg:col-span-2">
          <ApiRequestsChart days={usage.apiRequests} />
        </Card>
        <Card title="Getting started" description="Three steps to see the whole starter at work." className="lg:col-span-2">
          <ol className="list-inside list-decimal space-y-1 text-sm text-muted-foreground">
            <li>Write a post — the example product feature.</li>
            <li>Create an API key and read your posts through the REST API.</li>
            <li>Upgrade to Pro to raise your limits.</li>
          </ol>
          <div className="mt-4 flex flex-wrap gap-3">
            <ButtonLink href={organizationPath(user.organization.slug, "/posts")} variant="secondary">
              Write a post
            </ButtonLink>
            <ButtonLink href={organizationPath(user.organization.slug, "/api-keys")} variant="secondary">
              Create an API key
            </ButtonLink>
            {plan.id === PLANS.free.id && (
              <ButtonLink href={upgradePath(user.organization.slug)} variant="secondary">
                Upgrade to Pro
              </ButtonLink>
            )}
          </div>
        </Card>
      </div>
    </div>
  );
}
