// Sign-in links without an SMTP server, for development and tests: written to the server log and
// kept (in this process) for the development-only page /dev/magic-links. Never used in production:
// lib/auth/providers.ts only picks this sender outside production.
import type { SendVerificationRequestParams } from "next-auth/providers/email";
import { getDb } from "@/lib/db";

export type MagicLink = { email: string; url: string; expires: Date; sentAt: Date };
/** usable: its token is still in the database; used: signed in with (next-auth deleted the token); expired. */
export type MagicLinkStatus = "usable" | "used" | "expired";

const KEPT = 20;
// On globalThis: the auth route and the page may live in different module instances.
const globalForLinks = globalThis as unknown as { __magicLinks?: MagicLink[] };

export async function logMagicLink({ identifier, url, expires }: Pick<SendVerificationRequestParams, "identifier" | "url" | "expires">) {
  const links = (globalForLinks.__magicLinks ??= []);
  links.unshift({ email: identifier, url, expires, sentAt: new Date() });
  links.length = Math.min(links.length, KEPT);
  // Set apart from the request and compile lines around it: this is the line the developer looks for.
  console.info(
    [
      "",
      `┌─ Sign-in link for ${identifier} (development: no EMAIL_SERVER, so it is printed here instead of emailed)`,
      `│  ${url}`,
      `└─ Also on ${new URL("/dev/magic-links", url).href}`,
      "",
    ].join("\n"),
  );
}

/** The latest sign-in links, newest first. */
export function recentMagicLinks(): readonly MagicLink[] {
  return globalForLinks.__magicLinks ?? [];
}

/**
 * The latest sign-in links with whether each still works. next-auth stores a hash of the link's
 * token with the link's own `expires`, and deletes the row when the link is used: a link whose
 * (address, expiry) row is gone was used.
 */
export async function recentMagicLinksWithStatus(now = new Date()): Promise<(MagicLink & { status: MagicLinkStatus })[]> {
  const links = recentMagicLinks();
  if (links.length === 0) return [];
  const tokens = await getDb().verificationToken.findMany({
    where: { OR: links.map((link) => ({ identifier: link.email, expires: link.expires })) },
    select: { identifier: true, expires: true },
  });
  const pending = new Set(tokens.map((token) => `${token.identifier} ${token.expires.getTime()}`));
  return links.map((link) => ({
    ...link,
    status: link.expires <= now ? "expired" : pending.has(`${link.email} ${link.expires.getTime()}`) ? "usable" : "used",
  }));
}
