import type { Metadata } from "next";
import Link from "next/link";
import { SignOutButton } from "@/components/dashboard/sign-out-button";
import { requireUser } from "@/lib/auth/session";
import { formatDate } from "@/lib/format";
import { invitationPath, viewInvitation } from "@/lib/organizations/invitations";
import { AcceptInvitationForm } from "./accept-form";

// The link of an invitation email. Signed out, requireUser sends the visitor to sign in (a new
// address signs up there) and back here; accepting is a POST, so a mail scanner that opens the
// link joins nobody.
export const metadata: Metadata = { title: "Invitation", robots: { index: false } };

export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const user = await requireUser();
  const { token } = await params;
  const found = await viewInvitation(token, user);

  if ("problem" in found) {
    return (
      <>
        <h1 className="text-2xl font-semibold tracking-tight">This invitation cannot be used</h1>
        <p data-testid="invitation-problem" className="mt-4 text-sm text-muted-foreground">
          {found.problem}
        </p>
        <p className="mt-2 text-sm text-muted-foreground">You are signed in as {user.email}.</p>
        <div className="mt-6 flex flex-wrap items-center gap-4 text-sm">
          {/* Signed out, the link sends them to sign in, and back here: the way to accept as the invited address. */}
          <SignOutButton callbackUrl={invitationPath(encodeURIComponent(token))} />
          <Link href="/dashboard" className="font-medium text-brand underline">
            Go to your dashboard
          </Link>
        </div>
      </>
    );
  }

  const { invitation } = found;
  return (
    <>
      <h1 className="text-2xl font-semibold tracking-tight">Join {invitation.organizationName}</h1>
      <p className="mt-4 text-sm text-muted-foreground">
        {invitation.inviter} invited {invitation.email} to join {invitation.organizationName} as{" "}
        {invitation.role === "admin" ? "an admin" : `a ${invitation.role}`}. The invitation is valid until {formatDate(invitation.expiresAt)}.
      </p>
      <AcceptInvitationForm token={token} organizationName={invitation.organizationName} />
    </>
  );
}
