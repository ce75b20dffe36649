import type { Metadata } from "next";
import { PlanLimitNotice } from "@/components/dashboard/plan-limit-notice";
import { Badge, type BadgeProps } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState, ItemList, ItemRow } from "@/components/ui/item-list";
import { API_KEY_PREFIX } from "@/lib/api-keys/generate";
import { API_KEY_NAME_MAX, EXPIRY_CHOICES, listApiKeys, type ApiKeySummary } from "@/lib/api-keys/keys";
import { appOrigin } from "@/lib/app-origin";
import { requireUser } from "@/lib/auth/session";
import { dateTime, formatCount, shortDate } from "@/lib/format";
import { refusal } from "@/lib/organizations/permissions";
import { getAllowances, isAtLimit } from "@/lib/usage/usage";
import { CreateApiKeyForm } from "./create-api-key-form";
import { RevokeKeyButton } from "./revoke-key-button";

export const metadata: Metadata = { title: "API keys" };

const STATUS: Record<ApiKeySummary["status"], { label: string; tone: BadgeProps["tone"] }> = {
  active: { label: "Active", tone: "success" },
  paused: { label: "Paused: over your plan's limit", tone: "warning" },
  revoked: { label: "Revoked", tone: "neutral" },
  expired: { label: "Expired", tone: "warning" },
};

export default async function ApiKeysPage() {
  const user = await requireUser();
  const [keys, { plan, apiKeys: allowance }, origin] = await Promise.all([
    listApiKeys(user.actor.organizationId),
    getAllowances(user.actor.organizationId),
    appOrigin(),
  ]);
  // Any member sees the keys; creating and revoking them is the table's (a key acts for the whole organization).
  const refused = refusal(user.actor, "apiKeys.manage", "create or revoke its API keys");

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">API keys</h1>
        <p className="mt-1 text-sm text-muted-foreground">Keys let your scripts and servers use the API as you. Treat them like passwords.</p>
      </div>

      <Card
        title="Create a key"
        description={
          <>
            <span data-testid="api-key-usage">
              {formatCount(allowance.used)} of {formatCount(allowance.limit)} active keys
            </span>{" "}
            on the {plan.name} plan.
          </>
        }
      >
        {refused ? (
          <p role="status" data-testid="api-keys-refusal" className="text-sm text-muted-foreground">
            {refused}
          </p>
        ) : (
          <div className="space-y-4">
            <PlanLimitNotice allowance={allowance} plan={plan} noun="active API keys" makeRoom="Revoke one" organization={user.organization.slug} />
            <CreateApiKeyForm nameMaxLength={API_KEY_NAME_MAX} expiryChoices={EXPIRY_CHOICES} atLimit={isAtLimit(allowance)} />
          </div>
        )}
      </Card>

      <Card title="Your keys">
        {keys.length === 0 ? (
          <EmptyState data-testid="api-keys-empty">No API keys yet. Create one above to call the API.</EmptyState>
        ) : (
          <ItemList aria-label="API keys">
            {keys.map((key) => (
              <ItemRow
                key={key.id}
                data-testid="api-key-row"
                heading={
                  <>
                    <span data-testid="api-key-name" className="font-medium break-words text-foreground">
                      {key.name}
                    </span>
                    <Badge data-testid="api-key-status" tone={STATUS[key.status].tone}>
                      {STATUS[key.status].label}
                    </Badge>
                  </>
                }
                actions={!refused && (key.status === "active" || key.status === "paused") && <RevokeKeyButton keyId={key.id} name={key.name} />}
              >
                <dl className="grid grid-cols-2 gap-x-4 gap-y-2 pt-1 text-sm sm:grid-cols-4">
                  <div>
                    <dt className="text-xs text-muted-foreground">Key</dt>
                    <dd data-testid="api-key-display" className="font-mono break-all text-foreground">
                      {key.display}
                    </dd>
                  </div>
                  <div>
                    <dt className="text-xs text-muted-foreground">Created</dt>
                    <dd className="text-foreground">
                      <time dateTime={key.createdAt.toISOString()}>{shortDate(key.createdAt)}</time>
                    </dd>
                  </div>
                  <div>
                    <dt className="text-xs text-muted-foreground">Last used</dt>
                    <dd data-testid="api-key-last-used" className="text-foreground">
                      {key.lastUsedAt ? <time dateTime={key.lastUsedAt.toISOString()}>{dateTime(key.lastUsedAt)}</time> : "Never"}
                    </dd>
                  </div>
                  <div>
                    <dt className="text-xs text-muted-foreground">{key.status === "expired" ? "Expired" : "Expires"}</dt>
                    <dd data-testid="api-key-expires" className="text-foreground">
                      {key.expiresAt ? <time dateTime={key.expiresAt.toISOString()}>{shortDate(key.expiresAt)}</time> : "Never"}
                    </dd>
                  </div>
                </dl>
              </ItemRow>
            ))}
          </ItemList>
        )}
      </Card>

      <Card title="How to use">
        <div className="space-y-3 text-sm text-muted-foreground">
          <p>
            Send the key in the <code className="font-mono text-foreground">Authorization</code> header of every request. For example, to check which account a
            key belongs to:
          </p>
          {/* Lines break only at the command's own continuation: a narrow screen scrolls the block instead of splitting a token. */}
          <pre data-testid="curl-example" className="overflow-x-auto rounded-md bg-muted p-4 font-mono text-xs leading-relaxed whitespace-pre text-foreground">
            <code>{`curl ${origin}/api/v1/me \\\n  -H "Authorization: Bearer <your-api-key>"`}</code>
          </pre>
          <p>
            Keys start with <code className="font-mono text-foreground">{API_KEY_PREFIX}</code>. Your account may make {plan.limits.apiRequestsPerMinute}{" "}
            requests per minute on your plan, shared by all your keys. The full reference is the OpenAPI document at{" "}
            <code className="font-mono break-all text-foreground">{origin}/api/v1/openapi.json</code>.
          </p>
        </div>
      </Card>
    </div>
  );
}
