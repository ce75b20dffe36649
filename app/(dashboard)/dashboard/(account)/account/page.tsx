import type { Metadata } from "next";
import { TypeToDeleteForm } from "@/components/dashboard/type-to-delete-form";
import { ThemeToggle } from "@/components/theme-toggle";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { ItemList, ItemRow } from "@/components/ui/item-list";
import { currentSessionToken, requireUser } from "@/lib/auth/session";
import { dateTime } from "@/lib/format";
import { soleMemberOrganizations } from "@/lib/organizations/organizations";
import { listSessions } from "@/lib/sessions/sessions";
import { PROFILE_NAME_MAX } from "@/lib/users/profile";
import { deleteAccountAction } from "./actions";
import { ProfileForm } from "./profile-form";
import { EndOtherSessionsButton, EndSessionButton } from "./session-buttons";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  const user = await requireUser();
  const [sessions, deletedWithAccount] = await Promise.all([listSessions(user.id, await currentSessionToken()), soleMemberOrganizations(user.id)]);
  const others = sessions.filter((session) => !session.current).length;
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">Account</h1>
      <Card
        title="Profile"
        description={
          <>
            Signed in as <span className="break-all">{user.email}</span>.
          </>
        }
      >
        <ProfileForm name={user.name ?? ""} nameMaxLength={PROFILE_NAME_MAX} />
      </Card>
      <Card title="Appearance" description="Follow your system's light or dark mode, or pick one for this browser.">
        <ThemeToggle />
      </Card>
      <Card title="Sessions" description="The browsers signed in to your account. Sign out the ones you do not recognise or no longer use.">
        <ItemList aria-label="Sessions">
          {sessions.map((session) => (
            <ItemRow
              key={session.id}
              data-testid="session-row"
              heading={
                <>
                  <span data-testid="session-device" className="font-medium text-foreground">
                    {session.device}
                  </span>
                  {session.current && <Badge tone="success">This browser</Badge>}
                </>
              }
              actions={!session.current && <EndSessionButton sessionId={session.id} device={session.device} />}
            >
              <p className="text-sm text-muted-foreground">
                Signed in {session.createdAt ? dateTime(session.createdAt) : "before sessions were recorded"}
                {session.lastSeenAt && <> · Last active {dateTime(session.lastSeenAt)}</>}
              </p>
            </ItemRow>
          ))}
        </ItemList>
        {others > 0 && (
          <div className="mt-6">
            <EndOtherSessionsButton count={others} />
          </div>
        )}
      </Card>
      <Card title="Delete account" description="Permanently delete your account and everything in it." className="border-destructive/30">
        {deletedWithAccount.length > 0 && (
          <p data-testid="deleted-with-account" className="mb-4 text-sm text-foreground">
            You are the only member of {deletedWithAccount.length === 1 ? "this organization" : "these organizations"}: deleting your account deletes{" "}
            {deletedWithAccount.length === 1 ? "it" : "them"} too, with their posts, API keys and subscriptions —{" "}
            {deletedWithAccount.map((organization) => `“${organization.name}”`).join(", ")}.
          </p>
        )}
        <TypeToDeleteForm
          action={deleteAccountAction}
          phrase="DELETE"
          hint="Your subscription, API keys, posts and usage history are deleted with your account. This cannot be undone."
          submitLabel="Delete my account"
        />
      </Card>
    </div>
  );
}
