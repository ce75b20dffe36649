import { formatDate } from "@/lib/format";
import { BRAND } from "../brand.ts";
import { renderEmail } from "../template.ts";

export type Invitation = {
  organizationName: string;
  /** Who invited: their name, else their address. */
  inviter: string;
  role: string;
  /** The invitation's page, `/invitations/<token>`: the only place the token is ever written. */
  url: string;
  expiresAt: Date;
};

/** The invitation to join an organization: its link works once, until `expiresAt`. */
export function invitationEmail({ organizationName, inviter, role, url, expiresAt }: Invitation) {
  return renderEmail({
    subject: `${inviter} invited you to ${organizationName} on ${BRAND.name}`,
    preview: `Join ${organizationName} on ${BRAND.name}.`,
    blocks: [
      { kind: "heading", text: `Join ${organizationName}` },
      { kind: "paragraph", text: `${inviter} invited you to join ${organizationName} on ${BRAND.name} as ${role === "admin" ? "an admin" : `a ${role}`}.` },
      {
        kind: "paragraph",
        text: `Accept with this email address (you can create an account with it on the way). The link works once, until ${formatDate(expiresAt)}.`,
      },
      { kind: "button", label: "Accept the invitation", url },
      { kind: "note", text: "If you did not expect this invitation, ignore this email: nothing happens unless you accept it." },
    ],
  });
}
