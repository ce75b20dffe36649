// Sign-in links without an SMTP server, for development and tests: written to the server log and
// kept (in this process) for the development-only page /dev/magic-links. Never used in production:
// lib/auth/providers.ts only picks this sender outside production.
import type { SendVerificationRequestParams } from "next-auth/providers/email";

export type MagicLink = { email: string; url: string; expires: Date; sentAt: Date };

const KEPT = 20;
// On globalThis: the auth route and the page may live in different module instances.
const globalForLinks = globalThis as unknown as { __magicLinks?: MagicLink[] };

export async function logMagicLink({ identifier, url, expires }: Pick<SendVerificationRequestParams, "identifier" | "url" | "expires">) {
  const links = (globalForLinks.__magicLinks ??= []);
  links.unshift({ email: identifier, url, expires, sentAt: new Date() });
  links.length = Math.min(links.length, KEPT);
  console.info(`[auth] Sign-in link for ${identifier} (no EMAIL_SERVER, development only): ${url}`);
}

/** The latest sign-in links, newest first. */
export function recentMagicLinks(): readonly MagicLink[] {
  return globalForLinks.__magicLinks ?? [];
}
