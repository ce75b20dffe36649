import { BRAND } from "../brand.ts";
import { renderEmail } from "../template.ts";

/** The magic link next-auth sends; `url` signs the user in once, until `expires`. */
export function signInEmail({ url, expires }: { url: string; expires: Date }) {
  const hours = Math.max(1, Math.round((expires.getTime() - Date.now()) / 3_600_000));
  return renderEmail({
    subject: `Sign in to ${BRAND.name}`,
    preview: `Your sign-in link for ${BRAND.name}.`,
    blocks: [
      { kind: "heading", text: `Sign in to ${BRAND.name}` },
      { kind: "paragraph", text: `Use the button below to sign in. The link works once and expires in ${hours === 1 ? "1 hour" : `${hours} hours`}.` },
      { kind: "button", label: "Sign in", url },
      { kind: "note", text: "If you did not ask to sign in, ignore this email: nobody can sign in without the link." },
    ],
  });
}
