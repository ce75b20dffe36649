import type { Metadata } from "next";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState, ItemList } from "@/components/ui/item-list";
import { describeAuditEvent, listAuditEvents } from "@/lib/audit-log/audit-log";
import { requireUser } from "@/lib/auth/session";
import { dateTime, timeAgo } from "@/lib/format";
import { organizationPath } from "@/lib/organizations/paths";
import { refusal } from "@/lib/organizations/permissions";
import { InvalidCursorError } from "@/lib/pagination";
import { AUDIT_LOG_RETENTION_DAYS } from "@/lib/maintenance/maintenance";

export const metadata: Metadata = { title: "Audit log" };

const PAGE_SIZE = 50;

// Pages are links (`?cursor=`), not "Load more": each page of the log has an address to share or reload.
export default async function AuditLogPage({ searchParams }: { searchParams: Promise<{ cursor?: string | string[] }> }) {
  const user = await requireUser();
  const refused = refusal(user.actor, "auditLog.read", "see its audit log");
  const path = organizationPath(user.organization.slug, "/audit-log");
  if (refused) return <AuditLog notice={refused} />;

  const { cursor } = await searchParams;
  let page: Awaited<ReturnType<typeof listAuditEvents>>;
  try {
    page = await listAuditEvents(user.actor.organizationId, { limit: PAGE_SIZE, cursor: typeof cursor === "string" ? cursor : undefined });
  } catch (error) {
    if (!(error instanceof InvalidCursorError)) throw error;
    return (
      <AuditLog notice="This page of the audit log does not exist: its link is not one the log made.">
        <ButtonLink href={path} variant="secondary">
          Newest events
        </ButtonLink>
      </AuditLog>
    );
  }
  const now = new Date();
  return (
    <AuditLog>
      <Card title="Events">
        {page.events.length === 0 ? (
          <EmptyState data-testid="audit-log-empty">Nothing recorded yet.</EmptyState>
        ) : (
          <ItemList aria-label="Events">
            {page.events.map((event) => (
              <li key={event.id} data-testid="audit-event" className="flex flex-col gap-1 py-3 text-sm sm:flex-row sm:justify-between sm:gap-4">
                <span className="min-w-0 break-words text-foreground">
                  <span className="font-medium">{event.actor}</span> {describeAuditEvent(event)}
                </span>
                <time dateTime={event.createdAt.toISOString()} title={dateTime(event.createdAt)} className="shrink-0 text-muted-foreground">
                  {timeAgo(event.createdAt, now)}
                </time>
              </li>
            ))}
          </ItemList>
        )}
        {(cursor || page.nextCursor) && (
          <nav aria-label="Pages of the audit log" className="mt-4 flex gap-2">
            {cursor && (
              <ButtonLink href={path} variant="secondary">
                Newest events
              </ButtonLink>
            )}
            {page.nextCursor && (
              <ButtonLink href={`${path}?cursor=${page.nextCursor}`} variant="secondary">
                Older events
              </ButtonLink>
            )}
          </nav>
        )}
      </Card>
    </AuditLog>
  );
}

/** The page's heading, then a notice (a refusal, a bad link) and what follows it. */
function AuditLog({ notice, children }: { notice?: string; children?: React.ReactNode }) {
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Audit log</h1>
        <p className="mt-1 text-sm text-muted-foreground">
          Who did what in your organization, newest first: keys, members, the plan. Events are kept for {AUDIT_LOG_RETENTION_DAYS} days.
        </p>
      </div>
      {notice && (
        <p role="status" data-testid="audit-log-notice" className="rounded-md bg-muted p-4 text-sm text-foreground">
          {notice}
        </p>
      )}
      {children}
    </div>
  );
}
